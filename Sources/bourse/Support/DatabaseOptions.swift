import ArgumentParser
import BourseService
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

    /// Opens the bourse at `path` through the application layer.
    /// - Parameter access: `.create` for `init`, `.write` for the commands that change the bourse,
    ///   `.read` for those that only read (nothing written, migrated or left beside the file).
    func exchange(_ access: Exchange.Access) throws -> Exchange {
        try Exchange.open(path: path, access: access)
    }
}
