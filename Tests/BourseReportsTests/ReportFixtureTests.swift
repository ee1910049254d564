import BourseCore
import BourseReports
import BourseStore
import Foundation
import Testing

/// Every figure of the golden files' history, worked out by hand from `ReportFixture`'s comment.
@Suite("Rapports sur l'historique de référence, chiffres calculés à la main")
struct ReportFixtureTests {
    let reports: ReportFixture.Reports

    init() throws {
        reports = try ReportFixture.reports()
    }

    @Test func evolutionMonthByMonth() {
        let rows = reports.evolution
        #expect(rows.map(\.label) == ["janvier 2026", "février 2026", "mars 2026", "avril 2026", "mai 2026", "juin 2026"])
        // Jan A+B; Feb + L1 L2 L3 X1; Mar A +20, B −50, C +30; Apr L1 L2 C placed; May L3 withdrawn, L4 new.
        #expect(rows.map(\.availableSurface) == [150, 365.5, 365.5, 210, 380, 380])
        #expect(rows.map(\.availableCount) == [2, 6, 6, 3, 3, 3])
        #expect(rows.map(\.offeredSurface) == [150, 215.5, 30, 0, 200, 0])
        #expect(rows.map(\.offeredCount) == [2, 4, 1, 0, 1, 0])
        #expect(rows.map(\.withdrawnSurface) == [0, 0, 50, 0, 30, 0])
        #expect(rows.map(\.withdrawnCount) == [0, 0, 1, 0, 1, 0])
        #expect(rows.map(\.placements) == [0, 0, 0, 3, 0, 0])
        #expect(rows.map(\.placedSurface) == [0, 0, 0, 155.5, 0, 0])
        #expect(rows.map(\.landlords) == [0, 2, 0, 0, 1, 0])
        #expect(rows.map(\.communes) == [1, 0, 1, 0, 0, 0])
    }

    @Test func indicatorsOf2026() {
        let indicators = reports.indicators
        #expect(indicators.end == CivilDate(iso: "2026-06-30"))
        #expect(indicators.availableAtStart == 0)
        #expect(indicators.availableAtEnd == 380)
        #expect(indicators.availableChangePercent == nil)
        // A, B, L1, L2, L3, X1, C, L4.
        #expect(indicators.premisesOffered == 8)
        #expect(indicators.surfaceOffered == 595.5)
        #expect(indicators.placements == 3)
        #expect(indicators.placedSurface == 155.5)
        #expect(indicators.placementsByCommune.map(\.commune) == ["Drancy", "Sevran"])
        #expect(indicators.placementsByCommune.map(\.count) == [2, 1])
        #expect(indicators.placementsByCommune.map(\.surface) == [75.5, 80])
        #expect(indicators.byLegalForm.map(\.label) == ["association", "SCIC"])
        #expect(indicators.byLegalForm.map(\.count) == [2, 1])
        #expect(abs(indicators.legalFormDiversity - 4.0 / 9) < 1e-12)
        #expect(indicators.bySector.count == 3)
        #expect(abs(indicators.sectorDiversity - 6.0 / 9) < 1e-12)
        // Rents: A 500 + L1 420,50 + L2 600 + L3 400 + X1 550 + C 300 + L4 1 250,75 a month (B has none).
        let offeredMonthly: Double = 500 + 420.5 + 600 + 400 + 550 + 300 + 1250.75
        let placedMonthly: Double = 420.5 + 600 + 300
        #expect(indicators.annualRentsOffered == offeredMonthly * 12)
        #expect(indicators.annualRentsPlaced == placedMonthly * 12)
        // L1: 700 − 420,50; C: 600 − 300.
        #expect(indicators.discounts.map(\.monthly) == [279.5, 300])
        let discountMonthly: Double = 279.5 + 300
        #expect(indicators.annualDiscount == discountMonthly * 12)
        #expect(indicators.landlordsWithInventory == 2)
        #expect(indicators.landlordPremisesOffered == 5)
        #expect(indicators.landlordSurfaceOffered == 415.5)
    }

    @Test func landlordReportOfTheRound() throws {
        let report = reports.landlord
        #expect(report.source.id == "ssdh")
        // L4 came after the round; Batigère's X1 and the communes' premises are not SSDH's.
        #expect(report.lines.map(\.reference) == ["L1", "L2", "L3"])
        let l1 = try #require(report.lines.first)
        #expect(l1.proposed?.needReference == "B1")
        #expect(l1.proposed?.structureName == "Théâtre du Coin")
        #expect(l1.proposed?.contact == "@theatreducoin")
        #expect(l1.proposed?.rank == 1)
        // B3 (3 ETP) before B4 (none) in L1's priority order.
        #expect(l1.next.map(\.needReference) == ["B3", "B4"])
        #expect(l1.next.map(\.rank) == [2, 3])
        // Each score is explained by its five criteria, and they add up to it.
        let proposed = try #require(l1.proposed)
        #expect(proposed.reasons.count == 5)
        #expect(proposed.reasons.first?.hasPrefix("surface ") == true)
        #expect(proposed.reasons.contains { $0.contains("commune n° 1 sur 2") })
        #expect(report.lines[1].proposed?.needReference == "B2")
        #expect(report.lines[1].proposed?.contact == "+33 1 48 00 00 00")
        // L3's only candidate, B3, took Drancy's C, which it ranked higher.
        #expect(report.lines[2].proposed == nil)
        #expect(report.lines[2].next.map(\.needReference) == ["B3"])
        #expect(report.lines[2].note == "les structures intéressées ont reçu un local qu'elles préféraient")
        #expect(report.proposedCount == 2)
    }

    @Test func eachLandlordSeesOnlyItsPremises() throws {
        let (db, roundID) = try ReportFixture.database()
        let round = try LandlordRound.load(db, id: roundID)
        let other = try round.report(for: ReportFixture.otherLandlord, in: db)
        #expect(other.lines.map(\.reference) == ["X1"])
        let renderings = [other.text(), other.table(csv: true).renderCSV(), try other.html(generatedOn: try ReportFixture.day("2026-07-01"))]
        for text in renderings {
            #expect(text.contains("X1"))
            for foreign in ["L1", "L2", "L3", "L4", "Salengro", "Acacias"] {
                #expect(!text.contains(foreign), "\(foreign) in Batigère's report")
            }
        }
    }
}
