import BourseImport
import Foundation
import Testing

@Suite("HeaderMatcher")
struct HeaderMatcherTests {
    /// Every header of the sample inventories (Imports/README.md) and of the issue, with its field.
    static let aliases: [(String, PremisesField)] = [
        // The examples.
        ("Surface (m²)", .surface), ("surface_m2", .surface), ("Superficie", .surface), ("N° local", .reference),
        ("Code INSEE", .inseeCode), ("Loyer mensuel HC", .monthlyRent), ("Loyer €/m²/an", .rentPerSquareMetreYear),
        ("Surface utile", .surface),
        // Aulnay-sous-Bois.
        ("Référence", .reference), ("Commune", .commune), ("Adresse", .address), ("Type de local", .type),
        ("Charges mensuelles", .charges), ("Loyer de marché", .marketRent), ("Type de bail", .lease),
        ("Disponible à partir du", .availableFrom), ("Disponible jusqu'au", .availableUntil), ("Étage", .floor),
        ("Accessibilité PMR", .accessible), ("Statut", .status), ("Contact", .contact), ("Tél.", .contact),
        ("Courriel", .contact), ("Remarques", .remarks),
        // Le Blanc-Mesnil.
        ("Nature du local", .type), ("Charges (€/mois)", .charges), ("Disponible le", .availableFrom), ("PMR", .accessible),
        ("Observations", .remarks),
        // Drancy.
        ("reference", .reference), ("commune", .commune), ("adresse", .address), ("type_local", .type),
        ("loyer_mensuel", .monthlyRent), ("charges_mensuelles", .charges), ("loyer_marche", .marketRent),
        ("type_bail", .lease), ("disponible_le", .availableFrom), ("disponible_jusqu_au", .availableUntil),
        ("etage", .floor), ("acces_pmr", .accessible), ("statut", .status), ("contact", .contact), ("remarques", .remarks),
        // Le Bourget.
        ("Type", .type), ("Loyer (€/mois)", .monthlyRent), ("Charges", .charges), ("Bail", .lease),
        // Sevran (upper-case Excel headers).
        ("REFERENCE", .reference), ("COMMUNE", .commune), ("ADRESSE", .address), ("TYPE", .type),
        ("SURFACE UTILE", .surface), ("LOYER ANNUEL", .annualRent), ("CHARGES", .charges), ("BAIL", .lease),
        ("DISPONIBILITE", .availableFrom), ("ETAGE", .floor), ("STATUT", .status), ("CONTACT", .contact),
        ("OBSERVATIONS", .remarks),
        // Dugny.
        ("Surface", .surface), ("Loyer annuel", .annualRent), ("Accès PMR", .accessible),
        // Tremblay-en-France.
        ("Code postal", .postalCode), ("Surface m²", .surface), ("Jusqu'au", .availableUntil), ("Niveau", .floor),
        ("Commentaire", .remarks),
        // Spacing, case and accents do not matter.
        ("  Surface   (m²) ", .surface), ("SUPERFICIE", .surface), ("surface (M2)", .surface), ("REFERENCE ", .reference),
        ("Reference", .reference), ("Réf.", .reference), ("CP", .postalCode), ("code_insee", .inseeCode),
        ("loyer_m2_an", .rentPerSquareMetreYear), ("Loyer (€/m²/an)", .rentPerSquareMetreYear),
        ("Date de disponibilité", .availableFrom), ("E-mail", .contact), ("Téléphone", .contact),
    ]

    @Test("Aliases map to their field", arguments: aliases)
    func alias(header: String, field: PremisesField) {
        #expect(HeaderMatcher.alias(header) == field)
        let mapping = HeaderMatcher.map([header], profile: nil)
        #expect(mapping.columns[field] == [0])
        #expect(mapping.readings.first?.loose == false)
    }

    @Test("Normalisation: case, accents, punctuation, units and small words", arguments: [
        ("Surface (m²)", "surface m2"),
        ("Disponible à partir du", "disponible partir"),
        ("N° local", "no local"),
        ("Loyer €/m²/an", "loyer eur m2 an"),
        ("Disponible jusqu'au", "disponible jusqu"),
        ("surface_m2", "surface m2"),
        ("Nature de l'occupation", "nature occupation"),
    ])
    func normalise(header: String, expected: String) {
        #expect(HeaderMatcher.normalise(header) == expected)
    }

    @Test("Loose rules read headers no alias lists", arguments: [
        ("Surface pondérée (m²)", PremisesField.surface),
        ("Surf. pondérée", .surface),
        ("Lib. commune", .commune),
        ("Loyer mensuel net", .monthlyRent),
        ("Loyer annuel HT HC (€)", .annualRent),
        ("Loyer annuel au m² HC", .rentPerSquareMetreYear),
        ("Valeur locative estimée", .marketRent),
        ("Commune INSEE", .inseeCode),
        ("Code postal du local", .postalCode),
        ("Adresse exacte du bien", .address),
        ("Niveau du local", .floor),
        ("Date de fin de mise à disposition", .availableUntil),
        ("Mail du référent", .contact),
        ("Typologie du bien", .type),
        ("Numéro interne", .reference),
    ])
    func loose(header: String, field: PremisesField) {
        #expect(HeaderMatcher.alias(header) == nil, "an alias already knows « \(header) »")
        #expect(HeaderMatcher.loose(header) == field)
        let mapping = HeaderMatcher.map(["Colonne inconnue", header], profile: nil)
        let reading = mapping.readings.first { $0.header == header }
        #expect(reading?.field == field)
        #expect(reading?.loose == true)
    }

    @Test("Headers nothing recognises are kept as extras", arguments: [
        "Code gestionnaire", "Parking", "Loyer charges comprises", "Num. lot", "Observations internes 2",
    ])
    func unknown(header: String) {
        // "Observations internes 2" is read by a loose rule; the others are not.
        let mapping = HeaderMatcher.map([header], profile: nil)
        if header == "Observations internes 2" {
            #expect(mapping.columns[.remarks] == [0])
        } else {
            #expect(mapping.columns.isEmpty)
            #expect(mapping.extras.map(\.header) == [header])
            #expect(mapping.extras.map(\.index) == [0])
        }
    }

    @Test("A whole Aulnay header: contact joined from three columns")
    func aulnay() {
        let headers = [
            "Référence", "Commune", "Adresse", "Type de local", "Surface (m²)", "Loyer mensuel HC", "Charges mensuelles",
            "Loyer de marché", "Type de bail", "Disponible à partir du", "Disponible jusqu'au", "Étage",
            "Accessibilité PMR", "Statut", "Contact", "Tél.", "Courriel", "Remarques",
        ]
        let mapping = HeaderMatcher.map(headers, profile: nil)
        #expect(mapping.columns[.contact] == [14, 15, 16])
        #expect(mapping.columns[.reference] == [0])
        #expect(mapping.columns[.remarks] == [17])
        #expect(mapping.extras.isEmpty)
        #expect(mapping.missingRequired.isEmpty)
        #expect(mapping.width == 18)
        #expect(mapping.header(of: .contact) == "Contact")
        #expect(mapping.header(of: .surface) == "Surface (m²)")
        #expect(mapping.header(of: .postalCode) == PremisesField.postalCode.label)
    }

    @Test("A second column for a field that is not joined goes to the extras, in file order")
    func duplicateColumn() {
        let mapping = HeaderMatcher.map(["Référence", "Commune", "Surface", "Superficie", "Loyer", "Loyer mensuel HC"], profile: nil)
        #expect(mapping.columns[.surface] == [2])
        #expect(mapping.columns[.monthlyRent] == [4])
        #expect(mapping.extras.map(\.index) == [3, 5])
        #expect(mapping.extras.map(\.header) == ["Superficie", "Loyer mensuel HC"])
    }

    @Test("Address and remarks columns are joined too")
    func joinedColumns() {
        let mapping = HeaderMatcher.map(["Réf", "Commune", "Surface", "Adresse", "Complément d'adresse", "Remarques", "Observations"], profile: nil)
        #expect(mapping.columns[.address] == [3, 4])
        #expect(mapping.columns[.remarks] == [5, 6])
        #expect(mapping.extras.isEmpty)
    }

    @Test("Empty header cells are skipped and set no width", arguments: [
        (["REFERENCE", "COMMUNE", "SURFACE UTILE", "", ""], 3),
        (["", "Référence", "", "Commune", "Surface", ""], 5),
        (["", "", ""], 0),
    ])
    func width(headers: [String], width: Int) {
        let mapping = HeaderMatcher.map(headers, profile: nil)
        #expect(mapping.width == width)
        #expect(mapping.extras.isEmpty)
    }

    @Test("Required fields: reference, commune (or a code) and surface")
    func missingRequired() {
        #expect(HeaderMatcher.map(["Adresse", "Type"], profile: nil).missingRequired
            == ["référence", "commune (ou code INSEE, ou code postal)", "surface"])
        #expect(HeaderMatcher.map(["Référence", "Code postal", "Surface"], profile: nil).missingRequired.isEmpty)
        #expect(HeaderMatcher.map(["Référence", "Code INSEE", "Superficie"], profile: nil).missingRequired.isEmpty)
        #expect(HeaderMatcher.map(["Référence", "Commune"], profile: nil).missingRequired == ["surface"])
        #expect(HeaderMatcher.map(["Commune", "Surface"], profile: nil).missingRequired == ["référence"])
        #expect(HeaderMatcher.map([], profile: nil).missingRequired.count == 3)
    }

    @Test("A profile wins over aliases and loose rules, and its keys are normalised")
    func profileOverrides() {
        let profile = MappingProfile(
            columns: ["Loyer": .annualRent, "num. LOT": .reference, "Surf. pondérée": .surface, "Ville": .address],
            ignored: ["Code gestionnaire"])
        let headers = ["Num. lot", "Loyer", "Surf. Pondérée", "Ville", "Code postal", "Code gestionnaire", "Parking"]
        let mapping = HeaderMatcher.map(headers, profile: profile)
        #expect(mapping.columns[.reference] == [0])
        #expect(mapping.columns[.annualRent] == [1])
        #expect(mapping.columns[.monthlyRent] == nil)
        #expect(mapping.columns[.surface] == [2])
        #expect(mapping.columns[.address] == [3])
        #expect(mapping.columns[.commune] == nil)
        #expect(mapping.columns[.postalCode] == [4])
        #expect(mapping.ignored == ["Code gestionnaire"])
        #expect(mapping.extras.map(\.header) == ["Parking"])
        #expect(mapping.missingRequired.isEmpty)
        #expect(mapping.readings.allSatisfy { !$0.loose })
    }

    @Test("Without its profile the Villepinte header lacks a reference")
    func villepinteWithoutProfile() {
        let headers = [
            "Num. lot", "Lib. commune", "Adresse lot", "Nat. lot", "Surf. pondérée", "Mt mensuel", "Mt charges",
            "Val. locative", "Nat. occupation", "Dispo", "Fin dispo", "Niv.", "Acc. PMR", "Etat", "Gestionnaire",
            "Code gestionnaire", "Obs.",
        ]
        #expect(HeaderMatcher.map(headers, profile: nil).missingRequired == ["référence"])
    }
}
