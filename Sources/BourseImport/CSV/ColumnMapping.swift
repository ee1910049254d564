import BourseCore
import Foundation

/// How the columns of a file map to fields.
public struct ColumnMapping<Field: ColumnField>: Sendable {
    /// Column indices of each field, in file order (several only for joined fields).
    public var columns: [Field: [Int]]
    /// Columns kept aside as extra data: index and header.
    public var extras: [(index: Int, header: String)]
    /// Columns the profile says to ignore.
    public var ignored: [String]
    /// How each column was understood: header, field, and whether a loose rule (not an alias) found it.
    public var readings: [(header: String, field: Field, loose: Bool)]
    /// Headers as written.
    public var headers: [String]
    /// Index after the last non-empty header: fields beyond it must be empty.
    public var width: Int

    /// Fields that a record cannot do without, missing from this header.
    public var missingRequired: [String] { Field.missingRequired(in: columns) }

    /// The header written for a field (its first column).
    public func header(of field: Field) -> String {
        columns[field].flatMap { $0.first.map { headers[$0] } } ?? field.label
    }
}
