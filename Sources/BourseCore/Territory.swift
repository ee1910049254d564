import Foundation

/// The communes a bourse covers, with their lookup by code or folded name.
///
/// The territory is data (a file in `Imports/`), so another EPT can use the tool.
public struct Territory: Sendable {
    public let communes: [Commune]
    private let byInsee: [String: Int]
    private let byPostal: [String: Int]
    private let byName: [String: Int]

    /// Builds the lookup tables.
    /// - Throws: `TerritoryError` when two communes share a code or a name.
    public init(communes: [Commune]) throws(TerritoryError) {
        self.communes = communes
        var byInsee: [String: Int] = [:]
        var byPostal: [String: Int] = [:]
        var byName: [String: Int] = [:]
        for (index, commune) in communes.enumerated() {
            guard byInsee.updateValue(index, forKey: commune.inseeCode) == nil else {
                throw .duplicate("code INSEE \(commune.inseeCode)")
            }
            for postal in commune.postalCodes {
                // Several communes may share a postal code; such a code then resolves to none.
                if let other = byPostal[postal], other != index { byPostal[postal] = -1 } else { byPostal[postal] = index }
            }
            for name in [commune.name] + commune.variants {
                let key = TextFolding.foldPlaceName(name)
                guard !key.isEmpty else { continue }
                if let other = byName[key], other != index {
                    throw .duplicate("nom « \(name) »")
                }
                byName[key] = index
            }
        }
        self.byInsee = byInsee
        self.byPostal = byPostal.filter { $0.value >= 0 }
        self.byName = byName
    }

    /// The commune with this INSEE code.
    public func commune(insee code: String) -> Commune? {
        byInsee[Territory.normalisedCode(code)].map { communes[$0] }
    }

    /// The commune with this postal code.
    public func commune(postalCode code: String) -> Commune? {
        byPostal[Territory.normalisedCode(code)].map { communes[$0] }
    }

    /// The commune with this name, folded (case, accents, hyphens, "Le ", "St").
    public func commune(name: String) -> Commune? {
        byName[TextFolding.foldPlaceName(name)].map { communes[$0] }
    }

    /// Resolves what a user wrote: an INSEE code, a postal code, a name, or "93600 Aulnay-sous-Bois".
    public func resolve(_ text: String) -> Commune? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        if let commune = commune(insee: trimmed) ?? commune(postalCode: trimmed) ?? commune(name: trimmed) {
            return commune
        }
        // "93600 Aulnay-sous-Bois", "Aulnay-sous-Bois (93600)", "93600 AULNAY SOUS BOIS CEDEX",
        // "DRANCY (93)": a postal or INSEE code, and a department number that must agree.
        let words = TextFolding.fold(trimmed).split(separator: " ").map(String.init)
        let codes = words.filter { $0.count == 5 && $0.allSatisfy(\.isNumber) }
        let departments = words.filter { $0.count == 2 && $0.allSatisfy(\.isNumber) }
        let nameWords = words.filter { !codes.contains($0) && !departments.contains($0) && $0 != "cedex" }
        let byCode = codes.compactMap { commune(insee: $0) ?? commune(postalCode: $0) }.first
        let byName = nameWords.isEmpty ? nil : commune(name: nameWords.joined(separator: " "))
        let found: Commune?
        switch (byCode, byName) {
        case let (code?, name?): found = code == name ? code : nil
        case let (code?, nil): found = nameWords.isEmpty ? code : nil
        case let (nil, name?): found = codes.isEmpty ? name : nil
        case (nil, nil): found = nil
        }
        guard let found, departments.allSatisfy({ found.inseeCode.hasPrefix($0) }) else { return nil }
        return found
    }

    /// Codes read by a spreadsheet as numbers lose their leading zero (`1000` for `01000`).
    static func normalisedCode(_ code: String) -> String {
        let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
        if trimmed.count == 4, trimmed.allSatisfy(\.isNumber) { return "0" + trimmed }
        return trimmed
    }
}

/// A territory file that cannot be used.
public enum TerritoryError: Error, Sendable, Equatable {
    case duplicate(String)
}

extension TerritoryError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .duplicate(let what): return "territoire : \(what) en double"
        }
    }
}
