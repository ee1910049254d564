import BourseCore
import Testing

@Suite("Vocabulaire des registres : formes juridiques, catégories INSEE, secteurs, statuts des besoins")
struct RegisterVocabularyTests {
    // MARK: Legal forms

    @Test("Legal forms as written in the register (Imports/README.md) and common spellings", arguments: [
        ("association", LegalForm.association),
        ("Association", .association),
        ("ASSOCIATION", .association),
        ("Association loi 1901", .association),
        ("Association déclarée", .association),
        ("asso", .association),
        ("Association reconnue d'utilité publique", .association),
        ("SCOP", .scop),
        ("Scop", .scop),
        ("SCOP SARL", .scop),
        ("SCOP SA", .scop),
        ("Société coopérative et participative", .scop),
        ("Société coopérative ouvrière de production", .scop),
        ("Société coopérative et participative (SCOP)", .scop),
        ("SCIC", .scic),
        ("Scic", .scic),
        ("SCIC SAS", .scic),
        ("Société coopérative d'intérêt collectif", .scic),
        ("Société coopérative d'intérêt collectif SAS", .scic),
        ("coopérative", .cooperative),
        ("Coopérative", .cooperative),
        ("cooperative", .cooperative),
        ("Coopérative de consommateurs", .cooperative),
        ("CAE", .cooperative),
        ("Coopérative d'activité et d'emploi", .cooperative),
        ("Société coopérative", .cooperative),
        ("mutuelle", .mutual),
        ("Mutuelle", .mutual),
        ("Mutuelle (livre III)", .mutual),
        ("Mutuelle d'assurance", .mutual),
        ("fondation", .foundation),
        ("Fondation", .foundation),
        ("Fondation reconnue d'utilité publique", .foundation),
        ("Fondation d'entreprise", .foundation),
        ("entreprise ESUS", .esus),
        ("Entreprise ESUS", .esus),
        ("ESUS", .esus),
        ("SAS agréée ESUS", .esus),
        ("SARL ESUS", .esus),
        ("Entreprise solidaire d'utilité sociale", .esus),
        ("Agrément ESUS", .esus),
        ("autre", .other),
        ("Autre", .other),
    ])
    func legalForm(text: String, expected: LegalForm) {
        #expect(LegalForm.recognise(text) == expected)
    }

    /// The README asks for labels carrying a company form to be read by their distinctive words; the
    /// distinctive words of a SCIC are « coopérative d'intérêt collectif », those of a SCOP « coopérative
    /// et participative » or « coopérative (ouvrière) de production » (loi n° 78-763).
    @Test("SCIC and SCOP named by their full words, with or without a company form", arguments: [
        ("SAS coopérative d'intérêt collectif", LegalForm.scic),
        ("SARL coopérative d'intérêt collectif", .scic),
        ("Coopérative d'intérêt collectif", .scic),
        ("SA coopérative et participative", .scop),
        ("SARL coopérative et participative", .scop),
        ("Société coopérative de production", .scop),
        ("SARL coopérative ouvrière de production", .scop),
    ])
    func scicAndScopByTheirWords(text: String, expected: LegalForm) {
        #expect(LegalForm.recognise(text) == expected)
    }

    @Test("Stored codes and labels are recognised for every legal form")
    func legalFormCodesAndLabels() {
        for form in LegalForm.allCases {
            #expect(LegalForm.recognise(form.rawValue) == form, "\(form.rawValue)")
            #expect(LegalForm.recognise(form.label) == form, "\(form.label)")
        }
        #expect(LegalForm.allCases.map(\.label) == [
            "association", "SCOP", "SCIC", "coopérative", "mutuelle", "fondation", "entreprise ESUS", "autre",
        ])
    }

    @Test("Company forms without an ESS word are not recognised", arguments: [
        "Société anonyme", "Groupement d'intérêt économique", "SAS", "SARL", "EURL", "", "  ", "-", "Collectif",
    ])
    func unknownLegalForm(text: String) {
        #expect(LegalForm.recognise(text) == nil)
    }

    // MARK: INSEE legal categories

    @Test("INSEE legal categories of the issue", arguments: [
        (9210, LegalForm.association), (9220, .association), (9221, .association), (9222, .association),
        (9223, .association), (9224, .association), (9230, .association), (9240, .association), (9260, .association),
        (9300, .foundation),
        (8210, .mutual), (8250, .mutual), (8290, .mutual), (6411, .mutual),
        (5458, .scop), (5558, .scop), (5658, .scop),
        (5460, .cooperative), (5560, .cooperative), (5660, .cooperative),
    ])
    func inseeCategory(code: Int, expected: LegalForm) {
        #expect(LegalForm.fromINSEECategory(code) == expected)
    }

    @Test("Codes outside the lists have no legal form", arguments: [
        0, 1000, 5499, 5710, 5720, 5599, 5459, 5457, 5461, 5559, 5659, 5661, 6410, 6412, 8200, 8220, 8300,
        9209, 9261, 9299, 9301, 9900, 7210,
    ])
    func inseeCategoryUnknown(code: Int) {
        #expect(LegalForm.fromINSEECategory(code) == nil)
    }

    // MARK: Sectors

    @Test("Sectors as written in the register and common spellings", arguments: [
        ("Insertion", Sector.insertion),
        ("insertion", .insertion),
        ("IAE", .insertion),
        ("Chantier d'insertion", .insertion),
        ("Régie de quartier", .insertion),
        ("Réemploi", .reuse),
        ("réemploi", .reuse),
        ("Recyclage", .reuse),
        ("Réemploi / recyclage", .reuse),
        ("réemploi/recyclage", .reuse),
        ("Ressourcerie", .reuse),
        ("Économie circulaire", .reuse),
        ("Culture", .culture),
        ("Spectacle vivant", .culture),
        ("Mobilité", .mobility),
        ("MOBILITE", .mobility),
        ("Vélo", .mobility),
        ("Alimentation", .food),
        ("Épicerie solidaire", .food),
        ("Agriculture urbaine", .food),
        ("Services à la personne", .personalServices),
        ("services a la personne", .personalServices),
        ("Aide à domicile", .personalServices),
        ("Numérique", .digital),
        ("Inclusion numérique", .digital),
        ("autre", .other),
    ])
    func sector(text: String, expected: Sector) {
        #expect(Sector.recognise(text) == expected)
    }

    @Test("Sectors outside the list are not recognised", arguments: ["Environnement", "Bâtiment", "Sport", "", "Santé"])
    func unknownSector(text: String) {
        #expect(Sector.recognise(text) == nil)
    }

    @Test("Stored codes and labels are recognised for every sector")
    func sectorCodesAndLabels() {
        for sector in Sector.allCases {
            #expect(Sector.recognise(sector.rawValue) == sector, "\(sector.rawValue)")
            #expect(Sector.recognise(sector.label) == sector, "\(sector.label)")
        }
    }

    // MARK: Need statuses

    @Test("Need statuses", arguments: [
        ("actif", NeedStatus.active),
        ("Actif", .active),
        ("ACTIF", .active),
        ("active", .active),
        ("En cours", .active),
        ("satisfait", .satisfied),
        ("Satisfait", .satisfied),
        ("satisfaite", .satisfied),
        ("Pourvu", .satisfied),
        ("abandonné", .abandoned),
        ("Abandonné", .abandoned),
        ("abandonne", .abandoned),
        ("ABANDONNÉ", .abandoned),
        ("Annulé", .abandoned),
        ("Sans suite", .abandoned),
    ])
    func needStatus(text: String, expected: NeedStatus) {
        #expect(NeedStatus.recognise(text) == expected)
    }

    @Test("Need status labels are the issue's: actif, satisfait, abandonné")
    func needStatusLabels() {
        #expect(NeedStatus.allCases.map(\.label) == ["actif", "satisfait", "abandonné"])
        #expect(NeedStatus.allCases.map(\.rawValue) == ["actif", "satisfait", "abandonne"])
        for status in NeedStatus.allCases {
            #expect(NeedStatus.recognise(status.label) == status)
        }
    }

    @Test("Unknown statuses are not recognised", arguments: ["", "peut-être", "inconnu", "inactif"])
    func unknownNeedStatus(text: String) {
        #expect(NeedStatus.recognise(text) == nil)
    }

    /// "non pourvu" (not yet filled) names a need still open: reading it as "satisfait" would take
    /// the need out of every matching round without anybody noticing.
    @Test("A negated 'filled' is never read as satisfied", arguments: ["non pourvu", "pas encore pourvu", "non satisfait", "pas encore placé"])
    func negatedSatisfied(text: String) {
        #expect(NeedStatus.recognise(text) != .satisfied)
    }
}
