/// A closed list of values whose French label users see and type.
public protocol FrenchVocabulary: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    /// The label shown to users (`"réservé"`).
    var label: String { get }
    /// Folded words and phrases that name this value in files (`"local commercial"` → commerce).
    static var synonyms: [(String, Self)] { get }
    /// The folded spellings, built once (`static let lookupTable = VocabularyTable<Self>()`).
    static var lookupTable: VocabularyTable<Self> { get }
}

extension FrenchVocabulary {
    /// Recognises a value as people write it: the stored code, the label, or a known synonym,
    /// whatever the case and accents.
    /// - Returns: `nil` when nothing matches.
    public static func recognise(_ text: String) -> Self? {
        lookupTable.recognise(text)
    }
}

/// The folded spellings of a vocabulary, built once.
public struct VocabularyTable<Value: FrenchVocabulary>: Sendable {
    private let exact: [String: Value]
    private let phrases: [(String, Value)]

    public init() {
        var exact: [String: Value] = [:]
        for value in Value.allCases {
            exact[TextFolding.fold(value.rawValue)] = value
            exact[TextFolding.fold(value.label)] = value
        }
        var phrases: [(String, Value)] = []
        for (phrase, value) in Value.synonyms {
            let folded = TextFolding.fold(phrase)
            if exact[folded] == nil { exact[folded] = value }
            phrases.append((" " + folded + " ", value))
        }
        self.exact = exact
        self.phrases = phrases
    }

    /// Exact folded spelling first, then a known phrase contained as whole words
    /// ("local commercial en RDC").
    public func recognise(_ text: String) -> Value? {
        let folded = TextFolding.fold(text)
        guard !folded.isEmpty else { return nil }
        if let value = exact[folded] { return value }
        // The longest phrase wins, so "non disponible actuellement" is not read as "disponible".
        let padded = " " + folded + " "
        var best: (phrase: String, value: Value)?
        for (phrase, value) in phrases where phrase.count > (best?.phrase.count ?? 0) && padded.contains(phrase) {
            best = (phrase, value)
        }
        // A negation the matched phrase does not carry ("pas encore pourvu") could mean the
        // opposite: better unrecognised than misread.
        guard let best else { return nil }
        let negations: Set<Substring> = ["non", "pas", "plus", "jamais", "aucun", "aucune", "sans", "ne", "n"]
        let textNegated = folded.split(separator: " ").contains(where: negations.contains)
        let phraseNegated = best.phrase.split(separator: " ").contains(where: negations.contains)
        return textNegated && !phraseNegated ? nil : best.value
    }
}

/// Type of premises (`type` column).
public enum PremisesType: String, FrenchVocabulary, Codable {
    case office = "bureau"
    case retail = "commerce"
    case workshop = "activite"
    case storage = "stockage"
    case hall = "salle"
    case land = "terrain"
    case other = "autre"

    public var label: String {
        switch self {
        case .office: "bureau"
        case .retail: "commerce/RDC"
        case .workshop: "activité/atelier"
        case .storage: "stockage/entrepôt"
        case .hall: "salle"
        case .land: "terrain"
        case .other: "autre"
        }
    }

    public static let lookupTable = VocabularyTable<PremisesType>()

    public static let synonyms: [(String, PremisesType)] = [
        ("bureaux", .office), ("bureau", .office), ("tertiaire", .office), ("coworking", .office),
        ("local commercial", .retail), ("locaux commerciaux", .retail), ("commerce", .retail),
        ("commerces", .retail), ("boutique", .retail), ("cellule commerciale", .retail),
        ("rdc commercial", .retail), ("pied d immeuble", .retail), ("rez de chaussee commercial", .retail),
        ("magasin", .retail), ("rdc", .retail),
        ("local d activite", .workshop), ("locaux d activite", .workshop), ("activite", .workshop),
        ("activites", .workshop), ("atelier", .workshop), ("ateliers", .workshop), ("artisanal", .workshop),
        ("local artisanal", .workshop), ("local technique", .workshop), ("laboratoire", .workshop),
        ("stockage", .storage), ("entrepot", .storage), ("entrepots", .storage), ("depot", .storage),
        ("reserve", .storage), ("box", .storage), ("garage", .storage), ("hangar", .storage),
        ("logistique", .storage), ("cave", .storage),
        ("salle", .hall), ("salle polyvalente", .hall), ("salle de reunion", .hall), ("salles", .hall),
        ("local associatif", .hall),
        ("terrain", .land), ("parcelle", .land), ("friche", .land), ("terrain nu", .land), ("jardin", .land),
    ]
}

/// Kind of lease or occupation agreement (`bail` column).
public enum LeaseKind: String, FrenchVocabulary, Codable {
    case commercial = "bail_commercial"
    case temporary = "convention_occupation"
    case associative = "bail_associatif"
    case freeLoan = "mise_a_disposition"
    case other = "autre"

    public var label: String {
        switch self {
        case .commercial: "bail commercial"
        case .temporary: "convention d'occupation temporaire/précaire"
        case .associative: "bail associatif"
        case .freeLoan: "mise à disposition"
        case .other: "autre"
        }
    }

    public static let lookupTable = VocabularyTable<LeaseKind>()

    public static let synonyms: [(String, LeaseKind)] = [
        ("bail commercial", .commercial), ("commercial", .commercial), ("3 6 9", .commercial),
        ("369", .commercial), ("bail derogatoire", .commercial), ("bail precaire commercial", .commercial),
        ("convention d occupation temporaire", .temporary), ("convention d occupation precaire", .temporary),
        ("convention d occupation", .temporary), ("occupation temporaire", .temporary),
        ("occupation precaire", .temporary), ("cot", .temporary), ("cop", .temporary), ("aot", .temporary),
        ("precaire", .temporary), ("temporaire", .temporary), ("convention precaire", .temporary),
        ("urbanisme transitoire", .temporary),
        ("bail associatif", .associative), ("associatif", .associative), ("bail civil", .associative),
        ("bail code civil", .associative),
        ("mise a disposition", .freeLoan), ("mad", .freeLoan), ("pret a usage", .freeLoan),
        ("commodat", .freeLoan), ("gratuit", .freeLoan), ("mise a disposition gratuite", .freeLoan),
        ("bail professionnel", .other), ("autre", .other),
    ]
}

/// Status of a premises in the exchange.
public enum PremisesStatus: String, FrenchVocabulary, Codable {
    case available = "disponible"
    case reserved = "reserve"
    case placed = "attribue"
    case withdrawn = "retire"

    public var label: String {
        switch self {
        case .available: "disponible"
        case .reserved: "réservé"
        case .placed: "attribué"
        case .withdrawn: "retiré"
        }
    }

    /// Statuses a user sets through the bourse, which a re-import never overwrites.
    public var isSetByUser: Bool { self == .reserved || self == .placed }

    public static let lookupTable = VocabularyTable<PremisesStatus>()

    public static let synonyms: [(String, PremisesStatus)] = [
        ("libre", .available), ("vacant", .available), ("disponible", .available), ("dispo", .available),
        ("a louer", .available),
        ("indisponible", .withdrawn), ("retire", .withdrawn), ("occupe", .withdrawn), ("loue", .withdrawn),
        ("vendu", .withdrawn), ("en travaux", .withdrawn), ("non disponible", .withdrawn),
        ("pas disponible", .withdrawn), ("plus disponible", .withdrawn), ("non libre", .withdrawn),
        ("non occupe", .available), ("inoccupe", .available), ("non loue", .available), ("vide", .available),
    ]
}

/// Kind of supplier of premises.
public enum SourceKind: String, FrenchVocabulary, Codable {
    case commune
    case landlord = "bailleur"
    case other = "autre"

    public var label: String {
        switch self {
        case .commune: "commune"
        case .landlord: "bailleur"
        case .other: "autre"
        }
    }

    public static let lookupTable = VocabularyTable<SourceKind>()

    public static let synonyms: [(String, SourceKind)] = [
        ("ville", .commune), ("mairie", .commune), ("bailleur social", .landlord), ("ept", .other),
        ("mecene", .other), ("prive", .other),
    ]
}
