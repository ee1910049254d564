import BourseCore
import BourseReports
@testable import BourseStore
import Foundation
import Testing

/// CSV for French Excel and the landlord reports' isolation.
@Suite("Rendus : CSV pour Excel, isolement des rapports aux bailleurs")
struct RenderingTests {
    @Test("Cells that a spreadsheet would run as formulas are neutralised", arguments: [
        ("=SOMME(A1:A9)", "'=SOMME(A1:A9)"), ("+33 1 48 00 00 00", "'+33 1 48 00 00 00"), ("-2", "'-2"),
        ("@cmd", "'@cmd"), ("\tcaché", "'\tcaché"), ("\rretour", "\"'\rretour\""), ("Atelier ; vitrine", "\"Atelier ; vitrine\""),
        ("dit \"le Hangar\"", "\"dit \"\"le Hangar\"\"\""), ("Sevran", "Sevran"), ("", ""),
    ])
    func formulaInjection(cell: String, expected: String) {
        #expect(FrenchCSV.cell(cell) == expected)
    }

    @Test func numbersKeepTheirSignAndUseADecimalComma() {
        #expect(FrenchCSV.number(-2.5) == "-2,5")
        #expect(FrenchCSV.number(1250.5) == "1250,5")
        #expect(FrenchCSV.number(3) == "3")
    }

    @Test func tablesAsCSVHaveABOMSemicolonsAndCRLF() {
        let table = TextTable(columns: [.init("Commune"), .init("Surface")], rows: [["Drancy", "45,5"], ["=1+1", "2"]])
        let csv = table.renderCSV()
        #expect(csv.hasPrefix("\u{FEFF}Commune;Surface\r\n"))
        #expect(csv.contains("Drancy;45,5\r\n"))
        #expect(csv.contains("'=1+1;2\r\n"))
    }

    @Test func textTablesAlignColumns() {
        let table = TextTable(columns: [.init("Nom"), .init("m²", .right)], rows: [["Drancy", "45"], ["Le Blanc-Mesnil", "1 250"]])
        let lines = table.renderText().split(separator: "\n").map(String.init)
        #expect(lines[0] == "Nom                 m²")
        #expect(lines[2] == "Drancy              45")
        #expect(lines[3] == "Le Blanc-Mesnil  1 250")
    }

    func listing(_ id: Int64, source: String, reference: String) -> PremisesListing {
        let premises = Premises(reference: reference, communeInsee: "93029", surface: 50)
        let record = PremisesRecord(
            id: id, sourceID: source, communeInsee: "93029", reference: reference, address: nil, type: "bureau", typeLabel: nil,
            surface: premises.surface, rentMonthly: nil, rentM2Year: nil, rentBasis: nil, charges: nil, marketRent: nil, leaseKind: nil,
            leaseLabel: nil, availableFrom: nil, availableUntil: nil, floor: nil, accessible: nil, status: "disponible",
            initialStatus: "disponible", statusSince: "2026-01-01", contact: nil, remarks: nil, extra: nil, offeredOn: "2026-01-01",
            firstInventoryID: 1, lastInventoryID: 1)
        return PremisesListing(id: id, record: record, communeName: "Drancy", sourceName: source)
    }

    @Test func aLandlordReportHoldsOnlyItsOwnPremises() throws {
        let mine = listing(1, source: "ssdh", reference: "A")
        let theirs = listing(2, source: "autre-bailleur", reference: "B")
        let report = LandlordReport.build(
            source: Source(id: "ssdh", name: "SSDH", kind: .landlord), roundID: 1, roundDate: try #require(CivilDate(iso: "2026-06-01")),
            premises: [mine, theirs],
            candidates: ["1": [(need: "B1", score: 80), (need: "B2", score: 70)], "2": [(need: "B3", score: 90)]],
            proposals: [
                ProposalListing(needReference: "B1", structureName: "S1", premisesID: 1, premisesReference: "A", communeName: "Drancy", sourceID: "ssdh", surface: 50, score: 80, needRank: 1),
                ProposalListing(needReference: "B3", structureName: "S3", premisesID: 2, premisesReference: "B", communeName: "Drancy", sourceID: "autre-bailleur", surface: 50, score: 90, needRank: 1),
            ],
            structures: ["B1": ("Structure 1", "contact@s1.fr"), "B2": ("Structure 2", nil), "B3": ("Structure 3", nil)])
        #expect(report.lines.map(\.premisesID) == [1])
        #expect(report.lines.first?.proposed?.needReference == "B1")
        #expect(report.lines.first?.proposed?.contact == "contact@s1.fr")
        #expect(report.lines.first?.next.map(\.needReference) == ["B2"])
        let csv = report.table(csv: true).renderCSV()
        #expect(!csv.contains("Structure 3"))
        #expect(!csv.contains(";B;"))
    }
}
