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
                    path: path, transcoding: transcoding, schema: schema, record: record, displayName: name, firstRecord: firstRecord)
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
