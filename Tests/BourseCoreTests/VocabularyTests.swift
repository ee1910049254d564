import BourseCore
import Testing

@Suite("Vocabulary recognise()")
struct VocabularyTests {
    @Test("Premises types as the samples write them", arguments: [
        ("Bureau", PremisesType.office),
        ("BUREAU", .office),
        ("bureaux", .office),
        ("Local commercial", .retail),
        ("Boutique", .retail),
        ("RDC commercial", .retail),
        ("commerce", .retail),
        ("COMMERCE", .retail),
        ("commerce/RDC", .retail),
        ("local commercial en RDC", .retail),
        ("Activité", .workshop),
        ("ACTIVITE", .workshop),
        ("activité/atelier", .workshop),
        ("Atelier", .workshop),
        ("Local d'activité", .workshop),
        ("Entrepôt", .storage),
        ("ENTREPOT", .storage),
        ("entrepôt", .storage),
        ("Stockage", .storage),
        ("stockage/entrepôt", .storage),
        ("Cave", .storage),
        ("Salle", .hall),
        ("Salle de réunion", .hall),
        ("Terrain", .land),
        ("terrain nu", .land),
        ("autre", .other),
    ])
    func premisesType(text: String, expected: PremisesType) {
        #expect(PremisesType.recognise(text) == expected)
    }

    @Test("Unknown or empty labels are not recognised", arguments: ["", "  ", "Chapiteau", "Logement", "xyz", "-"])
    func unknownType(text: String) {
        #expect(PremisesType.recognise(text) == nil)
    }

    @Test("Lease kinds", arguments: [
        ("Bail commercial", LeaseKind.commercial),
        ("BAIL COMMERCIAL", .commercial),
        ("bail 3-6-9", .commercial),
        ("Convention d'occupation temporaire", .temporary),
        ("Convention d'occupation précaire", .temporary),
        ("Convention précaire", .temporary),
        ("convention d'occupation prÉcaire", .temporary),
        ("COT", .temporary),
        ("Bail associatif", .associative),
        ("Mise à disposition", .freeLoan),
        ("MISE A DISPOSITION", .freeLoan),
        ("mise à disposition gratuite", .freeLoan),
        ("Bail professionnel", .other),
    ])
    func leaseKind(text: String, expected: LeaseKind) {
        #expect(LeaseKind.recognise(text) == expected)
    }

    @Test("Unknown lease labels are not recognised", arguments: ["", "Emphytéose", "bail"])
    func unknownLease(text: String) {
        #expect(LeaseKind.recognise(text) == nil)
    }

    @Test("Statuses, including the negated ones", arguments: [
        ("Disponible", PremisesStatus.available),
        ("disponible", .available),
        ("DISPONIBLE", .available),
        ("Vacant", .available),
        ("Libre", .available),
        ("Indisponible", .withdrawn),
        ("Non disponible", .withdrawn),
        ("Retiré", .withdrawn),
        ("Loué", .withdrawn),
        ("En travaux", .withdrawn),
        ("réservé", .reserved),
        ("Réservé", .reserved),
        ("attribué", .placed),
        ("ATTRIBUE", .placed),
        // A negated status must not be read as available through the words it contains.
        ("Non disponible actuellement", .withdrawn),
        ("Pas disponible", .withdrawn),
        ("Non occupé", .available),
    ])
    func status(text: String, expected: PremisesStatus) {
        #expect(PremisesStatus.recognise(text) == expected)
    }

    @Test("Unknown statuses are not recognised", arguments: ["", "Bidule", "peut-être"])
    func unknownStatus(text: String) {
        #expect(PremisesStatus.recognise(text) == nil)
    }

    @Test("Statuses set by users are exactly réservé and attribué")
    func setByUser() {
        #expect(PremisesStatus.allCases.filter(\.isSetByUser) == [.reserved, .placed])
    }

    @Test("Source kinds")
    func sourceKind() {
        #expect(SourceKind.recognise("Commune") == .commune)
        #expect(SourceKind.recognise("Ville") == .commune)
        #expect(SourceKind.recognise("bailleur") == .landlord)
        #expect(SourceKind.recognise("Bailleur social") == .landlord)
        #expect(SourceKind.recognise("Mécène") == .other)
        #expect(SourceKind.recognise("banque") == nil)
    }

    @Test("Every value is recognised from its own code and its label")
    func selfRecognition() {
        for value in PremisesType.allCases {
            #expect(PremisesType.recognise(value.rawValue) == value)
            #expect(PremisesType.recognise(value.label) == value)
        }
        for value in LeaseKind.allCases {
            #expect(LeaseKind.recognise(value.rawValue) == value)
            #expect(LeaseKind.recognise(value.label) == value)
        }
        for value in PremisesStatus.allCases {
            #expect(PremisesStatus.recognise(value.rawValue) == value)
            #expect(PremisesStatus.recognise(value.label) == value)
        }
    }
}
