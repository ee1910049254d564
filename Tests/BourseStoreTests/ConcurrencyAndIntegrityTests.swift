import BourseTestSupport
import BourseCore
import BourseImport
import BourseResources
import BourseStore
import Foundation
import GRDB
import Testing

/// Results gathered from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [String: Result<InventoryImportReport.Outcome, any Error>] = [:]
    private var times: [String: Date] = [:]

    func set(_ key: String, _ outcome: Result<InventoryImportReport.Outcome, any Error>) {
        lock.withLock {
            outcomes[key] = outcome
            times[key] = Date()
        }
    }

    func mark(_ key: String) {
        lock.withLock { times[key] = Date() }
    }

    func outcome(_ key: String) -> Result<InventoryImportReport.Outcome, any Error>? {
        lock.withLock { outcomes[key] }
    }

    func time(_ key: String) -> Date? {
        lock.withLock { times[key] }
    }
}

@Suite("Base partagée et intégrité")
struct ConcurrencyAndIntegrityTests {
    // MARK: 9. Two imports at the same time

    @Test(.timeLimit(.minutes(1)))
    func twoImportsStartedTogetherOnOneFileBothFinish() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.file("bourse.sqlite")
        try BourseDatabase.open(path: dbPath).initialise(communes: ptdeCommunes)

        // Drancy's file starts with a reject: its callback holds the write transaction open a while.
        let drancy = try folder.write("drancy.csv", inventory([
            "D-000;Paris;rejeté;bureau;10;100",
            "D-001;Drancy;1 rue;bureau;50;500",
            "D-002;Drancy;2 rue;bureau;60;600",
        ]))
        let sevran = try folder.write("sevran.csv", inventory([
            "S-001;Sevran;1 rue;bureau;40;400",
            "S-002;Sevran;2 rue;atelier;90;900",
        ]))
        let first = try BourseDatabase.open(path: dbPath)
        let second = try BourseDatabase.open(path: dbPath)
        let results = Results()
        let inside = DispatchSemaphore(value: 0)
        let group = DispatchGroup()

        group.enter()
        Thread {
            defer { group.leave() }
            results.set("drancy", Result {
                try first.importInventory(
                    path: drancy, options: InventoryImportOptions(sourceID: "drancy", asOf: day("2026-03-31")),
                    onReject: { _ in
                        inside.signal()
                        Thread.sleep(forTimeInterval: 0.7)
                        results.mark("drancy-held")
                    }).outcome
            })
        }.start()
        group.enter()
        Thread {
            defer { group.leave() }
            inside.wait()
            results.set("sevran", Result {
                try second.importInventory(
                    path: sevran, options: InventoryImportOptions(sourceID: "sevran", asOf: day("2026-04-30"))).outcome
            })
        }.start()
        #expect(group.wait(timeout: .now() + 50) == .success)

        let drancyOutcome = try #require(results.outcome("drancy"))
        let sevranOutcome = try #require(results.outcome("sevran"))
        guard case .success(.imported) = drancyOutcome else {
            Issue.record("drancy: \(drancyOutcome)")
            return
        }
        guard case .success(.imported) = sevranOutcome else {
            Issue.record("sevran: \(sevranOutcome)")
            return
        }
        // Sevran waited for Drancy's transaction instead of failing with "database is locked".
        let held = try #require(results.time("drancy-held"))
        let sevranDone = try #require(results.time("sevran"))
        #expect(sevranDone >= held)

        let check = try BourseDatabase.open(path: dbPath)
        #expect(try check.inventories().map(\.sourceID).sorted() == ["drancy", "sevran"])
        #expect(try count(check, "SELECT count(*) FROM premises WHERE source_id = 'drancy'") == 2)
        #expect(try count(check, "SELECT count(*) FROM premises WHERE source_id = 'sevran'") == 2)
        #expect(try count(check, "SELECT count(*) FROM import_rejects") == 1)
    }

    @Test func fileDatabaseKeepsItsContentAcrossConnectionsAndUsesWAL() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.file("bourse.sqlite")
        do {
            let db = try BourseDatabase.open(path: dbPath)
            try db.initialise(communes: ptdeCommunes)
            try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        }
        let reopened = try BourseDatabase.open(path: dbPath)
        #expect(try count(reopened, "SELECT count(*) FROM premises") == 3)
        let mode = try reopened.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let foreignKeys = try reopened.writer.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
        // init again keeps everything.
        let again = try reopened.initialise(communes: ptdeCommunes)
        #expect(again.communes == 8 && again.newSources == 0)
        #expect(try count(reopened, "SELECT count(*) FROM premises") == 3)
    }

    @Test func openingAnUnwritablePathIsAFrenchError() throws {
        let folder = try TemporaryFolder()
        expectStoreError({ _ = try BourseDatabase.open(path: folder.file("absent/sous-dossier/bourse.sqlite")) }) {
            if case .cannotOpen(let path, _) = $0 { return path.hasSuffix("bourse.sqlite") }
            return false
        }
    }

    // MARK: 10. Foreign keys

    @Test func foreignKeysAreIntactAfterASeriesOfImports() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31", allowOlder: true)
        let d2ID = try #require(try premisesRecord(db, "D-002")?.id)
        try db.setStatus(premisesID: d2ID, to: .reserved, on: day("2026-07-01"), reason: nil)
        try runImport(db, path: folder.write("septembre.csv", inventory([
            "D-003;Drancy;3 rue;atelier;80;800",
            "D-004;Paris;4 rue;bureau;10;100",
        ])), date: "2026-09-30")
        _ = try? runImport(db, path: folder.write("strict.csv", inventory(["D-009;Paris;9 rue;bureau;10;100", "D-010;Drancy;x;bureau;5;5"])),
                           date: "2026-10-01", strict: true)

        let violations = try rows(db, "PRAGMA foreign_key_check")
        #expect(violations.isEmpty, "\(violations)")
        #expect(try count(db, "SELECT count(*) FROM premises_events WHERE inventory_id IS NOT NULL AND inventory_id NOT IN (SELECT id FROM inventories)") == 0)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 1)
        let integrity = try db.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }

    @Test func theShippedSamplesImportInOrderWithIntactForeignKeys() throws {
        let samples = try #require(BourseResources.directory(), "Imports/ bundle not found")
        let communes = try TerritoryFile.read(path: samples.appendingPathComponent("territoire.csv").path)
        #expect(communes.count == 8)
        let db = try BourseDatabase.inMemory()
        try db.initialise(communes: communes)
        try addDemoSources(db, samples)

        struct Manifest: Decodable {
            struct Step: Decodable {
                var fichier: String
                var source: String
                var date: String
                var profil: String?
            }

            var inventaires: [Step]
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: samples.appendingPathComponent("demo.json")))
        #expect(manifest.inventaires.count >= 8)
        for step in manifest.inventaires {
            let report = try db.importInventory(
                path: samples.appendingPathComponent(step.fichier).path,
                options: sampleOptions(samples, source: step.source, date: day(step.date), profile: step.profil))
            guard case .imported = report.outcome else {
                Issue.record("\(step.fichier): \(report.outcome)")
                continue
            }
            #expect(report.read.map { $0.accepted > 0 } == true, "\(step.fichier)")
        }
        #expect(try rows(db, "PRAGMA foreign_key_check").isEmpty)
        #expect(try count(db, "SELECT count(*) FROM inventories") == manifest.inventaires.count)
        // Every inventory's counts add up.
        for inventory in try db.inventories() {
            #expect(inventory.accepted + inventory.rejected == inventory.records, "\(inventory.fileName)")
            #expect(try db.rejects(inventoryID: try #require(inventory.id)).count == inventory.rejected, "\(inventory.fileName)")
        }
        // Every source (the territory's communes and the landlords) sent something.
        #expect(try db.sources().filter { $0.inventories > 0 }.count == db.sources().count)

        // Importing everything again changes nothing.
        let before = try dump(db)
        for step in manifest.inventaires {
            let report = try db.importInventory(
                path: samples.appendingPathComponent(step.fichier).path,
                options: sampleOptions(samples, source: step.source, date: day(step.date), profile: step.profil))
            if case .alreadyImported = report.outcome {} else { Issue.record("\(step.fichier): \(report.outcome)") }
        }
        #expect(try dump(db) == before)
    }
}

@Suite("Rejeu des échantillons et encodages")
struct SampleReplayTests {
    /// Every sample of Imports/communes, first occurrence of each source in demo.json order.
    private static func samples() throws -> (URL, [(file: String, source: String, date: String, profile: String?)]) {
        let directory = try #require(BourseResources.directory(), "Imports/ bundle not found")
        let data = try Data(contentsOf: directory.appendingPathComponent("demo.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(object["inventaires"] as? [[String: Any]])
        var seen: Set<String> = []
        var result: [(String, String, String, String?)] = []
        for step in steps {
            let source = try #require(step["source"] as? String)
            guard seen.insert(source).inserted else { continue }
            result.append((try #require(step["fichier"] as? String), source, try #require(step["date"] as? String), step["profil"] as? String))
        }
        return (directory, result)
    }

    @Test func theSameOfferInANewFileRecordsNoChange() throws {
        let (directory, steps) = try Self.samples()
        let db = try BourseDatabase.inMemory()
        try db.initialise(communes: TerritoryFile.read(path: directory.appendingPathComponent("territoire.csv").path))
        try addDemoSources(db, directory)
        let folder = try TemporaryFolder()
        for step in steps {
            let original = directory.appendingPathComponent(step.file)
            let first = try db.importInventory(
                path: original.path, options: sampleOptions(directory, source: step.source, date: day(step.date), profile: step.profile))
            guard case .imported = first.outcome else {
                Issue.record("\(step.file): \(first.outcome)")
                continue
            }
            let lastEvent = try count(db, "SELECT coalesce(max(id), 0) FROM premises_events")
            // The same bytes plus one blank line: another file (another SHA-256), the same offer.
            var bytes = try Data(contentsOf: original)
            bytes.append(contentsOf: Array("\r\n".utf8))
            let copy = folder.file("copie-\(step.source).\(original.pathExtension)")
            try bytes.write(to: URL(fileURLWithPath: copy))
            let later = day(step.date).adding(days: 30)
            let second = try db.importInventory(
                path: copy, options: sampleOptions(directory, source: step.source, date: later, profile: step.profile))
            guard case .imported = second.outcome else {
                Issue.record("\(step.file) again: \(second.outcome)")
                continue
            }
            #expect(second.added == 0, "\(step.file)")
            #expect(second.changed == 0, "\(step.file): spurious changes")
            #expect(second.withdrawn == 0, "\(step.file)")
            #expect(second.fieldChanges == 0, "\(step.file)")
            #expect(second.unchanged == second.read?.accepted, "\(step.file)")
            let spurious = try rows(db, """
                SELECT p.reference, e.field, e.old_value, e.new_value FROM premises_events e
                JOIN premises p ON p.id = e.premises_id WHERE e.id > ?
                """, [lastEvent])
            #expect(spurious.isEmpty, "\(step.file): \(spurious)")
        }
        #expect(try rows(db, "PRAGMA foreign_key_check").isEmpty)
    }

    @Test func windows1252FileIsStoredAsTextWithItsRejects() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let text = "Référence;Commune;Adresse;Surface\r\nD-1;Drancy;1 allée des Érables;40\r\nD-2;Drancy;2 rue Séverine;zéro\r\n"
        let bytes = try #require(text.data(using: .windowsCP1252))
        let path = folder.file("drancy.csv")
        try bytes.write(to: URL(fileURLWithPath: path))
        let run = try runImport(db, path: path, date: "2026-03-31")
        let id = try #require(run.inventoryID)
        #expect(try inventoryRecord(db, id: id)?.encoding == run.report.read?.facts.encoding.rawValue)
        #expect(try premisesRecord(db, "D-1")?.address == "1 allée des Érables")
        let rejects = try db.rejects(inventoryID: id)
        #expect(rejects.map(\.raw) == ["D-2;Drancy;2 rue Séverine;zéro"])
        #expect(rejects.first?.line == 3)
    }

    /// Connections setting up the same new file together (WAL switch, migrations) all succeed:
    /// SQLite's busy timeout does not cover every conflict there, nor a migration the other
    /// connection applied first. Several files, several connections each (it used to fail
    /// about once in five runs of the suite with two connections and one file).
    @Test(.timeLimit(.minutes(1)), arguments: [2, 4])
    func connectionsOpeningANewFileAtOnceAllSucceed(connections: Int) throws {
        let folder = try TemporaryFolder()
        for round in 0..<6 {
            let dbPath = folder.file("bourse-\(round).sqlite")
            let box = OpenResults()
            DispatchQueue.concurrentPerform(iterations: connections) { _ in
                do {
                    let db = try BourseDatabase.open(path: dbPath)
                    try db.initialise(communes: ptdeCommunes)
                    box.add(nil)
                } catch {
                    box.add("\(error)")
                }
            }
            #expect(box.errors.isEmpty, "\(box.errors)")
            let db = try BourseDatabase.open(path: dbPath)
            #expect(try count(db, "SELECT count(*) FROM sources") == 8)
            #expect(try count(db, "SELECT count(*) FROM communes") == 8)
        }
    }
}

private final class OpenResults: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ error: String?) {
        lock.withLock { if let error { list.append(error) } }
    }

    var errors: [String] { lock.withLock { list } }
}

@Suite("Clés étrangères vérifiées une fois par import")
struct ImportForeignKeyTests {
    private func foreignKeysOn(_ db: BourseDatabase) throws -> Bool {
        try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1
    }

    @Test func foreignKeysAreEnforcedAgainAfterAnImportWhateverItsOutcome() throws {
        let folder = try TemporaryFolder()
        let db = try freshDatabase()
        try runImport(db, path: folder.write("drancy.csv", drancyMarch), date: "2026-03-31")
        #expect(try foreignKeysOn(db))
        // A strict import that fails on its reject.
        let bad = try folder.write("drancy-juin.csv", inventory(["D-009;Paris;1 rue;bureau;50;500", "D-010;Drancy;2 rue;bureau;50;500"]))
        expectStoreError(.strictRejected(file: "drancy-juin.csv", rejected: 1)) {
            try runImport(db, path: bad, date: "2026-06-30", strict: true)
        }
        #expect(try foreignKeysOn(db))
        // And they are really checked: a premises of an unknown source is refused.
        #expect(throws: DatabaseError.self) {
            try db.writer.write { database in
                try database.execute(sql: """
                    UPDATE premises SET source_id = 'inconnue' WHERE reference = 'D-001'
                    """)
            }
        }
    }

    @Test func aRowRefusedInTheMiddleOfABatchCancelsTheWholeImport() throws {
        // The batch statement runs `OR FAIL`: its first rows stay until the import's rollback.
        let folder = try TemporaryFolder()
        let db = try freshDatabase()
        try db.writer.write { database in
            try database.execute(sql: """
                CREATE TRIGGER refuse_d002 BEFORE INSERT ON premises WHEN NEW.reference = 'D-002'
                BEGIN SELECT RAISE(FAIL, 'refusé par le test'); END
                """)
        }
        let before = try dump(db)
        let error = expectStoreError({
            try runImport(db, path: folder.write("drancy.csv", drancyMarch), date: "2026-03-31")
        }, matching: { if case .database(let message) = $0 { message.contains("refusé par le test") } else { false } })
        #expect(error != nil)
        #expect(try dump(db) == before, "D-001, inserted by the same statement before D-002, is gone too")
    }

    @Test func aParentMissingAtTheEndCancelsTheWholeImport() throws {
        let folder = try TemporaryFolder()
        let db = try freshDatabase()
        // Something removes Drancy from the territory during the import (a trigger stands in for it).
        try db.writer.write { database in
            try database.execute(sql: """
                CREATE TRIGGER remove_drancy AFTER INSERT ON inventories
                BEGIN DELETE FROM communes WHERE insee = '93029'; END
                """)
        }
        let before = try dump(db)
        let error = expectStoreError({
            try runImport(db, path: folder.write("drancy.csv", drancyMarch), date: "2026-03-31")
        }, matching: { if case .database(let message) = $0 { message.contains("commune « 93029 »") } else { false } })
        #expect(error != nil)
        #expect(try dump(db) == before, "nothing written")
        #expect(try foreignKeysOn(db))
    }
}
