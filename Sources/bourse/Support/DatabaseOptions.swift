import ArgumentParser
import BourseStore
import Foundation

/// The `--db` option every command that touches the bourse shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Fichier de la base SQLite (par défaut : $BOURSE_DB, sinon bourse.sqlite dans le dossier courant).",
        valueName: "FICHIER"))
    var db: String?

    /// The path in use.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["BOURSE_DB"], !env.isEmpty { return env }
        return "bourse.sqlite"
    }

    /// Opens the database, creating it when the file is missing or empty (`bourse init`).
    func open() throws -> BourseDatabase {
        try BourseDatabase.open(path: path, access: .create)
    }

    /// Opens an existing database to write in it (migrated first); a missing file is the sign
    /// that `bourse init` was not run.
    func openExisting() throws -> BourseDatabase {
        try BourseDatabase.open(path: path, access: .write)
    }

    /// Opens an existing database for a command that only reads: nothing is written, migrated
    /// or left beside the file, so that it works on a read-only file or folder.
    func openForReading() throws -> BourseDatabase {
        try BourseDatabase.open(path: path, access: .read)
    }
}
