import BourseCore
import BourseReports
import Foundation
import Testing

/// Text, CSV, JSON and HTML renderings of the evolution, the indicators and a landlord report, on
/// `ReportFixture`, compared with the golden files of `Golden/` (re-record with
/// `BOURSE_UPDATE_GOLDEN=1 swift test --filter GoldenTests`).
@Suite("Fichiers de référence (golden) des rapports")
struct GoldenTests {
    let reports: ReportFixture.Reports
    let generatedOn: CivilDate

    init() throws {
        reports = try ReportFixture.reports()
        generatedOn = try ReportFixture.day(ReportFixture.generatedOn)
    }

    @Test func evolution() throws {
        let table = Evolution.table(reports.evolution, csv: false).renderText()
        let csv = Evolution.table(reports.evolution, csv: true).renderCSV()
        let html = try HTMLReport.render(title: "Bourse foncière ESS — évolution", generatedOn: generatedOn, rows: reports.evolution,
                                         period: .month, indicators: reports.indicators)
        try Golden.check(table, "evolution.txt")
        try Golden.check(csv, "evolution.csv")
        try Golden.check(html, "evolution.html")
        try Golden.check(try jsonText(Evolution.json(reports.evolution)) + "\n", "evolution.json")
        try checkFrenchCSV(csv)
        #expect(csv.contains("février 2026;365,5;6;215,5;0;0;0;2;0\r\n"), "\(csv)")
        try checkSelfContained(html)
    }

    @Test func indicators() throws {
        let csv = reports.indicators.table(csv: true).renderCSV()
        let html = try HTMLReport.render(title: "Bourse foncière ESS — indicateurs 2026", generatedOn: generatedOn, rows: reports.indicatorRows,
                                         period: .month, indicators: reports.indicators)
        try Golden.check(reports.indicators.text(), "indicators.txt")
        try Golden.check(csv, "indicators.csv")
        try Golden.check(html, "indicators.html")
        try Golden.check(try jsonText(reports.indicators.json()) + "\n", "indicators.json")
        try checkFrenchCSV(csv)
        #expect(csv.contains("Implantations;m² implantés;155,5;m²\r\n"), "\(csv)")
        #expect(csv.contains("Formes juridiques;Diversité (indice de Gini-Simpson);0,44;indice de 0 à 1\r\n"), "\(csv)")
        try checkSelfContained(html)
        // The legal forms chart has one bar per form.
        #expect(html.components(separatedBy: "<title>association : 2</title>").count == 2, "\(html)")
    }

    @Test func landlord() throws {
        let csv = reports.landlord.table(csv: true).renderCSV()
        let html = try reports.landlord.html(generatedOn: generatedOn)
        try Golden.check(reports.landlord.text(), "landlord-ssdh.txt")
        try Golden.check(csv, "landlord-ssdh.csv")
        try Golden.check(html, "landlord-ssdh.html")
        try Golden.check(try jsonText(reports.landlord.json()) + "\n", "landlord-ssdh.json")
        try checkFrenchCSV(csv)
        // Cells a spreadsheet would run are neutralised: an address, two contacts.
        #expect(csv.contains(";\"'=HYPERLINK(\"\"http://exemple.fr\"\")\";"), "\(csv)")
        #expect(csv.contains(";'@theatreducoin;"), "\(csv)")
        #expect(csv.contains(";'+33 1 48 00 00 00;"), "\(csv)")
        try checkSelfContained(html)
        // Mustache escaped the address rather than letting it into the markup.
        #expect(html.contains("=HYPERLINK(&quot;http://exemple.fr&quot;)"), "\(html)")
    }

    /// BOM, `;` between cells, CRLF, and no decimal point in a number cell.
    func checkFrenchCSV(_ csv: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = Array(csv.utf8)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "no UTF-8 BOM", sourceLocation: sourceLocation)
        let lines = csv.dropFirst().components(separatedBy: "\r\n").dropLast()
        let header = try #require(lines.first)
        let columns = header.components(separatedBy: ";").count
        #expect(columns > 2, sourceLocation: sourceLocation)
        #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF", sourceLocation: sourceLocation)
        for line in lines.dropFirst() {
            for cell in line.components(separatedBy: ";") where cell.first?.isNumber == true && cell.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }) {
                #expect(!cell.contains("."), "decimal point in «\(cell)»", sourceLocation: sourceLocation)
            }
        }
    }

    /// A page that loads nothing from anywhere: no script, link, image, frame, url() or @import.
    func checkSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        for marker in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import"] {
            #expect(!html.contains(marker), "\(marker) in the page", sourceLocation: sourceLocation)
        }
        #expect(html.contains("<svg"), "no SVG chart", sourceLocation: sourceLocation)
    }
}
