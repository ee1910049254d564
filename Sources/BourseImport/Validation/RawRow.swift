import BourseCore
import Foundation

/// The cells of one record, by field, as the CSV or XML layer found them.
///
/// A cell is raw bytes in the file's encoding (the fast path) or text already decoded (joined
/// columns, XML). Byte cells are only valid while the reader is on the record.
public struct RawRow<Field: ColumnField> {
    var bytes: [UnsafeBufferPointer<UInt8>?]
    var texts: [String?]
    private var hasTexts = false

    public init() {
        bytes = Array(repeating: nil, count: Field.allCases.count)
        texts = Array(repeating: nil, count: Field.allCases.count)
    }

    /// Empties every cell for the next record.
    public mutating func clear() {
        for index in bytes.indices { bytes[index] = nil }
        if hasTexts {
            for index in texts.indices { texts[index] = nil }
            hasTexts = false
        }
    }

    public mutating func set(_ field: Field, bytes cell: UnsafeBufferPointer<UInt8>) {
        bytes[field.ordinal] = cell
    }

    public mutating func set(_ field: Field, text: String) {
        hasTexts = true
        texts[field.ordinal] = text
    }

    /// Whether the cell holds nothing (absent, empty, or a missing-value marker).
    public func isMissing(_ field: Field) -> Bool {
        if let text = texts[field.ordinal] { return FieldParsers.isMissing(text: text) }
        guard let cell = bytes[field.ordinal] else { return true }
        return FieldParsers.isMissing(cell)
    }

    /// The trimmed text of a cell, `nil` when missing.
    public func text(_ field: Field, encoding: TextEncoding) -> String? {
        if let text = texts[field.ordinal] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return FieldParsers.isMissing(text: trimmed) ? nil : trimmed
        }
        guard let cell = bytes[field.ordinal], !FieldParsers.isMissing(cell) else { return nil }
        let decoded = encoding.decode(cell)
        if decoded.utf8.first.map({ $0 >= 0x80 }) == true || decoded.utf8.last.map({ $0 >= 0x80 }) == true {
            let trimmed = decoded.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        return decoded
    }

    /// A number cell (see `FieldParsers.number`).
    public func number(_ field: Field, encoding: TextEncoding, freeIsZero: Bool = false) -> FieldValue<Double> {
        if let text = texts[field.ordinal] { return FieldParsers.number(text: text, freeIsZero: freeIsZero) }
        guard let cell = bytes[field.ordinal] else { return .missing }
        return FieldParsers.number(cell, encoding: encoding, freeIsZero: freeIsZero)
    }

    /// A date cell (see `FieldParsers.date`).
    public func date(_ field: Field, encoding: TextEncoding) -> FieldValue<FieldParsers.DateReading> {
        if let text = texts[field.ordinal] { return FieldParsers.date(text: text) }
        guard let cell = bytes[field.ordinal] else { return .missing }
        return FieldParsers.date(cell, encoding: encoding)
    }
}

/// The cells of one premises record.
public typealias RawPremisesRow = RawRow<PremisesField>
