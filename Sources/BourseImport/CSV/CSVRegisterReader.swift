import BourseCore
import Foundation

/// Reads a register in CSV (structures, needs) with the inventories' reader: same dialects,
/// aliases, mapping profiles and rejects; the reference is unique within a file, the first
/// occurrence wins.
public final class CSVRegisterReader<Field: ColumnField> {
    public let table: CSVTableReader<Field>

    /// Opens a file and reads up to its header.
    /// - Throws: `InventoryReadError` for a file that cannot be read, has no delimiter or no header.
    public init(path: String, displayName: String? = nil, profile: FieldMappingProfile<Field>?, recordName: String) throws(InventoryReadError) {
        table = try CSVTableReader(path: path, displayName: displayName, profile: profile, recordName: recordName)
    }

    /// Reads every record, validating each with `validate`.
    public func read<Value>(
        validate: (RawRow<Field>) -> RecordOutcome<Value>,
        accept: (Value, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> RegisterReadSummary {
        var summary = RegisterReadSummary(facts: table.facts, dialect: table.dialect, headerLine: table.headerLine)
        var seen: [String: Int] = [:]
        let name = table.displayName
        let encoding = table.facts.encoding
        if let warning = table.encodingWarning {
            summary.warnings += 1
            try warn(warning)
        }
        let referenceHeader = table.mapping.columns.keys.sorted { $0.ordinal < $1.ordinal }.first.map(table.mapping.header(of:))
        let counts = try table.forEachRecord(reject: { wrongWidth in
            summary.rejected += 1
            try reject(wrongWidth)
        }) { row, line, record in
            switch validate(row) {
            case .rejected(let issues):
                summary.rejected += 1
                try reject(Reject(file: name, line: line, raw: encoding.decode(record.rawBytes), issues: issues))
            case let .accepted(value, key, warnings):
                if let first = seen[key] {
                    summary.rejected += 1
                    try reject(Reject(
                        file: name, line: line, raw: encoding.decode(record.rawBytes),
                        issues: [.init(field: referenceHeader, message: "doublon : même référence « \(key) » qu'à la ligne \(first) (la première est gardée)")]))
                    return
                }
                seen[key] = line
                for warning in warnings {
                    summary.warnings += 1
                    try warn(Diagnostic(.warning, warning.message, file: name, line: line, field: warning.field))
                }
                summary.accepted += 1
                try accept(value, line)
            }
        }
        summary.records = counts.records
        summary.blankRecords = counts.blank
        return summary
    }
}

/// Splits a list cell: `Aulnay|Sevran`, `Aulnay, Sevran`.
func splitList(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == "|" || $0 == "," || $0 == "\n" })
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
}

/// Words meaning "any" in a list cell.
func meansAny(_ text: String) -> Bool {
    ["tous", "toutes", "indifferent", "indifferente", "tout le territoire", "sans preference", "peu importe", "toutes communes", "tous types"]
        .contains(TextFolding.fold(text))
}
