import CLibXML2
import Foundation

/// Validates a file against the bourse's XSD on a thread of its own, while the reader maps and
/// stores the records on the calling thread: libxml2's schema validation costs about twice the
/// parse, so running it beside the import instead of inside it nearly halves the import's time on
/// two cores.
///
/// The check parses the file a second time (from the page cache) with the validator plugged into
/// a SAX parser that only counts records. Each schema error is given to the record it belongs to,
/// by ordinal: errors libxml2 raises while a record is open, or while it handles the record's end
/// tag (a missing child is reported once the element is closed), belong to it; any other error
/// refuses the file. The check may start late, at the record where `BourseFormatConformance` gave
/// up (`firstRecord`): the records before were valid, and it gives the errors from there on.
/// The reader asks for record `k`'s errors when it has read record `k`, and waits if the check is
/// behind; the check waits when it is more than `maximumLead` records ahead, so memory stays
/// bounded whatever the file.
final class XMLSchemaCheck: Sendable {
    private let path: String
    private let transcoding: XMLTranscoding
    private let schema: XMLSchemaPool.Loan
    private let record: XMLName
    private let displayName: String

    /// What the check and the reader share.
    private struct Shared {
        var issues: [Int: [Reject.Issue]] = [:]
        /// Records whose errors are final.
        var checked = 0
        /// Records the reader has taken.
        var taken: Int
        var finished = false
        var cancelled = false
        var fileError: XMLReadError?
    }

    private let shared: Monitor<Shared>

    static let maximumLead = 1 << 16
    /// Records checked between two wake-ups of the reader.
    static let batch = 512

    /// - Parameter firstRecord: the first record whose errors the reader will ask for (the check
    ///   may be started once the reader is past records `BourseFormatConformance` vouched for).
    init(path: String, transcoding: XMLTranscoding, schema: XMLSchemaPool.Loan, record: XMLName, displayName: String, firstRecord: Int = 0) {
        shared = Monitor(Shared(taken: firstRecord))
        self.path = path
        self.transcoding = transcoding
        self.schema = schema
        self.record = record
        self.displayName = displayName
    }

    func start() {
        let thread = Thread { [self] in
            run()
            shared.withLock { $0.finished = true }
            shared.wakeAll()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Stops the check and waits for its thread to end.
    func cancel() {
        shared.withLock { $0.cancelled = true }
        shared.wakeAll()
        shared.withLock(waitingUntil: { $0.finished }) { _ in }
    }

    /// The schema errors of record `index` (0-based), waiting for the check to reach it.
    /// - Returns: its errors (empty when valid, or when the check ended before it: the reader then
    ///   meets the same malformed input itself), or the error that refuses the whole file.
    func issues(forRecord index: Int) -> Result<[Reject.Issue], XMLReadError> {
        let (found, wakesCheck) = shared.withLock(waitingUntil: { $0.checked > index || $0.finished || $0.fileError != nil }) { shared in
            if let fileError = shared.fileError { return (Result<[Reject.Issue], XMLReadError>.failure(fileError), false) }
            shared.taken = index + 1
            return (.success(shared.issues.removeValue(forKey: index) ?? []), shared.checked - shared.taken < Self.maximumLead / 2)
        }
        if wakesCheck { shared.wakeAll() }
        return found
    }

    /// Waits for the check to reach the end of the file.
    /// - Returns: the error that refuses the whole file, if any.
    func finalError() -> XMLReadError? {
        shared.withLock { $0.taken = Int.max / 2 }
        shared.wakeAll()
        return shared.withLock(waitingUntil: { $0.finished || $0.fileError != nil }) { $0.fileError }
    }

    // MARK: - The check's thread

    /// Waits while the check is more than `maximumLead` records ahead of the reader.
    /// - Returns: `true` when the check is cancelled and must stop.
    fileprivate func waitForReader() -> Bool {
        shared.withLock(waitingUntil: { $0.checked - $0.taken <= Self.maximumLead || $0.cancelled }) { $0.cancelled }
    }

    /// Publishes the errors of record `ordinal`, the last one closed.
    fileprivate func publish(_ found: [Reject.Issue], ofRecord ordinal: Int) {
        let checked = ordinal + 1
        shared.withLock { shared in
            if !found.isEmpty { shared.issues[ordinal] = found }
            shared.checked = checked
        }
        // Wake the reader by batches: waking it for every record when it waits on the check would
        // make both threads take turns.
        if checked % Self.batch == 0 { shared.wakeAll() }
    }

    fileprivate func refuse(_ error: XMLReadError) {
        shared.withLock { $0.fileError = error }
        shared.wakeAll()
    }

    private func run() {
        guard let file = try? ChunkedFile(path: path) else { return }
        // libxml2 keeps its generic error handler per thread: silence this one too.
        bourse_xml_silence_generic_errors()
        defer { bourse_xml_restore_generic_errors() }
        let walk = Walk(check: self)
        // libxml2 reaches it through unretained pointers until the parse is over.
        defer { withExtendedLifetime(walk) {} }
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, local, _, uri, _, _, _, _, _ in
            Unmanaged<Walk>.fromOpaque(user!).takeUnretainedValue().startElement(local: local, uri: uri)
        }
        sax.endElementNs = { user, _, _, _ in
            Unmanaged<Walk>.fromOpaque(user!).takeUnretainedValue().endElement()
        }
        // The validator handles each event after this handler (libxml2's SAX plug calls the user's
        // callbacks first): text after a record's end tag ends the time in which errors belong to
        // it, so that stray text between records refuses the file, as any error outside records.
        sax.characters = { user, _, _ in
            Unmanaged<Walk>.fromOpaque(user!).takeUnretainedValue().text()
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { user, _, _, _ in
            let walk = Unmanaged<Walk>.fromOpaque(user!).takeUnretainedValue()
            walk.stopped = true
            if let context = walk.context { xmlStopParser(context) }
        }
        sax.serror = { _, _ in }
        let box = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
        box.initialize(to: sax)
        defer { box.deallocate() }
        var handler: UnsafeMutablePointer<xmlSAXHandler>? = box
        var user: UnsafeMutableRawPointer? = Unmanaged.passUnretained(walk).toOpaque()
        guard let validation = xmlSchemaNewValidCtxt(schema.schema) else { return }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, { user, error in
            guard let user, let error else { return }
            Unmanaged<Walk>.fromOpaque(user).takeUnretainedValue().schemaError(error.pointee)
        }, Unmanaged.passUnretained(walk).toOpaque())
        let plug = xmlSchemaSAXPlug(validation, &handler, &user)
        defer { if plug != nil { xmlSchemaSAXUnplug(plug) } }
        LibXML2.initialize()
        guard let context = xmlCreatePushParserCtxt(handler, user, nil, 0, nil) else { return }
        walk.context = context
        defer {
            walk.context = nil
            xmlFreeParserCtxt(context)
        }
        xmlCtxtUseOptions(context, transcoding.parserOptions)
        var feeder = XMLFeeder(transcoding)
        let dictionary = context.pointee.dict
        walk.recordLocal = record.local.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: 1) { xmlDictLookup(dictionary, $0, -1) } }
        walk.recordURI = record.uri.map { uri in uri.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: 1) { xmlDictLookup(dictionary, $0, -1) } } }

        // Pieces of a quarter of `maximumMarkup`, as the reader feeds its own parser: no tag
        // longer than that and a piece is ever parsed (an attribute bomb's duplicate check).
        let chunkSize = XMLInventoryReader.maximumMarkup / 4
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var fed: [UInt8] = []
        while !walk.stopped {
            if waitForReader() { return }
            guard let n = try? file.read(into: UnsafeMutableRawPointer(buffer.baseAddress!), count: chunkSize) else { return }
            fed.removeAll(keepingCapacity: true)
            feeder.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), into: &fed)
            let status = fed.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    xmlParseChunk(context, chars.baseAddress, Int32(chars.count), n == 0 ? 1 : 0)
                }
            }
            // A malformed file: the reader finds the same error and reports it; so too a tag
            // longer than `maximumMarkup` (which the reader refuses).
            if status != 0 || n == 0 { break }
            if let input = context.pointee.input, let cur = input.pointee.cur, let end = input.pointee.end,
               end - cur > XMLInventoryReader.maximumMarkup { break }
        }
        if walk.pending { walk.finishRecord() }
    }
}

/// The check thread's own state while it parses (libxml2's callbacks reach it through their user
/// pointer): created, used and dropped by that thread alone.
private final class Walk {
    let check: XMLSchemaCheck
    var context: xmlParserCtxtPtr?
    var recordLocal: XMLString?
    var recordURI: XMLString?
    var depth = 0
    var recordDepth = -1
    var ordinal = 0
    var pending = false
    var current: [Reject.Issue] = []
    var stopped = false

    init(check: XMLSchemaCheck) {
        self.check = check
    }

    func startElement(local: XMLString?, uri: XMLString?) {
        if stopped { return }
        if pending { finishRecord() }
        if local == recordLocal && uri == recordURI && recordDepth < 0 {
            recordDepth = depth
        }
        depth += 1
    }

    func text() {
        if stopped { return }
        if pending { finishRecord() }
    }

    func endElement() {
        if stopped { return }
        if pending { finishRecord() }
        depth -= 1
        if depth == recordDepth {
            recordDepth = -1
            pending = true
        }
    }

    func schemaError(_ error: xmlError) {
        if stopped { return }
        let message = SchemaMessages.french(error.message.map { String(cString: $0) } ?? "")
        if recordDepth >= 0 || pending {
            current.append(.init(field: nil, message: "schéma XSD : \(message)"))
            return
        }
        stopped = true
        let line = context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
        check.refuse(.schema(line: line, message: message))
    }

    /// Publishes the errors of the record just closed.
    func finishRecord() {
        pending = false
        let found = current
        current.removeAll()
        check.publish(found, ofRecord: ordinal)
        ordinal += 1
    }
}
