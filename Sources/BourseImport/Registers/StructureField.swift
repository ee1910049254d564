/// The fields of a register of ESS structures, named as in mapping profiles.
public enum StructureField: String, ColumnField {
    case reference
    case name = "nom"
    case siret
    case legalForm = "forme_juridique"
    case legalCategory = "categorie_juridique"
    case sector = "secteur"
    case jobs = "etp"
    case laureateYear = "laureat"
    case contact
    case commune
    case remarks = "remarques"

    public var label: String {
        switch self {
        case .reference: "référence"
        case .name: "nom"
        case .siret: "SIRET"
        case .legalForm: "forme juridique"
        case .legalCategory: "catégorie juridique INSEE"
        case .sector: "secteur"
        case .jobs: "ETP"
        case .laureateYear: "lauréat de l'appel à projets"
        case .contact: "contact"
        case .commune: "commune"
        case .remarks: "remarques"
        }
    }

    public var joinsSeveralColumns: Bool { self == .contact || self == .remarks }

    public var ordinal: Int { StructureField.allCases.firstIndex(of: self) ?? 0 }

    static let aliases: [StructureField: [String]] = [
        .reference: ["Référence", "Réf.", "Ref", "Identifiant", "ID", "Code structure", "N°", "Référence structure"],
        .name: ["Nom", "Nom de la structure", "Raison sociale", "Dénomination", "Structure", "Nom structure"],
        .siret: ["SIRET", "N° SIRET", "Numéro SIRET", "Siret"],
        .legalForm: ["Forme juridique", "Statut juridique", "Forme", "Statut"],
        .legalCategory: ["Catégorie juridique", "Code catégorie juridique", "Catégorie juridique INSEE", "Code juridique", "CJ"],
        .sector: ["Secteur", "Secteur d'activité", "Activité", "Domaine", "Filière", "Thématique"],
        .jobs: ["ETP", "Emplois", "Nombre d'ETP", "Effectif", "Effectif ETP", "Salariés (ETP)", "Emplois (ETP)"],
        .laureateYear: ["Lauréat AAP", "Lauréat", "Lauréat appel à projets", "AAP", "Année AAP", "Lauréat de l'appel à projets"],
        .contact: ["Contact", "Interlocuteur", "Email", "Courriel", "Téléphone", "Référent"],
        .commune: ["Commune", "Ville", "Siège", "Commune du siège", "Code postal", "Code INSEE"],
        .remarks: ["Remarques", "Observations", "Commentaire", "Commentaires", "Notes", "Description"],
    ]

    public static let aliasTable = ColumnMatcher.aliasTable(aliases)

    public static func loose(words: Set<String>) -> StructureField? {
        func has(_ candidates: String...) -> Bool { candidates.contains(where: words.contains) }
        if has("siret") { return .siret }
        if has("categorie") && has("juridique") { return .legalCategory }
        if has("juridique", "forme") { return .legalForm }
        if has("secteur", "activite") { return .sector }
        if has("etp", "emplois", "effectif") { return .jobs }
        if has("laureat", "aap") { return .laureateYear }
        if has("contact", "mail", "courriel", "telephone") { return .contact }
        if has("commune", "ville") { return .commune }
        if has("remarque", "remarques", "observations", "commentaire") { return .remarks }
        if has("nom", "raison", "denomination") { return .name }
        if has("reference", "ref", "identifiant") { return .reference }
        return nil
    }

    public static func missingRequired(in columns: [StructureField: [Int]]) -> [String] {
        [StructureField.reference, .name].filter { columns[$0] == nil }.map(\.label)
    }
}
