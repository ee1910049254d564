import BourseCore
import BourseImport
import BourseReports
import BourseStore
import Foundation
import Testing

/// A small, fully dated history with two landlords and a round, for the golden files and the
/// hand-worked figures of `ReportFixtureTests`. No date in it depends on today.
///
/// - 15/01/2026, Drancy: A 100 m² bureau 500 €, B 50 m² commerce.
/// - 10/02/2026, Seine-Saint-Denis Habitat (SSDH): L1 Drancy 45,5 m² bureau 420,50 € (market 700 €),
///   L2 Sevran 80 m² atelier 600 €, L3 Sevran 30 m² stockage 400 €, address `=HYPERLINK(…)`.
/// - 20/02/2026, Batigère: X1 Drancy 60 m² bureau 550 €.
/// - 10/03/2026, Drancy: A grown to 120 m², B absent (withdrawn), C 30 m² bureau 300 € (market 600 €).
/// - Round 1 of 15/04/2026 (stable, seed 1), accepted on 20/04/2026: L1 → B1 (Théâtre du Coin,
///   laureate), L2 → B2 (Recyclerie Nord), C → B3 (Vélo Solidaire); B4 (Épicerie Partagée) gets nothing.
/// - 05/05/2026, SSDH: L1 and L2 again, L3 absent (withdrawn), L4 Sevran 200 m² salle 1 250,75 € new.
enum ReportFixture {
    static let drancyJanuary = """
        Référence;Commune;Type;Surface;Loyer mensuel;Loyer de marché
        A;Drancy;bureau;100;500;
        B;Drancy;commerce;50;;

        """
    static let drancyMarch = """
        Référence;Commune;Type;Surface;Loyer mensuel;Loyer de marché
        A;Drancy;bureau;120;500;
        C;Drancy;bureau;30;300;600

        """
    static let ssdhFebruary = """
        Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Loyer de marché
        L1;Drancy;12 rue Roger Salengro;bureau;45,5;420,50;700
        L2;Sevran;3 allée des Acacias;atelier;80;600;
        L3;Sevran;"=HYPERLINK(""http://exemple.fr"")";stockage;30;400;

        """
    static let ssdhMay = """
        Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Loyer de marché
        L1;Drancy;12 rue Roger Salengro;bureau;45,5;420,50;700
        L2;Sevran;3 allée des Acacias;atelier;80;600;
        L4;Sevran;8 place de la Gare;salle;200;1250,75;

        """
    static let batigereFebruary = """
        Référence;Commune;Adresse;Type;Surface;Loyer mensuel
        X1;Drancy;5 avenue Jean Jaurès;bureau;60;550

        """
    static let structures = """
        Référence;Nom;Forme juridique;Secteur;ETP;Lauréat AAP;Contact
        S1;Théâtre du Coin;association;culture;2;2025;@theatreducoin
        S2;Recyclerie Nord;SCIC;réemploi;12;;+33 1 48 00 00 00
        S3;Vélo Solidaire;association;mobilité;3;;velo@exemple.fr
        S4;Épicerie Partagée;SCOP;alimentation;;;

        """
    static let needs = """
        Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Date de la demande;Statut
        B1;S1;40;60;800;Drancy|Sevran;bureau;01/02/2026;Actif
        B2;S2;60;100;900;Sevran;atelier|stockage;05/02/2026;Actif
        B3;S3;25;50;500;;bureau|stockage;10/02/2026;Actif
        B4;S4;40;50;600;Drancy;bureau;15/02/2026;Actif

        """

    static let landlord = Source(id: "ssdh", name: "Seine-Saint-Denis Habitat", kind: .landlord)
    static let otherLandlord = Source(id: "batigere", name: "Batigère", kind: .landlord)

    static func day(_ iso: String) throws -> CivilDate { try #require(CivilDate(iso: iso)) }

    /// The database with the whole history, and the round's number.
    static func database() throws -> (BourseDatabase, roundID: Int64) {
        let db = try BourseDatabase.inMemory()
        try db.initialise(communes: [
            Commune(inseeCode: "93029", postalCodes: ["93700"], name: "Drancy"),
            Commune(inseeCode: "93071", postalCodes: ["93270"], name: "Sevran"),
        ])
        try db.addSource(landlord)
        try db.addSource(otherLandlord)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        func inventory(_ name: String, _ text: String, source: String, _ date: String) throws {
            _ = try db.importInventory(path: try file(name, text), options: InventoryImportOptions(sourceID: source, asOf: try day(date)))
        }
        try inventory("drancy-janvier.csv", drancyJanuary, source: "drancy", "2026-01-15")
        try inventory("ssdh-fevrier.csv", ssdhFebruary, source: "ssdh", "2026-02-10")
        try inventory("batigere-fevrier.csv", batigereFebruary, source: "batigere", "2026-02-20")
        try inventory("drancy-mars.csv", drancyMarch, source: "drancy", "2026-03-10")
        let registered = RegisterImportOptions(date: try day("2026-04-01"))
        _ = try db.importStructures(path: try file("structures.csv", structures), options: registered)
        _ = try db.importNeeds(path: try file("besoins.csv", needs), options: registered)

        let parameters = MatchingParameters(strategy: .stable, surfaceTolerance: 0.1, seed: 1, date: try day("2026-04-15"))
        let input = try db.roundInput()
        let result = MatchingRound.run(needs: input.needs, premises: input.premises, parameters: parameters)
        let roundID = try db.saveRound(
            result, input: input, parameters: parameters,
            inputHash: BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: parameters))
        _ = try db.acceptRound(roundID, date: try day("2026-04-20"))

        try inventory("ssdh-mai.csv", ssdhMay, source: "ssdh", "2026-05-05")
        return (db, roundID)
    }

    /// The reports of the fixture, as the golden files hold them.
    struct Reports {
        var evolution: [EvolutionRow]
        var indicators: Indicators
        var indicatorRows: [EvolutionRow]
        var landlord: LandlordReport
    }

    static let generatedOn = "2026-07-01"

    static func reports() throws -> Reports {
        let (db, roundID) = try database()
        let histories = try db.premisesHistories()
        let placements = try db.placementFacts()
        let inventories = try db.inventoryFacts()
        let evolution = Evolution.compute(
            histories: histories, placements: placements, inventories: inventories, period: .month,
            from: try day("2026-01-01"), to: try day("2026-06-30"))
        let indicators = Indicators.compute(
            year: 2026, histories: histories, placements: placements, inventories: inventories,
            communeNames: ["93029": "Drancy", "93071": "Sevran"], today: try day("2026-06-30"))
        let indicatorRows = Evolution.compute(
            histories: histories, placements: placements, inventories: inventories, period: .month, from: indicators.start, to: indicators.end)
        let landlord = try LandlordRound.load(db, id: roundID).report(for: landlord, in: db)
        return Reports(evolution: evolution, indicators: indicators, indicatorRows: indicatorRows, landlord: landlord)
    }
}
