import BourseCore
@testable import BourseImport
@testable import BourseStore
import Foundation
import GRDB
import Testing

/// The import job's own rules (already imported, older inventory) and their composition in
/// `run`, with inventories and premises given as values: no file is written or read.
@Suite("Tâche d'import : règles de l'inventaire et composition, sans fichier")
struct InventoryImportJobTests {
    // MARK: Already imported

    @Test func anInventoryOfTheSourceWithTheSameSHA256IsAlreadyImported() throws {
        let db = try freshDatabase()
        let marchID = try db.writer.write { try inventory($0, source: "drancy", date: "2026-03-31", sha256: "aaa") }
        try db.writer.write { _ = try inventory($0, source: "sevran", date: "2026-03-31", sha256: "bbb") }
        let job = try jobMaker(db, source: "drancy")
        try db.writer.read { (database: Database) throws in
            let drancy = job(database)
            #expect(try drancy.alreadyImported("aaa", asOf: day("2026-05-01")) == .alreadyImported(inventoryID: marchID, asOf: day("2026-03-31")))
            #expect(try drancy.alreadyImported("ccc", asOf: day("2026-05-01")) == nil)
            // The same file for another source is another inventory.
            #expect(try drancy.alreadyImported("bbb", asOf: day("2026-05-01")) == nil)
        }
    }

    // MARK: Older inventory

    @Test func theAgeOfAnInventoryIsJudgedAgainstItsSourcesLatest() throws {
        let db = try freshDatabase()
        try db.writer.write { database in
            _ = try inventory(database, source: "drancy", date: "2026-03-31", sha256: "a")
            _ = try inventory(database, source: "drancy", date: "2026-06-30", sha256: "b")
            _ = try inventory(database, source: "sevran", date: "2026-09-30", sha256: "c")
        }
        let job = try jobMaker(db, source: "drancy")
        let allowing = try jobMaker(db, source: "drancy", allowOlder: true)
        let dugny = try jobMaker(db, source: "dugny")
        try db.writer.read { (database: Database) throws in
            let refusing = job(database)
            #expect(try refusing.age(of: day("2026-06-30")) == .current)
            // Sevran's inventory of September does not make Drancy's of July older.
            #expect(try refusing.age(of: day("2026-07-31")) == .current)
            #expect(try refusing.age(of: day("2026-04-30")) == .refused(latest: day("2026-06-30")))
            #expect(try allowing(database).age(of: day("2026-04-30")) == .historical)
            #expect(try dugny(database).age(of: day("2026-01-31")) == .current, "a source's first inventory")
        }
    }

    // MARK: Composition

    @Test func runListsThePremisesAReaderGivesAndRecordsTheInventory() throws {
        let db = try freshDatabase()
        let march = ListingReader([premises("D-001"), premises("D-002"), premises("D-003")], sha256: "mars")
        let first = try run(db, march, date: "2026-03-31")
        let marchID = try #require(first.inventoryID)
        #expect(first.report.added == 3)
        let stored = try #require(try inventoryRecord(db, id: marchID))
        #expect(stored.sha256 == "mars" && stored.asOf == "2026-03-31" && stored.fileName == "liste.csv")
        #expect(stored.records == 3 && stored.accepted == 3 && stored.added == 3)
        #expect(stored.encoding == "UTF-8", "the reader's encoding, as the protocol gives it")

        let june = ListingReader([premises("D-001"), premises("D-002", surface: 110), premises("D-005")], sha256: "juin")
        june.encoding = "ISO-8859-15"
        let second = try run(db, june, date: "2026-06-30")
        let juneID = try #require(second.inventoryID)
        #expect(second.report.added == 1 && second.report.changed == 1 && second.report.unchanged == 1)
        #expect(second.report.withdrawn == 1 && second.report.fieldChanges == 1)
        let juneRow = try #require(try inventoryRecord(db, id: juneID))
        #expect(juneRow.added == 1 && juneRow.changed == 1 && juneRow.unchanged == 1 && juneRow.withdrawn == 1)
        #expect(juneRow.encoding == "ISO-8859-15", "the encoding a reader declares is the one recorded")
        #expect(try premisesRecord(db, "D-003")?.status == "retire")
    }

    @Test func runStopsAtTheSameFileAgainBeforeReadingIt() throws {
        let db = try freshDatabase()
        let firstID = try #require(try run(db, ListingReader([premises("D-001")], sha256: "mars"), date: "2026-03-31").inventoryID)
        let before = try dump(db)
        let again = try run(db, ListingReader([], sha256: "mars", refusesReading: true), date: "2026-06-30")
        #expect(again.report.outcome == .alreadyImported(inventoryID: firstID, asOf: day("2026-03-31")))
        #expect(try dump(db) == before)
    }

    @Test func runRefusesAnOlderInventoryBeforeReadingIt() throws {
        let db = try freshDatabase()
        try run(db, ListingReader([premises("D-001")], sha256: "juin"), date: "2026-06-30")
        let older = ListingReader([], sha256: "mars", refusesReading: true)
        expectStoreError(.olderThanLatest(file: "liste.csv", asOf: day("2026-03-31"), latest: day("2026-06-30"))) {
            try run(db, older, date: "2026-03-31")
        }
        let historical = try run(db, ListingReader([premises("D-001"), premises("D-009")], sha256: "mars"), date: "2026-03-31", allowOlder: true)
        #expect(historical.report.historical)
        #expect(historical.report.added == 1 && historical.report.knownLeftAsIs == 1)
    }
}

// MARK: - Helpers

/// A premises of Drancy as a reader gives it.
private func premises(_ reference: String, surface: Double = 50) -> Premises {
    Premises(reference: reference, communeInsee: "93029", type: .office, surface: surface)
}

/// An inventory reader without a file: it gives the premises it was made with, or throws when
/// asked to read if it must not be.
private final class ListingReader: InventoryReader {
    let listed: [Premises]
    let facts: FileFacts
    let refusesReading: Bool
    var encoding: String?
    var skipsFreeText = false

    init(_ listed: [Premises], sha256: String, refusesReading: Bool = false) {
        self.listed = listed
        self.refusesReading = refusesReading
        facts = FileFacts(sha256: sha256, byteCount: 100, encoding: .utf8, bomLength: 0)
    }

    var displayName: String { "liste.csv" }
    var format: String { "csv" }
    var delimiterName: String? { "point-virgule" }
    var headerLine: Int? { 1 }
    var titleDate: CivilDate? { nil }
    var notes: [Diagnostic] { [] }
    var declaredEncoding: String { encoding ?? facts.encodingName }
    var leavesReadingThreadIdle: Bool { false }

    func read(
        progress: ((Int, Int) -> Void)?, accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void, warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        if refusesReading { throw InventoryReadError.empty(file: displayName) }
        var summary = InventoryReadSummary(facts: facts)
        for (index, premises) in listed.enumerated() {
            summary.records += 1
            summary.accepted += 1
            try accept(premises, index + 2)
        }
        return summary
    }
}

/// Runs the import job of `reader` for Drancy as of `date`, in one transaction, as
/// `BourseDatabase.importInventory` does after opening a file.
@discardableResult
private func run(_ db: BourseDatabase, _ reader: ListingReader, date: String, allowOlder: Bool = false) throws -> ImportRun {
    let job = try jobMaker(db, source: "drancy", allowOlder: allowOlder, date: date)
    let report = try db.writer.write { database in
        try job(database).run(reader: reader, path: "/nulle/part/liste.csv", progress: nil, onReject: { _ in }, onWarning: { _ in })
    }
    return ImportRun(report: report, rejects: [], warnings: [])
}

/// The import job of `source` in the database access it is given. The source and the territory
/// are read first: GRDB's accesses do not nest.
private func jobMaker(
    _ db: BourseDatabase, source sourceID: String, allowOlder: Bool = false, date: String = "2026-12-31"
) throws -> (Database) -> InventoryImportJob {
    let source = try db.resolveSource(sourceID)
    let territory = try db.territory()
    let options = InventoryImportOptions(sourceID: sourceID, asOf: day(date), allowOlder: allowOlder)
    return { InventoryImportJob(db: $0, source: source, territory: territory, options: options) }
}

/// Inserts an inventory's row.
private func inventory(_ database: Database, source: String, date: String, sha256: String) throws -> Int64 {
    var record = InventoryRecord(
        id: nil, sourceID: source, fileName: "\(date).csv", filePath: "/nulle/part/\(date).csv", sha256: sha256,
        byteCount: 0, asOf: date, importedAt: "2026-12-31T12:00:00Z", format: "csv", encoding: nil, delimiter: nil,
        headerLine: nil, records: 0, accepted: 0, rejected: 0, added: 0, changed: 0, unchanged: 0, withdrawn: 0, reappeared: 0)
    try record.insert(database)
    return try #require(record.id)
}
