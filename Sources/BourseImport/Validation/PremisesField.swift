/// The fields of a premises record an inventory can provide, named as in mapping profiles.
public enum PremisesField: String, ColumnField {
    case reference
    case commune
    case inseeCode = "code_insee"
    case postalCode = "code_postal"
    case address = "adresse"
    case type
    case surface
    case monthlyRent = "loyer_mensuel"
    case annualRent = "loyer_annuel"
    case rentPerSquareMetreYear = "loyer_m2_an"
    case charges
    case marketRent = "loyer_marche"
    case lease = "bail"
    case availableFrom = "disponible_le"
    case availableUntil = "disponible_jusqu_au"
    case floor = "etage"
    case accessible = "pmr"
    case status = "statut"
    case contact
    case remarks = "remarques"

    /// What users read in messages.
    public var label: String {
        switch self {
        case .reference: "référence"
        case .commune: "commune"
        case .inseeCode: "code INSEE"
        case .postalCode: "code postal"
        case .address: "adresse"
        case .type: "type de local"
        case .surface: "surface"
        case .monthlyRent: "loyer mensuel"
        case .annualRent: "loyer annuel"
        case .rentPerSquareMetreYear: "loyer €/m²/an"
        case .charges: "charges"
        case .marketRent: "loyer de marché"
        case .lease: "bail"
        case .availableFrom: "disponible le"
        case .availableUntil: "disponible jusqu'au"
        case .floor: "étage"
        case .accessible: "accessibilité PMR"
        case .status: "statut"
        case .contact: "contact"
        case .remarks: "remarques"
        }
    }

    /// Fields whose several columns are joined rather than the first kept (`Email` and `Téléphone`).
    public var joinsSeveralColumns: Bool { self == .contact || self == .remarks || self == .address }

    public static let aliasTable = ColumnMatcher.aliasTable(aliases)

    public static func missingRequired(in columns: [PremisesField: [Int]]) -> [String] {
        var missing: [String] = []
        if columns[.reference] == nil { missing.append(PremisesField.reference.label) }
        if columns[.commune] == nil && columns[.inseeCode] == nil && columns[.postalCode] == nil {
            missing.append("commune (ou code INSEE, ou code postal)")
        }
        if columns[.surface] == nil { missing.append(PremisesField.surface.label) }
        return missing
    }

    public static func loose(words: Set<String>) -> PremisesField? {
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

    /// Column headers users write for this field, as in real exports. Matched after
    /// `HeaderMatcher.normalise` (case, accents, punctuation, units, small words).
    static let aliases: [PremisesField: [String]] = [
        .reference: [
            "Référence", "Ref", "Réf.", "Références", "Réf. local", "Référence du local", "N° local", "N° du local",
            "Numéro du local", "Numéro local", "N°", "Numéro", "Identifiant", "ID", "Id local", "Identifiant local",
            "Code local", "N° lot", "Lot", "N° inventaire", "Numéro d'inventaire", "Réf. interne",
            "Référence interne", "Référence patrimoine", "Réf. patrimoine", "Code bien", "Référence bien",
            "Ref local", "reference_local", "id_local", "num_local", "Code",
        ],
        .commune: [
            "Commune", "Ville", "Nom commune", "Nom de la commune", "Localité", "Commune du local",
            "Libellé commune", "nom_commune", "Commune d'implantation",
        ],
        .inseeCode: ["Code INSEE", "INSEE", "Code commune", "Code INSEE commune", "COG", "code_insee", "insee_com"],
        .postalCode: ["Code postal", "CP", "C.P.", "Postal", "code_postal"],
        .address: [
            "Adresse", "Adresse du local", "Adresse postale", "Voie", "Localisation", "Adresse complète",
            "Emplacement", "N° et voie", "Rue", "Complément d'adresse",
        ],
        .type: [
            "Type", "Type de local", "Type local", "Nature", "Nature du local", "Catégorie", "Usage",
            "Destination", "Typologie", "Type de bien", "type_local", "Type de locaux", "Nature du bien",
        ],
        .surface: [
            "Surface", "Surface (m²)", "surface_m2", "Superficie", "Superficie (m²)", "Surface utile",
            "Surface utile (m²)", "SU", "Surface totale", "m²", "Surface en m²", "Surface habitable",
            "Surface de plancher", "SDP", "Surface disponible", "Surface louable", "Surf.", "Surface m2",
        ],
        .monthlyRent: [
            "Loyer", "Loyer mensuel", "Loyer mensuel HC", "Loyer HC", "Loyer HT", "Loyer mensuel HT",
            "Loyer (€/mois)", "Loyer (€)", "Loyer hors charges", "Loyer mensuel hors charges", "Loyer € HC",
            "Loyer mensuel (€)", "Montant du loyer", "Loyer par mois", "Redevance", "Redevance mensuelle",
            "Loyer mensuel HT HC", "loyer_mensuel", "Loyer mensuel (€ HC)", "Loyer HC mensuel", "Loyer/mois",
        ],
        .annualRent: [
            "Loyer annuel", "Loyer annuel HC", "Loyer annuel HT", "Loyer (€/an)", "Redevance annuelle",
            "Loyer par an", "Loyer annuel (€)", "loyer_annuel", "Loyer HC annuel",
        ],
        .rentPerSquareMetreYear: [
            "Loyer €/m²/an", "Loyer (€/m²/an)", "Loyer m²/an", "Loyer au m²", "Loyer/m²", "Prix m²/an",
            "Loyer annuel au m²", "Prix au m²", "Loyer €/m²", "Loyer annuel/m²", "€/m²/an", "Loyer au m²/an",
            "Prix €/m²/an", "Loyer HC €/m²/an", "loyer_m2_an", "loyer_m2", "Loyer annuel €/m²",
        ],
        .charges: [
            "Charges", "Charges mensuelles", "Charges (€)", "Charges (€/mois)", "Provision sur charges",
            "Provisions pour charges", "Charges locatives", "charges_mensuelles",
        ],
        .marketRent: [
            "Loyer de marché", "Loyer marché", "Valeur locative", "Valeur locative de marché",
            "Loyer de référence", "Loyer marché (€/mois)", "Prix de marché", "loyer_marche",
        ],
        .lease: [
            "Bail", "Type de bail", "Nature du bail", "Type bail", "Convention", "Type de convention",
            "Régime", "Type d'occupation", "Nature de l'occupation", "Mode d'occupation", "Type de contrat",
            "Contrat", "type_bail", "Occupation",
        ],
        .availableFrom: [
            "Disponible le", "Disponible à partir du", "Disponible à partir de", "Disponibilité",
            "Date de disponibilité", "Date disponibilité", "Disponible dès le", "Date d'entrée",
            "Date de début", "Début", "Libre le", "Libre à partir du", "Date de libération",
            "disponible_le", "date_disponibilite", "Dispo le",
        ],
        .availableUntil: [
            "Disponible jusqu'au", "Fin de disponibilité", "Date de fin", "Fin", "Date de fin de disponibilité",
            "Jusqu'au", "Libre jusqu'au", "Date limite", "disponible_jusqu_au", "date_fin",
        ],
        .floor: ["Étage", "Niveau", "Étage/niveau", "etage"],
        .accessible: [
            "PMR", "Accessible PMR", "Accessibilité PMR", "Accessibilité", "Accès PMR", "Accessible",
            "Accessibilité handicapés", "accessible_pmr", "Accessibilité personnes à mobilité réduite",
        ],
        .status: ["Statut", "État", "Etat du local", "Statut du local", "Situation"],
        .contact: [
            "Contact", "Interlocuteur", "Référent", "Email", "Courriel", "Mail", "E-mail", "Téléphone", "Tél",
            "Tel", "Contact email", "Gestionnaire", "Service", "Contact mairie", "Nom du contact",
            "Service gestionnaire", "Contact (nom, téléphone)",
        ],
        .remarks: [
            "Remarques", "Remarque", "Observations", "Observation", "Commentaire", "Commentaires", "Notes",
            "Note", "Description", "Obs.", "Précisions", "Infos", "Informations complémentaires",
        ],
    ]
}

extension PremisesField {
    /// Position in `allCases`, for arrays indexed by field.
    @inline(__always)
    public var ordinal: Int {
        switch self {
        case .reference: 0
        case .commune: 1
        case .inseeCode: 2
        case .postalCode: 3
        case .address: 4
        case .type: 5
        case .surface: 6
        case .monthlyRent: 7
        case .annualRent: 8
        case .rentPerSquareMetreYear: 9
        case .charges: 10
        case .marketRent: 11
        case .lease: 12
        case .availableFrom: 13
        case .availableUntil: 14
        case .floor: 15
        case .accessible: 16
        case .status: 17
        case .contact: 18
        case .remarks: 19
        }
    }
}
