import BourseCore
import Foundation

/// Matches column headers to fields: a mapping profile first, then normalised aliases, then loose
/// rules on the words of the header.
public enum ColumnMatcher {
    private static let smallWords: Set<String> = ["de", "du", "des", "d", "la", "le", "les", "l", "en", "a", "au", "aux", "par", "et"]

    /// Normalises a header for comparison: `fold`, then small words removed.
    /// `"Surface (m²)"` → `"surface m2"`, `"Disponible à partir du"` → `"disponible partir"`.
    public static func normalise(_ header: String) -> String {
        TextFolding.fold(header).split(separator: " ").filter { !smallWords.contains(String($0)) }.joined(separator: " ")
    }

    /// Builds the alias table of a field set: each field's raw value and aliases, normalised; the
    /// first field listed wins a shared alias.
    public static func aliasTable<Field: ColumnField>(_ aliases: [Field: [String]]) -> [String: Field] {
        var table: [String: Field] = [:]
        for field in Field.allCases {
            table[field.rawValue.replacingOccurrences(of: "_", with: " ")] = field
            for alias in aliases[field] ?? [] {
                let key = normalise(alias)
                if table[key] == nil { table[key] = field }
            }
        }
        return table
    }

    /// The field a header names through a loose rule, or `nil`.
    public static func loose<Field: ColumnField>(_ header: String, as type: Field.Type) -> Field? {
        Field.loose(words: Set(normalise(header).split(separator: " ").map(String.init)))
    }

    /// Maps a header row.
    /// - Parameters:
    ///   - headers: the cells of the header row, as written.
    ///   - profile: the source's mapping profile, which wins over aliases.
    public static func map<Field: ColumnField>(_ headers: [String], profile: FieldMappingProfile<Field>?, as type: Field.Type = Field.self) -> ColumnMapping<Field> {
        var profileColumns: [String: Field] = [:]
        var profileIgnored: Set<String> = []
        if let profile {
            for (header, field) in profile.columns { profileColumns[normalise(header)] = field }
            for header in profile.ignored { profileIgnored.insert(normalise(header)) }
        }
        var mapping = ColumnMapping<Field>(columns: [:], extras: [], ignored: [], readings: [], headers: headers, width: 0)
        for (index, header) in headers.enumerated() {
            let trimmed = header.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            mapping.width = index + 1
            let key = normalise(trimmed)
            if profileIgnored.contains(key) {
                mapping.ignored.append(trimmed)
                continue
            }
            var loose = false
            var field = profileColumns[key] ?? Field.aliasTable[key]
            if field == nil {
                field = Field.loose(words: Set(key.split(separator: " ").map(String.init)))
                loose = field != nil
            }
            guard let field else {
                mapping.extras.append((index, trimmed))
                continue
            }
            if let existing = mapping.columns[field], !field.joinsSeveralColumns, !existing.isEmpty {
                // A second column for the same field: kept aside, never lost.
                mapping.extras.append((index, trimmed))
                continue
            }
            mapping.columns[field, default: []].append(index)
            mapping.readings.append((trimmed, field, loose))
        }
        return mapping
    }
}
