import BourseCore
import Foundation

/// The fields of one kind of record a CSV file can hold (premises, structures, needs), with the
/// column headers users write for each.
public protocol ColumnField: CaseIterable, Hashable, Sendable, RawRepresentable, Codable where RawValue == String, AllCases == [Self] {
    /// What users read in messages.
    var label: String { get }
    /// Whether several columns are joined rather than the first kept (`Email` and `Téléphone`).
    var joinsSeveralColumns: Bool { get }
    /// Position in `allCases`, for arrays indexed by field.
    var ordinal: Int { get }
    /// Normalised header → field, built once with `ColumnMatcher.aliasTable(_:)`.
    static var aliasTable: [String: Self] { get }
    /// The field a header names through loose rules on its normalised words.
    static func loose(words: Set<String>) -> Self?
    /// Labels of required fields missing from a header row.
    static func missingRequired(in columns: [Self: [Int]]) -> [String]
}
