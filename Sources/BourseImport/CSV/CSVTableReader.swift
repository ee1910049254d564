import BourseCore
import Foundation

/// Reads a CSV file of records of one kind: sniffs the dialect, finds the header below any title
/// lines, maps the columns and walks the records, rejecting blank ones and those with a wrong
/// number of fields. Memory stays flat whatever the file size.
public final class CSVTableReader<Field: ColumnField> {
    public let path: String
    /// The name used in messages (usually the file name).
    public let displayName: String
    public let facts: FileFacts
    /// Bytes the scanner reads: the file's size, or its UTF-8 copy's for a UTF-16 file.
    let readSize: Int
    /// The UTF-8 copy of a UTF-16 file, removed once open (tests).
    private(set) var transcodedPath: String?
    public let dialect: CSVDialect
    public let mapping: ColumnMapping<Field>
    public let headerLine: Int
    public let titleLines: [String]
    let scanner: CSVScanner
    /// Notes about the header for the user (loosely read columns, extra columns).
    public private(set) var notes: [Diagnostic] = []

    /// Opens a file and reads up to its header.
    /// - Throws: `InventoryReadError` for a file that cannot be read, has no delimiter or no header.
    public init(path: String, displayName: String? = nil, profile: FieldMappingProfile<Field>?, recordName: String = "local", fingerprint: Bool = true) throws(InventoryReadError) {
        self.path = path
        let name = displayName ?? URL(fileURLWithPath: path).lastPathComponent
        self.displayName = name
        var facts: FileFacts
        let scanner: CSVScanner
        do {
            // A UTF-16 file (Excel's « Texte Unicode ») is read through a UTF-8 copy, removed as
            // soon as it is open (the scanner keeps reading it); its SHA-256 and size stay the
            // file's own.
            var readPath = path
            var copy: String?
            defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
            if let order = try UTF16Text.byteOrder(path: path) {
                let temporary = FileManager.default.temporaryDirectory
                    .appendingPathComponent("bourse-utf8-\(UUID().uuidString).csv").path
                copy = temporary
                try UTF16Text.transcode(path: path, order: order, to: temporary)
                facts = try ChunkedFile.facts(path: path, detectEncoding: false, hash: fingerprint)
                facts.encoding = .utf8
                facts.bomLength = 0
                facts.transcodedFrom = order.rawValue
                readPath = temporary
                transcodedPath = temporary
                readSize = try ChunkedFile(path: temporary).size
            } else {
                facts = try ChunkedFile.facts(path: path, hash: fingerprint)
                readSize = facts.byteCount
            }
            if readSize <= facts.bomLength { throw InventoryReadError.empty(file: name) }
            // Sniff on the first 64 KiB.
            var sample = try ChunkedFile(path: readPath).readBytes(upTo: min(readSize, 64 << 10))
            if let kind = BinaryDocument.kind(of: sample) { throw InventoryReadError.notText(file: name, kind: kind) }
            sample.removeFirst(min(facts.bomLength, sample.count))
            guard let dialect = DialectSniffer.sniff(sample) else { throw InventoryReadError.noDelimiter(file: name) }
            self.dialect = dialect
            scanner = try CSVScanner(file: ChunkedFile(path: readPath), skip: facts.bomLength, delimiter: dialect.delimiter)
        } catch let error as InventoryReadError {
            throw error
        } catch let error as InputFileError {
            throw .input(error)
        } catch {
            throw .input(.readFailed(path: path, reason: "\(error)"))
        }
        // Header: the first of the first 30 non-blank records that names the required columns.
        var titles: [String] = []
        var best: (line: Int, mapping: ColumnMapping<Field>)?
        var found: (line: Int, mapping: ColumnMapping<Field>)?
        var examined = 0
        do {
            while examined < 30, try scanner.next() {
                // Checked before any cell is decoded: a million-column line would take seconds
                // and hundreds of megabytes to map, and fill a screen with its names.
                if scanner.fieldCount > Self.maximumColumns {
                    throw InventoryReadError.tooManyColumns(file: name, line: scanner.line, count: scanner.fieldCount, limit: Self.maximumColumns)
                }
                if scanner.isBlank { continue }
                examined += 1
                let cells = (0..<scanner.fieldCount).map { facts.encoding.decode(scanner.field($0)) }
                let mapping = ColumnMatcher.map(cells, profile: profile)
                if mapping.missingRequired.isEmpty {
                    found = (scanner.line, mapping)
                    break
                }
                if mapping.readings.count > (best?.mapping.readings.count ?? -1) {
                    best = (scanner.line, mapping)
                }
                titles.append(cells.filter { !$0.isEmpty }.joined(separator: " "))
            }
        } catch let error as CSVError {
            throw .malformed(file: name, error)
        } catch let error as InputFileError {
            throw .input(error)
        } catch let error as InventoryReadError {
            throw error
        } catch {
            throw .input(.readFailed(path: path, reason: "\(error)"))
        }
        guard let found else {
            if examined == 0 { throw .empty(file: name) }
            // Show what was read, readably even for a binary file: at most 12 cells of 40 characters.
            let seen = (best?.mapping.headers.filter { !$0.isEmpty } ?? []).prefix(12).map { cell in
                let printable = String(String.UnicodeScalarView(cell.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
                return printable.count > 40 ? String(printable.prefix(39)) + "…" : printable
            }
            throw .headerNotFound(
                file: name, line: best?.line, missing: best?.mapping.missingRequired ?? Field.missingRequired(in: [:]),
                seen: Array(seen))
        }
        self.facts = facts
        self.scanner = scanner
        scansAhead = readSize >= 1 << 20
        let mapping = found.mapping
        self.mapping = mapping
        headerLine = found.line
        titleLines = titles
        for reading in mapping.readings where reading.loose {
            notes.append(Diagnostic(.note, "colonne « \(reading.header) » lue comme « \(reading.field.label) »", file: name, line: headerLine))
        }
        if !mapping.extras.isEmpty {
            let shown = Self.maximumListedColumns
            var list = mapping.extras.prefix(shown).map { "« \($0.header) »" }.joined(separator: ", ")
            if mapping.extras.count > shown { list += " et \(mapping.extras.count - shown) autres" }
            notes.append(Diagnostic(.note, "colonnes non reconnues, conservées telles quelles avec chaque \(recordName) : \(list)", file: name, line: headerLine))
        }
    }

    /// Most columns a table may have (Excel's own limit is 16,384; an inventory has a few dozen).
    public static var maximumColumns: Int { 4096 }
    /// Unknown columns named in the note about them (the rest are counted).
    static var maximumListedColumns: Int { 20 }

    /// The warning for a file that mixes UTF-8 and Windows-1252, if it does.
    public var encodingWarning: Diagnostic? { facts.mixedEncoding?.diagnostic(file: displayName) }

    /// A date found in the title lines ("Mis à jour le 30/04/2026"), a hint for the inventory date.
    public var titleDate: CivilDate? {
        for line in titleLines {
            for word in line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == ";" }) {
                if case .value(.date(let date)) = FieldParsers.date(text: String(word)) { return date }
            }
        }
        return nil
    }

    /// The fields' headers as written, for messages (joined columns with ` + `).
    public var fieldHeaders: [Field: String] {
        var headers: [Field: String] = [:]
        for (field, columns) in mapping.columns {
            headers[field] = columns.map { mapping.headers[$0] }.joined(separator: " + ")
        }
        return headers
    }

    /// Whether the records are scanned on a thread of their own while the caller validates them.
    /// Worth it from about a megabyte (the default then), when the caller has a core to spare.
    public var scansAhead: Bool
    /// Records per batch handed from the scanner (tests use small ones).
    var batchRecordLimit = CSVRecordBatch.recordLimit

    /// Walks the records after the header.
    /// - Parameters:
    ///   - progress: called now and then with bytes read and file size.
    ///   - reject: each record with a wrong number of fields (never shifted).
    ///   - body: each other non-blank record; `row` holds its cells by field, `record` its raw bytes.
    /// - Returns: the records (blank ones excluded) and blank ones seen.
    /// - Throws: `InventoryReadError.malformed` for a structural error, or what the closures throw.
    public func forEachRecord(
        progress: ((Int, Int) -> Void)? = nil,
        reject: (Reject) throws -> Void,
        _ body: (_ row: RawRow<Field>, _ line: Int, _ record: CSVRecord) throws -> Void
    ) throws -> (records: Int, blank: Int) {
        var row = RawRow<Field>()
        let layout = RecordLayout(self)
        return try forEachBatch(progress: progress) { batch in
            for index in 0..<batch.count {
                let record = batch.record(index)
                if let issue = layout.cells(of: record, into: &row) {
                    try reject(Reject(file: displayName, line: record.line, raw: facts.encoding.decode(record.rawBytes), issues: [issue]))
                } else {
                    try body(row, record.line, record)
                }
            }
        }
    }

    /// Walks the records after the header by batches, in order (blank records only counted). The
    /// batch that ends the file (`isLast`) comes last; a structural error is thrown after it.
    func forEachBatch(
        progress: ((Int, Int) -> Void)?,
        _ body: (CSVRecordBatch) throws -> Void
    ) throws -> (records: Int, blank: Int) {
        let stream = recordStream()
        defer { stream.close() }
        return try walk(batches: stream.next, progress: progress, body)
    }

    /// The records after the header, by batches, scanned as `scansAhead` says.
    func recordStream() -> CSVRecordStream {
        CSVRecordStream(scanner: scanner, inBackground: scansAhead, recordLimit: batchRecordLimit)
    }

    /// `forEachBatch` over batches from `next`: counts, progress, and the structural error a batch
    /// ends with thrown after its records.
    func walk(
        batches next: () throws -> CSVRecordBatch?,
        progress: ((Int, Int) -> Void)?,
        _ body: (CSVRecordBatch) throws -> Void
    ) throws -> (records: Int, blank: Int) {
        var records = 0
        var blank = 0
        var sinceProgress = 0
        while let batch = try next() {
            blank += batch.blank
            records += batch.count
            try body(batch)
            if let error = batch.error {
                if let error = error as? CSVError { throw InventoryReadError.malformed(file: displayName, error) }
                throw error
            }
            sinceProgress += batch.count + batch.blank
            if sinceProgress >= 8192, let progress {
                sinceProgress = 0
                progress(batch.bytesRead, readSize)
            }
        }
        progress?(readSize, readSize)
        return (records, blank)
    }

    /// How a record's fields become a row: the file's width and the columns of each field.
    struct RecordLayout: Sendable {
        let columns: [(field: Field, indices: [Int])]
        let width: Int
        let encoding: TextEncoding
        /// The columns' headers as written, for messages.
        let headers: [String]

        init(_ table: CSVTableReader) {
            columns = table.mapping.columns.map { (field: $0.key, indices: $0.value) }.sorted { $0.field.ordinal < $1.field.ordinal }
            width = table.mapping.width
            encoding = table.facts.encoding
            headers = table.mapping.headers
        }

        /// Fills `row` with the record's cells; or, for a record with the wrong number of
        /// fields (never shifted) or a NUL character, the reason to reject it.
        func cells(of record: CSVRecord, into row: inout RawRow<Field>) -> Reject.Issue? {
            // A NUL cuts the text wherever it is shown or passed on as a C string (`LOC-` for
            // `LOC-<NUL>12`): refused in any column, known or not. One `memchr` over the record's
            // bytes; the columns are looked at only when it finds one. (Other control characters
            // are kept: whoever shows them escapes them.)
            let raw = record.rawBytes
            if let base = raw.baseAddress, memchr(base, 0, raw.count) != nil {
                return nulIssue(record)
            }
            let count = record.fieldCount
            var extraFilled = true
            if count > width {
                for index in width..<count where !record.field(index).isEmpty {
                    extraFilled = false
                    break
                }
            }
            if count < width || !extraFilled {
                let message = count < width
                    ? "nombre de champs incorrect : \(count) au lieu de \(width) (champ manquant, ligne non décalée)"
                    : "nombre de champs incorrect : \(count) au lieu de \(width) (champ en trop, ligne non décalée)"
                return .init(field: nil, message: message)
            }
            row.clear()
            for column in columns {
                if column.indices.count == 1 {
                    row.set(column.field, bytes: record.field(column.indices[0]))
                } else {
                    let parts = column.indices.map { encoding.decode(record.field($0)) }.filter { !$0.isEmpty }
                    row.set(column.field, text: parts.joined(separator: " – "))
                }
            }
            return nil
        }

        /// The reason to reject a record holding a NUL, naming each column that has one.
        private func nulIssue(_ record: CSVRecord) -> Reject.Issue {
            var names: [String] = []
            for index in 0..<record.fieldCount where record.field(index).contains(0) {
                let header = index < headers.count ? headers[index] : ""
                names.append(header.isEmpty ? "colonne \(index + 1)" : header)
            }
            return .init(field: names.isEmpty ? nil : names.joined(separator: ", "), message: "caractère nul (NUL) interdit")
        }
    }

    /// The columns no alias knew, with their non-empty values in a record.
    public func extras(of record: CSVRecord) -> [ExtraField] {
        var extra: [ExtraField] = []
        for column in mapping.extras where column.index < record.fieldCount {
            let value = facts.encoding.decode(record.field(column.index))
            if !value.isEmpty { extra.append(ExtraField(header: column.header, value: value)) }
        }
        return extra
    }
}
