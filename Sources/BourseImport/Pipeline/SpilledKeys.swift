import Foundation
import GRDBSQLite

/// The keys `SeenKeys` no longer keeps in memory, in a private temporary SQLite database: a
/// `WITHOUT ROWID` table keyed by (commune, reference), inside one transaction that is never
/// committed (the file is deleted when the database is closed). SQLite keeps at most
/// `cacheKiB` of it in memory and pages the rest to disk.
final class SpilledKeys {
    /// Why the temporary file could not be used.
    struct Failure: Error, Equatable {
        var reason: String
    }

    static let cacheKiB = 2048

    private var database: OpaquePointer?
    private var insertStatement: OpaquePointer?
    private var selectStatement: OpaquePointer?
    private(set) var count = 0

    init() throws(Failure) {
        // An empty file name: a private database in a temporary file, removed on close.
        guard sqlite3_open_v2("", &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, database != nil else {
            defer { sqlite3_close(database); database = nil }
            throw Failure(reason: database.map { String(cString: sqlite3_errmsg($0)) } ?? "base temporaire impossible à ouvrir")
        }
        try execute("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -\(Self.cacheKiB);
            CREATE TABLE seen (commune INTEGER NOT NULL, reference BLOB NOT NULL, line INTEGER NOT NULL,
                               PRIMARY KEY (commune, reference)) WITHOUT ROWID;
            BEGIN;
            """)
        insertStatement = try prepare("INSERT INTO seen (commune, reference, line) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
        selectStatement = try prepare("SELECT line FROM seen WHERE commune = ?1 AND reference = ?2")
    }

    deinit {
        sqlite3_finalize(insertStatement)
        sqlite3_finalize(selectStatement)
        sqlite3_close(database)
    }

    /// Records the key, or returns the line where it was first seen.
    func insert(commune: Int, reference: UnsafeBufferPointer<UInt8>, line: Int) throws(Failure) -> Int? {
        bind(insertStatement, commune: commune, reference: reference)
        sqlite3_bind_int64(insertStatement, 3, Int64(line))
        let code = sqlite3_step(insertStatement)
        sqlite3_reset(insertStatement)
        guard code == SQLITE_DONE else { throw failure() }
        if sqlite3_changes(database) == 1 {
            count += 1
            return nil
        }
        bind(selectStatement, commune: commune, reference: reference)
        defer { sqlite3_reset(selectStatement) }
        guard sqlite3_step(selectStatement) == SQLITE_ROW else { throw failure() }
        return Int(sqlite3_column_int64(selectStatement, 0))
    }

    private static let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)

    private func bind(_ statement: OpaquePointer?, commune: Int, reference: UnsafeBufferPointer<UInt8>) {
        sqlite3_bind_int64(statement, 1, Int64(commune))
        // A zero-length blob for an empty reference, never NULL.
        sqlite3_bind_blob(statement, 2, reference.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(reference.count), Self.transient)
    }

    private func execute(_ sql: String) throws(Failure) {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else { throw failure() }
    }

    private func prepare(_ sql: String) throws(Failure) -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK else { throw failure() }
        return statement
    }

    private func failure() -> Failure {
        Failure(reason: database.map { String(cString: sqlite3_errmsg($0)) } ?? "base temporaire fermée")
    }
}
