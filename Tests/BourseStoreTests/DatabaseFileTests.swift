import BourseTestSupport
import BourseCore
import Foundation
import GRDB
import Testing

@testable import BourseStore

/// Foreign, empty, newer, older, read-only and locked database files (issue 15, items 6 and 7).
@Suite("Fichiers de base étrangers, vides, plus récents, en lecture seule, verrouillés")
struct DatabaseFileTests {
    /// The bytes of a file and of the side files SQLite could leave beside it.
    private struct Snapshot: Equatable {
        var bytes: Data
        var sideFiles: [String]

        init(_ path: String) throws {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            sideFiles = ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
        }
    }

    private let accesses: [DatabaseAccess] = [.read, .write, .create]

    /// Expects `open` to refuse the file with `expected`, for every access, leaving it untouched.
    private func expectRefused(
        _ path: String, sourceLocation: SourceLocation = #_sourceLocation, _ expected: (StoreError) -> Bool
    ) throws {
        let before = try Snapshot(path)
        #expect(before.sideFiles.isEmpty, sourceLocation: sourceLocation)
        for access in accesses {
            expectStoreError(sourceLocation: sourceLocation, { _ = try BourseDatabase.open(path: path, access: access) }, matching: expected)
            #expect(try Snapshot(path) == before, "\(access): the file or its side files changed", sourceLocation: sourceLocation)
        }
    }

    /// A database made by this version, closed (no side file left).
    private func currentDatabase(_ folder: TemporaryFolder, _ name: String = "bourse.sqlite") throws -> String {
        let path = folder.file(name)
        try BourseDatabase.open(path: path).initialise(communes: ptdeCommunes)
        return path
    }

    /// Runs `body` on a plain GRDB connection to `path`, then closes it.
    private func withPlainConnection<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: path)
        return try queue.writeWithoutTransaction(body)
    }

    private func applicationID(_ path: String) throws -> Int32 {
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        return try queue.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0 }
    }

    // MARK: Foreign files

    @Test func anotherApplicationsDatabaseIsRefusedUntouched() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("carnet.sqlite")
        try withPlainConnection(path) { db in
            try db.execute(sql: "CREATE TABLE contacts (id INTEGER PRIMARY KEY, nom TEXT); INSERT INTO contacts (nom) VALUES ('Dupont')")
        }
        try expectRefused(path) {
            guard case let .foreignDatabase(refused, detail) = $0 else { return false }
            return refused == path && detail.contains("tables de la bourse")
        }
        let message = StoreError.foreignDatabase(path: path, detail: "x").errorDescription ?? ""
        #expect(message.contains("autre application") && message.contains("bourse init --db"))
    }

    @Test func anotherApplicationsMarkIsNamed() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("carte.gpkg")
        try withPlainConnection(path) { db in
            try db.execute(sql: "PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents (table_name TEXT)")
        }
        try expectRefused(path) {
            guard case let .foreignDatabase(_, detail) = $0 else { return false }
            return detail.contains("« GPKG »") && detail.contains("0x47504B47")
        }
    }

    @Test func aTextFileIsNotADatabase() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("notes.sqlite", "Ceci n'est pas une base.\n")
        try expectRefused(path) { $0 == .notSQLite(path: path) }
        // Shorter than SQLite's header, but starting like one.
        let short = try folder.write("court.sqlite", "SQLite format 3")
        try expectRefused(short) { $0 == .notSQLite(path: short) }
    }

    @Test func anEmptyFileIsADatabaseOnlyForTheCommandsThatCreate() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("vide.sqlite", "")
        for access in [DatabaseAccess.read, .write] {
            expectStoreError(.emptyDatabase(path: path)) { _ = try BourseDatabase.open(path: path, access: access) }
            let after = try Snapshot(path)
            #expect(after.bytes.isEmpty && after.sideFiles.isEmpty)
        }
        let db = try BourseDatabase.open(path: path, access: .create)
        try db.initialise(communes: ptdeCommunes)
        #expect(try db.writer.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } == DatabaseFile.applicationID)
        // An SQLite file without a single table counts as empty too.
        let blank = folder.file("sans-table.sqlite")
        try withPlainConnection(blank) { db in try db.execute(sql: "PRAGMA user_version = 0; VACUUM") }
        expectStoreError(.emptyDatabase(path: blank)) { _ = try BourseDatabase.open(path: blank, access: .write) }
        _ = try BourseDatabase.open(path: blank, access: .create)
    }

    @Test func aMissingFileIsCreatedOnlyByTheCommandsThatCreate() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("absente.sqlite")
        expectStoreError(.notInitialised) { _ = try BourseDatabase.open(path: path, access: .read) }
        expectStoreError(.notInitialised) { _ = try BourseDatabase.open(path: path, access: .write) }
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try BourseDatabase.open(path: path, access: .create)
        #expect(try applicationID(path) == DatabaseFile.applicationID)
    }

    // MARK: Newer and older versions

    @Test func aDatabaseFromANewerVersionIsRefusedUntouched() throws {
        let folder = try TemporaryFolder()
        let path = try currentDatabase(folder)
        try withPlainConnection(path) { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-futur')")
        }
        try expectRefused(path) { $0 == .newerDatabase(path: path, unknown: ["v99-futur"]) }
        let message = StoreError.newerDatabase(path: path, unknown: ["v99-futur"]).errorDescription ?? ""
        #expect(message.contains("version plus récente") && message.contains("v99-futur"))
    }

    @Test func aDatabaseMadeBeforeTheMarkOpensAndIsMarkedAtItsNextWrite() throws {
        let folder = try TemporaryFolder()
        let path = try currentDatabase(folder)
        try withPlainConnection(path) { db in try db.execute(sql: "PRAGMA application_id = 0") }
        #expect(try applicationID(path) == 0)

        let before = try Snapshot(path)
        do {
            let reader = try BourseDatabase.open(path: path, access: .read)
            #expect(try reader.sources().count == 8)
        }
        #expect(try Snapshot(path) == before, "a read neither marks nor leaves side files")

        do {
            let writer = try BourseDatabase.open(path: path, access: .write)
            #expect(try writer.sourceList().count == 8)
        }
        #expect(try applicationID(path) == DatabaseFile.applicationID)
    }

    /// A database at v5, unmarked, as an older bourse made it.
    private func olderDatabase(_ folder: TemporaryFolder) throws -> String {
        let path = folder.file("ancienne.sqlite")
        var configuration = Configuration()
        configuration.journalMode = .wal
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try BourseDatabase.migrator.migrate(queue, upTo: "v5-listes-de-tour")
        try BourseDatabase(writer: queue).initialise(communes: ptdeCommunes)
        try queue.close()
        return path
    }

    @Test func aReadOfAnOlderDatabaseAsksForAWriteAndMigratesNothing() throws {
        let folder = try TemporaryFolder()
        let path = try olderDatabase(folder)
        let before = try Snapshot(path)
        #expect(before.sideFiles.isEmpty)
        expectStoreError(.needsUpgrade(path: path)) { _ = try BourseDatabase.open(path: path, access: .read) }
        #expect(try Snapshot(path) == before)
        let message = StoreError.needsUpgrade(path: path).errorDescription ?? ""
        #expect(message.contains("doit être mise à jour") && message.contains("commande qui écrit"))

        do {
            let db = try BourseDatabase.open(path: path, access: .write)
            #expect(try db.writer.read { db in try BourseDatabase.migrator.hasCompletedMigrations(db) })
        }
        #expect(try applicationID(path) == DatabaseFile.applicationID)
        _ = try BourseDatabase.open(path: path, access: .read)
    }

    // MARK: Read-only opens

    @Test func aReadOpenWritesNothingAndLeavesNoSideFile() throws {
        let folder = try TemporaryFolder()
        let path = try currentDatabase(folder)
        let before = try Snapshot(path)
        #expect(before.sideFiles.isEmpty)
        do {
            let db = try BourseDatabase.open(path: path, access: .read)
            #expect(try db.sources().count == 8)
            #expect(try db.rounds().isEmpty)
            // The connection cannot write, even by mistake.
            expectStoreError({ try db.addSource(Source(id: "essai", name: "Essai", kind: .other)) }) {
                if case .database = $0 { return true }
                return false
            }
        }
        #expect(try Snapshot(path) == before)
    }

    @Test func aReadOpenSharesTheSideFilesOfAWriterAtWork() throws {
        let folder = try TemporaryFolder()
        let path = try currentDatabase(folder)
        do {
            let writer = try BourseDatabase.open(path: path, access: .write)
            try writer.addSource(Source(id: "essai", name: "Essai", kind: .other))
            let reader = try BourseDatabase.open(path: path, access: .read)
            #expect(try reader.sources().contains { $0.source.id == "essai" })
            // The reader sees what the writer commits after it opened.
            try writer.addSource(Source(id: "essai-2", name: "Essai 2", kind: .other))
            #expect(try reader.sources().contains { $0.source.id == "essai-2" })
        }
        #expect(try Snapshot(path).sideFiles.isEmpty)
    }

    /// The connection of a read-only file or folder (which root cannot make here: chmod does not
    /// stop it): immutable, with the path escaped in its URI.
    @Test func theUntouchedReadPathOpensWithoutSideFiles() throws {
        let folder = try TemporaryFolder()
        let odd = folder.url.appendingPathComponent("dossier 100% #1 ?")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        let path = odd.appendingPathComponent("bourse.sqlite").path
        try BourseDatabase.open(path: path).initialise(communes: ptdeCommunes)
        let before = try Snapshot(path)
        let uri = DatabaseFile.untouchedReadPath(path)
        #expect(uri.hasPrefix("file:///") && uri.hasSuffix("?immutable=1"))
        #expect(uri.contains("dossier 100%25 %231 %3F/bourse.sqlite"), "\(uri)")
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: uri, configuration: configuration)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM communes") } == 8)
        #expect(try Snapshot(path) == before)
        try queue.close()
        #expect(try Snapshot(path) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.file("file:")))
    }

    // MARK: Locks and SQLite's messages

    @Test func aDatabaseLockedLongerThanTheTimeoutGetsAFrenchExplanation() throws {
        let folder = try TemporaryFolder()
        let path = try currentDatabase(folder)
        let db = try BourseDatabase.open(path: path, access: .write, busyTimeout: 0.2)
        let other = try DatabaseQueue(path: path)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? other.inTransaction(.immediate) { _ in
                started.signal()
                release.wait()
                return .rollback
            }
        }
        holder.start()
        started.wait()
        defer { release.signal() }
        let error = expectStoreError({ try db.addSource(Source(id: "essai", name: "Essai", kind: .other)) }) {
            if case .database = $0 { return true }
            return false
        }
        let message = error?.errorDescription ?? ""
        #expect(message.contains("une autre commande écrit dans la base « \(path) »"), "\(message)")
        #expect(message.contains("réessayez"))
        #expect(!message.contains("database is locked"))
    }

    @Test func sqliteErrorsAreFrench() {
        let path = "/srv/bourse.sqlite"
        func text(_ code: ResultCode, _ message: String? = nil) -> String {
            StoreError.describe(DatabaseError(resultCode: code, message: message), path: path)
        }
        #expect(text(.SQLITE_READONLY, "attempt to write a readonly database").contains("lecture seule"))
        #expect(text(.SQLITE_READONLY).contains("« /srv/bourse.sqlite »"))
        #expect(text(.SQLITE_IOERR, "disk I/O error").contains("entrée-sortie"))
        #expect(text(.SQLITE_FULL, "database or disk is full").contains("disque est plein"))
        #expect(text(.SQLITE_NOTADB, "file is not a database").contains("n'est pas une base SQLite"))
        #expect(text(.SQLITE_CANTOPEN, "unable to open database file").contains("impossible d'ouvrir le fichier « /srv/bourse.sqlite »"))
        #expect(text(.SQLITE_CORRUPT, "database disk image is malformed").contains("endommagée"))
        #expect(text(.SQLITE_BUSY, "database is locked").contains("une autre commande écrit"))
        #expect(text(.SQLITE_LOCKED, "database table is locked").contains("réessayez"))
        #expect(text(.SQLITE_CONSTRAINT, "UNIQUE constraint failed: sources.id") == "cet élément existe déjà (valeur en double : sources.id)")
        #expect(text(.SQLITE_CONSTRAINT, "NOT NULL constraint failed: premises.type") == "valeur obligatoire manquante (premises.type)")
        #expect(text(.SQLITE_CONSTRAINT, "CHECK constraint failed: surface > 0") == "valeur refusée par la règle « surface > 0 »")
        #expect(text(.SQLITE_CONSTRAINT, "FOREIGN KEY constraint failed").contains("élément absent"))
        for code in [ResultCode.SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CORRUPT, .SQLITE_BUSY] {
            #expect(!text(code, "english text").contains("english"), "\(code)")
        }
    }
}
