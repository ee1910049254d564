/// What a file imported for a source must agree with: a commune's inventory holds premises of that
/// commune; a file that names its landlord names this source.
extension Source {
    /// The commune whose inventory this source is: a commune source with its INSEE code. Other
    /// sources (landlords, the EPT, a patron) may hold premises of several communes.
    public var inventoryCommuneInsee: String? {
        guard kind == .commune, let insee = communeInsee, !insee.isEmpty else { return nil }
        return insee
    }

    /// Whether `text` (a landlord named in a file) designates this source: its identifier or its
    /// name, case, accents, hyphens and spacing folded (`oph-terres-envol`, `OPH Terres d'Envol`,
    /// `Coopérative Habitat 93`).
    public func isNamed(_ text: String) -> Bool {
        let folded = TextFolding.fold(text)
        guard !folded.isEmpty else { return false }
        return folded == TextFolding.fold(id) || folded == TextFolding.fold(name)
    }
}

extension Commune {
    /// The name after « de », elided or contracted as French writes it: « de Drancy »,
    /// « d'Aulnay-sous-Bois », « du Blanc-Mesnil », « des Lilas », « de la Courneuve ».
    public var withDe: String { Commune.withDe(name) }

    /// `name` after « de » (see `withDe`).
    public static func withDe(_ name: String) -> String {
        if name.hasPrefix("Le ") { return "du " + name.dropFirst(3) }
        if name.hasPrefix("Les ") { return "des " + name.dropFirst(4) }
        if name.hasPrefix("La ") { return "de la " + name.dropFirst(3) }
        if name.hasPrefix("L'") || name.hasPrefix("L’") { return "de l'" + name.dropFirst(2) }
        if let first = name.unicodeScalars.first, "AEIOUYÉÈÊÂÎÔÛaeiouyéèêâîôû".unicodeScalars.contains(first) {
            // Not before an h: « de Houilles » (h aspiré) cannot be told from « d'Hautmont ».
            return "d'" + name
        }
        return "de " + name
    }
}
