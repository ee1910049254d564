import BourseCore
import BourseImport
import BourseReports
import BourseStore
import Foundation
import Testing

/// Every figure of the evolution and the indicators on a small history worked out by hand.
///
/// Drancy, inventory of 15/01/2026: A 100 m² (rent 500), B 50 m². Inventory of 10/03/2026: A grown
/// to 120 m², B absent (withdrawn), C 30 m² new (rent 300, market rent 600). C placed on
/// 20/04/2026 with structure S1 (association, culture). Expected, month by month:
/// - January: stock 150 m² (2 premises), offered 150, one commune inventory;
/// - February: stock 150, nothing else;
/// - March: stock 150 (120 + 30), offered 30, withdrawn 50, one commune inventory;
/// - April: stock 120 (C leaves on its placement date), 1 placement of 30 m².
@Suite("Évolution et indicateurs sur un historique calculé à la main")
struct EvolutionTests {
    let january = """
        Référence;Commune;Surface;Loyer mensuel;Loyer de marché
        A;Drancy;100;500;
        B;Drancy;50;;

        """
    let march = """
        Référence;Commune;Surface;Loyer mensuel;Loyer de marché
        A;Drancy;120;500;
        C;Drancy;30;300;600

        """

    func day(_ iso: String) throws -> CivilDate { try #require(CivilDate(iso: iso)) }

    func history() throws -> BourseDatabase {
        let db = try BourseDatabase.inMemory()
        try db.initialise(communes: [
            Commune(inseeCode: "93029", postalCodes: ["93700"], name: "Drancy"),
            Commune(inseeCode: "93005", postalCodes: ["93600"], name: "Aulnay-sous-Bois"),
        ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evolution-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text, date) in [("janvier.csv", january, "2026-01-15"), ("mars.csv", march, "2026-03-10")] {
            let path = folder.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            _ = try db.importInventory(path: path, options: InventoryImportOptions(sourceID: "drancy", asOf: try day(date)))
        }
        let structures = folder.appendingPathComponent("structures.csv").path
        try Data("Référence;Nom;Forme juridique;Secteur\nS1;Théâtre du Coin;association;culture\n".utf8).write(to: URL(fileURLWithPath: structures))
        _ = try db.importStructures(path: structures, options: RegisterImportOptions(date: try day("2026-04-01")))
        let needs = folder.appendingPathComponent("besoins.csv").path
        try Data("Référence;Structure;Surface min;Surface max\nB1;S1;20;40\n".utf8).write(to: URL(fileURLWithPath: needs))
        _ = try db.importNeeds(path: needs, options: RegisterImportOptions(date: try day("2026-04-01")))
        let c = try #require(try db.premises().first { $0.premises.reference == "C" })
        try db.place(needReference: "B1", premisesID: c.id, date: try day("2026-04-20"), rent: nil)
        return db
    }

    @Test func monthByMonth() throws {
        let db = try history()
        let rows = Evolution.compute(
            histories: try db.premisesHistories(), placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
            period: .month, from: try day("2026-01-01"), to: try day("2026-04-30"))
        #expect(rows.map(\.label) == ["janvier 2026", "février 2026", "mars 2026", "avril 2026"])
        #expect(rows.map(\.availableSurface) == [150, 150, 150, 120])
        #expect(rows.map(\.availableCount) == [2, 2, 2, 1])
        #expect(rows.map(\.offeredSurface) == [150, 0, 30, 0])
        #expect(rows.map(\.withdrawnSurface) == [0, 0, 50, 0])
        #expect(rows.map(\.placements) == [0, 0, 0, 1])
        #expect(rows.map(\.placedSurface) == [0, 0, 0, 30])
        #expect(rows.map(\.communes) == [1, 0, 1, 0])
        #expect(rows.map(\.landlords) == [0, 0, 0, 0])
    }

    @Test func byQuarterAndFilters() throws {
        let db = try history()
        let histories = try db.premisesHistories()
        let quarters = Evolution.compute(histories: histories, placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
                                         period: .quarter, from: try day("2026-01-01"), to: try day("2026-06-30"))
        #expect(quarters.map(\.label) == ["T1 2026", "T2 2026"])
        #expect(quarters.map(\.availableSurface) == [150, 120])
        #expect(quarters.map(\.offeredSurface) == [180, 0])
        // Another commune has nothing.
        let aulnay = Evolution.compute(histories: histories, placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
                                       period: .quarter, from: try day("2026-01-01"), to: try day("2026-06-30"),
                                       filter: EvolutionFilter(communeInsee: "93005"))
        #expect(aulnay.map(\.availableSurface) == [0, 0])
        #expect(aulnay.map(\.communes) == [0, 0])
    }

    @Test func aPastPeriodDoesNotChangeWhenALaterInventoryArrives() throws {
        let db = try history()
        let before = Evolution.compute(histories: try db.premisesHistories(), placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
                                       period: .month, from: try day("2026-01-01"), to: try day("2026-04-30"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evolution-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("Référence;Commune;Surface\nA;Drancy;90\nD;Drancy;70\n".utf8).write(to: folder)
        _ = try db.importInventory(path: folder.path, options: InventoryImportOptions(sourceID: "drancy", asOf: try day("2026-06-01")))
        let after = Evolution.compute(histories: try db.premisesHistories(), placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
                                      period: .month, from: try day("2026-01-01"), to: try day("2026-06-30"))
        #expect(Array(after.prefix(4)) == before)
        #expect(after[5].availableSurface == 160)
    }

    @Test func indicatorsOfTheYear() throws {
        let db = try history()
        let indicators = Indicators.compute(
            year: 2026, histories: try db.premisesHistories(), placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
            communeNames: ["93029": "Drancy"], today: try day("2026-12-31"))
        #expect(indicators.availableAtStart == 0)
        #expect(indicators.availableAtEnd == 120)
        #expect(indicators.placements == 1)
        #expect(indicators.placedSurface == 30)
        #expect(indicators.placementsByCommune.map(\.commune) == ["Drancy"])
        #expect(indicators.byLegalForm.map(\.label) == ["association"])
        #expect(indicators.bySector.map(\.label) == ["culture"])
        #expect(indicators.legalFormDiversity == 0)
        // Offered during the year: A (500 €) and B (no rent) in January, C (300 €) in March.
        #expect(indicators.premisesOffered == 3)
        #expect(indicators.annualRentsOffered == (500 + 300) * 12)
        #expect(indicators.annualRentsPlaced == 300 * 12)
        #expect(indicators.annualDiscount == (600 - 300) * 12)
        #expect(indicators.landlordsWithInventory == 0)
    }
}
