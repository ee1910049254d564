import BourseCore
import BourseImport
import BourseResources
import BourseStore
import Foundation
import GRDB
import Testing

/// Imports an XML file (the bourse's format unless a profile is given) for a landlord source.
@discardableResult
func runXMLImport(
    _ db: BourseDatabase, path: String, source: String = "oph-test", date: String? = nil,
    profile: XMLMappingProfile? = nil, dryRun: Bool = false, strict: Bool = false
) throws -> ImportRun {
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    var options = InventoryImportOptions(
        sourceID: source, asOf: date.map(day), fallbackDate: day("2026-11-29"), dryRun: dryRun, strict: strict)
    options.xmlProfile = profile
    options.schemaPath = BourseResources.url("inventaire-bailleur.xsd")?.path
    let report = try db.importInventory(
        path: path, options: options, onReject: { rejects.append($0) }, onWarning: { warnings.append($0) })
    return ImportRun(report: report, rejects: rejects, warnings: warnings)
}

func landlordDatabase(_ ids: [String] = ["oph-test"]) throws -> BourseDatabase {
    let db = try freshDatabase()
    for id in ids { try db.addSource(Source(id: id, name: id, kind: .landlord)) }
    return db
}

func xmlInventory(date: String, _ locals: [String]) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <inventaire xmlns="urn:bourse-fonciere-ess:inventaire:1" bailleur="oph-test" date="\(date)">
    \(locals.joined(separator: "\n"))
    </inventaire>

    """
}

func xmlLocal(_ reference: String, commune: String = "Drancy", surface: String = "50", rent: String = "500") -> String {
    "<local reference=\"\(reference)\"><commune>\(commune)</commune><type>bureau</type><surface>\(surface)</surface><loyer>\(rent)</loyer></local>"
}

@Suite("Import XML : mêmes règles que le CSV (transaction, réimport, instantanés)")
struct XMLInventoryImportTests {
    @Test func importsTheShippedSamplesWithTheirDates() throws {
        let db = try landlordDatabase(["oph-terres-envol", "logis-plaine-de-france", "cooperative-habitat-93"])
        let samples = try #require(BourseResources.directory())
        let first = try runXMLImport(db, path: samples.appendingPathComponent("bailleurs/oph-terres-envol-2026-03-31.xml").path, source: "oph-terres-envol")
        #expect(first.report.asOf == day("2026-03-31"))
        #expect(first.report.dateOrigin == .titleLine)
        #expect(first.report.added == 6)
        #expect(first.rejects.count == 3)
        let logis = try XMLMappingProfile.load(path: samples.appendingPathComponent("profils/logis-plaine-de-france.json").path)
        let second = try runXMLImport(db, path: samples.appendingPathComponent("bailleurs/logis-plaine-de-france-2026-04-30.xml").path, source: "logis-plaine-de-france", profile: logis)
        #expect(second.report.added == 5)
        let secondID = try #require(second.inventoryID)
        let inventory = try #require(try inventoryRecord(db, id: secondID))
        #expect(inventory.format == "xml")
        #expect(inventory.encoding == "ISO-8859-1")
        #expect(inventory.delimiter == nil)
        #expect(inventory.headerLine == nil)
        #expect(try count(db, "SELECT count(*) FROM import_rejects WHERE inventory_id = ?", [second.inventoryID]) == 3)

        // The second wave: OTE-0050 withdrawn, OTE-0081 new, OTE-0012's rent changed, OTE-0062 corrected.
        let wave = try runXMLImport(db, path: samples.appendingPathComponent("bailleurs/oph-terres-envol-2026-09-30.xml").path, source: "oph-terres-envol")
        #expect(wave.report.added == 2)
        #expect(wave.report.withdrawn == 1)
        #expect(wave.report.changed == 1)
        #expect(try premisesRecord(db, "OTE-0050", source: "oph-terres-envol")?.status == "retire")
        #expect(try premisesRecord(db, "OTE-0012", source: "oph-terres-envol")?.rentMonthly == 600)
    }

    @Test func theSameFileAgainChangesNothing() throws {
        let db = try landlordDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("oph.xml", xmlInventory(date: "2026-03-31", [xmlLocal("A"), xmlLocal("B", commune: "Paris")]))
        try runXMLImport(db, path: path)
        let before = try dump(db)
        let again = try runXMLImport(db, path: path)
        guard case .alreadyImported = again.report.outcome else {
            Issue.record("expected alreadyImported, got \(again.report.outcome)")
            return
        }
        #expect(try dump(db) == before)
    }

    @Test func aMalformedFileWritesNothingNotEvenTheRecordsBeforeTheError() throws {
        let db = try landlordDatabase()
        let folder = try TemporaryFolder()
        try runXMLImport(db, path: try folder.write("v1.xml", xmlInventory(date: "2026-03-31", [xmlLocal("A")])))
        let before = try dump(db)
        let records = (0..<5000).map { xmlLocal("N\($0)") }
        let broken = xmlInventory(date: "2026-06-30", records + ["<local reference=\"Z\"><commune>Drancy</local>"])
        #expect(throws: StoreError.self) { try runXMLImport(db, path: try folder.write("v2.xml", broken)) }
        #expect(try dump(db) == before)
    }

    @Test func aDoctypeWritesNothing() throws {
        let db = try landlordDatabase()
        let folder = try TemporaryFolder()
        let before = try dump(db)
        let text = xmlInventory(date: "2026-03-31", [xmlLocal("A")])
            .replacingOccurrences(of: "<inventaire ", with: "<!DOCTYPE inventaire [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>\n<inventaire ")
        do {
            try runXMLImport(db, path: try folder.write("evil.xml", text))
            Issue.record("expected a refusal")
        } catch let error as StoreError {
            #expect(error.localizedDescription.contains("DOCTYPE"))
        }
        #expect(try dump(db) == before)
    }

    @Test func strictAndDryRunWorkOnXML() throws {
        let db = try landlordDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("oph.xml", xmlInventory(date: "2026-03-31", [xmlLocal("A"), xmlLocal("B", surface: "-3")]))
        let before = try dump(db)
        #expect(throws: StoreError.self) { try runXMLImport(db, path: path, strict: true) }
        let dry = try runXMLImport(db, path: path, dryRun: true)
        #expect(dry.report.added == 1)
        #expect(dry.rejects.count == 1)
        #expect(try dump(db) == before)
    }

    @Test func anOlderXMLInventoryIsRefusedLikeACSVOne() throws {
        let db = try landlordDatabase()
        let folder = try TemporaryFolder()
        try runXMLImport(db, path: try folder.write("b.xml", xmlInventory(date: "2026-06-30", [xmlLocal("A")])))
        #expect(throws: StoreError.self) { try runXMLImport(db, path: try folder.write("a.xml", xmlInventory(date: "2026-03-31", [xmlLocal("A")]))) }
    }
}
