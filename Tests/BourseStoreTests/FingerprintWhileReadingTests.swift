import BourseTestSupport
import BourseCore
@testable import BourseImport
@testable import BourseStore
import Foundation
import GRDB
import Testing

/// An inventory over a megabyte, `rows` premises of Drancy: XML in the bourse's format (hashed
/// while read) or CSV (hashed beside its encoding check, before the read).
private func largeInventory(_ format: String, rows: Int = 16_000, variant: String = "A") -> String {
    if format == "xml" {
        return xmlInventory(date: "2026-03-31", (0..<rows).map { index in
            xmlLocal("\(variant)-\(index)", surface: "\(index % 300 + 10).5", rent: "\(index % 900)")
        })
    }
    var lines = ["Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Remarques"]
    for index in 0..<rows {
        lines.append("\(variant)-\(index);Drancy;\(index) avenue Henri Barbusse;bureau;\(index % 300 + 10),5;\(index % 900);local de la ligne \(index)")
    }
    return lines.joined(separator: "\r\n") + "\r\n"
}

/// Imports a file of either format for the test source of that format.
@discardableResult
private func importFile(_ db: BourseDatabase, _ format: String, path: String, date: String, dryRun: Bool = false) throws -> ImportRun {
    format == "xml"
        ? try runXMLImport(db, path: path, date: date, dryRun: dryRun)
        : try runImport(db, path: path, date: date, dryRun: dryRun)
}

private func database(_ format: String) throws -> BourseDatabase {
    format == "xml" ? try landlordDatabase() : try freshDatabase()
}

@Suite("Empreinte SHA-256 calculée pendant la lecture")
struct FingerprintWhileReadingTests {
    @Test(arguments: ["xml", "csv"])
    func aLargeFileIsStoredWithItsFingerprintAndRecognisedAgain(format: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("inventaire.\(format)", largeInventory(format))
        #expect(try ChunkedFile.facts(path: path).byteCount >= BourseDatabase.hashWhileReadingFrom)
        let db = try database(format)
        let first = try importFile(db, format, path: path, date: "2026-03-31")
        let id = try #require(first.inventoryID)
        // The hash computed while reading is the one computed first (what a re-import compares).
        let expected = try ChunkedFile.facts(path: path).sha256
        #expect(expected.count == 64)
        #expect(try inventoryRecord(db, id: id)?.sha256 == expected)
        #expect(first.report.read?.facts.sha256 == expected)
        #expect(first.report.added == 16_000)

        let before = try dump(db)
        let again = try importFile(db, format, path: path, date: "2026-04-30")
        #expect(again.report.outcome == .alreadyImported(inventoryID: id, asOf: day("2026-03-31")))
        #expect(try dump(db) == before)

        // Same size, one byte different: another file, imported (hashed first, then compared).
        let other = try folder.write("inventaire-2.\(format)", largeInventory(format, variant: "B"))
        #expect(try ChunkedFile.facts(path: other).byteCount == ChunkedFile.facts(path: path).byteCount)
        let second = try importFile(db, format, path: other, date: "2026-04-30")
        let secondID = try #require(second.inventoryID)
        #expect(try inventoryRecord(db, id: secondID)?.sha256 == ChunkedFile.facts(path: other).sha256)
        #expect(second.report.added == 16_000 && second.report.withdrawn == 16_000)
    }

    /// A dry run needs no hash when no inventory of the source has the file's size (it cannot be
    /// one already imported, and a dry run stores nothing); with one of that size, it hashes first
    /// and says the file is already imported.
    @Test(arguments: ["xml", "csv"])
    func aDryRunHashesOnlyWhenAnInventoryHasTheSameSize(format: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("inventaire.\(format)", largeInventory(format))
        let db = try database(format)
        let before = try dump(db)
        let run = try importFile(db, format, path: path, date: "2026-03-31", dryRun: true)
        #expect(run.report.outcome == .dryRun)
        #expect(run.report.added == 16_000)
        #expect(run.report.read?.facts.sha256 == "")
        #expect(try dump(db) == before)

        let imported = try importFile(db, format, path: path, date: "2026-03-31")
        let id = try #require(imported.inventoryID)
        let again = try importFile(db, format, path: path, date: "2026-04-30", dryRun: true)
        #expect(again.report.outcome == .alreadyImported(inventoryID: id, asOf: day("2026-03-31")))
        // Same size, other bytes: hashed first, then read as a new inventory would be.
        let other = try folder.write("inventaire-2.\(format)", largeInventory(format, variant: "B"))
        let otherRun = try importFile(db, format, path: other, date: "2026-04-30", dryRun: true)
        #expect(otherRun.report.outcome == .dryRun)
        #expect(otherRun.report.read?.facts.sha256 == (try ChunkedFile.facts(path: other).sha256))
        #expect(otherRun.report.added == 16_000 && otherRun.report.withdrawn == 16_000)
    }

    /// The same file imported by another connection while this import waits for the write lock,
    /// after it decided to hash while reading (no inventory of that size yet): the import finds the
    /// other inventory before its commit, rolls back and says the file is already imported.
    @Test(.timeLimit(.minutes(1)), arguments: ["xml", "csv"])
    func theSameFileCommittedMeanwhileByAnotherConnectionIsFoundBeforeTheCommit(format: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("inventaire.\(format)", largeInventory(format))
        let dbPath = folder.file("bourse.sqlite")
        let setup = try BourseDatabase.open(path: dbPath)
        try setup.initialise(communes: ptdeCommunes)
        try setup.addSource(Source(id: "oph-test", name: "oph-test", kind: .landlord))
        let sourceID = format == "xml" ? "oph-test" : "drancy"
        let facts = try ChunkedFile.facts(path: path)

        // Another connection holds the write lock and records the same file as an inventory.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: dbPath, configuration: configuration)
        let otherID = try other.inDatabase { db -> Int64 in
            try db.execute(sql: "BEGIN IMMEDIATE")
            var record = InventoryRecord(
                id: nil, sourceID: sourceID, fileName: "inventaire.\(format)", filePath: path, sha256: facts.sha256,
                byteCount: facts.byteCount, asOf: "2026-03-31", importedAt: "2026-03-31T00:00:00Z", format: "csv",
                encoding: "UTF-8", delimiter: ";", headerLine: 1, records: 0, accepted: 0, rejected: 0, added: 0,
                changed: 0, unchanged: 0, withdrawn: 0, reappeared: 0)
            try record.insert(db)
            return record.id!
        }
        let importer = try BourseDatabase.open(path: dbPath)
        let done = DispatchSemaphore(value: 0)
        let result = ImportResultBox()
        Thread.detachNewThread {
            result.set(Result { try importFile(importer, format, path: path, date: "2026-03-31").report.outcome })
            done.signal()
        }
        // Let the import look for an inventory of that size and reach the write lock, then commit.
        Thread.sleep(forTimeInterval: 0.3)
        try other.inDatabase { try $0.execute(sql: "COMMIT") }
        done.wait()
        let outcome = try result.get()
        #expect(outcome == .alreadyImported(inventoryID: otherID, asOf: day("2026-03-31")))
        #expect(try count(importer, "SELECT count(*) FROM premises") == 0)
        #expect(try count(importer, "SELECT count(*) FROM inventories") == 1)
        #expect(try count(importer, "SELECT count(*) FROM import_rejects") == 0)
    }

    @Test func aFileThatChangesWhileHashedIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("drancy.csv", largeInventory("csv"))
        let size = try ChunkedFile.facts(path: path).byteCount
        #expect(throws: InventoryReadError.self) {
            _ = try FileFingerprint(path: path, byteCount: size + 1).wait()
        }
        #expect(try FileFingerprint(path: path, byteCount: size).wait() == ChunkedFile.facts(path: path).sha256)
    }
}

private final class ImportResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<InventoryImportReport.Outcome, any Error>?
    func set(_ result: Result<InventoryImportReport.Outcome, any Error>) { lock.withLock { value = result } }
    func get() throws -> InventoryImportReport.Outcome {
        try lock.withLock { value }!.get()
    }
}
