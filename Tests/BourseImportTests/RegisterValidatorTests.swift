import BourseCore
import BourseImport
import Foundation
import Testing

// MARK: - Helpers

extension RecordOutcome {
    var value: Value? {
        if case .accepted(let value, _, _) = self { return value }
        return nil
    }

    var key: String? {
        if case .accepted(_, let key, _) = self { return key }
        return nil
    }

    var warnings: [Reject.Issue] {
        if case .accepted(_, _, let warnings) = self { return warnings }
        return []
    }

    var issues: [Reject.Issue] {
        if case .rejected(let issues) = self { return issues }
        return []
    }

    var messages: [String] { issues.map(\.message) }
}

/// Validates one structure record given as text.
private func validateStructure(_ cells: [StructureField: String], headers: [StructureField: String] = [:]) throws -> RecordOutcome<Structure> {
    let validator = StructureRowValidator(territory: try ptdeTerritory(), encoding: .utf8, headers: headers)
    var row = RawRow<StructureField>()
    for (field, text) in cells { row.set(field, text: text) }
    return validator.validate(row)
}

/// The structures the need tests may name: by reference, or by SIRET.
private let knownStructures: [String: String?] = [
    "S001": "73282932000074",
    "S002": nil,
    "S034": "35600000001000",
]

/// The store's lookup, rebuilt for the tests: a reference, else a SIRET however written.
private func resolve(_ written: String, in structures: [String: String?]) -> String? {
    let trimmed = written.trimmingCharacters(in: .whitespaces)
    if structures[trimmed] != nil { return trimmed }
    let siret = Siret.normalise(trimmed)
    return structures.first { $0.value == siret }?.key
}

/// Validates one need record given as text.
private func validateNeed(_ cells: [NeedField: String], headers: [NeedField: String] = [:]) throws -> RecordOutcome<Need> {
    let validator = NeedRowValidator(
        territory: try ptdeTerritory(), encoding: .utf8, headers: headers,
        resolveStructure: { resolve($0, in: knownStructures) })
    var row = RawRow<NeedField>()
    for (field, text) in cells { row.set(field, text: text) }
    return validator.validate(row)
}

/// Everything one read of a register file produced.
struct RegisterRead<Value> {
    var reader: CSVRegisterReader<StructureField>?
    var summary: RegisterReadSummary
    var accepted: [(value: Value, line: Int)]
    var rejects: [Reject]
    var warnings: [Diagnostic]

    func reject(line: Int) -> Reject? { rejects.first { $0.line == line } }
    var rejectLines: [Int] { rejects.map(\.line) }
    var values: [Value] { accepted.map(\.value) }
}

func readStructures(path: String, profile: FieldMappingProfile<StructureField>? = nil, territory: Territory? = nil) throws -> RegisterRead<Structure> {
    let reader = try CSVRegisterReader<StructureField>(path: path, profile: profile, recordName: "structure")
    let validator = StructureRowValidator(territory: try territory ?? ptdeTerritory(), encoding: reader.table.facts.encoding, headers: reader.table.fieldHeaders)
    var accepted: [(Structure, Int)] = []
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    let summary = try reader.read(
        validate: validator.validate, accept: { accepted.append(($0, $1)) },
        reject: { rejects.append($0) }, warn: { warnings.append($0) })
    return RegisterRead(reader: reader, summary: summary, accepted: accepted, rejects: rejects, warnings: warnings)
}

func readNeeds(path: String, profile: FieldMappingProfile<NeedField>? = nil, structures: [Structure], territory: Territory? = nil) throws -> RegisterRead<Need> {
    let reader = try CSVRegisterReader<NeedField>(path: path, profile: profile, recordName: "besoin")
    let known = Dictionary(uniqueKeysWithValues: structures.map { ($0.reference, $0.siret) })
    let validator = NeedRowValidator(
        territory: try territory ?? ptdeTerritory(), encoding: reader.table.facts.encoding, headers: reader.table.fieldHeaders,
        resolveStructure: { resolve($0, in: known) })
    var accepted: [(Need, Int)] = []
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    let summary = try reader.read(
        validate: validator.validate, accept: { accepted.append(($0, $1)) },
        reject: { rejects.append($0) }, warn: { warnings.append($0) })
    return RegisterRead(reader: nil, summary: summary, accepted: accepted, rejects: rejects, warnings: warnings)
}

func readStructures(text: String, name: String = "structures.csv", profile: FieldMappingProfile<StructureField>? = nil) throws -> RegisterRead<Structure> {
    let file = try TemporaryFile(text, name: name)
    return try withExtendedLifetime(file) { try readStructures(path: file.path, profile: profile) }
}

func readNeeds(text: String, name: String = "besoins.csv", profile: FieldMappingProfile<NeedField>? = nil, structures: [Structure]) throws -> RegisterRead<Need> {
    let file = try TemporaryFile(text, name: name)
    return try withExtendedLifetime(file) { try readNeeds(path: file.path, profile: profile, structures: structures) }
}

/// Latin-1 bytes of a text (every character must be below U+0100; what Windows-1252 writes for them).
private func latin1(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        precondition(scalar.value < 0x100, "not Latin-1: \(scalar)")
        return UInt8(scalar.value)
    }
}

// MARK: - Structures

@Suite("StructureRowValidator")
struct StructureRowValidatorTests {
    static let minimal: [StructureField: String] = [.reference: "S1", .name: "Ressourcerie"]

    @Test("A record with only a reference and a name is accepted with defaults")
    func minimal() throws {
        let outcome = try validateStructure(Self.minimal)
        let structure = try #require(outcome.value)
        #expect(outcome.key == "S1")
        #expect(outcome.warnings.isEmpty)
        #expect(structure == Structure(reference: "S1", name: "Ressourcerie"))
        #expect(structure.legalForm == .other && structure.legalFormLabel == nil)
        #expect(structure.sector == .other && structure.sectorLabel == nil)
        #expect(structure.siret == nil && structure.jobs == nil && structure.laureateYear == nil)
    }

    @Test("A full record")
    func full() throws {
        var cells = Self.minimal
        cells[.siret] = "732 829 320 00074"
        cells[.legalForm] = "Association loi 1901"
        cells[.legalCategory] = "9220"
        cells[.sector] = "Réemploi"
        cells[.jobs] = "14,5"
        cells[.laureateYear] = "2024"
        cells[.contact] = "Nadia – contact@exemple.fr"
        cells[.commune] = "AULNAY SOUS BOIS"
        cells[.remarks] = "Boutique solidaire"
        let outcome = try validateStructure(cells)
        let structure = try #require(outcome.value)
        #expect(outcome.warnings.isEmpty)
        #expect(structure == Structure(
            reference: "S1", name: "Ressourcerie", siret: "73282932000074", legalForm: .association, sector: .reuse,
            jobs: 14.5, laureateYear: 2024, contact: "Nadia – contact@exemple.fr", communeInsee: "93005",
            remarks: "Boutique solidaire"))
    }

    // MARK: SIRET

    @Test("SIRETs are stored as 14 digits however written", arguments: [
        ("732 829 320 00074", "73282932000074"),
        ("732.829.320.00074", "73282932000074"),
        ("73282932000074", "73282932000074"),
        ("  73282932000074  ", "73282932000074"),
        ("35600000001000", "35600000001000"),
        ("356 000 000 00048", "35600000000048"),
    ])
    func siretNormalised(written: String, stored: String) throws {
        var cells = Self.minimal
        cells[.siret] = written
        #expect(try validateStructure(cells).value?.siret == stored)
    }

    @Test("A missing SIRET is allowed", arguments: ["", "  ", "NA", "-"])
    func siretOptional(written: String) throws {
        var cells = Self.minimal
        cells[.siret] = written
        let structure = try #require(try validateStructure(cells).value)
        #expect(structure.siret == nil)
    }

    @Test("Invalid SIRETs are rejected with the SIRET column and the problem", arguments: [
        ("477 229 439 00089", "SIRET 47722943900089 invalide (clé de contrôle fausse)"),
        ("719 909 582 0095", "SIRET de 13 chiffres au lieu de 14"),
        ("4O9 137 700 00087", "seuls des chiffres sont attendus"),
        ("732829321 00074", "SIREN 732829321 invalide"),
        ("35600000001001", "SIRET 35600000001001 invalide"),
    ])
    func siretRejected(written: String, message: String) throws {
        var cells = Self.minimal
        cells[.siret] = written
        let outcome = try validateStructure(cells, headers: [.siret: "N° SIRET"])
        #expect(outcome.value == nil)
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues.first?.field == "N° SIRET")
        #expect(outcome.issues.first?.message.contains(message) == true, "\(outcome.messages)")
    }

    // MARK: Required fields

    @Test("Missing reference")
    func missingReference() throws {
        let outcome = try validateStructure([.name: "Ressourcerie"], headers: [.reference: "Référence"])
        #expect(outcome.issues == [Reject.Issue(field: "Référence", message: "référence manquante")])
    }

    @Test("Missing name", arguments: ["", "   ", "N/A"])
    func missingName(written: String) throws {
        let outcome = try validateStructure([.reference: "S1", .name: written])
        #expect(outcome.issues == [Reject.Issue(field: "nom", message: "nom de la structure manquant")])
    }

    @Test("Every fault of a record is reported, not only the first")
    func severalIssues() throws {
        let outcome = try validateStructure([.siret: "123", .jobs: "-1", .laureateYear: "bientôt"])
        #expect(outcome.value == nil)
        #expect(outcome.issues.count == 5, "\(outcome.messages)")
    }

    // MARK: Legal form and INSEE category

    @Test("Legal form from its label", arguments: [
        ("SCIC SAS", LegalForm.scic), ("SAS agréée ESUS", .esus), ("SCOP SA", .scop), ("Mutuelle (livre III)", .mutual),
        ("Fondation", .foundation), ("Coopérative", .cooperative), ("association", .association), ("Entreprise ESUS", .esus),
    ])
    func legalFormFromLabel(label: String, expected: LegalForm) throws {
        var cells = Self.minimal
        cells[.legalForm] = label
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.legalForm == expected)
        #expect(outcome.value?.legalFormLabel == nil)
        #expect(outcome.warnings.isEmpty)
    }

    @Test("Legal form from the INSEE category alone", arguments: [
        ("9210", LegalForm.association), ("9220", .association), ("9230", .association), ("9260", .association),
        ("9300", .foundation), ("8210", .mutual), ("8250", .mutual), ("8290", .mutual), ("6411", .mutual),
        ("5458", .scop), ("5558", .scop), ("5658", .scop), ("5460", .cooperative), ("5560", .cooperative), ("5660", .cooperative),
    ])
    func legalFormFromCategory(code: String, expected: LegalForm) throws {
        var cells = Self.minimal
        cells[.legalCategory] = code
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.legalForm == expected)
        #expect(outcome.value?.legalFormLabel == nil)
        #expect(outcome.warnings.isEmpty)
    }

    @Test("A category outside the ESS list is kept as « autre » with its code")
    func categoryOutsideList() throws {
        var cells = Self.minimal
        cells[.legalCategory] = "5710"
        let structure = try #require(try validateStructure(cells).value)
        #expect(structure.legalForm == .other)
        #expect(structure.legalFormLabel == "catégorie juridique 5710")
    }

    @Test("A known label beside an unknown category wins")
    func labelWithCompanyCategory() throws {
        var cells = Self.minimal
        cells[.legalForm] = "SAS agréée ESUS"
        cells[.legalCategory] = "5710"
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.legalForm == .esus)
        #expect(outcome.value?.legalFormLabel == nil)
    }

    @Test("An unknown label beside a known category takes the category's form")
    func unknownLabelKnownCategory() throws {
        var cells = Self.minimal
        cells[.legalForm] = "Collectif"
        cells[.legalCategory] = "9220"
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.legalForm == .association)
        #expect(outcome.warnings.isEmpty)
    }

    @Test("A label and a category that disagree: the label is kept, with a warning")
    func labelAndCategoryDisagree() throws {
        var cells = Self.minimal
        cells[.legalForm] = "Fondation"
        cells[.legalCategory] = "9220"
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.legalForm == .foundation)
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.message.contains("ne concordent pas") == true)
    }

    @Test("An unknown legal form is accepted as « autre » with its label and a warning", arguments: ["Société anonyme", "Groupement d'intérêt économique"])
    func unknownLegalForm(label: String) throws {
        var cells = Self.minimal
        cells[.legalForm] = label
        let outcome = try validateStructure(cells, headers: [.legalForm: "Forme juridique"])
        let structure = try #require(outcome.value)
        #expect(structure.legalForm == .other)
        #expect(structure.legalFormLabel == label)
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.field == "Forme juridique")
        #expect(outcome.warnings.first?.message.contains("« \(label) » non reconnue") == true)
    }

    @Test("A malformed INSEE category is rejected", arguments: ["92A0", "922", "92200", "9.220", "association"])
    func badCategory(code: String) throws {
        var cells = Self.minimal
        cells[.legalCategory] = code
        let outcome = try validateStructure(cells, headers: [.legalCategory: "Catégorie juridique"])
        #expect(outcome.value == nil)
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues.first?.field == "Catégorie juridique")
        #expect(outcome.issues.first?.message.contains("catégorie juridique « \(code) » invalide") == true)
    }

    // MARK: Sector

    @Test("Sectors")
    func sectors() throws {
        for (label, sector) in [("Réemploi / recyclage", Sector.reuse), ("insertion", .insertion), ("Services à la personne", .personalServices)] {
            var cells = Self.minimal
            cells[.sector] = label
            let outcome = try validateStructure(cells)
            #expect(outcome.value?.sector == sector)
            #expect(outcome.value?.sectorLabel == nil)
            #expect(outcome.warnings.isEmpty)
        }
    }

    @Test("An unknown sector is accepted as « autre » with its label and a warning", arguments: ["Environnement", "Bâtiment", "Sport"])
    func unknownSector(label: String) throws {
        var cells = Self.minimal
        cells[.sector] = label
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.sector == .other)
        #expect(outcome.value?.sectorLabel == label)
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.message.contains("secteur « \(label) » non reconnu") == true)
    }

    // MARK: ETP

    @Test("ETP", arguments: [("14,5", 14.5), ("0", 0), ("60", 60), ("2", 2), ("1 200", 1200), ("3.5", 3.5)])
    func jobs(written: String, value: Double) throws {
        var cells = Self.minimal
        cells[.jobs] = written
        #expect(try validateStructure(cells).value?.jobs == value)
    }

    @Test("Invalid ETP", arguments: [("beaucoup", "ETP : valeur non numérique « beaucoup »"), ("-2", "ETP négatif (-2)"), ("-0,5", "ETP négatif")])
    func badJobs(written: String, message: String) throws {
        var cells = Self.minimal
        cells[.jobs] = written
        let outcome = try validateStructure(cells, headers: [.jobs: "ETP"])
        #expect(outcome.value == nil)
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues.first?.field == "ETP")
        #expect(outcome.issues.first?.message.contains(message) == true, "\(outcome.messages)")
    }

    // MARK: Laureate

    @Test("Laureate year", arguments: [
        ("2024", 2024 as Int?), ("2000", 2000), ("2100", 2100), ("AAP 2023", 2023), ("Lauréat 2025", 2025),
        ("non", nil), ("Non", nil), ("0", nil), ("", nil),
    ])
    func laureate(written: String, year: Int?) throws {
        var cells = Self.minimal
        cells[.laureateYear] = written
        let structure = try #require(try validateStructure(cells).value)
        #expect(structure.laureateYear == year)
    }

    @Test("A laureate cell without a year is rejected", arguments: ["oui", "1999", "2101", "bientôt"])
    func badLaureate(written: String) throws {
        var cells = Self.minimal
        cells[.laureateYear] = written
        let outcome = try validateStructure(cells)
        #expect(outcome.value == nil)
        #expect(outcome.messages.count == 1)
        #expect(outcome.messages.first?.contains("année de l'appel à projets attendue") == true)
    }

    // MARK: Commune

    @Test("The commune of the seat, in any spelling", arguments: [
        ("Aulnay-sous-Bois", "93005"), ("AULNAY SOUS BOIS", "93005"), (" DRANCY ", "93029"), ("93420", "93078"),
        ("93078", "93078"), ("Le Blanc Mesnil", "93007"), ("Bourget", "93013"), ("Tremblay en France", "93073"),
    ])
    func commune(written: String, insee: String) throws {
        var cells = Self.minimal
        cells[.commune] = written
        let outcome = try validateStructure(cells)
        #expect(outcome.value?.communeInsee == insee)
        #expect(outcome.warnings.isEmpty)
    }

    @Test("A seat outside the territory is kept in the remarks, with a warning")
    func communeOutside() throws {
        var cells = Self.minimal
        cells[.commune] = "Bobigny"
        cells[.remarks] = "Siège départemental"
        let outcome = try validateStructure(cells)
        let structure = try #require(outcome.value)
        #expect(structure.communeInsee == nil)
        #expect(structure.remarks == "Siège départemental ; commune : Bobigny")
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.message.contains("hors du territoire") == true)
    }
}

// MARK: - Needs

@Suite("NeedRowValidator")
struct NeedRowValidatorTests {
    static let minimal: [NeedField: String] = [.reference: "B1", .structure: "S001", .surfaceMin: "50", .surfaceMax: "100"]

    private func need(_ changes: [NeedField: String]) throws -> RecordOutcome<Need> {
        try validateNeed(Self.minimal.merging(changes) { $1 })
    }

    @Test("A minimal need is accepted with defaults: any commune, type and lease, active")
    func minimal() throws {
        let outcome = try validateNeed(Self.minimal)
        let need = try #require(outcome.value)
        #expect(outcome.key == "B1")
        #expect(need == Need(reference: "B1", structureReference: "S001", surfaceMin: 50, surfaceMax: 100))
        #expect(need.communes.isEmpty && need.types.isEmpty && need.leaseKinds.isEmpty)
        #expect(need.status == .active)
        #expect(!need.accessibleRequired)
    }

    @Test("A full need (the sample's B001)")
    func full() throws {
        let outcome = try need([
            .budgetMonthly: "2 500 €", .communes: "Aulnay-sous-Bois|Sevran|Villepinte", .types: "stockage|activité",
            .wantedFrom: "01/03/2026", .minimumDuration: "36", .accessible: "non",
            .leaseKinds: "bail associatif|convention d'occupation temporaire", .requestedOn: "12/05/2025", .status: "Actif",
            .remarks: "Entrepôt pour le tri des dons",
        ])
        let need = try #require(outcome.value, "\(outcome.messages)")
        #expect(need == Need(
            reference: "B1", structureReference: "S001", surfaceMin: 50, surfaceMax: 100, budgetMonthly: 2500,
            communes: ["93005", "93071", "93078"], types: [.storage, .workshop], wantedFrom: CivilDate(iso: "2026-03-01"),
            minimumDurationMonths: 36, accessibleRequired: false, leaseKinds: [.associative, .temporary],
            requestedOn: CivilDate(iso: "2025-05-12"), status: .active, remarks: "Entrepôt pour le tri des dons"))
    }

    // MARK: Structure

    @Test("The structure by reference or by SIRET in any spelling", arguments: [
        ("S001", "S001"), (" S002 ", "S002"), ("73282932000074", "S001"), ("732 829 320 00074", "S001"),
        ("732.829.320.00074", "S001"), ("35600000001000", "S034"), ("356 000 000 01000", "S034"),
    ])
    func structure(written: String, reference: String) throws {
        #expect(try need([.structure: written]).value?.structureReference == reference)
    }

    @Test("An unknown structure is rejected", arguments: ["S999", "s001", "552 100 554 00024", "73282932000075"])
    func unknownStructure(written: String) throws {
        let outcome = try validateNeed(Self.minimal.merging([.structure: written]) { $1 }, headers: [.structure: "Structure"])
        #expect(outcome.value == nil)
        #expect(outcome.issues.count == 1)
        #expect(outcome.issues.first?.field == "Structure")
        #expect(outcome.messages.first?.contains("structure « \(written.trimmingCharacters(in: .whitespaces)) » inconnue du registre") == true, "\(outcome.messages)")
    }

    @Test("Missing structure")
    func missingStructure() throws {
        var cells = Self.minimal
        cells[.structure] = nil
        #expect(try validateNeed(cells).messages == ["structure manquante"])
    }

    @Test("Missing reference")
    func missingReference() throws {
        var cells = Self.minimal
        cells[.reference] = ""
        #expect(try validateNeed(cells).messages == ["référence manquante"])
    }

    // MARK: Surfaces

    @Test("Surfaces with decimal commas; min = max allowed", arguments: [
        ("45,5", "80", 45.5, 80.0), ("15", "32,5", 15, 32.5), ("80", "142,5", 80, 142.5), ("100", "100", 100, 100),
        ("1 200", "1 500 m²", 1200, 1500),
    ])
    func surfaces(min: String, max: String, low: Double, high: Double) throws {
        let need = try #require(try need([.surfaceMin: min, .surfaceMax: max]).value)
        #expect(need.surfaceMin == low)
        #expect(need.surfaceMax == high)
    }

    @Test("Surface faults", arguments: [
        (NeedField.surfaceMin, "", "surface minimale manquante"),
        (.surfaceMax, "", "surface maximale manquante"),
        (.surfaceMin, "environ 100", "surface minimale : valeur non numérique « environ 100 »"),
        (.surfaceMax, "beaucoup", "surface maximale : valeur non numérique « beaucoup »"),
        (.surfaceMin, "0", "surface minimale nulle ou négative (0)"),
        (.surfaceMax, "-10", "surface maximale nulle ou négative (-10)"),
    ])
    func surfaceFaults(field: NeedField, written: String, message: String) throws {
        let outcome = try need([field: written])
        #expect(outcome.value == nil)
        #expect(outcome.messages == [message])
    }

    @Test("Minimum surface above the maximum is rejected on the maximum's column")
    func minAboveMax() throws {
        let outcome = try validateNeed(
            Self.minimal.merging([.surfaceMin: "300", .surfaceMax: "150"]) { $1 },
            headers: [.surfaceMax: "Surface max (m²)"])
        #expect(outcome.issues == [Reject.Issue(field: "Surface max (m²)", message: "surface minimale (300) supérieure à la maximale (150)")])
    }

    // MARK: Budgets

    @Test("Monthly budgets as written", arguments: [
        ("900", 900.0), ("600,00", 600), ("1 800,50", 1800.5), ("2 500 €", 2500), ("2 200,00 €", 2200), ("0", 0),
    ])
    func budget(written: String, value: Double) throws {
        let need = try #require(try need([.budgetMonthly: written]).value)
        #expect(need.budgetMonthly == value)
        #expect(need.budgetPerSquareMetreYear == nil)
    }

    @Test("An empty budget means no limit")
    func noBudget() throws {
        let need = try #require(try need([.budgetMonthly: ""]).value)
        #expect(need.budgetMonthly == nil)
    }

    @Test("A budget per m² per year is kept as such")
    func budgetPerSquareMetre() throws {
        let need = try #require(try need([.budgetPerSquareMetreYear: "120"]).value)
        #expect(need.budgetPerSquareMetreYear == 120)
        #expect(need.budgetMonthly == nil)
    }

    @Test("Budget faults", arguments: [
        (NeedField.budgetMonthly, "à discuter", "budget mensuel : valeur non numérique « à discuter »"),
        (.budgetMonthly, "-100", "budget mensuel négatif (-100)"),
        (.budgetPerSquareMetreYear, "cher", "budget €/m²/an : valeur non numérique « cher »"),
        (.budgetPerSquareMetreYear, "-5", "budget €/m²/an négatif (-5)"),
    ])
    func budgetFaults(field: NeedField, written: String, message: String) throws {
        let outcome = try need([field: written])
        #expect(outcome.value == nil)
        #expect(outcome.messages == [message])
    }

    // MARK: Communes

    @Test("Communes in every accepted form, in order of preference", arguments: [
        ("Aulnay-sous-Bois|Sevran|Villepinte", ["93005", "93071", "93078"]),
        ("Aulnay, Sevran", ["93005", "93071"]),
        ("Aulnay,Sevran", ["93005", "93071"]),
        ("Villepinte|Aulnay", ["93078", "93005"]),
        (" Sevran | Aulnay ", ["93071", "93005"]),
        ("93150|93700", ["93007", "93029"]),
        ("93440|93350", ["93030", "93013"]),
        ("93005", ["93005"]),
        ("93007, 93029, 93005", ["93007", "93029", "93005"]),
        ("Aulnay-sous-Bois|93270", ["93005", "93071"]),
        ("SEVRAN|Villepinte|Tremblay-en-France", ["93071", "93078", "93073"]),
        ("Drancy|LE BOURGET", ["93029", "93013"]),
        ("Tremblay", ["93073"]),
        ("Villepinte, Tremblay, Sevran", ["93078", "93073", "93071"]),
        ("Le Blanc Mesnil|Blanc-Mesnil|93150", ["93007"]),
        ("Sevran | Aulnay, Villepinte", ["93071", "93005", "93078"]),
        ("Sevran||Aulnay|", ["93071", "93005"]),
        ("93600 Aulnay-sous-Bois|Dugny", ["93005", "93030"]),
        ("Sevran\nAulnay", ["93071", "93005"]),
    ])
    func communes(written: String, insee: [String]) throws {
        let outcome = try need([.communes: written])
        let need = try #require(outcome.value, "\(outcome.messages)")
        #expect(need.communes == insee)
    }

    @Test("An empty list, or a word for « any », means any commune of the territory", arguments: [
        "", "  ", "NA", "-", "Tous", "toutes", "Indifférent", "indifférente", "Tout le territoire", "Sans préférence",
        "Peu importe", "Toutes communes",
    ])
    func anyCommune(written: String) throws {
        let outcome = try need([.communes: written])
        let need = try #require(outcome.value, "\(outcome.messages)")
        #expect(need.communes.isEmpty)
    }

    @Test("A commune outside the territory is rejected, named", arguments: [
        ("Bobigny", ["Bobigny"]), ("Sevran|Bobigny", ["Bobigny"]), ("75001, Paris", ["75001", "Paris"]), ("93008", ["93008"]),
    ])
    func communeOutside(written: String, named: [String]) throws {
        let outcome = try validateNeed(Self.minimal.merging([.communes: written]) { $1 }, headers: [.communes: "Communes souhaitées"])
        #expect(outcome.value == nil)
        #expect(outcome.messages == named.map { "commune « \($0) » hors du territoire" })
        #expect(outcome.issues.allSatisfy { $0.field == "Communes souhaitées" })
    }

    // MARK: Types and leases

    @Test("Premises types", arguments: [
        ("bureau", [PremisesType.office]),
        ("stockage|activité", [.storage, .workshop]),
        ("activité/atelier|stockage", [.workshop, .storage]),
        ("atelier, stockage", [.workshop, .storage]),
        ("bureau|commerce", [.office, .retail]),
        ("activité|atelier", [.workshop]),
        ("salle|terrain", [.hall, .land]),
        ("", []),
        ("tous types", []),
    ])
    func types(written: String, expected: [PremisesType]) throws {
        #expect(try need([.types: written]).value?.types == expected)
    }

    @Test("An unknown premises type is rejected")
    func unknownType() throws {
        #expect(try need([.types: "bureau|chapiteau"]).messages == ["type de local « chapiteau » non reconnu"])
    }

    @Test("Lease kinds", arguments: [
        ("bail associatif|convention d'occupation temporaire", [LeaseKind.associative, .temporary]),
        ("bail commercial", [.commercial]),
        ("mise à disposition, bail commercial", [.freeLoan, .commercial]),
        ("convention d'occupation précaire|COT", [.temporary]),
        ("", []),
    ])
    func leases(written: String, expected: [LeaseKind]) throws {
        #expect(try need([.leaseKinds: written]).value?.leaseKinds == expected)
    }

    @Test("An unknown lease kind is rejected")
    func unknownLease() throws {
        #expect(try need([.leaseKinds: "bail emphytéotique"]).messages == ["bail « bail emphytéotique » non reconnu"])
    }

    // MARK: Dates, duration, PMR, status

    @Test("Dates in French and ISO form")
    func dates() throws {
        let need = try #require(try need([.wantedFrom: "2026-09-01", .requestedOn: "04/03/2026"]).value)
        #expect(need.wantedFrom == CivilDate(iso: "2026-09-01"))
        #expect(need.requestedOn == CivilDate(iso: "2026-03-04"))
    }

    @Test("Impossible or unreadable dates are rejected", arguments: [
        (NeedField.wantedFrom, "30/02/2026"), (.wantedFrom, "bientôt"), (.requestedOn, "31/04/2025"), (.requestedOn, "2025-13-01"),
    ])
    func badDates(field: NeedField, written: String) throws {
        let outcome = try need([field: written])
        #expect(outcome.value == nil)
        #expect(outcome.messages.count == 1)
        #expect(outcome.messages.first?.contains("« \(written) »") == true, "\(outcome.messages)")
    }

    @Test("Minimum duration in months (or years)", arguments: [
        ("36", 36 as Int?), ("12 mois", 12), ("2 ans", 24), ("1 an", 12), ("0", 0), ("", nil),
    ])
    func duration(written: String, months: Int?) throws {
        let outcome = try need([.minimumDuration: written])
        #expect(outcome.value?.minimumDurationMonths == months, "\(outcome.messages)")
    }

    @Test("Bad durations are rejected", arguments: ["longtemps", "1,5", "-12"])
    func badDuration(written: String) throws {
        #expect(try need([.minimumDuration: written]).messages == ["durée minimale « \(written) » : nombre de mois attendu"])
    }

    @Test("PMR required", arguments: [("oui", true), ("Oui", true), ("x", true), ("non", false), ("", false), ("NC", false)])
    func accessible(written: String, required: Bool) throws {
        #expect(try need([.accessible: written]).value?.accessibleRequired == required)
    }

    @Test("A PMR cell that is neither yes nor no is rejected")
    func badAccessible() throws {
        let outcome = try need([.accessible: "peut-être"])
        #expect(outcome.messages.count == 1)
        #expect(outcome.messages.first?.hasPrefix("PMR : valeur « peut-être » non reconnue") == true)
    }

    @Test("Statuses", arguments: [
        ("Actif", NeedStatus.active), ("ACTIF", .active), ("actif", .active), ("Satisfait", .satisfied), ("satisfait", .satisfied),
        ("Abandonné", .abandoned), ("abandonné", .abandoned), ("", .active),
    ])
    func status(written: String, expected: NeedStatus) throws {
        #expect(try need([.status: written]).value?.status == expected)
    }

    @Test("An unknown status is rejected")
    func badStatus() throws {
        #expect(try need([.status: "en pause"]).messages == ["statut « en pause » non reconnu (actif, satisfait ou abandonné)"])
    }

    @Test("Every fault of a need is reported")
    func severalFaults() throws {
        let outcome = try validateNeed([
            .structure: "S999", .surfaceMin: "x", .surfaceMax: "0", .communes: "Bobigny", .types: "chapiteau",
            .wantedFrom: "30/02/2026", .status: "??",
        ])
        #expect(outcome.value == nil)
        #expect(outcome.issues.count == 8, "\(outcome.messages)")
    }
}

// MARK: - CSV reading: dialects, aliases, profiles

@Suite("Registres en CSV : dialectes, alias, profils")
struct RegisterCSVTests {
    static let structures = [
        Structure(reference: "S001", name: "Ressourcerie", siret: "73282932000074"),
        Structure(reference: "S002", name: "Épicerie"),
    ]

    @Test("Structures with alias headers, contact joined from two columns")
    func structureAliases() throws {
        let read = try readStructures(text: """
            Identifiant;Raison sociale;Numéro SIRET;Statut juridique;Code juridique;Secteur d'activité;Effectif ETP;Lauréat appel à projets;Courriel;Téléphone;Ville;Observations
            S1;La Trame;732 829 320 00074;;9220;Réemploi;3,5;2024;a@b.fr;01 99 00 00 00;Drancy;RAS

            """)
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        let structure = try #require(read.values.first)
        #expect(structure.reference == "S1")
        #expect(structure.name == "La Trame")
        #expect(structure.siret == "73282932000074")
        #expect(structure.legalForm == .association)
        #expect(structure.sector == .reuse)
        #expect(structure.jobs == 3.5)
        #expect(structure.laureateYear == 2024)
        #expect(structure.contact?.contains("a@b.fr") == true)
        #expect(structure.contact?.contains("01 99 00 00 00") == true)
        #expect(structure.communeInsee == "93029")
        #expect(structure.remarks == "RAS")
    }

    @Test("Needs with alias headers")
    func needAliases() throws {
        let read = try readNeeds(text: """
            N° besoin;SIRET structure;Surface minimale;Surface maximale;Loyer max;Localisation souhaitée;Type de local;Date souhaitée;Durée min;Accessibilité PMR;Type de bail;Date de dépôt;État;Précisions
            B1;732 829 320 00074;40;80;700;Sevran|Aulnay;bureau;01/09/2026;24;oui;bail commercial;01/02/2026;satisfait;RAS

            """, structures: Self.structures)
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        let need = try #require(read.values.first)
        #expect(need == Need(
            reference: "B1", structureReference: "S001", surfaceMin: 40, surfaceMax: 80, budgetMonthly: 700,
            communes: ["93071", "93005"], types: [.office], wantedFrom: CivilDate(iso: "2026-09-01"), minimumDurationMonths: 24,
            accessibleRequired: true, leaseKinds: [.commercial], requestedOn: CivilDate(iso: "2026-02-01"), status: .satisfied,
            remarks: "RAS"))
    }

    @Test("Comma-delimited needs: a quoted list cell keeps its commas")
    func commaDelimitedNeeds() throws {
        let read = try readNeeds(text: """
            Référence,Structure,Surface min,Surface max,Budget mensuel,Communes souhaitées,Types de locaux
            B1,S001,40,80,"1 200,50","Aulnay, Sevran, Villepinte","bureau, salle"
            B2,S002,10,20,300,93150|93700,stockage

            """, structures: Self.structures)
        #expect(read.summary.dialect.delimiter == UInt8(ascii: ","))
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        #expect(read.values.map(\.communes) == [["93005", "93071", "93078"], ["93007", "93029"]])
        #expect(read.values.first?.types == [.office, .hall])
        #expect(read.values.first?.budgetMonthly == 1200.5)
    }

    @Test("Tab-delimited structures")
    func tabDelimited() throws {
        let read = try readStructures(text: "Référence\tNom\tSIRET\tForme juridique\nS1\tLa Trame\t73282932000074\tSCIC\nS2\tLe Panier\t\tassociation\n")
        #expect(read.summary.dialect.delimiter == UInt8(ascii: "\t"))
        #expect(read.values.map(\.legalForm) == [.scic, .association])
    }

    @Test("Windows-1252 structures with CRLF and a BOM-less header")
    func windows1252() throws {
        let text = "Référence;Nom;Forme juridique;Secteur;Commune\r\nS1;Épicerie Les Mûres;Fondation;Réemploi;Le Blanc-Mesnil\r\nS2;Théâtre;Société coopérative d'intérêt collectif;Culture;Tremblay\r\n"
        let file = try TemporaryFile(bytes: latin1(text), name: "structures.csv")
        let read = try readStructures(path: file.path)
        #expect(read.summary.facts.encoding == .windows1252)
        #expect(read.rejects.isEmpty)
        #expect(read.values.map(\.name) == ["Épicerie Les Mûres", "Théâtre"])
        #expect(read.values.map(\.legalForm) == [.foundation, .scic])
        #expect(read.values.map(\.communeInsee) == ["93007", "93073"])
    }

    @Test("UTF-8 with a BOM")
    func bom() throws {
        let text = "Référence;Nom\nS1;Épicerie\n"
        let file = try TemporaryFile(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), name: "structures.csv")
        let read = try readStructures(path: file.path)
        #expect(read.values.map(\.reference) == ["S1"])
    }

    @Test("A mapping profile for structures, in code and from its JSON file")
    func structureProfile() throws {
        let csv = """
            Code;Dénom.;N° d'identification;Type juridique;Colonne inutile
            S1;La Trame;73282932000074;SCOP;x

            """
        let profile = FieldMappingProfile<StructureField>(
            columns: ["Code": .reference, "Dénom.": .name, "N° d'identification": .siret, "Type juridique": .legalForm],
            ignored: ["Colonne inutile"])
        let read = try readStructures(text: csv, profile: profile)
        #expect(read.values == [Structure(reference: "S1", name: "La Trame", siret: "73282932000074", legalForm: .scop)])

        let json = try TemporaryFile("""
            {"description": "Registre de test", "colonnes": {"Code": "reference", "Dénom.": "nom", "N° d'identification": "siret", "Type juridique": "forme_juridique"}, "ignorer": ["Colonne inutile"]}
            """, name: "profil.json")
        let loaded = try FieldMappingProfile<StructureField>.load(path: json.path)
        #expect(loaded == profile.with(description: "Registre de test"))
        #expect(try readStructures(text: csv, profile: loaded).values == read.values)
    }

    @Test("A mapping profile for needs")
    func needProfile() throws {
        let csv = """
            Num;Porteur du projet;Mini;Maxi;Villes
            B1;S002;20;40;Dugny, Le Bourget

            """
        let json = try TemporaryFile("""
            {"colonnes": {"Num": "reference", "Porteur du projet": "structure", "Mini": "surface_min", "Maxi": "surface_max", "Villes": "communes"}}
            """, name: "profil.json")
        let profile = try FieldMappingProfile<NeedField>.load(path: json.path)
        let read = try readNeeds(text: csv, profile: profile, structures: Self.structures)
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        #expect(read.values == [Need(reference: "B1", structureReference: "S002", surfaceMin: 20, surfaceMax: 40, communes: ["93030", "93013"])])
    }

    @Test("A profile naming a premises field for a register is refused")
    func profileWithWrongField() throws {
        let json = try TemporaryFile(#"{"colonnes": {"Surface": "surface"}}"#, name: "profil.json")
        #expect(throws: MappingProfileError.self) { try FieldMappingProfile<StructureField>.load(path: json.path) }
    }

    @Test("A needs file without the maximum surface column has no header")
    func missingRequiredColumn() throws {
        let file = try TemporaryFile("Référence;Structure;Surface min\nB1;S001;40\n", name: "besoins.csv")
        do {
            _ = try readNeeds(path: file.path, structures: Self.structures)
            Issue.record("expected headerNotFound")
        } catch let error as InventoryReadError {
            guard case let .headerNotFound(_, _, missing, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(missing == ["surface maximale"])
        }
    }

    @Test("Duplicate references: the first row wins, the second is rejected with the first line")
    func duplicates() throws {
        let read = try readStructures(text: "Référence;Nom\nS1;Un\nS2;Deux\nS1;Trois\n")
        #expect(read.values.map(\.name) == ["Un", "Deux"])
        let reject = try #require(read.reject(line: 4))
        #expect(reject.reason == "doublon : même référence « S1 » qu'à la ligne 2 (la première est gardée)")
        #expect(reject.fields == "Référence")
        #expect(reject.raw == "S1;Trois")
        #expect(read.summary.records == 3 && read.summary.accepted == 2 && read.summary.rejected == 1)
    }

    @Test("A row with too many fields is rejected whole, not shifted")
    func wrongWidth() throws {
        let read = try readNeeds(text: "Référence;Structure;Surface min;Surface max;Remarques\nB1;S001;10;20;a; b\nB2;S001;10;20;ok\n", structures: Self.structures)
        #expect(read.values.map(\.reference) == ["B2"])
        #expect(read.reject(line: 2)?.reason.contains("6 au lieu de 5") == true, "\(read.rejects)")
    }

    @Test("Padded cells, quoted or not, are trimmed: references, SIRETs, codes, lists")
    func paddedCells() throws {
        let structures = try readStructures(text: """
            Référence;Nom;SIRET;Catégorie juridique;ETP;Lauréat AAP;Secteur
              S001  ;  La Trame  ; 537 205 791 00099 ; 9220 ; 3 ; 2024 ; Culture
            "S002 ";" Épicerie ";;" 5458";;;

            """)
        #expect(structures.rejects.isEmpty, "\(structures.rejects)")
        #expect(structures.values == [
            Structure(reference: "S001", name: "La Trame", siret: "53720579100099", legalForm: .association, sector: .culture, jobs: 3, laureateYear: 2024),
            Structure(reference: "S002", name: "Épicerie", legalForm: .scop),
        ])
        let needs = try readNeeds(text: """
            Référence;Structure;Surface min;Surface max;Communes;Types;Statut
             B1 ; S001 ; 10 ; 20 ; Sevran | Aulnay ; bureau ; actif
            B2;" 537 205 791 00099 ";10;20;;;

            """, structures: structures.values)
        #expect(needs.rejects.isEmpty, "\(needs.rejects)")
        #expect(needs.values.map(\.reference) == ["B1", "B2"])
        #expect(needs.values.map(\.structureReference) == ["S001", "S001"])
        #expect(needs.values.first?.communes == ["93071", "93005"])
    }

    @Test("Blank lines are skipped and counted apart")
    func blankLines() throws {
        let read = try readStructures(text: "Référence;Nom\nS1;Un\n\n;\nS2;Deux\n")
        #expect(read.values.count == 2)
        #expect(read.rejects.isEmpty)
        #expect(read.summary.records == 2)
    }
}

private extension FieldMappingProfile {
    func with(description: String) -> Self {
        var copy = self
        copy.description = description
        return copy
    }
}

// MARK: - The samples of Imports/

/// The tables at the end of Imports/README.md.
@Suite("Registres d'exemple (Imports/structures.csv, Imports/besoins.csv)")
struct SampleRegisterTests {
    static func territory() throws -> Territory {
        try Territory(communes: TerritoryFile.read(path: Fixtures.path("samples/territoire.csv")))
    }

    static func structures() throws -> RegisterRead<Structure> {
        try readStructures(path: Fixtures.path("registers/structures.csv"), territory: territory())
    }

    static func needs() throws -> RegisterRead<Need> {
        try readNeeds(path: Fixtures.path("registers/besoins.csv"), structures: structures().values, territory: territory())
    }

    /// Line → (field as written in the header, fragment of the reason).
    static let structureRejects: [Int: (String, String)] = [
        10: ("SIRET", "SIRET 47722943900089 invalide (clé de contrôle fausse)"),
        16: ("SIRET", "SIRET de 13 chiffres au lieu de 14"),
        24: ("Nom", "nom de la structure manquant"),
        29: ("SIRET", "« 4O9 137 700 00087 » : seuls des chiffres sont attendus"),
        35: ("ETP", "ETP : valeur non numérique « beaucoup »"),
        41: ("Référence", "doublon : même référence « S020 » qu'à la ligne 22"),
        46: ("ETP", "ETP négatif (-2)"),
    ]

    static let needRejects: [Int: (String?, String)] = [
        9: ("Structure", "structure « S999 » inconnue du registre"),
        19: ("Surface min (m²)", "surface minimale : valeur non numérique « environ 100 »"),
        32: ("Disponible à partir du", "« 30/02/2026 »"),
        36: ("Communes souhaitées", "commune « Bobigny » hors du territoire"),
        43: (nil, "15 au lieu de 14"),
        50: ("Référence", "doublon : même référence « B034 » qu'à la ligne 35"),
        53: ("Surface max (m²)", "surface minimale (300) supérieure à la maximale (150)"),
    ]

    @Test("The fixtures are byte-for-byte copies of Imports/")
    func fixturesAreCopies() throws {
        let imports = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Imports")
        for name in ["structures.csv", "besoins.csv"] {
            let original = imports.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: original.path) else { continue }
            #expect(try Data(contentsOf: original) == Data(Fixtures.bytes("registers/\(name)")), "\(name) differs from Imports/\(name)")
        }
    }

    @Test("structures.csv: 46 records, 39 accepted, 7 rejected on the documented lines")
    func structureCounts() throws {
        let read = try Self.structures()
        #expect(read.summary.facts.encoding == .utf8)
        #expect(read.summary.dialect.delimiter == UInt8(ascii: ";"))
        #expect(read.summary.headerLine == 1)
        #expect(read.summary.records == 46)
        #expect(read.summary.accepted == 39)
        #expect(read.summary.rejected == 7)
        #expect(read.accepted.count == 39)
        #expect(read.rejectLines == [10, 16, 24, 29, 35, 41, 46])
        for reject in read.rejects {
            let (field, reason) = try #require(Self.structureRejects[reject.line])
            #expect(reject.issues.count == 1, "line \(reject.line): exactly one fault, got \(reject.reason)")
            #expect(reject.fields == field, "line \(reject.line)")
            #expect(reject.reason.contains(reason), "line \(reject.line): \(reject.reason)")
            #expect(reject.file == "structures.csv")
        }
        #expect(read.reject(line: 41)?.raw.hasPrefix("S020;Atelier Fil et Fibre;") == true)
        // Line 22's S020 is kept.
        #expect(read.values.first { $0.reference == "S020" }?.name == "Fil & Fibre, atelier textile")
        #expect(read.accepted.first { $0.value.reference == "S020" }?.line == 22)
    }

    @Test("structures.csv: legal forms of the accepted structures")
    func structureLegalForms() throws {
        let byReference = Dictionary(uniqueKeysWithValues: try Self.structures().values.map { ($0.reference, $0) })
        let expected: [LegalForm: [String]] = [
            .association: ["S001", "S002", "S004", "S005", "S011", "S013", "S015", "S019", "S023", "S032", "S035", "S041", "S045", "S003", "S016", "S021"],
            .scop: ["S006", "S020", "S028", "S036"],
            .scic: ["S007", "S012", "S024", "S039"],
            .cooperative: ["S018", "S037", "S029"],
            .mutual: ["S008", "S040", "S025"],
            .foundation: ["S010", "S038", "S026"],
            .esus: ["S017", "S030", "S031", "S044"],
            .other: ["S034", "S042"],
        ]
        #expect(expected.values.map(\.count).reduce(0, +) == 39)
        for (form, references) in expected {
            for reference in references {
                #expect(byReference[reference]?.legalForm == form, "\(reference)")
            }
        }
        #expect(byReference["S034"]?.legalFormLabel == "Société anonyme")
        #expect(byReference["S042"]?.legalFormLabel == "Groupement d'intérêt économique")
    }

    @Test("structures.csv: sectors, laureates, SIRETs, ETP, communes and quoted remarks")
    func structureDetails() throws {
        let read = try Self.structures()
        let s = Dictionary(uniqueKeysWithValues: read.values.map { ($0.reference, $0) })
        // Sectors.
        let sectors: [Sector: [String]] = [
            .insertion: ["S005", "S011", "S018", "S028", "S042", "S044"],
            .reuse: ["S001", "S015", "S035", "S020", "S030", "S039"],
            .culture: ["S004", "S010", "S012", "S023", "S038", "S045"],
            .mobility: ["S003", "S024", "S036"],
            .food: ["S002", "S019", "S021", "S026", "S029", "S031", "S037"],
            .personalServices: ["S008", "S013", "S025", "S034", "S040"],
            .digital: ["S017", "S032"],
            .other: ["S007", "S016", "S006", "S041"],
        ]
        for (sector, references) in sectors {
            for reference in references { #expect(s[reference]?.sector == sector, "\(reference)") }
        }
        #expect(s["S006"]?.sectorLabel == "Bâtiment")
        #expect(s["S041"]?.sectorLabel == "Sport")
        #expect(s["S007"]?.sectorLabel == "Environnement")
        // Laureates.
        let laureates = read.values.filter { $0.laureateYear != nil }
        #expect(laureates.count == 11)
        #expect(Set(laureates.filter { $0.laureateYear == 2023 }.map(\.reference)) == ["S005", "S017", "S030"])
        #expect(Set(laureates.filter { $0.laureateYear == 2024 }.map(\.reference)) == ["S001", "S007", "S019", "S031"])
        #expect(Set(laureates.filter { $0.laureateYear == 2025 }.map(\.reference)) == ["S003", "S012", "S024", "S044"])
        // SIRETs.
        #expect(s["S001"]?.siret == "53720579100099")
        #expect(s["S004"]?.siret == "80610828800051")
        #expect(s["S034"]?.siret == "35600000001000")
        #expect(s["S016"]?.siret == nil && s["S023"]?.siret == nil && s["S045"]?.siret == nil)
        #expect(read.values.allSatisfy { $0.siret == nil || $0.siret?.count == 14 })
        // ETP.
        #expect(s["S001"]?.jobs == 14.5)
        #expect(s["S015"]?.jobs == 0)
        #expect(s["S044"]?.jobs == 60)
        #expect(s["S016"]?.jobs == nil && s["S042"]?.jobs == nil && s["S045"]?.jobs == nil)
        // Communes.
        #expect(s["S011"]?.communeInsee == "93029")
        #expect(s["S035"]?.communeInsee == "93078")
        #expect(s["S002"]?.communeInsee == "93005")
        #expect(s["S024"]?.communeInsee == "93007")
        #expect(s["S016"]?.communeInsee == "93013")
        #expect(read.values.allSatisfy { $0.communeInsee != nil })
        // Quoted remarks.
        #expect(s["S001"]?.remarks == "Collecte d'objets et boutique solidaire ; cherche un entrepôt plus grand")
        #expect(s["S012"]?.remarks == "Tiers-lieu culturel et numérique.\nCherche un second site à Villepinte ou à Sevran.")
        #expect(s["S031"]?.remarks == "Traiteur \"cuisines du monde\", salariés en insertion")
        #expect(read.accepted.first { $0.value.reference == "S013" }?.line == 15, "S012 spans lines 13–14")
        // Warnings: the unknown legal forms and sectors only.
        let warned = Set(read.warnings.compactMap(\.line))
        let lines = Dictionary(uniqueKeysWithValues: read.accepted.map { ($0.value.reference, $0.line) })
        #expect(warned == Set(["S006", "S007", "S016", "S034", "S041", "S042"].compactMap { lines[$0] }), "\(read.warnings)")
    }

    @Test("besoins.csv: 57 records, 50 accepted, 7 rejected on the documented lines")
    func needCounts() throws {
        let read = try Self.needs()
        #expect(read.summary.facts.encoding == .utf8)
        #expect(read.summary.headerLine == 1)
        #expect(read.summary.records == 57)
        #expect(read.summary.accepted == 50)
        #expect(read.summary.rejected == 7)
        #expect(read.rejectLines == [9, 19, 32, 36, 43, 50, 53])
        for reject in read.rejects {
            let (field, reason) = try #require(Self.needRejects[reject.line])
            #expect(reject.issues.count == 1, "line \(reject.line): exactly one fault, got \(reject.reason)")
            if let field { #expect(reject.fields == field, "line \(reject.line)") }
            #expect(reject.reason.contains(reason), "line \(reject.line): \(reject.reason)")
        }
        #expect(read.reject(line: 43)?.raw.contains("Stockage des vélos donnés; accès par la cour") == true)
        #expect(read.accepted.first { $0.value.reference == "B034" }?.value.structureReference == "S028")
    }

    @Test("besoins.csv: statuses, communes, structures by SIRET, needs per structure")
    func needDetails() throws {
        let read = try Self.needs()
        let n = Dictionary(uniqueKeysWithValues: read.values.map { ($0.reference, $0) })
        #expect(read.values.filter { $0.status == .active }.count == 45)
        #expect(Set(read.values.filter { $0.status == .satisfied }.map(\.reference)) == ["B007", "B011", "B036"])
        #expect(Set(read.values.filter { $0.status == .abandoned }.map(\.reference)) == ["B016", "B055"])
        #expect(Set(read.values.filter(\.communes.isEmpty).map(\.reference)) == ["B011", "B025", "B037", "B041", "B049", "B050", "B052", "B054"])
        // Communes in each written form.
        #expect(n["B001"]?.communes == ["93005", "93071", "93078"])
        #expect(n["B002"]?.communes == ["93005", "93071"])
        #expect(n["B004"]?.communes == ["93007", "93029"])
        #expect(n["B019"]?.communes == ["93030", "93013"])
        #expect(n["B020"]?.communes == ["93005", "93071"])
        #expect(n["B021"]?.communes == ["93005"])
        #expect(n["B030"]?.communes == ["93007", "93029", "93005"])
        #expect(n["B048"]?.communes == ["93029", "93013"])
        #expect(n["B016"]?.communes == ["93078", "93073", "93071"])
        // Structures named by SIRET.
        let bySiret = ["B010": "S008", "B016": "S013", "B022": "S018", "B036": "S029", "B038": "S030", "B043": "S034", "B047": "S037"]
        for (need, structure) in bySiret { #expect(n[need]?.structureReference == structure, "\(need)") }
        // Needs per structure.
        let perStructure = Dictionary(grouping: read.values, by: \.structureReference).mapValues { $0.map(\.reference).sorted() }
        let twice: [String: [String]] = [
            "S001": ["B001", "B056"], "S005": ["B005", "B006"], "S010": ["B011", "B012"], "S012": ["B014", "B015"],
            "S017": ["B020", "B021"], "S019": ["B023", "B024"], "S021": ["B026", "B027"], "S024": ["B029", "B030"],
            "S030": ["B037", "B038"], "S031": ["B039", "B040"], "S035": ["B044", "B045"], "S044": ["B053", "B054"],
        ]
        for (structure, needs) in twice { #expect(perStructure[structure] == needs, "\(structure)") }
        let accepted = try Self.structures().values.map(\.reference)
        for structure in accepted where twice[structure] == nil {
            #expect(perStructure[structure]?.count == (structure == "S040" ? nil : 1), "\(structure)")
        }
        // Values.
        #expect(n["B001"]?.budgetMonthly == 2500)
        #expect(n["B007"]?.budgetMonthly == 2200)
        #expect(n["B039"]?.budgetMonthly == 1800.5)
        #expect(n["B015"]?.budgetMonthly == nil)
        #expect(n["B017"]?.surfaceMin == 45.5)
        #expect(n["B024"]?.surfaceMax == 32.5)
        #expect(n["B032"]?.surfaceMax == 142.5)
        #expect(n["B005"]?.types == [.workshop, .storage])
        #expect(n["B007"]?.types == [.workshop, .storage])
        #expect(n["B001"]?.leaseKinds == [.associative, .temporary])
        #expect(n["B012"]?.minimumDurationMonths == nil)
        #expect(n["B009"]?.accessibleRequired == false)
        #expect(n["B002"]?.accessibleRequired == true)
        #expect(n["B001"]?.wantedFrom == CivilDate(iso: "2026-03-01"))
        #expect(n["B001"]?.requestedOn == CivilDate(iso: "2025-05-12"))
        #expect(n["B024"]?.remarks == "Réserve pour une chambre froide ; alimentation électrique dédiée")
        #expect(read.warnings.isEmpty)
    }
}

