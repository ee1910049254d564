import BourseStore
import Foundation
import GRDB
import Testing

@testable import bourse

/// `--db` on files that are not the bourse's databases, or that only a read may touch.
@Suite("bourse et les fichiers de base qui ne sont pas les siens")
struct DatabaseFileCommandTests {
    /// The bytes of a file and the side files SQLite could leave beside it.
    private func snapshot(_ folder: WorkFolder, _ name: String) throws -> (Data, [String]) {
        (try folder.contents(name), ["-wal", "-shm", "-journal"].filter { folder.exists(name + $0) })
    }

    /// A read command and a write command on `name`: both refused with a French message that
    /// contains `expected`, the file untouched.
    private func expectRefused(_ folder: WorkFolder, _ name: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try snapshot(folder, name)
        #expect(before.1.isEmpty, sourceLocation: sourceLocation)
        for arguments in [["sources", "--db", name], ["premises", "--db", name], ["sources", "add", "essai", "--name", "Essai", "--kind", "autre", "--db", name]] {
            let run = try folder.run(arguments)
            #expect(run.status == 1, "\(arguments): \(run)", sourceLocation: sourceLocation)
            #expect(run.stderr.hasPrefix("erreur : "), "\(run)", sourceLocation: sourceLocation)
            #expect(run.stderr.contains(expected), "\(arguments): \(run)", sourceLocation: sourceLocation)
            #expect(run.hasNoBacktrace, sourceLocation: sourceLocation)
            let after = try snapshot(folder, name)
            #expect(after.0 == before.0, "\(arguments) changed the file", sourceLocation: sourceLocation)
            #expect(after.1.isEmpty, "\(arguments) left \(after.1)", sourceLocation: sourceLocation)
        }
    }

    @Test func anotherApplicationsDatabaseIsRefusedUntouched() throws {
        let folder = try WorkFolder()
        let queue = try DatabaseQueue(path: folder.file("agenda.sqlite"))
        try queue.write { db in try db.execute(sql: "CREATE TABLE rendez_vous (jour TEXT); INSERT INTO rendez_vous VALUES ('2026-03-31')") }
        try queue.close()
        try expectRefused(folder, "agenda.sqlite", "« agenda.sqlite » est la base SQLite d'une autre application")
    }

    @Test func aTextFileNamedSqliteIsRefused() throws {
        let folder = try WorkFolder()
        try folder.write("bourse.sqlite", "Référence;Commune\nD-1;Drancy\n")
        try expectRefused(folder, "bourse.sqlite", "« bourse.sqlite » n'est pas une base de données SQLite")
    }

    @Test func anEmptyFileIsRefusedButInitMakesItADatabase() throws {
        let folder = try WorkFolder()
        try folder.write("vide.sqlite", "")
        for arguments in [["sources", "--db", "vide.sqlite"], ["sources", "add", "essai", "--name", "Essai", "--kind", "autre", "--db", "vide.sqlite"]] {
            let run = try folder.run(arguments)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("« vide.sqlite » est vide") && run.stderr.contains("bourse init --db vide.sqlite"), "\(run)")
            #expect(try folder.contents("vide.sqlite").isEmpty)
        }
        let initRun = try folder.bourse("init", "--db", "vide.sqlite")
        #expect(initRun.status == 0, "\(initRun)")
        #expect(try folder.bourse("sources", "--db", "vide.sqlite").status == 0)
    }

    @Test func aDatabaseOfANewerVersionIsRefusedUntouched() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        let queue = try DatabaseQueue(path: folder.file("bourse.sqlite"))
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v42-avenir')") }
        try queue.close()
        try expectRefused(folder, "bourse.sqlite", "version plus récente de bourse (étape(s) inconnue(s) de celle-ci : v42-avenir)")
    }

    @Test func readCommandsLeaveNothingBesideTheDatabase() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        let before = try snapshot(folder, "bourse.sqlite")
        #expect(before.1.isEmpty)
        let reads: [[String]] = [
            ["sources"], ["inventories"], ["premises"], ["premises", "show", "1"], ["structures", "list"], ["needs", "list"],
            ["rounds"], ["report", "indicators"], ["match", "--dry-run"],
        ]
        for arguments in reads {
            let run = try folder.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run)")
            let after = try snapshot(folder, "bourse.sqlite")
            #expect(after.0 == before.0, "\(arguments) changed the database")
            #expect(after.1.isEmpty, "\(arguments) left \(after.1)")
        }
    }

    @Test func theDefaultOfAnOptionWithValuesIsFrenchInTheHelp() throws {
        let folder = try WorkFolder()
        for arguments in [["match", "--help"], ["report", "evolution", "--help"], ["inventories", "--help"]] {
            let run = try folder.run(arguments)
            #expect(run.status == 0, "\(run)")
            #expect(!run.stdout.contains("default"), "\(arguments): \(run.stdout)")
            #expect(!run.stdout.contains("values:"), "\(arguments): \(run.stdout)")
        }
        let match = try folder.bourse("match", "--help")
        #expect(match.stdout.replacingOccurrences(of: "\n", with: " ").contains("par défaut : stable"), "\(match.stdout)")
        // The help's wrapping may break the line anywhere in "(values: a, b; default: a)".
        #expect(FrenchUsage.translate("(values: stable,\n      optimal; default: stable)") == "(valeurs : stable,\n      optimal ; par défaut : stable)")
        #expect(FrenchUsage.translate("(values: a, b;\n   default: a)") == "(valeurs : a, b ;\n   par défaut : a)")
        #expect(FrenchUsage.translate("(default:\n   1)") == "(par défaut :\n   1)")
    }
}
