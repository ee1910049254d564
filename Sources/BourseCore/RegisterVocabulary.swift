/// Legal form of an ESS structure.
public enum LegalForm: String, FrenchVocabulary, Codable {
    case association
    case scop
    case scic
    case cooperative
    case mutual = "mutuelle"
    case foundation = "fondation"
    case esus = "entreprise_esus"
    case other = "autre"

    public var label: String {
        switch self {
        case .association: "association"
        case .scop: "SCOP"
        case .scic: "SCIC"
        case .cooperative: "coopérative"
        case .mutual: "mutuelle"
        case .foundation: "fondation"
        case .esus: "entreprise ESUS"
        case .other: "autre"
        }
    }

    /// The legal form of an INSEE legal category code (catégorie juridique, 4 digits): 9210–9260
    /// associations, 9300 foundations, 8210/8250/8290/6411 mutuals, 5458/5558/5658 SCOP,
    /// 5460/5560/5660 other cooperatives.
    public static func fromINSEECategory(_ code: Int) -> LegalForm? {
        switch code {
        case 9210...9260: .association
        case 9300: .foundation
        case 8210, 8250, 8290, 6411: .mutual
        case 5458, 5558, 5658: .scop
        case 5460, 5560, 5660: .cooperative
        default: nil
        }
    }

    public static let lookupTable = VocabularyTable<LegalForm>()

    public static let synonyms: [(String, LegalForm)] = [
        ("association", .association), ("asso", .association), ("association loi 1901", .association),
        ("association declaree", .association), ("association reconnue d utilite publique", .association),
        ("scop", .scop), ("s c o p", .scop), ("societe cooperative et participative", .scop),
        ("cooperative et participative", .scop), ("cooperative de production", .scop), ("cooperative ouvriere de production", .scop),
        ("s c i c", .scic), ("cooperative d interet collectif", .scic),
        ("societe cooperative ouvriere de production", .scop), ("cooperative ouvriere", .scop),
        ("scic", .scic), ("societe cooperative d interet collectif", .scic),
        ("cooperative", .cooperative), ("societe cooperative", .cooperative), ("cae", .cooperative),
        ("cooperative d activite et d emploi", .cooperative), ("coop", .cooperative),
        ("mutuelle", .mutual), ("mutuelles", .mutual), ("mutualite", .mutual), ("mutuelle d assurance", .mutual),
        ("fondation", .foundation), ("fondation reconnue d utilite publique", .foundation), ("fondation d entreprise", .foundation),
        ("esus", .esus), ("entreprise esus", .esus), ("agree esus", .esus), ("agreee esus", .esus),
        ("entreprise solidaire d utilite sociale", .esus), ("agrement esus", .esus),
    ]
}

/// Sector of activity of an ESS structure.
public enum Sector: String, FrenchVocabulary, Codable {
    case insertion
    case reuse = "reemploi"
    case culture
    case mobility = "mobilite"
    case food = "alimentation"
    case personalServices = "services_personne"
    case digital = "numerique"
    case other = "autre"

    public var label: String {
        switch self {
        case .insertion: "insertion"
        case .reuse: "réemploi/recyclage"
        case .culture: "culture"
        case .mobility: "mobilité"
        case .food: "alimentation"
        case .personalServices: "services à la personne"
        case .digital: "numérique"
        case .other: "autre"
        }
    }

    public static let lookupTable = VocabularyTable<Sector>()

    public static let synonyms: [(String, Sector)] = [
        ("insertion", .insertion), ("iae", .insertion), ("insertion par l activite economique", .insertion),
        ("chantier d insertion", .insertion), ("entreprise d insertion", .insertion), ("regie de quartier", .insertion),
        ("reemploi", .reuse), ("recyclage", .reuse), ("reemploi recyclage", .reuse), ("ressourcerie", .reuse),
        ("recyclerie", .reuse), ("economie circulaire", .reuse), ("reparation", .reuse), ("repair cafe", .reuse),
        ("culture", .culture), ("culturel", .culture), ("arts", .culture), ("spectacle vivant", .culture),
        ("theatre", .culture), ("musique", .culture), ("arts et culture", .culture),
        ("mobilite", .mobility), ("mobilites", .mobility), ("velo", .mobility), ("transport", .mobility),
        ("alimentation", .food), ("alimentaire", .food), ("epicerie solidaire", .food), ("restauration", .food),
        ("agriculture urbaine", .food), ("circuits courts", .food),
        ("services a la personne", .personalServices), ("aide a domicile", .personalServices),
        ("sap", .personalServices), ("service a la personne", .personalServices),
        ("numerique", .digital), ("inclusion numerique", .digital), ("informatique", .digital),
        ("numerique solidaire", .digital),
    ]
}

/// Status of a need.
public enum NeedStatus: String, FrenchVocabulary, Codable {
    case active = "actif"
    case satisfied = "satisfait"
    case abandoned = "abandonne"

    public var label: String {
        switch self {
        case .active: "actif"
        case .satisfied: "satisfait"
        case .abandoned: "abandonné"
        }
    }

    public static let lookupTable = VocabularyTable<NeedStatus>()

    public static let synonyms: [(String, NeedStatus)] = [
        ("en cours", .active), ("ouvert", .active), ("active", .active), ("en attente", .active),
        ("non pourvu", .active), ("pas encore pourvu", .active), ("non satisfait", .active), ("non place", .active),
        ("pas encore place", .active), ("non implante", .active),
        ("pourvu", .satisfied), ("place", .satisfied), ("implante", .satisfied), ("satisfaite", .satisfied),
        ("annule", .abandoned), ("clos", .abandoned), ("abandonnee", .abandoned), ("retire", .abandoned),
        ("sans suite", .abandoned),
    ]
}
