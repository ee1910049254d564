import BourseCore
import BourseImport
import BourseStore
import Foundation
import GRDB
import Testing

@Suite("Imports refusés, simulation et rejets")
struct FailureAndDryRunTests {
    /// A database with Drancy's March inventory, and its dump.
    private func databaseWithMarch(_ folder: TemporaryFolder) throws -> (BourseDatabase, [String: [[String]]]) {
        let db = try freshDatabase()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        return (db, try dump(db))
    }

    // MARK: 6. Failed imports leave the database as it was

    @Test func strictModeWithOneBadRowWritesNothing() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("juin.csv", inventory([
            "D-001;Drancy;1 rue de la République;bureau;50;500",
            "D-009;Drancy;9 rue;bureau;-5;100",
        ]))
        var rejected: [Int] = []
        expectStoreError(.strictRejected(file: "juin.csv", rejected: 1)) {
            _ = try db.importInventory(
                path: path, options: InventoryImportOptions(sourceID: "drancy", asOf: day("2026-06-30"), strict: true),
                onReject: { rejected.append($0.line) })
        }
        #expect(rejected == [3], "the caller still hears of the reject")
        #expect(try dump(db) == before)

        // Without --strict the same file goes in.
        let run = try runImport(db, path: path, date: "2026-06-30")
        #expect(run.inventoryID != nil)
        #expect(run.report.withdrawn == 2)
    }

    @Test func fileWithEveryRowRejectedWithdrawsNothing() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("juin.csv", inventory([
            "D-001;Paris;1 rue;bureau;50;500",
            "D-002;Drancy;2 rue;bureau;0;500",
        ]))
        expectStoreError(.nothingAccepted(file: "juin.csv", rejected: 2)) {
            try runImport(db, path: path, date: "2026-06-30")
        }
        #expect(try dump(db) == before)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE status = 'disponible'") == 3)
    }

    @Test func headerOnlyFileIsRefused() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("juin.csv", inventory([]))
        expectStoreError(.nothingAccepted(file: "juin.csv", rejected: 0)) {
            try runImport(db, path: path, date: "2026-06-30")
        }
        #expect(try dump(db) == before)
    }

    @Test func malformedFileWithAnUnclosedQuoteWritesNothing() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("juin.csv", inventory([
            "D-001;Drancy;1 rue de la République;bureau;50;500",
            "D-004;Drancy;\"4 rue jamais fermée;bureau;60;600",
            "D-005;Drancy;5 rue;bureau;70;700",
        ]))
        expectStoreError(.read(.malformed(file: "juin.csv", .unclosedQuote(line: 3)))) {
            try runImport(db, path: path, date: "2026-06-30")
        }
        #expect(try dump(db) == before)
    }

    @Test func fileWithoutTheRequiredColumnsWritesNothing() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("juin.csv", """
            Nom;Adresse;Type;Loyer mensuel
            Local 1;1 rue;bureau;500
            Local 2;2 rue;bureau;600

            """)
        let error = expectStoreError({ try runImport(db, path: path, date: "2026-06-30") }) {
            if case .read(.headerNotFound(let file, _, let missing, _)) = $0 {
                return file == "juin.csv" && !missing.isEmpty
            }
            return false
        }
        #expect(error?.errorDescription?.contains("colonnes obligatoires absentes") == true)
        #expect(try dump(db) == before)
    }

    @Test func unknownSourceWritesNothing() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("paris.csv", drancyJune)
        expectStoreError({ try runImport(db, path: path, source: "paris", date: "2026-06-30") }) {
            if case .unknownSource(let id, let known) = $0 {
                return id == "paris" && known.count == 8 && known.contains("drancy")
            }
            return false
        }
        #expect(try dump(db) == before)
    }

    @Test func missingFileWritesNothing() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        expectStoreError({ try runImport(db, path: folder.file("absent.csv"), date: "2026-06-30") }) {
            if case .read(.input) = $0 { return true }
            return false
        }
        #expect(try dump(db) == before)
    }

    @Test func importBeforeInitialiseSaysSo() throws {
        let db = try BourseDatabase.inMemory()
        let folder = try TemporaryFolder()
        let path = try folder.write("mars.csv", drancyMarch)
        expectStoreError(.notInitialised) { try runImport(db, path: path, date: "2026-03-31") }
    }

    // MARK: 7. Dry run

    @Test func dryRunWritesNothingAndCountsWhatTheImportThenDoes() throws {
        let folder = try TemporaryFolder()
        let (db, before) = try databaseWithMarch(folder)
        let path = try folder.write("juin.csv", drancyJune)

        let dry = try runImport(db, path: path, date: "2026-06-30", dryRun: true)
        #expect(dry.report.outcome == .dryRun)
        #expect(try dump(db) == before)

        let real = try runImport(db, path: path, date: "2026-06-30")
        #expect(real.inventoryID != nil)
        #expect(dry.report.added == 1 && real.report.added == 1)
        #expect(dry.report.changed == 1 && real.report.changed == 1)
        #expect(dry.report.unchanged == 1 && real.report.unchanged == 1)
        #expect(dry.report.withdrawn == 1 && real.report.withdrawn == 1)
        #expect(dry.report.fieldChanges == real.report.fieldChanges)
        #expect(dry.report.reappeared == real.report.reappeared)
    }

    @Test func dryRunOfAFirstInventoryWritesNothing() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let before = try dump(db)
        let path = try folder.write("mars.csv", inventory([
            "D-001;Drancy;1 rue;bureau;50;500",
            "D-002;Paris;2 rue;bureau;50;500",
            "D-003;Drancy;3 rue;bureau;50;500",
        ]))
        let dry = try runImport(db, path: path, date: "2026-03-31", dryRun: true)
        #expect(dry.report.outcome == .dryRun)
        #expect(dry.report.added == 2)
        #expect(dry.report.read?.rejected == 1)
        #expect(dry.rejects.map(\.line) == [3], "rejects are reported in a dry run too")
        #expect(try dump(db) == before)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 0)

        let real = try runImport(db, path: path, date: "2026-03-31")
        #expect(real.report.added == 2)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 1)
    }

    @Test func dryRunCountsReappearedAndKeptPremisesLikeTheImport() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        // D-003 withdrawn in June; D-005 reserved by hand.
        let d5ID = try #require(try premisesRecord(db, "D-005")?.id)
        try db.setStatus(premisesID: d5ID, to: .reserved, on: day("2026-07-01"), reason: nil)
        let before = try dump(db)

        // September: D-003 back, D-005 and D-001 absent.
        let path = try folder.write("septembre.csv", inventory([
            "D-002;Drancy;2 avenue Jean Jaurès;commerce;110;1100",
            "D-003;Drancy;3 rue Anatole France;atelier;80,5;",
        ]))
        let dry = try runImport(db, path: path, date: "2026-09-30", dryRun: true)
        #expect(try dump(db) == before)
        let real = try runImport(db, path: path, date: "2026-09-30")

        #expect(real.report.reappeared == 1)
        #expect(real.report.withdrawn == 1)
        #expect(real.report.keptByUserStatus == 1)
        #expect(dry.report.reappeared == real.report.reappeared)
        #expect(dry.report.withdrawn == real.report.withdrawn)
        #expect(dry.report.added == real.report.added)
        #expect(dry.report.changed == real.report.changed)
        #expect(dry.report.unchanged == real.report.unchanged)
        #expect(dry.report.keptByUserStatus == real.report.keptByUserStatus,
                "a dry run should say how many absent premises are kept because reserved")
    }

    @Test func dryRunOfAnOlderInventoryFollowsTheSameRules() throws {
        let folder = try TemporaryFolder()
        let db = try freshDatabase()
        try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        let before = try dump(db)
        let march = try folder.write("mars.csv", drancyMarch)
        expectStoreError(.olderThanLatest(file: "mars.csv", asOf: day("2026-03-31"), latest: day("2026-06-30"))) {
            try runImport(db, path: march, date: "2026-03-31", dryRun: true)
        }
        let dry = try runImport(db, path: march, date: "2026-03-31", dryRun: true, allowOlder: true)
        #expect(dry.report.historical)
        #expect(dry.report.added == 1 && dry.report.knownLeftAsIs == 2)
        #expect(try dump(db) == before)
    }

    // MARK: 8. Rejects

    @Test func rejectsAreStoredWithLineFieldRawAndReasonAndHandedOverInOrder() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let text = """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel
            D-001;Drancy;1 rue A;bureau;50;500
            D-002;Paris;2 rue B;bureau;60;600
            D-003;Drancy;"3 rue C
            Bâtiment B";commerce;70;700
            D-004;Drancy;4 rue D;bureau;0;100

            =1+1;Drancy;5 rue E;bureau;abc;100
            D-005;Drancy;6 rue F;bureau;40
            D-001;Drancy;doublon;bureau;30;300

            """
        let path = try folder.write("drancy.csv", text)
        let run = try runImport(db, path: path, date: "2026-03-31")
        let inventoryID = try #require(run.inventoryID)

        #expect(run.rejects.map(\.line) == [3, 6, 8, 9, 10])
        #expect(run.rejects.allSatisfy { $0.file == "drancy.csv" })
        #expect(run.report.read?.records == 7)
        #expect(run.report.read?.accepted == 2)
        #expect(run.report.read?.rejected == 5)
        let inventory = try #require(try inventoryRecord(db, id: inventoryID))
        #expect(inventory.records == 7 && inventory.accepted == 2 && inventory.rejected == 5 && inventory.added == 2)

        let stored = try db.rejects(inventoryID: inventoryID)
        #expect(stored.map(\.line) == [3, 6, 8, 9, 10])
        #expect(stored.allSatisfy { $0.inventoryID == inventoryID && $0.fileName == "drancy.csv" })
        #expect(stored.map(\.field) == ["Commune", "Surface", "Surface", nil, "Référence"])
        #expect(stored.map(\.raw) == [
            "D-002;Paris;2 rue B;bureau;60;600",
            "D-004;Drancy;4 rue D;bureau;0;100",
            "=1+1;Drancy;5 rue E;bureau;abc;100",
            "D-005;Drancy;6 rue F;bureau;40",
            "D-001;Drancy;doublon;bureau;30;300",
        ])
        #expect(stored[0].reason == "commune « Paris » inconnue du territoire")
        #expect(stored[1].reason.hasPrefix("surface nulle ou négative"))
        #expect(stored[2].reason.hasPrefix("surface"))
        #expect(stored[3].reason.hasPrefix("nombre de champs incorrect"))
        #expect(stored[4].reason.contains("doublon") && stored[4].reason.contains("ligne 2"))
        // What the caller heard is what was stored.
        #expect(run.rejects.map(\.raw) == stored.map(\.raw))
        #expect(run.rejects.map(\.reason) == stored.map(\.reason))

        // The multi-line record spanning lines 4–5 was accepted with its newline.
        let d3 = try #require(try premisesRecord(db, "D-003"))
        #expect(d3.address == "3 rue C\nBâtiment B")
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 5)
    }

    @Test func aRecordWithSeveralProblemsIsOneRejectNamingEveryField() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("drancy.csv", inventory([
            "D-001;Drancy;1 rue A;bureau;50;500",
            ";Paris;2 rue B;bureau;-3;600",
        ]))
        let run = try runImport(db, path: path, date: "2026-03-31")
        let inventoryID = try #require(run.inventoryID)
        let stored = try db.rejects(inventoryID: inventoryID)
        try #require(stored.count == 1)
        #expect(stored[0].line == 3)
        let field = try #require(stored[0].field)
        #expect(field.contains("Référence") && field.contains("Commune") && field.contains("Surface"))
        #expect(stored[0].reason.contains("référence manquante"))
        #expect(stored[0].reason.contains("Paris"))
    }
}
