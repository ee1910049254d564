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

    /// Opens the database (creating and migrating it if needed).
    func open() throws -> BourseDatabase {
        try BourseDatabase.open(path: path)
    }

    /// Opens an existing database; a missing file is the sign that `bourse init` was not run.
    func openExisting() throws -> BourseDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.notInitialised
        }
        return try open()
    }
}
