import CSQLiteSetup
import Foundation
import GRDB

/// The bourse's SQLite database: one writer, migrations run on open, WAL, foreign keys on, and a
/// busy timeout so that two imports started together both finish (the second waits).
public struct BourseDatabase: Sendable {
    /// The connection. Every write that belongs together is one `write { }` transaction.
    public let writer: any DatabaseWriter

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 120

    /// Sets SQLite up for a program that is about to use it: its memory statistics, which take a
    /// global mutex around each of the millions of allocations of a large import (a tenth of
    /// SQLite's share of its time), are turned off; URI file names are turned on, for the reads
    /// of read-only databases (`file:…?immutable=1`; most builds of SQLite have them on already).
    ///
    /// Call it first thing in `main`, before any thread uses SQLite: once SQLite has been
    /// initialised it is too late and nothing changes (`false`), which is harmless.
    @discardableResult
    public static func prepareProcess() -> Bool {
        bourse_sqlite_enable_uri_filenames()
        return bourse_sqlite_disable_memory_statistics() == 0
    }

    /// Opens the database file for what a command does with it (`access`).
    ///
    /// Before any connection that could change the file, it is looked at (`DatabaseFile`) and
    /// refused, untouched, when it is not SQLite, when it is another application's database (it
    /// lacks our mark, `PRAGMA application_id` "BFES", and the bourse's migrations), when a newer
    /// version of bourse migrated it, when it is empty and the command does not create, or, for a
    /// command that only reads, when it needs a migration. Writing opens migrate the database and
    /// mark it; reading opens write nothing and leave no -wal or -shm file behind.
    /// - Throws: `StoreError` with the path, in French: `.cannotOpen` with SQLite's reason,
    ///   `.notInitialised`, `.emptyDatabase`, `.notSQLite`, `.foreignDatabase`,
    ///   `.newerDatabase`, `.needsUpgrade`.
    public static func open(
        path: String, access: DatabaseAccess = .create, busyTimeout: TimeInterval = busyTimeout
    ) throws(StoreError) -> BourseDatabase {
        let known = migrator.migrations
        switch (try DatabaseFile.inspect(path: path, known: known), access) {
        case (.absent, .create), (.empty, .create):
            break
        case (.absent, _):
            throw .notInitialised
        case (.empty, _):
            throw .emptyDatabase(path: path)
        case (.bourse(let applied, _), .read):
            guard applied.isSuperset(of: known) else { throw .needsUpgrade(path: path) }
            do {
                let connection = try DatabaseFile.readingConnection(path: path, busyTimeout: busyTimeout)
                return BourseDatabase(writer: connection.reader, path: path, reading: connection)
            } catch {
                throw .cannotOpen(path: path, reason: StoreError.describe(error))
            }
        case (.bourse, _):
            break
        }
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // A new database gets 16 KiB pages (4 KiB by default; an existing file keeps its own):
            // a large import writes, journals and checkpoints a quarter as many pages, about a
            // third less system time.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        // SQLite's busy timeout does not cover every lock conflict: two connections setting up a
        // new file together (WAL switch, first migration) can get "database is locked" at once,
        // without waiting, when one holds a read snapshot the other's commit made stale. Setting
        // up again then succeeds (the other connection has finished, or goes on past it).
        let deadline = Date().addingTimeInterval(busyTimeout)
        var attempt = 0
        while true {
            do {
                let writer: any DatabaseWriter = access == .serve
                    ? try DatabasePool(path: path, configuration: configuration)
                    : try DatabaseQueue(path: path, configuration: configuration)
                let database = BourseDatabase(writer: writer, path: path)
                try database.migrate()
                try database.mark()
                return database
            } catch let error as StoreError {
                throw error
            } catch let error as DatabaseError where BourseDatabase.isLockConflict(error) && Date() < deadline {
                attempt += 1
                Thread.sleep(forTimeInterval: min(0.005 * Double(attempt), 0.1))
            } catch {
                throw .cannotOpen(path: path, reason: StoreError.describe(error))
            }
        }
    }

    /// Sets our mark on a database that lacks it (one made before the mark existed).
    private func mark() throws {
        let mark = DatabaseFile.applicationID
        guard try writer.read({ db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }) != mark else { return }
        try writer.write { db in try db.execute(sql: "PRAGMA application_id = \(mark)") }
    }

    /// SQLITE_BUSY or SQLITE_LOCKED, whatever the extended code.
    static func isLockConflict(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// A fresh database in memory (tests).
    public static func inMemory() throws(StoreError) -> BourseDatabase {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        do {
            let database = BourseDatabase(writer: try DatabaseQueue(configuration: configuration), path: nil)
            try database.migrate()
            try database.mark()
            return database
        } catch {
            throw .cannotOpen(path: ":memory:", reason: StoreError.describe(error))
        }
    }

    /// The database file (`nil` in memory), named in the messages of SQLite's errors.
    public let path: String?

    /// The connections of a reading open, which close in order when the last copy goes.
    private let reading: ReadingConnection?

    init(writer: any DatabaseWriter, path: String? = nil, reading: ReadingConnection? = nil) {
        self.writer = writer
        self.path = path
        self.reading = reading
    }

    /// SQLite's error in French, with the database's path.
    func describe(_ error: any Error) -> String {
        StoreError.describe(error, path: path)
    }

    /// Applies the migrations not yet applied (`open` sets up again on a lock conflict).
    ///
    /// Two connections migrating a new file together may both find a migration missing; the
    /// second then fails on what the first created ("table … already exists"). When the applied
    /// migrations grew while it failed, another connection did the work: it looks again.
    private func migrate() throws {
        let migrator = BourseDatabase.migrator
        // Every identifier, known or not. SQLite's own catalogue, not GRDB's schema cache, which
        // can be stale while another connection sets the same new file up.
        func applied() throws -> Set<String> {
            try writer.read { db in
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')") ?? false
                return exists ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
            }
        }
        // A newer version's migrations: refused before anything is written (`open` looked already;
        // this covers a newer version that migrated the file since).
        let unknown = try applied().subtracting(migrator.migrations)
        if !unknown.isEmpty {
            throw StoreError.newerDatabase(path: path ?? ":memory:", unknown: unknown.sorted())
        }
        while true {
            let before = try applied()
            do {
                try migrator.migrate(writer)
                return
            } catch {
                let after = try applied()
                guard after.isStrictSuperset(of: before) else { throw error }
            }
        }
    }
}
