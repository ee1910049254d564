import BourseCore
import Foundation

/// Reads a commune inventory in CSV: a `CSVTableReader` of premises fields, every record validated
/// and the accepted premises and rejects handed to the caller as they come (memory stays flat).
public final class CSVInventoryReader: InventoryReader {
    private let table: CSVTableReader<PremisesField>
    private var validator: PremisesRowValidator

    public var path: String { table.path }
    /// The name used in messages (usually the file name).
    public var displayName: String { table.displayName }
    public var facts: FileFacts { table.facts }
    /// The UTF-8 copy a UTF-16 file was read through, removed once open (tests).
    var transcodedPath: String? { table.transcodedPath }
    public var dialect: CSVDialect { table.dialect }
    public var mapping: HeaderMapping { table.mapping }
    public var headerLine: Int? { table.headerLine }
    public var titleLines: [String] { table.titleLines }
    public var format: String { "csv" }
    public var delimiterName: String? { table.dialect.delimiterName }
    /// Notes about the header for the user (loosely read columns, extra columns).
    public var notes: [Diagnostic] { table.notes }
    /// A date found in the title lines ("Mis à jour le 30/04/2026"), a hint for the inventory date.
    public var titleDate: CivilDate? { table.titleDate }
    /// Bytes per record assumed to size the duplicate table from the file's size: commune
    /// exports run 100 to 200 bytes a record; fewer only costs a doubling of the table.
    static let expectedBytesPerRecord = 100
    /// From about a megabyte on, scanning and validation run on helper threads (`scansAhead`);
    /// the reading thread only delivers.
    public var leavesReadingThreadIdle: Bool { true }

    /// Leave address, contact and remarks undecoded (a dry run that compares nothing).
    public var skipsFreeText: Bool {
        get { validator.skipsFreeText }
        set { validator.skipsFreeText = newValue }
    }
    /// Checks the records against the source the file is imported for (a commune's inventory
    /// holds that commune's premises).
    public func expect(_ source: Source) {
        validator.expectedSourceID = source.id
        validator.expectedCommuneInsee = source.inventoryCommuneInsee
    }
    /// Whether the records are scanned on a thread of their own (by default from about a megabyte).
    public var scansAhead: Bool {
        get { table.scansAhead }
        set { table.scansAhead = newValue }
    }
    /// Records per batch handed from the scanner (the tests and the fuzzing harness use small ones).
    public var batchRecordLimit: Int {
        get { table.batchRecordLimit }
        set { table.batchRecordLimit = newValue }
    }
    /// Whether the batches of records are validated on a helper thread (by default when the
    /// records are scanned ahead).
    public lazy var validatesInParallel = scansAhead

    /// Opens a file and reads up to its header.
    /// - Throws: `InventoryReadError` for a file that cannot be read, has no delimiter or no header.
    public init(path: String, displayName: String? = nil, territory: Territory, profile: MappingProfile?, fingerprint: Bool = true) throws(InventoryReadError) {
        table = try CSVTableReader(path: path, displayName: displayName, profile: profile, fingerprint: fingerprint)
        validator = PremisesRowValidator(territory: territory, encoding: table.facts.encoding, headers: table.fieldHeaders)
    }

    /// Reads every record after the header.
    /// - Parameters:
    ///   - progress: called now and then with bytes read and file size.
    ///   - accept: each valid premises with the line where its record starts.
    ///   - reject: each rejected record.
    ///   - warn: remarks on accepted records (unknown labels kept).
    /// - Throws: `InventoryReadError.malformed` for a structural error (the caller drops the whole
    ///   file), or whatever `accept`/`reject` throw.
    public func read(
        progress: ((Int, Int) -> Void)? = nil,
        accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        let encoding = facts.encoding
        var sink = InventoryRecordSink(
            summary: InventoryReadSummary(facts: facts, dialect: dialect, headerLine: headerLine, titleLines: titleLines),
            territory: validator.territory, displayName: displayName, referenceHeader: mapping.header(of: .reference),
            expectedKeys: facts.byteCount / Self.expectedBytesPerRecord)
        let hasExtras = !mapping.extras.isEmpty
        let table = self.table
        if let warning = table.encodingWarning {
            sink.summary.warnings += 1
            try warn(warning)
        }
        let layout = CSVTableReader<PremisesField>.RecordLayout(table)
        // A local copy: mutating a struct stored in a class pays a dynamic exclusivity check per call.
        var validator = self.validator
        defer { self.validator = validator }
        var row = RawPremisesRow()

        /// One record's check into the sink, in file order: duplicates, counts, callbacks.
        func deliver(_ check: RecordCheck, _ record: CSVRecord) throws {
            switch check {
            case .wrongWidth(let issue):
                try sink.rejectRecord(line: record.line, raw: encoding.decode(record.rawBytes), issues: [issue], reject: reject)
            case .validated(let outcome):
                try sink.handle(
                    outcome, line: record.line, raw: { encoding.decode(record.rawBytes) },
                    extras: hasExtras ? { table.extras(of: record) } : nil,
                    accept: accept, reject: reject, warn: warn)
            }
        }
        func checkAndDeliver(_ batch: CSVRecordBatch) throws {
            for index in 0..<batch.count {
                let record = batch.record(index)
                try deliver(RecordCheck.of(record, layout: layout, validator: &validator, row: &row), record)
            }
        }

        let counts: (records: Int, blank: Int)
        if validatesInParallel {
            // A helper takes the scanned batches in order, validates them and hands them on with
            // their checks; this thread delivers every record, in file order: its delivery, with
            // the duplicate check, is the longer share, so it validates nothing itself.
            let stream = table.recordStream()
            let handed = HandedStream(stream: stream)
            // The helper's own copy of the validator: its caches fill on that thread alone.
            let helperValidator = validator
            let validated = BackgroundProducer<ValidatedBatch>(depth: 4) { push in
                var validator = helperValidator
                var row = RawPremisesRow()
                while let batch = try handed.stream.next() {
                    let checks = RecordCheck.of(batch, layout: layout, validator: &validator, row: &row)
                    try push(ValidatedBatch(batch: batch, checks: checks))
                }
            }
            defer {
                // The helper first (it reads the stream), then the stream's own scanner.
                validated.cancel()
                stream.close()
            }
            var checks: [RecordCheck] = []
            counts = try table.walk(
                batches: {
                    let next = try validated.next()
                    checks = next?.checks ?? []
                    return next?.batch
                },
                progress: progress
            ) { batch in
                for index in 0..<batch.count { try deliver(checks[index], batch.record(index)) }
            }
        } else {
            counts = try table.forEachBatch(progress: progress, checkAndDeliver)
        }
        var summary = sink.summary
        summary.encodingName = facts.encodingName
        summary.records = counts.records
        summary.blankRecords = counts.blank
        return summary
    }
}

/// What validation made of one CSV record.
enum RecordCheck: Sendable {
    /// The wrong number of fields (never shifted).
    case wrongWidth(Reject.Issue)
    case validated(PremisesRowValidator.Outcome)

    static func of(
        _ record: CSVRecord, layout: CSVTableReader<PremisesField>.RecordLayout,
        validator: inout PremisesRowValidator, row: inout RawPremisesRow
    ) -> RecordCheck {
        if let issue = layout.cells(of: record, into: &row) { return .wrongWidth(issue) }
        return .validated(validator.validate(row))
    }

    /// The checks of a batch's records, in order.
    static func of(
        _ batch: CSVRecordBatch, layout: CSVTableReader<PremisesField>.RecordLayout,
        validator: inout PremisesRowValidator, row: inout RawPremisesRow
    ) -> [RecordCheck] {
        var checks: [RecordCheck] = []
        checks.reserveCapacity(batch.count)
        for index in 0..<batch.count {
            checks.append(of(batch.record(index), layout: layout, validator: &validator, row: &row))
        }
        return checks
    }
}

/// A scanned batch and its records' checks.
private struct ValidatedBatch: Sendable {
    let batch: CSVRecordBatch
    let checks: [RecordCheck]
}

/// The record stream lent to the helper that validates: only that thread reads the stream, from
/// the helper's start until `validated.cancel()` has joined it; the reading thread then closes the
/// stream. A stream is not `Sendable` (it holds the scanner, which two threads at once would
/// corrupt), and it cannot be sent (`sending`) for good: the reading thread gets it back to close.
private struct HandedStream: @unchecked Sendable {
    let stream: CSVRecordStream
}
