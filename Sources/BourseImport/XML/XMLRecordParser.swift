import BourseCore
import CLibXML2
import Foundation

/// One value source of a profile, compiled against the parser's name dictionary so that elements
/// and attributes are recognised by pointer comparison (libxml2 interns every name and namespace
/// URI of a parse in its dictionary).
private struct Slot {
    /// `nil`: relative to the record element.
    var ancestor: (uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>)?
    var steps: [(uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>)]
    var attribute: (uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>)?
}

/// The SAX2 engine behind `XMLInventoryReader`: one object per read, called back by libxml2.
final class XMLRecordParser {
    let profile: XMLMappingProfile
    let displayName: String
    var validator: PremisesRowValidator
    var sink: InventoryRecordSink
    var accept: ((Premises, Int) throws -> Void)?
    var reject: ((Reject) throws -> Void)?
    var warn: ((Diagnostic) throws -> Void)?

    private var context: xmlParserCtxtPtr?
    private var schema: OpaquePointer?
    private var validation: OpaquePointer?
    /// The first error that stops the read (ours or the closures').
    private var failure: (any Error)?

    // Compiled profile.
    private var slots: [Slot] = []
    private var slotPaths: [XMLPath] = []
    private var recordURI: UnsafePointer<xmlChar>?
    private var recordLocal: UnsafePointer<xmlChar>?
    private var recordSlotMask: UInt64 = 0
    private var recordAttributeSlots: [Int] = []
    private var ancestorAnchors: [(uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>, childMask: UInt64, attributeSlots: [Int])] = []
    private var ancestorSlots: [Int] = []
    /// Field (by ordinal) → slot, period slot, unit slot.
    private var fieldSlot: [Int]
    private var periodSlot: [Int]
    private var unitSlot: [Int]

    // Open elements.
    private var depth = 0
    private var frameMask: [UInt64]
    private var frameLine: [Int32]
    private var framePrefix: [UnsafePointer<xmlChar>?]
    private var frameLocal: [UnsafePointer<xmlChar>?]
    private var anchorDepth: [Int]
    /// Per ancestor slot, the anchors that an element of the same name nested in them replaced
    /// (a programme inside a programme): restored when the nested one ends, so that the outer
    /// anchor's children are again read relative to it.
    private var outerAnchors: [[Int]]

    // The record being read.
    private var recordDepth = -1
    private var recordLine = 0
    private var recordTagEnd = -1
    private var recordEnd = -1
    private var pending = false
    private var arena: [UInt8] = []
    private var slotStart: [Int32]
    private var slotLength: [Int32]
    private var captures: [(slot: Int, depth: Int, start: Int)] = []
    private var schemaIssues: [Reject.Issue] = []
    private var ancestorValues: [[(depth: Int, value: [UInt8])]]
    private var ancestorText: [UInt8] = []
    private var records = 0
    private var row = RawRow<PremisesField>()

    // What was fed, kept while a record may need its raw text.
    private var retained: [(offset: Int, bytes: [UInt8])] = []
    private var retainedBytes = 0
    private var fedOffset = 0
    private var offsetsUsable = true
    /// The last chunk (end of file) was given.
    private var atEnd = false

    init(profile: XMLMappingProfile, displayName: String, validator: PremisesRowValidator, sink: InventoryRecordSink) throws(InventoryReadError) {
        self.profile = profile
        self.displayName = displayName
        self.validator = validator
        self.sink = sink
        let fieldCount = PremisesField.allCases.count
        fieldSlot = Array(repeating: -1, count: fieldCount)
        periodSlot = Array(repeating: -1, count: fieldCount)
        unitSlot = Array(repeating: -1, count: fieldCount)
        let maxDepth = XMLInventoryReader.maximumDepth + 2
        frameMask = Array(repeating: 0, count: maxDepth)
        frameLine = Array(repeating: 0, count: maxDepth)
        framePrefix = Array(repeating: nil, count: maxDepth)
        frameLocal = Array(repeating: nil, count: maxDepth)
        anchorDepth = []
        outerAnchors = []
        slotStart = []
        slotLength = []
        ancestorValues = []
        if let schemaPath = profile.schemaPath {
            guard let parserContext = xmlSchemaNewParserCtxt(schemaPath) else { throw .xml(file: displayName, .schemaUnusable(path: schemaPath)) }
            defer { xmlSchemaFreeParserCtxt(parserContext) }
            xmlSchemaSetParserStructuredErrors(parserContext, { _, _ in }, nil)
            guard let parsed = xmlSchemaParse(parserContext) else { throw .xml(file: displayName, .schemaUnusable(path: schemaPath)) }
            schema = parsed
        }
    }

    deinit {
        if let validation { xmlSchemaFreeValidCtxt(validation) }
        if let schema { xmlSchemaFree(schema) }
    }

    // MARK: - Running

    func run(path: String, transcoding: XMLTranscoding, byteCount: Int, progress: ((Int, Int) -> Void)?) throws -> InventoryReadSummary {
        offsetsUsable = transcoding.offsetsUsable
        // What libxml2 would print in English (undecodable bytes) is reported by `malformed`.
        bourse_xml_silence_generic_errors()
        defer { bourse_xml_restore_generic_errors() }
        let file: ChunkedFile
        do {
            file = try ChunkedFile(path: path)
        } catch {
            throw InventoryReadError.input(error)
        }
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, local, prefix, uri, _, _, count, _, attributes in
            Unmanaged<XMLRecordParser>.fromOpaque(user!).takeUnretainedValue()
                .startElement(local: local!, prefix: prefix, uri: uri, attributeCount: Int(count), attributes: attributes)
        }
        sax.endElementNs = { user, _, _, _ in
            Unmanaged<XMLRecordParser>.fromOpaque(user!).takeUnretainedValue().endElement()
        }
        sax.characters = { user, bytes, count in
            Unmanaged<XMLRecordParser>.fromOpaque(user!).takeUnretainedValue().characters(bytes, Int(count))
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { user, _, _, _ in
            Unmanaged<XMLRecordParser>.fromOpaque(user!).takeUnretainedValue().doctype()
        }
        // Errors are read from the context once the parse stops (the handler's user data is the
        // schema plug's, not ours, when validating); this only keeps libxml2 from printing them.
        sax.serror = { _, _ in }
        var user: UnsafeMutableRawPointer? = Unmanaged.passUnretained(self).toOpaque()
        var plug: xmlSchemaSAXPlugPtr?
        // The handler must outlive the parse: keep it on the heap.
        let box = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
        box.initialize(to: sax)
        defer { box.deallocate() }
        var handler: UnsafeMutablePointer<xmlSAXHandler>? = box
        if let schema {
            validation = xmlSchemaNewValidCtxt(schema)
            xmlSchemaSetValidStructuredErrors(validation, { user, error in
                guard let user, let error else { return }
                Unmanaged<XMLRecordParser>.fromOpaque(user).takeUnretainedValue().schemaError(error.pointee)
            }, Unmanaged.passUnretained(self).toOpaque())
            plug = xmlSchemaSAXPlug(validation, &handler, &user)
        }
        defer { if plug != nil { xmlSchemaSAXUnplug(plug) } }
        guard let context = xmlCreatePushParserCtxt(handler, user, nil, 0, nil) else {
            throw InventoryReadError.input(.readFailed(path: path, reason: "libxml2 : contexte d'analyse impossible"))
        }
        self.context = context
        defer {
            xmlFreeParserCtxt(context)
            self.context = nil
        }
        var options = Int32(XML_PARSE_NONET.rawValue)
        if case .singleByte = transcoding { options |= Int32(XML_PARSE_IGNORE_ENC.rawValue) }
        xmlCtxtUseOptions(context, options)
        compile(dictionary: context.pointee.dict)

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
            transcoding.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), into: &fed)
            retain(fed)
            let status = fed.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    xmlParseChunk(context, chars.baseAddress, Int32(chars.count), n == 0 ? 1 : 0)
                }
            }
            fedOffset += fed.count
            atEnd = n == 0
            if let failure { throw failure }
            if status != 0 { throw malformed(status: status) }
            sinceProgress += n
            if sinceProgress >= 8 << 20, let progress {
                sinceProgress = 0
                progress(read, byteCount)
            }
            if n == 0 { break }
        }
        if pending { finishPending() }
        if let failure { throw failure }
        if records == 0 {
            throw InventoryReadError.xml(file: displayName, .noRecord(record: profile.record.local))
        }
        progress?(byteCount, byteCount)
        var summary = sink.summary
        summary.records = records
        return summary
    }

    private func malformed(status: Int32) -> InventoryReadError {
        guard let error = context.flatMap({ context -> (Int, Int, String)? in
            guard let last = xmlCtxtGetLastError(context) else { return nil }
            return (Int(last.pointee.line), Int(last.pointee.int2), last.pointee.message.map { String(cString: $0) } ?? "")
        }) else {
            // libxml2 2.9 stops on bytes its decoder rejects (UTF-16 with a broken surrogate pair)
            // without recording the error in the context: say where the parser stood, not line 0.
            let column = context.map { Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer($0))) } ?? 0
            let message = status == Int32(XML_ERR_INVALID_ENCODING.rawValue)
                ? "octets illisibles dans l'encodage du fichier : ré-exportez-le en UTF-8 ou corrigez l'encodage déclaré"
                : "erreur n° \(status) de libxml2"
            return .xml(file: displayName, .malformed(line: currentLine, column: column, message: message, open: openElements()))
        }
        let open = openElements()
        var message = Self.frenchParserMessage(error.2)
        if atEnd && !open.isEmpty && (error.2.hasPrefix("Extra content") || error.2.hasPrefix("Premature end")) {
            // libxml2's push parser says "extra content" when the file ends inside an element.
            message = "fin de fichier prématurée : des éléments ne sont pas refermés (fichier tronqué ?)"
        }
        return .xml(file: displayName, .malformed(line: error.0, column: error.1, message: message, open: open))
    }

    /// The elements open where the parse stopped, outermost first.
    private func openElements() -> [XMLReadError.OpenElement] {
        var open: [XMLReadError.OpenElement] = []
        for index in 0..<min(depth, frameLocal.count) {
            guard let local = frameLocal[index] else { continue }
            var name = String(cString: local)
            if let prefix = framePrefix[index] { name = String(cString: prefix) + ":" + name }
            open.append(.init(name: name, line: Int(frameLine[index])))
        }
        return open
    }

    /// Records the error that ends the read. The parse is not stopped from here: libxml2 (and the
    /// schema validator) still use the text and attributes of the event after our callback
    /// returns, and stopping frees them. Every callback ignores what follows, and `run` throws
    /// once the current chunk is parsed.
    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
    }

    private var currentLine: Int {
        context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
    }

    private var currentOffset: Int {
        guard offsetsUsable, let context else { return -1 }
        return Int(xmlByteConsumed(context))
    }

    // MARK: - Profile

    private func compile(dictionary: OpaquePointer?) {
        func intern(_ text: String?) -> UnsafePointer<xmlChar>? {
            guard let text else { return nil }
            return text.withCString { chars in
                chars.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1) { xmlDictLookup(dictionary, $0, -1) }
            }
        }
        func name(_ value: XMLName) -> (uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>) {
            (intern(value.uri), intern(value.local)!)
        }
        recordURI = intern(profile.record.uri)
        recordLocal = intern(profile.record.local)
        var index: [XMLPath: Int] = [:]
        func slot(for path: XMLPath) -> Int {
            let key = XMLPath(ancestor: path.ancestor, steps: path.steps, attribute: path.attribute, written: "")
            if let existing = index[key] { return existing }
            let number = slots.count
            precondition(number < 64, "a profile reads at most 64 places")
            slots.append(Slot(ancestor: path.ancestor.map(name), steps: path.steps.map(name), attribute: path.attribute.map(name)))
            slotPaths.append(path)
            index[key] = number
            return number
        }
        for field in PremisesField.allCases {
            guard let spec = profile.fields[field] else { continue }
            fieldSlot[field.ordinal] = slot(for: spec.path)
            if let period = spec.period { periodSlot[field.ordinal] = slot(for: period) }
            if let unit = spec.unit { unitSlot[field.ordinal] = slot(for: unit) }
        }
        anchorDepth = Array(repeating: -1, count: slots.count)
        outerAnchors = Array(repeating: [], count: slots.count)
        slotStart = Array(repeating: 0, count: slots.count)
        slotLength = Array(repeating: -1, count: slots.count)
        ancestorValues = Array(repeating: [], count: slots.count)
        for (number, slot) in slots.enumerated() {
            let bit = UInt64(1) << UInt64(number)
            if let ancestor = slot.ancestor {
                ancestorSlots.append(number)
                let position = ancestorAnchors.firstIndex { $0.uri == ancestor.uri && $0.local == ancestor.local } ?? {
                    ancestorAnchors.append((ancestor.uri, ancestor.local, 0, []))
                    return ancestorAnchors.count - 1
                }()
                if slot.steps.isEmpty {
                    ancestorAnchors[position].attributeSlots.append(number)
                } else {
                    ancestorAnchors[position].childMask |= bit
                }
            } else if slot.steps.isEmpty {
                recordAttributeSlots.append(number)
            } else {
                recordSlotMask |= bit
            }
        }
    }

    // MARK: - SAX events

    /// A DOCTYPE stops the parse at once, before its internal subset (entity declarations) is read.
    /// libxml2 checks for a halted parser right after this callback.
    private func doctype() {
        fail(InventoryReadError.xml(file: displayName, .doctype(line: currentLine)))
        if let context { xmlStopParser(context) }
    }

    private func schemaError(_ error: xmlError) {
        let message = SchemaMessages.french(error.message.map { String(cString: $0) } ?? "")
        if recordDepth >= 0 || pending {
            schemaIssues.append(.init(field: nil, message: "schéma XSD : \(message)"))
        } else if failure == nil {
            fail(InventoryReadError.xml(file: displayName, .schema(line: currentLine, message: message)))
        }
    }

    @inline(__always)
    private static func same(_ a: UnsafePointer<xmlChar>?, _ b: UnsafePointer<xmlChar>?) -> Bool { a == b }

    private func startElement(
        local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        if failure != nil { return }
        if pending { finishPending() }
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
            while candidates != 0 {
                let number = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                let slot = slots[number]
                let relative = level - anchorDepth[number]
                let step = slot.steps[relative - 1]
                guard step.local == local && step.uri == uri else { continue }
                if relative == slot.steps.count {
                    if let attribute = slot.attribute {
                        readAttribute(number, attribute, attributeCount, attributes, anchor: anchorDepth[number])
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
                if let attribute = slots[number].attribute {
                    readAttribute(number, attribute, attributeCount, attributes, anchor: level)
                }
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
                    if let attribute = slots[number].attribute {
                        readAttribute(number, attribute, attributeCount, attributes, anchor: level)
                    }
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
            beginCapture(number, depth: level)
        }
        frameMask[level] = mask
        depth = level + 1
    }

    private func endElement() {
        if failure != nil { return }
        // What the schema says after a record's end belongs to it; after any other end, not.
        if pending { finishPending() }
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
            if validation != nil {
                pending = true
            } else {
                finishRecord()
            }
        }
        if !ancestorSlots.isEmpty {
            for number in ancestorSlots {
                while let last = ancestorValues[number].last, last.depth >= level {
                    ancestorValues[number].removeLast()
                }
                if anchorDepth[number] == level, let outer = outerAnchors[number].popLast() {
                    anchorDepth[number] = outer
                }
            }
        }
        depth = level
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        guard !captures.isEmpty, let bytes, failure == nil else { return }
        let text = UnsafeBufferPointer(start: bytes, count: count)
        if recordDepth >= 0 {
            arena.append(contentsOf: text)
            if arena.count > XMLInventoryReader.maximumRecordText {
                fail(InventoryReadError.xml(file: displayName, .textTooLong(line: currentLine, limit: XMLInventoryReader.maximumRecordText)))
            }
        } else {
            ancestorText.append(contentsOf: text)
            if ancestorText.count > XMLInventoryReader.maximumRecordText {
                fail(InventoryReadError.xml(file: displayName, .textTooLong(line: currentLine, limit: XMLInventoryReader.maximumRecordText)))
            }
        }
    }

    // MARK: - Values

    private func beginRecord(level: Int, line: Int) {
        recordDepth = level
        recordLine = line
        recordTagEnd = currentOffset
        arena.removeAll(keepingCapacity: true)
        for index in slotLength.indices { slotLength[index] = -1 }
        schemaIssues.removeAll()
        // A capture of an ancestor's child cannot hold records.
        captures.removeAll()
        ancestorText.removeAll(keepingCapacity: true)
    }

    private func beginCapture(_ slot: Int, depth level: Int) {
        let start = recordDepth >= 0 ? arena.count : ancestorText.count
        captures.append((slot, level, start))
    }

    private func endCapture(_ capture: (slot: Int, depth: Int, start: Int)) {
        if recordDepth >= 0 {
            guard slotLength[capture.slot] < 0 else { return }
            slotStart[capture.slot] = Int32(capture.start)
            slotLength[capture.slot] = Int32(arena.count - capture.start)
        } else if slots[capture.slot].ancestor != nil {
            let value = Array(ancestorText[capture.start...])
            ancestorValues[capture.slot].append((anchorDepth[capture.slot], value))
            if captures.isEmpty { ancestorText.removeAll(keepingCapacity: true) }
        }
    }

    private func readAttribute(
        _ slot: Int, _ attribute: (uri: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>),
        _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, anchor: Int
    ) {
        guard let attributes else { return }
        for index in 0..<count {
            let base = index * 5
            guard attributes[base] == attribute.local, attributes[base + 2] == attribute.uri,
                  let start = attributes[base + 3], let end = attributes[base + 4] else { continue }
            let value = UnsafeBufferPointer(start: start, count: end - start)
            let bytes = XMLAttributeText.needsDecoding(value) ? Array(XMLAttributeText.decode(value).utf8) : Array(value)
            if slots[slot].ancestor != nil {
                ancestorValues[slot].append((anchor, bytes))
            } else if recordDepth >= 0, slotLength[slot] < 0 {
                slotStart[slot] = Int32(arena.count)
                arena.append(contentsOf: bytes)
                slotLength[slot] = Int32(bytes.count)
            }
            return
        }
    }

    // MARK: - Records

    private func finishPending() {
        pending = false
        finishRecord()
    }

    /// Maps, validates and hands over the record just read.
    private func finishRecord() {
        // Ancestor values are copied after the record's own text so that every cell points into
        // one buffer.
        var ancestorRanges: [Int: (Int32, Int32)] = [:]
        for number in ancestorSlots {
            guard let value = ancestorValues[number].last?.value else { continue }
            ancestorRanges[number] = (Int32(arena.count), Int32(value.count))
            arena.append(contentsOf: value)
        }
        let line = recordLine
        let issues = schemaIssues
        schemaIssues.removeAll()
        do {
            try arena.withUnsafeBufferPointer { buffer in
                func cell(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
                    guard slot >= 0 else { return nil }
                    let range: (Int32, Int32)
                    if slots[slot].ancestor != nil {
                        guard let found = ancestorRanges[slot] else { return nil }
                        range = found
                    } else {
                        guard slotLength[slot] >= 0 else { return nil }
                        range = (slotStart[slot], slotLength[slot])
                    }
                    return Self.trimmed(UnsafeBufferPointer(rebasing: buffer[Int(range.0)..<Int(range.0 + range.1)]))
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
                    if case .rejected(let more) = outcome { all += more }
                    outcome = .rejected(all)
                }
                guard let accept, let reject, let warn else { return }
                try sink.handle(outcome, line: line, raw: { self.rawText() }, accept: accept, reject: reject, warn: warn)
            }
        } catch {
            fail(error)
        }
    }

    private func setCell(_ field: PremisesField, _ value: UnsafeBufferPointer<UInt8>) {
        if value.contains(0x0A) {
            // Text spread over several lines (indented children): one line for the bourse.
            let text = String(decoding: value, as: UTF8.self).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            row.set(field, text: text)
        } else {
            row.set(field, bytes: value)
        }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
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

    private func retain(_ fed: [UInt8]) {
        guard offsetsUsable else { return }
        // Keep what the current (or pending) record may need, plus the chunk before it (its start
        // tag may begin there); never more than 16 MiB.
        let keepFrom = (recordDepth >= 0 || pending) ? recordTagEnd : fedOffset
        while let first = retained.first, retained.count > 1,
              first.offset + first.bytes.count < keepFrom - (64 << 10) || retainedBytes > 16 << 20 {
            retainedBytes -= first.bytes.count
            retained.removeFirst()
        }
        retained.append((fedOffset, fed))
        retainedBytes += fed.count
    }

    /// The record as written, from the bytes kept (at most 4 KiB shown).
    private func rawText() -> String {
        guard offsetsUsable, recordTagEnd >= 0, recordEnd > recordTagEnd,
              let first = retained.first, first.offset <= recordTagEnd else { return "" }
        func byte(at offset: Int) -> UInt8? {
            for chunk in retained where offset >= chunk.offset && offset < chunk.offset + chunk.bytes.count {
                return chunk.bytes[offset - chunk.offset]
            }
            return nil
        }
        var start = recordTagEnd
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
        if let match = text.firstMatch(of: /^Namespace prefix (\S+) (?:on|for) (\S+) (?:is not defined|on .* is not defined)/) {
            return "préfixe d'espace de noms « \(match.1) » non déclaré (élément « \(match.2) »)"
        }
        if text.hasPrefix("xmlParseCharRef: invalid xmlChar value") || text.hasPrefix("PCDATA invalid Char value") || text.hasPrefix("Char 0x") {
            return "caractère interdit en XML (\(text))"
        }
        if text.hasPrefix("Excessive depth") { return "imbrication trop profonde" }
        if text.contains("xmlSAX2Characters: huge text node") || text.hasPrefix("xmlParseCharData") || text.contains("huge") {
            return "texte trop long (\(text))"
        }
        return "« \(text) »"
    }
}
