import Foundation
import BourseCore

/// How the columns of a file map to premises fields.
public struct HeaderMapping: Sendable {
    /// Column indices of each field, in file order (several only for joined fields).
    public var columns: [PremisesField: [Int]]
    /// Columns kept aside as extra data: index and header.
    public var extras: [(index: Int, header: String)]
    /// Columns the profile says to ignore.
    public var ignored: [String]
    /// How each column was understood: header, field, and whether a loose rule (not an alias) found it.
    public var readings: [(header: String, field: PremisesField, loose: Bool)]
    /// Headers as written.
    public var headers: [String]
    /// Index after the last non-empty header: fields beyond it must be empty.
    public var width: Int

    /// Fields that a premises row cannot do without, missing from this header.
    public var missingRequired: [String] {
        var missing: [String] = []
        if columns[.reference] == nil { missing.append(PremisesField.reference.label) }
        if columns[.commune] == nil && columns[.inseeCode] == nil && columns[.postalCode] == nil {
            missing.append("commune (ou code INSEE, ou code postal)")
        }
        if columns[.surface] == nil { missing.append(PremisesField.surface.label) }
        return missing
    }

    /// The header written for a field (its first column).
    public func header(of field: PremisesField) -> String {
        columns[field].flatMap { $0.first.map { headers[$0] } } ?? field.label
    }
}

/// Matches column headers to premises fields: a mapping profile first, then normalised aliases,
/// then loose rules on the words of the header.
public enum HeaderMatcher {
    private static let smallWords: Set<String> = ["de", "du", "des", "d", "la", "le", "les", "l", "en", "a", "au", "aux", "par", "et", "en"]

    /// Normalises a header for comparison: `fold`, then small words removed.
    /// `"Surface (m²)"` → `"surface m2"`, `"Disponible à partir du"` → `"disponible partir"`.
    public static func normalise(_ header: String) -> String {
        TextFolding.fold(header).split(separator: " ").filter { !smallWords.contains(String($0)) }.joined(separator: " ")
    }

    private static let aliasTable: [String: PremisesField] = {
        var table: [String: PremisesField] = [:]
        for field in PremisesField.allCases {
            table[field.rawValue.replacingOccurrences(of: "_", with: " ")] = field
            for alias in PremisesField.aliases[field] ?? [] {
                let key = normalise(alias)
                if table[key] == nil { table[key] = field }
            }
        }
        return table
    }()

    /// The field a header names through an alias, or `nil`.
    public static func alias(_ header: String) -> PremisesField? {
        aliasTable[normalise(header)]
    }

    /// The field a header names through loose rules on its words, or `nil`.
    public static func loose(_ header: String) -> PremisesField? {
        let words = Set(normalise(header).split(separator: " ").map(String.init))
        func has(_ candidates: String...) -> Bool { candidates.contains(where: words.contains) }
        if has("insee") { return .inseeCode }
        if has("postal", "cp") { return .postalCode }
        if has("loyer", "redevance", "prix", "tarif") {
            if has("marche", "reference", "valeur") { return .marketRent }
            if has("charges", "cc", "ttc", "comprises") { return nil }
            if has("m2") { return .rentPerSquareMetreYear }
            if has("annuel", "an", "annuelle", "annee") { return .annualRent }
            return .monthlyRent
        }
        if has("valeur") && has("locative") { return .marketRent }
        if has("charges", "charge") { return .charges }
        if has("surface", "superficie", "surf") { return .surface }
        if has("commune", "ville") { return .commune }
        if has("adresse", "rue", "voie") { return .address }
        if has("bail", "convention") { return .lease }
        if has("pmr", "accessibilite", "accessible", "handicap", "handicapes") { return .accessible }
        if has("etage", "niveau") { return .floor }
        if has("jusqu", "fin") && has("disponibilite", "disponible", "date", "dispo") { return .availableUntil }
        if has("disponibilite", "disponible", "dispo", "liberation", "libre") { return .availableFrom }
        if has("remarque", "remarques", "observation", "observations", "commentaire", "commentaires", "notes") { return .remarks }
        if has("contact", "mail", "email", "courriel", "telephone", "tel") { return .contact }
        if has("statut", "etat") { return .status }
        if has("type", "nature", "categorie", "typologie") { return .type }
        if has("reference", "ref", "identifiant", "id", "numero", "no") { return .reference }
        return nil
    }

    /// Maps a header row.
    /// - Parameters:
    ///   - headers: the cells of the header row, as written.
    ///   - profile: the source's mapping profile, which wins over aliases.
    public static func map(_ headers: [String], profile: MappingProfile?) -> HeaderMapping {
        var profileColumns: [String: PremisesField] = [:]
        var profileIgnored: Set<String> = []
        if let profile {
            for (header, field) in profile.columns { profileColumns[normalise(header)] = field }
            for header in profile.ignored { profileIgnored.insert(normalise(header)) }
        }
        var mapping = HeaderMapping(columns: [:], extras: [], ignored: [], readings: [], headers: headers, width: 0)
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
            var field = profileColumns[key] ?? aliasTable[key]
            if field == nil {
                field = self.loose(trimmed)
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
