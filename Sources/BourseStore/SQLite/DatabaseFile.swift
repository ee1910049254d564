import CSQLiteSetup
import BourseImport
import Foundation
import GRDB

/// Looks at a database file before any connection that could change it is opened: the header's
/// first bytes, then, when needed, its tables through a connection that creates nothing.
enum DatabaseFile {
    /// Our mark in the SQLite header (`PRAGMA application_id`, bytes 68–71): "BFES" in ASCII,
    /// for Bourse Foncière ESS.
    static let applicationID: Int32 = 0x4246_4553

    /// What the file holds, once the refusals are out of the way.
    enum State: Equatable {
        /// No file: `.create` makes one.
        case absent
        /// 0 bytes, or an SQLite file without a table (but an empty list of GRDB migrations).
        case empty
        /// A bourse database: `applied` are its migrations, `marked` whether it bears our mark
        /// (databases made before the mark existed get it at their next write-open).
        case bourse(applied: Set<String>, marked: Bool)
    }

    /// The file's state, or the French refusal of a file the bourse must not touch: not SQLite,
    /// another application's database, a database from a newer version of bourse.
    static func inspect(path: String, known: [String]) throws(StoreError) -> State {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .absent }
        if isDirectory.boolValue {
            throw .cannotOpen(path: path, reason: "c'est un dossier ; indiquez le fichier de la base")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, reason: "le fichier ne peut pas être lu (droits insuffisants ?)")
        }
        let header: Data
        do {
            defer { try? handle.close() }
            header = try handle.read(upToCount: 100) ?? Data()
        } catch {
            throw .cannotOpen(path: path, reason: "lecture impossible (\(SystemError.french(describing: error)))")
        }
        if header.isEmpty { return .empty }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw .notSQLite(path: path)
        }
        let headerMark = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if headerMark != 0, headerMark != UInt32(bitPattern: applicationID) {
            throw .foreignDatabase(path: path, detail: describeMark(headerMark))
        }

        struct Contents {
            var mark: Int32
            /// Objects of the schema besides `grdb_migrations`.
            var objects: Int
            var identifiers: Set<String>?
        }
        func readContents() throws -> Contents {
            let queue = try DatabaseQueue(path: untouchedReadPath(path), configuration: readConfiguration())
            return try queue.read { db in
                let mark = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                // Tables, indexes, views and triggers, but GRDB's list of migrations.
                let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE tbl_name <> 'grdb_migrations'") ?? 0
                let identifiers = try db.tableExists("grdb_migrations")
                    ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : nil
                return Contents(mark: mark, objects: objects, identifiers: identifiers)
            }
        }
        // Read without locks (`immutable`) when no other connection is at work; when one starts
        // meanwhile (the file changes, a -wal or -journal appears), what was read may mix two
        // states: read again, through the files of that connection.
        var contents: Contents?
        for attempt in 1...5 {
            let before = footprint(path)
            do {
                contents = try readContents()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw .notSQLite(path: path)
            } catch {
                if attempt < 5, footprint(path) != before || !before.alone { continue }
                throw .cannotOpen(path: path, reason: StoreError.describe(error))
            }
            if attempt < 5, before.alone, footprint(path) != before { continue }
            break
        }
        guard let contents else { throw .cannotOpen(path: path, reason: "contenu illisible") }
        if contents.mark != 0, contents.mark != applicationID {
            throw .foreignDatabase(path: path, detail: describeMark(UInt32(bitPattern: contents.mark)))
        }
        let marked = contents.mark == applicationID
        let identifiers = contents.identifiers ?? []
        // No table, or only GRDB's empty list of migrations: a database being set up (by
        // another command at the same moment) or never set up.
        if !marked, contents.objects == 0, identifiers.isEmpty {
            return .empty
        }
        let unknown = identifiers.subtracting(known)
        if !marked, unknown.count == identifiers.count {
            throw .foreignDatabase(path: path, detail: "elle n'a pas les tables de la bourse")
        }
        if !unknown.isEmpty {
            throw .newerDatabase(path: path, unknown: unknown.sorted())
        }
        return .bourse(applied: identifiers, marked: marked)
    }

    /// What shows that another connection is changing the file.
    private struct Footprint: Equatable {
        var size: UInt64?
        var modified: Date?
        var sideFiles: [Bool]
        /// No connection at work: no -wal, no -journal.
        var alone: Bool { !sideFiles.contains(true) }
    }

    private static func footprint(_ path: String) -> Footprint {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return Footprint(
            size: (attributes?[.size] as? NSNumber)?.uint64Value,
            modified: attributes?[.modificationDate] as? Date,
            sideFiles: ["-wal", "-journal"].map { FileManager.default.fileExists(atPath: path + $0) })
    }

    /// Another application's mark, with its four characters when they are printable (GeoPackage
    /// files bear "GPKG", MBTiles "MPBX").
    private static func describeMark(_ mark: UInt32) -> String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: mark >> (24 - 8 * $0)) }
        let hex = "0x" + String(mark, radix: 16, uppercase: true)
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return "identifiant d'application \(hex)"
        }
        return "identifiant d'application \(hex), « \(String(decoding: bytes, as: UTF8.self)) »"
    }

    /// A read-only connection that creates nothing beside the file.
    private static func readConfiguration(busyTimeout: TimeInterval = 5) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -8192") }
        return configuration
    }

    /// The name under which a read-only connection leaves no -wal or -shm file behind.
    ///
    /// A read-only connection to a WAL database needs the -shm file: SQLite creates it (and an
    /// empty -wal) and leaves both when it closes, with the database file's mode (a mode-444
    /// database gets a mode-444 -shm, which then stops every writer). When there is no -wal or
    /// -journal file, no other connection is at work and the whole database is in its file: it
    /// is opened `immutable`, without locks or side files. Otherwise another connection is
    /// using the database (or one stopped abruptly): the connection shares those files, which
    /// it did not create.
    static func untouchedReadPath(_ path: String) -> String {
        guard footprint(path).alone, bourse_sqlite_uri_filenames() != 0 else {
            return path
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var escaped = ""
        for character in absolute {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file://\(escaped)?immutable=1"
    }

    /// The connection of a command that only reads (`DatabaseAccess.read`): read-only (a write
    /// by mistake fails), and nothing left beside the file once it is closed.
    ///
    /// When the file and its folder are writable and no -wal file exists, a read-write connection
    /// (the anchor) opens the database first and closes last: like any SQLite connection that is
    /// the last to close, it removes the -wal and -shm files that it and the read-only connection
    /// used, unless a connection of another process still uses them. The read-only connection
    /// shares the -shm with the writers of other processes, so that its reads stay consistent
    /// while they commit. Otherwise (read-only file or folder, or a -wal file already there), a
    /// read-only connection alone, through `untouchedReadPath`.
    static func readingConnection(path: String, busyTimeout: TimeInterval) throws -> ReadingConnection {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let manager = FileManager.default
        var anchor: DatabaseQueue?
        if !manager.fileExists(atPath: path + "-wal"), !manager.fileExists(atPath: path + "-shm"),
            manager.isWritableFile(atPath: folder), manager.isWritableFile(atPath: path) {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // The first read sets up the -wal and -shm files (the database is in WAL mode).
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            anchor = queue
        }
        let reader = try DatabaseQueue(
            path: anchor == nil ? untouchedReadPath(path) : path,
            configuration: readConfiguration(busyTimeout: busyTimeout))
        return ReadingConnection(reader: reader, anchor: anchor)
    }
}
