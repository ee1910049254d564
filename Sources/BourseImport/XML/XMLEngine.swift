// Over 400 lines: one SAX engine, its callbacks share the state of the read (compiled profile, open elements, captured cells).

import BourseCore
import CLibXML2
import Foundation

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
            let all = issues + periodIssues
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
}
