import BourseTestSupport
import BourseCore
import Foundation
import GRDB
import Testing

@testable import BourseStore

/// Migration `v6-cle-des-locaux`: the premises table is made again with its unique key led by the
/// reference, and an index on the source.
@Suite("Migration de la clé des locaux (v6)")
struct PremisesKeyMigrationTests {
    /// A database file at v5, filled by real imports and a user status.
    /// The premises table's definition, its name and unique clause left out, spaces collapsed.
    private static func columnsOfPremises(_ db: Database) throws -> String {
        let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'premises'") ?? ""
        let body = sql.drop { $0 != "(" }
        return body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: "UNIQUE (source_id, commune_insee, reference)", with: "UNIQUE (…)")
            .replacingOccurrences(of: "UNIQUE (reference, commune_insee, source_id)", with: "UNIQUE (…)")
    }

    private func databaseAtV5(_ folder: TemporaryFolder) throws -> (path: String, before: [String: [[String]]]) {
        let path = folder.file("v5.sqlite")
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.journalMode = .wal
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try BourseDatabase.migrator.migrate(queue, upTo: "v5-listes-de-tour")
        let old = BourseDatabase(writer: queue)
        try old.initialise(communes: ptdeCommunes)
        let first = try folder.write("drancy-1.csv", inventory([
            "D-1;Drancy;1 rue A;bureau;40;500",
            "D-2;Drancy;2 rue B;atelier;80;900",
            "D-3;Drancy;3 rue C;commerce;55;700",
            "D-3;Drancy;3 rue C bis;commerce;56;700",
            "D-4;Sevran;4 rue D;bureau;zéro;700",
        ]))
        try runImport(old, path: first, date: "2026-01-15")
        let reserved = try #require(try premisesRecord(old, "D-2")?.id)
        try old.setStatus(premisesID: reserved, to: .reserved, on: day("2026-02-01"), reason: "visite")
        let second = try folder.write("drancy-2.csv", inventory([
            "D-1;Drancy;1 rue A;bureau;42;500",
            "D-5;Drancy;5 rue E;bureau;30;300",
        ]))
        try runImport(old, path: second, date: "2026-03-01")
        // The old key, as v1 made it.
        let keyColumns = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info((SELECT name FROM pragma_index_list('premises') WHERE \"unique\" = 1)) ORDER BY seqno")
        }
        #expect(keyColumns == ["source_id", "commune_insee", "reference"])
        var before = try dump(old)
        before["premises definition"] = [[try queue.read(Self.columnsOfPremises)]]
        return (path, before)
    }

    @Test func everyRowIsKeptWithItsIdAndTheKeyIsLedByTheReference() throws {
        let folder = try TemporaryFolder()
        let (path, before) = try databaseAtV5(folder)
        #expect(before["premises"]?.count == 4)
        #expect((before["premises_events"]?.count ?? 0) >= 3)

        let db = try BourseDatabase.open(path: path)
        var after = try dump(db)
        // Same columns, types, defaults, checks and references; only the unique clause differs.
        after["premises definition"] = [[try db.writer.read(Self.columnsOfPremises)]]
        #expect(after["premises definition"]?.first?.first?.contains("UNIQUE (…)") == true)
        var expected = before
        expected["grdb_migrations"] = nil
        after["grdb_migrations"] = nil
        // The later migrations add what v6 does not touch: an empty table of rounds' inputs, and
        // the portal's empty tables of accounts, sessions and audit log.
        for table in ["round_inputs", "accounts", "portal_sessions", "audit_log"] {
            #expect(after[table] == [], "\(table)")
            after[table] = nil
        }
        #expect(after == expected)

        try db.writer.read { database in
            let keyColumns = try String.fetchAll(database, sql: "SELECT name FROM pragma_index_info((SELECT name FROM pragma_index_list('premises') WHERE \"unique\" = 1)) ORDER BY seqno")
            #expect(keyColumns == ["reference", "commune_insee", "source_id"])
            let sourceIndex = try String.fetchAll(database, sql: "SELECT name FROM pragma_index_info('premises_source')")
            #expect(sourceIndex == ["source_id"])
            #expect(try Row.fetchAll(database, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchOne(database, sql: "PRAGMA integrity_check") == "ok")
            #expect(try String.fetchOne(database, sql: "SELECT name FROM sqlite_master WHERE name = 'premises_v6'") == nil)
            // The events still point at the same premises, through the renamed table's ids.
            let orphans = try Int.fetchOne(database, sql: "SELECT count(*) FROM premises_events e LEFT JOIN premises p ON p.id = e.premises_id WHERE p.id IS NULL")
            #expect(orphans == 0)
        }
    }

    @Test func theKeyStillRefusesADuplicateAndTheSourceQueriesUseAnIndex() throws {
        let folder = try TemporaryFolder()
        let (path, _) = try databaseAtV5(folder)
        let db = try BourseDatabase.open(path: path)
        #expect(throws: DatabaseError.self) {
            try db.writer.write { database in
                try database.execute(sql: """
                    INSERT INTO premises (source_id, commune_insee, reference, type, surface, status, initial_status, status_since, offered_on, first_inventory_id, last_inventory_id)
                    SELECT source_id, commune_insee, reference, type, surface, status, initial_status, status_since, offered_on, first_inventory_id, last_inventory_id
                    FROM premises WHERE reference = 'D-1'
                    """)
            }
        }
        // The same reference in another commune or for another source is another premises.
        try db.writer.write { database in
            try database.execute(sql: """
                INSERT INTO premises (source_id, commune_insee, reference, type, surface, status, initial_status, status_since, offered_on, first_inventory_id, last_inventory_id)
                SELECT 'sevran', commune_insee, reference, type, surface, status, initial_status, status_since, offered_on, first_inventory_id, last_inventory_id
                FROM premises WHERE reference = 'D-1'
                """)
        }
        try db.writer.read { database in
            func plan(_ sql: String, _ arguments: StatementArguments) throws -> String {
                try Row.fetchAll(database, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                    .map { $0["detail"] as String }.joined(separator: " / ")
            }
            #expect(try plan("SELECT count(*) FROM premises WHERE source_id = ?", ["drancy"]).contains("premises_source"))
            let lookup = try plan("SELECT id FROM premises WHERE source_id = ? AND commune_insee = ? AND reference = ?", ["drancy", "93029", "D-1"])
            #expect(lookup.contains("sqlite_autoindex_premises_1"), "\(lookup)")
        }
    }

    @Test func aMigratedDatabaseImportsItsNextInventoryAsBefore() throws {
        let folder = try TemporaryFolder()
        let (path, _) = try databaseAtV5(folder)
        let db = try BourseDatabase.open(path: path)
        let third = try folder.write("drancy-3.csv", inventory([
            "D-1;Drancy;1 rue A;bureau;42;550",
            "D-5;Drancy;5 rue E;bureau;30;300",
            "D-6;Drancy;6 rue F;bureau;25;250",
        ]))
        let run = try runImport(db, path: third, date: "2026-04-01")
        #expect(run.report.added == 1)
        #expect(run.report.changed == 1)
        #expect(run.report.unchanged == 1)
        #expect(try premisesRecord(db, "D-2")?.status == "reserve")
        #expect(try count(db, "SELECT count(*) FROM premises WHERE source_id = 'drancy'") == 5)
    }
}
