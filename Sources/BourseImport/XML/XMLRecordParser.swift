import BourseCore
import CLibXML2
import Foundation

typealias XMLString = UnsafePointer<xmlChar>

/// The SAX2 driver behind `XMLInventoryReader`: feeds the file to libxml2's push parser (the
/// schema, for our format, is checked beside it by `XMLSchemaCheck`) and throws what the engine
/// found.
final class XMLRecordParser {
    private let engine: UnsafeMutablePointer<XMLEngine>
    private var schema: XMLSchemaPool.Loan?

    init(profile: XMLMappingProfile, displayName: String, validator: PremisesRowValidator, sink: InventoryRecordSink) throws(InventoryReadError) {
        if let schemaPath = profile.schemaPath {
            guard let loan = XMLSchemaPool.borrow(path: schemaPath) else { throw .xml(file: displayName, .schemaUnusable(path: schemaPath)) }
            schema = loan
        }
        engine = .allocate(capacity: 1)
        engine.initialize(to: XMLEngine(profile: profile, displayName: displayName, validator: validator, sink: sink))
    }

    deinit {
        engine.pointee.free()
        engine.deinitialize(count: 1)
        engine.deallocate()
        if let schema { XMLSchemaPool.giveBack(schema) }
    }

    /// The validator, with the caches it filled.
    var validator: PremisesRowValidator { engine.pointee.validator }

    /// Whether the last read ran libxml2's schema check (a file in our format runs it only when
    /// `BourseFormatConformance` could not vouch for it).
    private(set) var schemaCheckStarted = false

    /// Whether a file in our format is first followed by `BourseFormatConformance` (tests turn it
    /// off to compare with libxml2's check alone).
    var followsBourseFormat = true

    func run(
        path: String, transcoding: XMLTranscoding, byteCount: Int, progress: ((Int, Int) -> Void)?,
        accept: @escaping (Premises, Int) throws -> Void, reject: @escaping (Reject) throws -> Void, warn: @escaping (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        // What libxml2 would print in English (bytes its decoder rejects) is reported by `malformed`.
        bourse_xml_silence_generic_errors()
        defer { bourse_xml_restore_generic_errors() }
        engine.pointee.transcoding = transcoding
        engine.pointee.accept = accept
        engine.pointee.reject = reject
        engine.pointee.warn = warn
        defer {
            engine.pointee.accept = nil
            engine.pointee.reject = nil
            engine.pointee.warn = nil
        }
        let file: ChunkedFile
        do {
            file = try ChunkedFile(path: path)
        } catch {
            throw InventoryReadError.input(error)
        }
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, local, prefix, uri, _, _, count, _, attributes in
            user!.assumingMemoryBound(to: XMLEngine.self).pointee
                .startElement(local: local!, prefix: prefix, uri: uri, attributeCount: Int(count), attributes: attributes)
        }
        sax.endElementNs = { user, _, _, _ in
            user!.assumingMemoryBound(to: XMLEngine.self).pointee.endElement()
        }
        sax.characters = { user, bytes, count in
            user!.assumingMemoryBound(to: XMLEngine.self).pointee.characters(bytes, Int(count))
        }
        sax.cdataBlock = { user, bytes, count in
            user!.assumingMemoryBound(to: XMLEngine.self).pointee.cdata(bytes, Int(count))
        }
        sax.internalSubset = { user, _, _, _ in
            user!.assumingMemoryBound(to: XMLEngine.self).pointee.doctype()
        }
        // Errors are read from the context once the parse stops; this only keeps libxml2 from
        // printing them.
        sax.serror = { _, _ in }
        let user = UnsafeMutableRawPointer(engine)
        // The handler must outlive the parse: keep it on the heap.
        let box = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
        box.initialize(to: sax)
        defer { box.deallocate() }
        let handler: UnsafeMutablePointer<xmlSAXHandler>? = box
        // The schema is checked on another thread (see XMLSchemaCheck): from the start, or only
        // once `BourseFormatConformance` can no longer vouch for the file.
        if let schema {
            let record = engine.pointee.profile.record
            let name = engine.pointee.displayName
            let startCheck = { (firstRecord: Int) -> XMLSchemaCheck in
                let check = XMLSchemaCheck(
                    path: path, transcoding: transcoding, schema: schema.schema, record: record, displayName: name, firstRecord: firstRecord)
                check.start()
                return check
            }
            if schema.isBourseFormat && followsBourseFormat {
                engine.pointee.startSchemaCheck = startCheck
            } else {
                engine.pointee.schemaCheck = startCheck(0)
            }
        }
        schemaCheckStarted = false
        defer {
            schemaCheckStarted = engine.pointee.schemaCheck != nil
            engine.pointee.schemaCheck?.cancel()
            engine.pointee.schemaCheck = nil
            engine.pointee.startSchemaCheck = nil
            engine.pointee.conformance.giveUp()
        }
        LibXML2.initialize()
        guard let context = xmlCreatePushParserCtxt(handler, user, nil, 0, nil) else {
            throw InventoryReadError.input(.readFailed(path: path, reason: "libxml2 : contexte d'analyse impossible"))
        }
        engine.pointee.context = context
        defer {
            engine.pointee.context = nil
            xmlFreeParserCtxt(context)
        }
        xmlCtxtUseOptions(context, transcoding.parserOptions)
        var feeder = XMLFeeder(transcoding)
        engine.pointee.compile(dictionary: context.pointee.dict)
        if engine.pointee.startSchemaCheck != nil {
            engine.pointee.conformance.start(dictionary: context.pointee.dict)
        }

        let chunkSize = 256 << 10
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var read = 0
        var sinceProgress = 0
        while true {
            let n: Int
            do {
                n = try file.read(into: UnsafeMutableRawPointer(buffer.baseAddress!), count: chunkSize)
            } catch {
                throw InventoryReadError.input(error)
            }
            read += n
            var fed: [UInt8] = []
            feeder.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), into: &fed)
            engine.pointee.retain(fed)
            // In pieces, with a look between them at what libxml2 holds unparsed: a tag it is
            // still waiting the end of (it parses a start tag only once its `>` has come) must not
            // grow past `maximumMarkup`, or an element of 200,000 attributes takes minutes in its
            // duplicate check before any callback of ours can refuse it.
            let piece = XMLInventoryReader.maximumMarkup / 4
            var from = 0
            repeat {
                let to = min(from + piece, fed.count)
                let last = to == fed.count
                let status = fed.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { chars in
                        xmlParseChunk(context, chars.baseAddress.map { $0 + from }, Int32(to - from), n == 0 && last ? 1 : 0)
                    }
                }
                from = to
                if let failure = engine.pointee.failure { throw failure }
                if status != 0 {
                    engine.pointee.fedOffset += fed.count
                    throw engine.pointee.malformed(atEnd: n == 0 && last, status: status)
                }
                if let input = context.pointee.input, let cur = input.pointee.cur, let end = input.pointee.end,
                   end - cur > XMLInventoryReader.maximumMarkup {
                    throw InventoryReadError.xml(
                        file: engine.pointee.displayName, .markupTooLong(line: Int(input.pointee.line), limit: XMLInventoryReader.maximumMarkup))
                }
            } while from < fed.count
            engine.pointee.fedOffset += fed.count
            sinceProgress += n
            if sinceProgress >= 8 << 20, let progress {
                sinceProgress = 0
                progress(read, byteCount)
            }
            if n == 0 { break }
        }
        if let failure = engine.pointee.failure { throw failure }
        if let refusal = engine.pointee.schemaRefusal { throw refusal }
        if engine.pointee.conformance.isActive && !engine.pointee.conformance.vouchesForDocument {
            engine.pointee.giveUpConformance()
        }
        if let error = engine.pointee.schemaCheck?.finalError() { throw InventoryReadError.xml(file: engine.pointee.displayName, error) }
        if engine.pointee.records == 0 {
            throw InventoryReadError.xml(file: engine.pointee.displayName, .noRecord(record: engine.pointee.profile.record.local))
        }
        progress?(byteCount, byteCount)
        var summary = engine.pointee.sink.summary
        summary.records = engine.pointee.records
        return summary
    }

    /// Reads an amount given with a period and a unit (see `XMLEngine.amount`).
    static func amount(field: PremisesField, value: UnsafeBufferPointer<UInt8>, period: String?, unit: String?) -> XMLEngine.AmountReading {
        XMLEngine.amount(field: field, value: value, period: period, unit: unit)
    }
}

/// A growable byte buffer whose storage is ours: cells handed to the validator point into it.
struct ByteArena {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func free() { base.deallocate() }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        if count + length > capacity { grow(to: count + length) }
        (base + count).update(from: bytes, count: length)
        count += length
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let start = $0.baseAddress { append(start, $0.count) } }
    }

    private mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = size
    }

    func slice(_ start: Int, _ length: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: length)
    }
}

/// The state of one read, reached by the SAX callbacks through a pointer (a struct, so that the
/// hot path pays no dynamic exclusivity checks), with the profile compiled to flat tables of
/// libxml2 dictionary pointers: libxml2 interns every name and namespace URI of a parse, so an
/// element is recognised by two pointer comparisons.
struct XMLEngine {
    let profile: XMLMappingProfile
    let displayName: String
    var validator: PremisesRowValidator
    var sink: InventoryRecordSink
    var accept: ((Premises, Int) throws -> Void)?
    var reject: ((Reject) throws -> Void)?
    var warn: ((Diagnostic) throws -> Void)?
    var context: xmlParserCtxtPtr?
    var transcoding: XMLTranscoding = .utf8
    /// The schema check running beside the read (our format).
    var schemaCheck: XMLSchemaCheck?
    /// Follows a file in our format while it vouches for it (then `schemaCheck` is not running).
    var conformance = BourseFormatConformance()
    /// Starts the schema check at a record, when `conformance` gives up.
    var startSchemaCheck: ((Int) -> XMLSchemaCheck)?
    /// The first error that ends the read (ours or the closures').
    var failure: (any Error)?
    /// The schema check refused the whole file: no more records are handed over, but the parse
    /// goes on to the end, so that a file also malformed is always refused as malformed (the
    /// schema check, on another thread, may find its error before or after the reader reaches
    /// the malformed place: without this rule the message would depend on the threads' timing).
    var schemaRefusal: InventoryReadError?
    var records = 0
    var fedOffset = 0

    // Compiled profile: slot `s` has `stepCount[s]` steps at `stepLocal[s * maxSteps + k]`.
    static let maxSteps = 8
    private var slotCount = 0
    private var isAncestorSlot: [Bool] = []
    private var stepCount: UnsafeMutablePointer<Int>
    private var stepLocal: UnsafeMutablePointer<XMLString?>
    private var stepURI: UnsafeMutablePointer<XMLString?>
    private var attributeLocal: UnsafeMutablePointer<XMLString?>
    private var attributeURI: UnsafeMutablePointer<XMLString?>
    private var recordURI: XMLString?
    private var recordLocal: XMLString?
    private var recordSlotMask: UInt64 = 0
    /// The record's slots by the name of their first step (open addressing on the name's pointer):
    /// a child of the record is matched against the slots of its name only, not all of them.
    private static let childTableSize = 128
    private let childTableKey: UnsafeMutablePointer<XMLString?>
    private let childTableMask: UnsafeMutablePointer<UInt64>
    private var recordAttributeSlots: [Int] = []
    private var ancestorAnchors: [(uri: XMLString?, local: XMLString, childMask: UInt64, attributeSlots: [Int])] = []
    private var ancestorSlots: [Int] = []
    /// Field (by ordinal) → slot, period slot, unit slot (-1: none).
    private var fieldSlot: [Int]
    private var periodSlot: [Int]
    private var unitSlot: [Int]

    // Open elements.
    private var depth = 0
    private let frameMask: UnsafeMutablePointer<UInt64>
    private let frameLine: UnsafeMutablePointer<Int32>
    private let framePrefix: UnsafeMutablePointer<XMLString?>
    private let frameLocal: UnsafeMutablePointer<XMLString?>
    private let anchorDepth: UnsafeMutablePointer<Int>

    // The record being read.
    private var recordDepth = -1
    private var recordLine = 0
    private var recordTagEnd = -1
    private var recordEnd = -1
    private var arena = ByteArena(capacity: 4096)
    private let slotStart: UnsafeMutablePointer<Int32>
    private let slotLength: UnsafeMutablePointer<Int32>
    private var captures: [(slot: Int, depth: Int, start: Int)] = []
    private var ancestorValues: [[(depth: Int, value: [UInt8])]] = []
    /// Per ancestor slot, the anchors an element of the same name nested in them replaced.
    private var outerAnchors: [[Int]] = []
    private var ancestorText: [UInt8] = []
    private var row = RawRow<PremisesField>()

    // What was fed, kept while a record may need its raw text.
    private var retained: [(offset: Int, bytes: [UInt8])] = []
    private var retainedBytes = 0

    init(profile: XMLMappingProfile, displayName: String, validator: PremisesRowValidator, sink: InventoryRecordSink) {
        self.profile = profile
        self.displayName = displayName
        self.validator = validator
        self.sink = sink
        let fieldCount = PremisesField.allCases.count
        fieldSlot = Array(repeating: -1, count: fieldCount)
        periodSlot = Array(repeating: -1, count: fieldCount)
        unitSlot = Array(repeating: -1, count: fieldCount)
        let frames = XMLInventoryReader.maximumDepth + 2
        frameMask = .allocate(capacity: frames)
        frameMask.initialize(repeating: 0, count: frames)
        frameLine = .allocate(capacity: frames)
        frameLine.initialize(repeating: 0, count: frames)
        framePrefix = .allocate(capacity: frames)
        framePrefix.initialize(repeating: nil, count: frames)
        frameLocal = .allocate(capacity: frames)
        frameLocal.initialize(repeating: nil, count: frames)
        anchorDepth = .allocate(capacity: 64)
        anchorDepth.initialize(repeating: -1, count: 64)
        slotStart = .allocate(capacity: 64)
        slotStart.initialize(repeating: 0, count: 64)
        slotLength = .allocate(capacity: 64)
        slotLength.initialize(repeating: -1, count: 64)
        stepCount = .allocate(capacity: 64)
        stepCount.initialize(repeating: 0, count: 64)
        stepLocal = .allocate(capacity: 64 * Self.maxSteps)
        stepLocal.initialize(repeating: nil, count: 64 * Self.maxSteps)
        stepURI = .allocate(capacity: 64 * Self.maxSteps)
        stepURI.initialize(repeating: nil, count: 64 * Self.maxSteps)
        attributeLocal = .allocate(capacity: 64)
        attributeLocal.initialize(repeating: nil, count: 64)
        attributeURI = .allocate(capacity: 64)
        attributeURI.initialize(repeating: nil, count: 64)
        childTableKey = .allocate(capacity: Self.childTableSize)
        childTableKey.initialize(repeating: nil, count: Self.childTableSize)
        childTableMask = .allocate(capacity: Self.childTableSize)
        childTableMask.initialize(repeating: 0, count: Self.childTableSize)
    }

    /// Frees the tables (called by the owner before the engine is dropped).
    func free() {
        for pointer in [frameMask] as [UnsafeMutablePointer<UInt64>] { pointer.deallocate() }
        frameLine.deallocate()
        framePrefix.deallocate()
        frameLocal.deallocate()
        anchorDepth.deallocate()
        slotStart.deallocate()
        slotLength.deallocate()
        stepCount.deallocate()
        stepLocal.deallocate()
        stepURI.deallocate()
        attributeLocal.deallocate()
        attributeURI.deallocate()
        childTableKey.deallocate()
        childTableMask.deallocate()
        arena.free()
        conformance.free()
    }

    // MARK: - Errors

    private mutating func fail(_ error: any Error) {
        // The parse is not stopped from here: libxml2 (and the schema validator) still use the text
        // and attributes of the event after our callback returns, and stopping frees them. Every
        // callback ignores what follows, and `run` throws once the current chunk is parsed.
        if failure == nil { failure = error }
    }

    /// A DOCTYPE stops the parse at once, before its internal subset (entity declarations) is
    /// read; libxml2 checks for a halted parser right after this callback.
    mutating func doctype() {
        fail(InventoryReadError.xml(file: displayName, .doctype(line: currentLine)))
        if let context { xmlStopParser(context) }
    }

    func malformed(atEnd: Bool, status: Int32) -> InventoryReadError {
        var open: [XMLReadError.OpenElement] = []
        for index in 0..<depth {
            guard let local = frameLocal[index] else { continue }
            var name = String(cString: local)
            if let prefix = framePrefix[index] { name = String(cString: prefix) + ":" + name }
            open.append(.init(name: name, line: Int(frameLine[index])))
        }
        guard let error = context.flatMap({ context -> (Int, Int, String)? in
            guard let last = xmlCtxtGetLastError(context) else { return nil }
            return (Int(last.pointee.line), Int(last.pointee.int2), last.pointee.message.map { String(cString: $0) } ?? "")
        }) else {
            // libxml2 2.9 may stop on bytes its decoder rejects without recording an error in the
            // context (found by fuzzing): say where the parser stood rather than line 0.
            let column = context.map { Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer($0))) } ?? 0
            let message = status == Int32(XML_ERR_INVALID_ENCODING.rawValue)
                ? "octets illisibles dans l'encodage du fichier : ré-exportez-le en UTF-8 ou corrigez l'encodage déclaré"
                : "erreur n° \(status) de libxml2"
            return .xml(file: displayName, .malformed(line: currentLine, column: column, message: message, open: open))
        }
        var message = Self.frenchParserMessage(error.2)
        if case .utf16 = transcoding, error.2.hasPrefix("Input is not proper UTF-8") {
            message = "octets illisibles dans l'encodage du fichier (UTF-16, paire de substitution cassée) : ré-exportez-le"
        }
        if atEnd && !open.isEmpty && (error.2.hasPrefix("Extra content") || error.2.hasPrefix("Premature end")) {
            // libxml2's push parser says "extra content" when the file ends inside an element.
            message = "fin de fichier prématurée : des éléments ne sont pas refermés (fichier tronqué ?)"
        }
        return .xml(file: displayName, .malformed(line: error.0, column: error.1, message: message, open: open))
    }

    private var currentLine: Int {
        context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
    }

    private var currentOffset: Int {
        guard let context else { return -1 }
        return Int(xmlByteConsumed(context))
    }

    // MARK: - Profile

    mutating func compile(dictionary: OpaquePointer?) {
        func intern(_ text: String?) -> XMLString? {
            guard let text else { return nil }
            return text.withCString { chars in
                chars.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1) { xmlDictLookup(dictionary, $0, -1) }
            }
        }
        recordURI = intern(profile.record.uri)
        recordLocal = intern(profile.record.local)
        var index: [XMLPath: Int] = [:]
        var paths: [XMLPath] = []
        func slot(for path: XMLPath) -> Int {
            let key = XMLPath(ancestor: path.ancestor, steps: path.steps, attribute: path.attribute, written: "")
            if let existing = index[key] { return existing }
            precondition(paths.count < 64, "a profile reads at most 64 places")
            precondition(path.steps.count <= Self.maxSteps, "a path has at most \(Self.maxSteps) steps")
            index[key] = paths.count
            paths.append(path)
            return paths.count - 1
        }
        for field in PremisesField.allCases {
            guard let spec = profile.fields[field] else { continue }
            fieldSlot[field.ordinal] = slot(for: spec.path)
            if let period = spec.period { periodSlot[field.ordinal] = slot(for: period) }
            if let unit = spec.unit { unitSlot[field.ordinal] = slot(for: unit) }
        }
        slotCount = paths.count
        isAncestorSlot = paths.map { $0.ancestor != nil }
        ancestorValues = Array(repeating: [], count: slotCount)
        outerAnchors = Array(repeating: [], count: slotCount)
        for (number, path) in paths.enumerated() {
            stepCount[number] = path.steps.count
            for (k, step) in path.steps.enumerated() {
                stepLocal[number * Self.maxSteps + k] = intern(step.local)
                stepURI[number * Self.maxSteps + k] = intern(step.uri)
            }
            attributeLocal[number] = intern(path.attribute?.local)
            attributeURI[number] = intern(path.attribute?.uri)
            let bit = UInt64(1) << UInt64(number)
            if let ancestor = path.ancestor {
                ancestorSlots.append(number)
                let uri = intern(ancestor.uri)
                let local = intern(ancestor.local)!
                let position = ancestorAnchors.firstIndex { $0.uri == uri && $0.local == local } ?? {
                    ancestorAnchors.append((uri, local, 0, []))
                    return ancestorAnchors.count - 1
                }()
                if path.steps.isEmpty {
                    ancestorAnchors[position].attributeSlots.append(number)
                } else {
                    ancestorAnchors[position].childMask |= bit
                }
            } else if path.steps.isEmpty {
                recordAttributeSlots.append(number)
            } else {
                recordSlotMask |= bit
                let name = stepLocal[number * Self.maxSteps]!
                var index = Self.childTableIndex(name)
                while let key = childTableKey[index], key != name { index = (index + 1) & (Self.childTableSize - 1) }
                childTableKey[index] = name
                childTableMask[index] |= bit
            }
        }
    }

    @inline(__always)
    private static func childTableIndex(_ name: XMLString) -> Int {
        (Int(bitPattern: name) >> 4) & (childTableSize - 1)
    }

    /// The record's slots whose first step is named `name`.
    @inline(__always)
    private func recordSlots(named name: XMLString) -> UInt64 {
        var index = Self.childTableIndex(name)
        while let key = childTableKey[index] {
            if key == name { return childTableMask[index] }
            index = (index + 1) & (Self.childTableSize - 1)
        }
        return 0
    }

    // MARK: - SAX events

    mutating func startElement(
        local: XMLString, prefix: XMLString?, uri: XMLString?,
        attributeCount: Int, attributes: UnsafeMutablePointer<XMLString?>?
    ) {
        if failure != nil { return }
        if attributeCount > XMLInventoryReader.maximumAttributes {
            var name = String(cString: local)
            if let prefix { name = String(cString: prefix) + ":" + name }
            fail(InventoryReadError.xml(
                file: displayName,
                .tooManyAttributes(line: currentLine, element: name, count: attributeCount, limit: XMLInventoryReader.maximumAttributes)))
            return
        }
        if conformance.isActive && !conformance.start(local: local, uri: uri, attributeCount: attributeCount, attributes: attributes) {
            giveUpConformance()
        }
        let level = depth
        if level >= XMLInventoryReader.maximumDepth {
            fail(InventoryReadError.xml(file: displayName, .tooDeep(line: currentLine, limit: XMLInventoryReader.maximumDepth)))
            return
        }
        let line = currentLine
        frameLine[level] = Int32(truncatingIfNeeded: line)
        framePrefix[level] = prefix
        frameLocal[level] = local
        var mask: UInt64 = 0
        // Texts begin after the attributes are read: both go to the record's buffer.
        var texts: UInt64 = 0
        if level > 0 {
            var candidates = frameMask[level - 1]
            if level - 1 == recordDepth {
                // A child of the record: of the record's slots, only those of its name can match.
                candidates = (candidates & ~recordSlotMask) | (candidates & recordSlotMask & recordSlots(named: local))
            }
            while candidates != 0 {
                let number = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                let relative = level - anchorDepth[number]
                guard relative >= 1 && relative <= stepCount[number] else { continue }
                let step = number * Self.maxSteps + relative - 1
                guard stepLocal[step] == local && stepURI[step] == uri else { continue }
                if relative == stepCount[number] {
                    if attributeLocal[number] != nil {
                        readAttribute(number, attributeCount, attributes, anchor: anchorDepth[number])
                    } else {
                        texts |= UInt64(1) << UInt64(number)
                    }
                } else {
                    mask |= UInt64(1) << UInt64(number)
                }
            }
        }
        if local == recordLocal && uri == recordURI && recordDepth < 0 {
            beginRecord(level: level, line: line)
            for number in recordAttributeSlots {
                readAttribute(number, attributeCount, attributes, anchor: level)
            }
            var bits = recordSlotMask
            while bits != 0 {
                let number = bits.trailingZeroBitCount
                bits &= bits - 1
                anchorDepth[number] = level
            }
            mask |= recordSlotMask
        }
        if !ancestorAnchors.isEmpty && recordDepth < 0 {
            for anchor in ancestorAnchors where anchor.local == local && anchor.uri == uri {
                for number in anchor.attributeSlots {
                    outerAnchors[number].append(anchorDepth[number])
                    anchorDepth[number] = level
                    readAttribute(number, attributeCount, attributes, anchor: level)
                }
                var bits = anchor.childMask
                while bits != 0 {
                    let number = bits.trailingZeroBitCount
                    bits &= bits - 1
                    outerAnchors[number].append(anchorDepth[number])
                    anchorDepth[number] = level
                }
                mask |= anchor.childMask
            }
        }
        while texts != 0 {
            let number = texts.trailingZeroBitCount
            texts &= texts - 1
            captures.append((number, level, recordDepth >= 0 ? arena.count : ancestorText.count))
        }
        frameMask[level] = mask
        depth = level + 1
    }

    mutating func endElement() {
        if failure != nil { return }
        // Before the record is finished: a missing child makes the check start at this record.
        if conformance.isActive && !conformance.end() { giveUpConformance() }
        let level = depth - 1
        guard level >= 0 else { return }
        while let last = captures.last, last.depth == level {
            captures.removeLast()
            endCapture(last)
        }
        if level == recordDepth {
            recordEnd = currentOffset
            recordDepth = -1
            records += 1
            finishRecord()
        }
        for number in ancestorSlots {
            while let last = ancestorValues[number].last, last.depth >= level {
                ancestorValues[number].removeLast()
            }
            // An ancestor nested in one of the same name (a programme inside a programme) ends:
            // the outer one's children are read relative to it again.
            if anchorDepth[number] == level {
                anchorDepth[number] = outerAnchors[number].popLast() ?? -1
            }
        }
        depth = level
    }

    mutating func cdata(_ bytes: XMLString?, _ count: Int) {
        if let bytes, failure == nil, conformance.isActive, !conformance.cdata(bytes, count) { giveUpConformance() }
        capture(bytes, count)
    }

    mutating func characters(_ bytes: XMLString?, _ count: Int) {
        if let bytes, failure == nil, conformance.isActive, !conformance.text(bytes, count) { giveUpConformance() }
        capture(bytes, count)
    }

    /// The tracker cannot vouch for the file: libxml2's check starts, from the first byte, and
    /// gives its errors from the record being read on (the records before were valid).
    mutating func giveUpConformance() {
        conformance.giveUp()
        if schemaCheck == nil, let startSchemaCheck {
            schemaCheck = startSchemaCheck(records)
        }
    }

    private mutating func capture(_ bytes: XMLString?, _ count: Int) {
        guard !captures.isEmpty, let bytes, failure == nil else { return }
        if recordDepth >= 0 {
            arena.append(bytes, count)
            if arena.count > XMLInventoryReader.maximumRecordText {
                fail(InventoryReadError.xml(file: displayName, .textTooLong(line: currentLine, limit: XMLInventoryReader.maximumRecordText)))
            }
        } else {
            ancestorText.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            if ancestorText.count > XMLInventoryReader.maximumRecordText {
                fail(InventoryReadError.xml(file: displayName, .textTooLong(line: currentLine, limit: XMLInventoryReader.maximumRecordText)))
            }
        }
    }

    // MARK: - Values

    private mutating func beginRecord(level: Int, line: Int) {
        recordDepth = level
        recordLine = line
        recordTagEnd = currentOffset
        arena.removeAll()
        slotLength.update(repeating: -1, count: slotCount)
        // A capture of an ancestor's child cannot hold records.
        captures.removeAll(keepingCapacity: true)
        ancestorText.removeAll(keepingCapacity: true)
    }

    private mutating func endCapture(_ capture: (slot: Int, depth: Int, start: Int)) {
        if recordDepth >= 0 {
            guard slotLength[capture.slot] < 0 else { return }
            slotStart[capture.slot] = Int32(capture.start)
            slotLength[capture.slot] = Int32(arena.count - capture.start)
        } else if isAncestorSlot[capture.slot] {
            let value = Array(ancestorText[capture.start...])
            ancestorValues[capture.slot].append((anchorDepth[capture.slot], value))
            if captures.isEmpty { ancestorText.removeAll(keepingCapacity: true) }
        }
    }

    private mutating func readAttribute(_ slot: Int, _ count: Int, _ attributes: UnsafeMutablePointer<XMLString?>?, anchor: Int) {
        guard let attributes, let wanted = attributeLocal[slot] else { return }
        let wantedURI = attributeURI[slot]
        for index in 0..<count {
            let base = index * 5
            guard attributes[base] == wanted, attributes[base + 2] == wantedURI,
                  let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
            let value = UnsafeBufferPointer(start: start, count: end - start)
            if value.count + arena.count > XMLInventoryReader.maximumRecordText {
                fail(InventoryReadError.xml(file: displayName, .textTooLong(line: currentLine, limit: XMLInventoryReader.maximumRecordText)))
                return
            }
            if XMLAttributeText.needsDecoding(value) {
                let decoded = Array(XMLAttributeText.decode(value).utf8)
                store(slot, decoded, anchor: anchor)
            } else if isAncestorSlot[slot] {
                ancestorValues[slot].append((anchor, Array(value)))
            } else if recordDepth >= 0, slotLength[slot] < 0 {
                slotStart[slot] = Int32(arena.count)
                arena.append(start, value.count)
                slotLength[slot] = Int32(value.count)
            }
            return
        }
    }

    private mutating func store(_ slot: Int, _ bytes: [UInt8], anchor: Int) {
        if isAncestorSlot[slot] {
            ancestorValues[slot].append((anchor, bytes))
        } else if recordDepth >= 0, slotLength[slot] < 0 {
            slotStart[slot] = Int32(arena.count)
            arena.append(bytes)
            slotLength[slot] = Int32(bytes.count)
        }
    }

    // MARK: - Records

    /// Maps, validates and hands over the record just read.
    private mutating func finishRecord() {
        // The file is refused: nothing more is handed over (the parse only looks for a
        // malformed place further on).
        if schemaRefusal != nil { return }
        // Ancestor values are copied after the record's own text so that every cell points into
        // one buffer (which does not move once they are in).
        var ancestorStart: [Int: Int32] = [:]
        for number in ancestorSlots {
            guard let value = ancestorValues[number].last?.value else { continue }
            ancestorStart[number] = Int32(arena.count)
            slotLength[number] = Int32(value.count)
            arena.append(value)
        }
        for (number, start) in ancestorStart { slotStart[number] = start }
        var issues: [Reject.Issue] = []
        if let schemaCheck {
            switch schemaCheck.issues(forRecord: records - 1) {
            case .success(let found): issues += found
            case .failure(let error):
                schemaRefusal = InventoryReadError.xml(file: displayName, error)
                return
            }
        }
        row.clear()
        var periodIssues: [Reject.Issue] = []
        for field in PremisesField.allCases {
            let ordinal = field.ordinal
            guard let value = cell(fieldSlot[ordinal]) else { continue }
            if periodSlot[ordinal] >= 0 || unitSlot[ordinal] >= 0 {
                let period = cell(periodSlot[ordinal]).map { String(decoding: $0, as: UTF8.self) }
                let unit = cell(unitSlot[ordinal]).map { String(decoding: $0, as: UTF8.self) }
                switch Self.amount(field: field, value: value, period: period, unit: unit) {
                case .asIs:
                    setCell(field, value)
                case .converted(let target, let text):
                    row.set(target, text: text)
                case .moved(let target):
                    setCell(target, value)
                case .problem(let message):
                    periodIssues.append(.init(field: profile.fields[field]?.path.written, message: message))
                }
            } else {
                setCell(field, value)
            }
        }
        var outcome = validator.validate(row)
        if !issues.isEmpty || !periodIssues.isEmpty {
            var all = issues + periodIssues
            switch outcome {
            case .accepted: outcome = .rejected(all)
            case .rejected(let more): outcome = .rejected(all + more)
            case let .otherCommune(more, commune): outcome = .otherCommune(all + more, commune: commune)
            }
        }
        guard let accept, let reject, let warn else { return }
        let retained = self.retained
        let start = recordTagEnd
        let end = recordEnd
        do {
            try sink.handle(
                outcome, line: recordLine, raw: { Self.rawText(retained, tagEnd: start, end: end) },
                accept: accept, reject: reject, warn: warn)
        } catch {
            fail(error)
        }
    }

    /// A trimmed slot value, `nil` when the record did not give it.
    ///
    /// `mutating` although it changes nothing: called from a mutating method, a non-mutating one
    /// is given a copy of the whole engine (1.2 KB), three times per field of every record, which
    /// took about a tenth of the reading thread's time.
    private mutating func cell(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
        guard slot >= 0, slotLength[slot] >= 0 else { return nil }
        if isAncestorSlot[slot] && ancestorValues[slot].isEmpty { return nil }
        var start = Int(slotStart[slot])
        var end = start + Int(slotLength[slot])
        let base = arena.base
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end && isSpace(base[start]) { start += 1 }
        while end > start && isSpace(base[end - 1]) { end -= 1 }
        return arena.slice(start, end - start)
    }

    private mutating func setCell(_ field: PremisesField, _ value: UnsafeBufferPointer<UInt8>) {
        if value.contains(0x0A) {
            // Text spread over several lines (indented children): one line for the bourse.
            let text = String(decoding: value, as: UTF8.self).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            row.set(field, text: text)
        } else {
            row.set(field, bytes: value)
        }
    }

    enum AmountReading: Equatable {
        case asIs
        case moved(PremisesField)
        case converted(PremisesField, String)
        case problem(String)
    }

    /// Reads an amount given with a period and a unit: a rent becomes monthly, annual or per m² per
    /// year; charges and market rents become monthly.
    static func amount(field: PremisesField, value: UnsafeBufferPointer<UInt8>, period: String?, unit: String?) -> AmountReading {
        var perSquareMetre = false
        if let unit, !unit.isEmpty {
            guard let reading = XMLAmount.isPerSquareMetre(unit) else {
                return .problem("unité « \(unit) » inconnue (attendu : euros ou €/m²)")
            }
            perSquareMetre = reading
        }
        var reading: XMLAmount.Period?
        if let period, !period.isEmpty {
            guard let known = XMLAmount.period(period) else {
                return .problem("périodicité « \(period) » inconnue (attendu : mensuel, trimestriel, semestriel ou annuel)")
            }
            reading = known
        }
        let isRent = field == .monthlyRent || field == .annualRent || field == .rentPerSquareMetreYear
        if perSquareMetre && !isRent {
            return .problem("montant au m² non pris en charge pour « \(field.label) » (donnez un montant total)")
        }
        if isRent && perSquareMetre {
            switch reading ?? .year {
            case .year: return .moved(.rentPerSquareMetreYear)
            case .month: return scaled(value, by: 12, into: .rentPerSquareMetreYear)
            case .quarter: return scaled(value, by: 4, into: .rentPerSquareMetreYear)
            case .half: return scaled(value, by: 2, into: .rentPerSquareMetreYear)
            }
        }
        guard let reading else { return .asIs }
        let monthlyTarget: PremisesField = isRent ? .monthlyRent : field
        switch reading {
        case .month: return monthlyTarget == field ? .asIs : .moved(monthlyTarget)
        case .quarter: return scaled(value, by: 1.0 / 3, into: monthlyTarget)
        case .half: return scaled(value, by: 1.0 / 6, into: monthlyTarget)
        case .year: return isRent ? (field == .annualRent ? .asIs : .moved(.annualRent)) : scaled(value, by: 1.0 / 12, into: field)
        }
    }

    private static func scaled(_ value: UnsafeBufferPointer<UInt8>, by factor: Double, into field: PremisesField) -> AmountReading {
        guard case .value(let number) = FieldParsers.number(value, encoding: .utf8) else { return .moved(field) }
        let result = (number * factor * 100).rounded() / 100
        return .converted(field, String(format: "%.2f", result))
    }

    // MARK: - Raw text of a record

    mutating func retain(_ fed: [UInt8]) {
        // Keep what the current record may need, plus the chunk before it (its start
        // tag may begin there); never more than 16 MiB.
        let keepFrom = recordDepth >= 0 ? recordTagEnd : fedOffset
        while let first = retained.first, retained.count > 1,
              first.offset + first.bytes.count < keepFrom - (64 << 10) || retainedBytes > 16 << 20 {
            retainedBytes -= first.bytes.count
            retained.removeFirst()
        }
        retained.append((fedOffset, fed))
        retainedBytes += fed.count
    }

    /// The record as written, from the bytes kept (at most 4 KiB shown).
    static func rawText(_ retained: [(offset: Int, bytes: [UInt8])], tagEnd: Int, end recordEnd: Int) -> String {
        guard tagEnd >= 0, recordEnd > tagEnd, let first = retained.first, first.offset <= tagEnd else { return "" }
        func byte(at offset: Int) -> UInt8? {
            for chunk in retained where offset >= chunk.offset && offset < chunk.offset + chunk.bytes.count {
                return chunk.bytes[offset - chunk.offset]
            }
            return nil
        }
        var start = tagEnd
        while start > first.offset, byte(at: start) != UInt8(ascii: "<") { start -= 1 }
        let limit = 4096
        let end = min(recordEnd, start + limit)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        for chunk in retained {
            let lower = max(start, chunk.offset)
            let upper = min(end, chunk.offset + chunk.bytes.count)
            if lower < upper { bytes.append(contentsOf: chunk.bytes[(lower - chunk.offset)..<(upper - chunk.offset)]) }
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if recordEnd > end { text += "…" }
        return text
    }

    // MARK: - Messages

    /// French wording of the most frequent well-formedness errors.
    static func frenchParserMessage(_ english: String) -> String {
        let text = english.trimmingCharacters(in: .whitespacesAndNewlines)
        if let match = text.firstMatch(of: /^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)$/) {
            return "la balise fermante « \(match.3) » ne correspond pas à « \(match.1) » ouverte ligne \(match.2)"
        }
        if text.hasPrefix("Premature end of data") || text.hasPrefix("EndTag: '</' not found") {
            return "fin de fichier prématurée : élément non refermé (fichier tronqué ?)"
        }
        if let match = text.firstMatch(of: /^Entity '(.*)' not defined$/) {
            return "entité « &\(match.1); » non définie (seules &amp; &lt; &gt; &quot; &apos; sont admises)"
        }
        if text.hasPrefix("Input is not proper UTF-8") {
            return "octets qui ne sont pas de l'UTF-8 valide : ré-exportez le fichier en UTF-8 ou déclarez son encodage (encoding=\"ISO-8859-1\")"
        }
        if text.hasPrefix("Extra content at the end of the document") { return "contenu après la fin de l'élément racine" }
        if text.hasPrefix("Start tag expected") || text.hasPrefix("Document is empty") { return "pas d'élément XML au début du fichier" }
        if text.hasPrefix("Couldn't find end of Start Tag") { return "balise ouvrante non terminée" }
        if text.hasPrefix("AttValue: \" or ' expected") { return "valeur d'attribut sans guillemets" }
        if let match = text.firstMatch(of: /^Attribute (\S+) redefined$/) { return "attribut « \(match.1) » répété" }
        if let match = text.firstMatch(of: /^Namespace prefix (\S+) (?:on|for) (\S+)/) {
            return "préfixe d'espace de noms « \(match.1) » non déclaré (élément « \(match.2) »)"
        }
        if let match = text.firstMatch(of: /^Char 0x([0-9A-Fa-f]+) out of allowed range/) {
            return "caractère U+\(String(repeating: "0", count: max(0, 4 - match.1.count)))\(match.1.uppercased()) interdit en XML (caractère de contrôle)"
        }
        if let match = text.firstMatch(of: /^PCDATA invalid Char value (\d+)/), let code = Int(match.1) {
            return "caractère U+\(String(format: "%04X", code)) interdit en XML (caractère de contrôle)"
        }
        if let match = text.firstMatch(of: /^xmlParseCharRef: invalid xmlChar value (\d+)/), let code = Int(match.1) {
            return "référence de caractère &#\(code); interdite en XML (U+\(String(format: "%04X", code)))"
        }
        if text.hasPrefix("invalid character in attribute value") { return "caractère interdit dans une valeur d'attribut" }
        if text.hasPrefix("Excessive depth") { return "imbrication trop profonde" }
        if text.contains("Huge input lookup") {
            return "construction XML démesurée, au-delà des limites de libxml2 (fichier hostile ou corrompu ?)"
        }
        if text.contains("huge text node") { return "texte de plus de 10 Mo dans un seul élément" }
        if text.hasPrefix("AttValue length too long") { return "valeur d'attribut trop longue" }
        if text.hasPrefix("Name too long") || text.hasPrefix("NCName too long") { return "nom d'élément ou d'attribut trop long" }
        if text.hasPrefix("Comment too big") { return "commentaire trop long" }
        if text.hasPrefix("Comment not terminated") { return "commentaire non refermé (« --> » manquant)" }
        if text.hasPrefix("Comment must not contain '--'") || text.hasPrefix("Double hyphen within comment") {
            return "« -- » interdit à l'intérieur d'un commentaire"
        }
        if text.hasPrefix("PI ") && text.contains("too big") { return "instruction de traitement trop longue" }
        if text.hasPrefix("CData section too big") { return "section CDATA trop longue" }
        if text.hasPrefix("CData section not finished") { return "section CDATA non refermée (« ]]> » manquant)" }
        if text.hasPrefix("Memory allocation failed") { return "mémoire insuffisante pour lire le fichier" }
        if text.hasPrefix("Unescaped '<' not allowed in attributes values") {
            return "« < » non échappé dans une valeur d'attribut (écrivez &lt;)"
        }
        if let match = text.firstMatch(of: /^Specification mandates value for attribute (\S+)/) { return "attribut « \(match.1) » sans valeur" }
        if text.hasPrefix("attributes construct error") || text.hasPrefix("error parsing attribute name") { return "attributs mal écrits" }
        if text.contains("invalid element name") { return "nom d'élément invalide" }
        if text.hasPrefix("XML declaration allowed only at the start") { return "déclaration <?xml … ?> ailleurs qu'au tout début du fichier" }
        if text.hasPrefix("Sequence ']]>' not allowed in content") { return "séquence « ]]> » interdite dans le texte" }
        if text.hasPrefix("String not closed") || text.hasPrefix("String not started") { return "valeur entre guillemets non ouverte ou non refermée" }
        if text.hasPrefix("Blank needed here") { return "espace attendu" }
        if text.hasPrefix("EntityRef: expecting ';'") { return "référence d'entité sans « ; » (une esperluette s'écrit &amp;)" }
        if text.hasPrefix("xmlParseEntityRef: no name") { return "« & » seul (une esperluette s'écrit &amp;)" }
        if text.hasPrefix("Misplaced DOCTYPE") { return "déclaration DOCTYPE mal placée" }
        if text.hasPrefix("Document labelled UTF-16 but has UTF-8 content") {
            return "fichier déclaré UTF-16 mais écrit en UTF-8 : corrigez la déclaration encoding"
        }
        if text.hasPrefix("Unsupported encoding") || text.hasPrefix("encoding not supported") { return "encodage non pris en charge" }
        if text.hasPrefix("Malformed declaration") || text.hasPrefix("parsing XML declaration") { return "déclaration <?xml … ?> mal formée" }
        if text.hasPrefix("ParsePI") || text.hasPrefix("xmlParsePI") { return "instruction de traitement <? … ?> mal formée" }
        return "erreur de libxml2 : « \(text) »"
    }
}
