/// The fields of a register of needs, named as in mapping profiles.
public enum NeedField: String, ColumnField {
    case reference
    case structure
    case surfaceMin = "surface_min"
    case surfaceMax = "surface_max"
    case budgetMonthly = "budget_mensuel"
    case budgetPerSquareMetreYear = "budget_m2_an"
    case communes
    case types
    case wantedFrom = "disponible_le"
    case minimumDuration = "duree_min_mois"
    case accessible = "pmr"
    case leaseKinds = "baux"
    case requestedOn = "date_demande"
    case status = "statut"
    case remarks = "remarques"

    public var label: String {
        switch self {
        case .reference: "référence"
        case .structure: "structure"
        case .surfaceMin: "surface minimale"
        case .surfaceMax: "surface maximale"
        case .budgetMonthly: "budget mensuel"
        case .budgetPerSquareMetreYear: "budget €/m²/an"
        case .communes: "communes souhaitées"
        case .types: "types de locaux"
        case .wantedFrom: "souhaité à partir du"
        case .minimumDuration: "durée minimale"
        case .accessible: "PMR requis"
        case .leaseKinds: "baux acceptés"
        case .requestedOn: "date de la demande"
        case .status: "statut"
        case .remarks: "remarques"
        }
    }

    public var joinsSeveralColumns: Bool { self == .remarks }

    public var ordinal: Int { NeedField.allCases.firstIndex(of: self) ?? 0 }

    static let aliases: [NeedField: [String]] = [
        .reference: ["Référence", "Réf.", "Ref", "Référence besoin", "N° besoin", "Identifiant", "ID", "Code besoin"],
        .structure: ["Structure", "Référence structure", "Structure (référence ou SIRET)", "SIRET", "SIRET structure", "Porteur"],
        .surfaceMin: ["Surface min", "Surface min (m²)", "Surface minimale", "Surface mini", "Min m²", "Surface minimum"],
        .surfaceMax: ["Surface max", "Surface max (m²)", "Surface maximale", "Surface maxi", "Max m²", "Surface maximum"],
        .budgetMonthly: ["Budget mensuel max (€)", "Budget mensuel", "Budget", "Budget max", "Loyer max", "Loyer mensuel max", "Budget mensuel maximum"],
        .budgetPerSquareMetreYear: ["Budget €/m²/an", "Budget au m²", "Loyer max €/m²/an", "Budget m²/an"],
        .communes: ["Communes souhaitées", "Communes", "Commune souhaitée", "Localisation souhaitée", "Secteur géographique", "Communes (par ordre de préférence)"],
        .types: ["Types de locaux", "Type de local", "Types", "Type", "Nature du local recherché", "Types acceptés"],
        .wantedFrom: ["Disponible à partir du", "Souhaité à partir du", "Date souhaitée", "À partir du", "Date d'entrée souhaitée", "Besoin à partir du"],
        .minimumDuration: ["Durée minimale (mois)", "Durée minimale", "Durée min", "Durée (mois)", "Durée souhaitée (mois)"],
        .accessible: ["PMR requis", "PMR", "Accessibilité PMR requise", "Accessibilité PMR", "Accès PMR"],
        .leaseKinds: ["Baux acceptés", "Bail", "Type de bail", "Baux", "Types de bail acceptés"],
        .requestedOn: ["Date de la demande", "Date demande", "Date de dépôt", "Demande du"],
        .status: ["Statut", "État", "Etat de la demande"],
        .remarks: ["Remarques", "Observations", "Commentaire", "Commentaires", "Notes", "Description du besoin", "Précisions"],
    ]

    public static let aliasTable = ColumnMatcher.aliasTable(aliases)

    public static func loose(words: Set<String>) -> NeedField? {
        func has(_ candidates: String...) -> Bool { candidates.contains(where: words.contains) }
        if has("surface", "superficie", "m2") {
            if has("min", "minimale", "mini", "minimum") { return .surfaceMin }
            if has("max", "maximale", "maxi", "maximum") { return .surfaceMax }
            return nil
        }
        if has("budget", "loyer") { return has("m2") ? .budgetPerSquareMetreYear : .budgetMonthly }
        if has("commune", "communes", "localisation") { return .communes }
        if has("bail", "baux") { return .leaseKinds }
        if has("pmr", "accessibilite") { return .accessible }
        if has("duree") { return .minimumDuration }
        if has("demande", "depot") && has("date") { return .requestedOn }
        if has("partir", "souhaite", "souhaitee") { return .wantedFrom }
        if has("type", "types", "nature") { return .types }
        if has("structure", "siret", "porteur") { return .structure }
        if has("statut", "etat") { return .status }
        if has("remarque", "remarques", "observations", "commentaire") { return .remarks }
        if has("reference", "ref", "identifiant") { return .reference }
        return nil
    }

    public static func missingRequired(in columns: [NeedField: [Int]]) -> [String] {
        [NeedField.reference, .structure, .surfaceMin, .surfaceMax].filter { columns[$0] == nil }.map(\.label)
    }
}
