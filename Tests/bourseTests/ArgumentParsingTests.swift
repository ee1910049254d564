import ArgumentParser
import BourseCore
import Foundation
import Testing
@testable import bourse

@Suite("Analyse des arguments (sans exécution)")
struct ArgumentParsingTests {
    @Test func importArguments() throws {
        let command = try Bourse.parseAsRoot([
            "import", "a.csv", "--source", "drancy", "--date", "31/03/2026", "--dry-run", "--strict", "--allow-older",
            "--db", "x.sqlite", "--rejects", "r.csv",
        ])
        let parsed = try #require(command as? Import)
        #expect(parsed.files == ["a.csv"])
        #expect(parsed.source == "drancy")
        #expect(parsed.date == "31/03/2026")
        #expect(parsed.dryRun && parsed.strict && parsed.allowOlder)
        #expect(parsed.rejects == "r.csv")
        #expect(parsed.database.path == "x.sqlite")
    }

    @Test func importDefaults() throws {
        let parsed = try #require(try Bourse.parseAsRoot(["import", "a.csv", "b.csv", "--source", "sevran"]) as? Import)
        #expect(parsed.files == ["a.csv", "b.csv"])
        #expect(!parsed.dryRun && !parsed.strict && !parsed.allowOlder)
        #expect(parsed.date == nil && parsed.rejects == nil && parsed.mapping == nil)
    }

    @Test(arguments: [
        ["import", "--source", "drancy"],
        ["import", "a.csv"],
        ["import", "a.csv", "--source", "drancy", "--bogus"],
        ["import", "a.csv", "b.csv", "--source", "drancy", "--rejects", "r.csv"],
        ["import", "a.csv", "b.csv", "--source", "drancy", "--date", "2026-03-31"],
        ["premises", "--status", "foo"],
        ["premises", "--type", "château"],
        ["premises", "--format", "xml"],
        ["premises", "show"],
        ["premises", "set-status", "12"],
        ["premises", "set-status", "douze", "réservé"],
    ])
    func badArgumentsAreUsageErrors(arguments: [String]) {
        do {
            let command = try Bourse.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed as \(command)")
        } catch {
            #expect(Bourse.exitCode(for: error) == .validationFailure, "\(arguments): \(error)")
        }
    }

    @Test func premisesListIsTheDefaultSubcommandAndStatusesAreReadInFrench() throws {
        let list = try #require(try Bourse.parseAsRoot(["premises", "--status", "réservé", "--commune", "LE BOURGET"]) as? PremisesCommand.List)
        #expect(list.status == .reserved)
        #expect(list.commune == "LE BOURGET")
        #expect(list.format == .text)

        for (text, status) in [("disponible", PremisesStatus.available), ("reserve", .reserved), ("Retiré", .withdrawn), ("attribué", .placed)] {
            let parsed = try #require(try Bourse.parseAsRoot(["premises", "list", "--status", text]) as? PremisesCommand.List)
            #expect(parsed.status == status, "\(text)")
        }

        let json = try #require(try Bourse.parseAsRoot(["premises", "--format", "json", "--type", "atelier"]) as? PremisesCommand.List)
        #expect(json.format == .json)
        #expect(json.type == .workshop)
    }

    @Test func setStatusAndShowArguments() throws {
        let set = try #require(try Bourse.parseAsRoot(["premises", "set-status", "12", "réservé", "--reason", "visite", "--date", "2026-04-10"]) as? PremisesCommand.SetStatus)
        #expect(set.id == 12)
        #expect(set.status == .reserved)
        #expect(set.reason == "visite")
        #expect(set.date == "2026-04-10")

        let show = try #require(try Bourse.parseAsRoot(["premises", "show", "7", "--format", "json"]) as? PremisesCommand.Show)
        #expect(show.id == 7)
        #expect(show.format == .json)
    }

    @Test func otherCommands() throws {
        #expect(try Bourse.parseAsRoot(["init"]) is Init)
        #expect(try Bourse.parseAsRoot(["sources"]) is SourcesCommand.List)
        #expect(try Bourse.parseAsRoot(["inventories", "--source", "drancy"]) is Inventories)
        let demo = try #require(try Bourse.parseAsRoot(["demo", "--output", "d"]) as? Demo)
        #expect(demo.output == "d")
        let add = try #require(try Bourse.parseAsRoot(["sources", "add", "ssd-habitat", "--name", "Seine-Saint-Denis Habitat"]) as? SourcesCommand.Add)
        #expect(add.kind == .landlord)
        #expect(throws: (any Error).self) { try Bourse.parseAsRoot(["sources", "add", "Pas Valide", "--name", "x"]) }
    }

    /// Parses and runs a command, returning what it threw (the help command throws `CleanExit`).
    private static func parseAndRun(_ arguments: [String]) -> (any Error)? {
        do {
            var command = try Bourse.parseAsRoot(arguments)
            try command.run()
            return nil
        } catch {
            return error
        }
    }

    @Test func helpIsACleanExit() throws {
        let error = try #require(Self.parseAndRun(["--help"]), "--help ran as a command")
        #expect(Bourse.exitCode(for: error) == .success)
        let message = FrenchUsage.translate(Bourse.fullMessage(for: error))
        #expect(message.contains("UTILISATION :"))
        #expect(message.contains("import"))
    }

    @Test(arguments: [["--help"], ["sources", "--help"], ["structures", "--help"], ["premises", "--help"], ["needs", "--help"], ["report", "--help"], ["round", "--help"], ["help", "sources"]])
    func helpOfCommandsWithSubcommandsIsAllFrench(arguments: [String]) throws {
        let error = try #require(Self.parseAndRun(arguments), "\(arguments) ran as a command")
        let message = FrenchUsage.translate(Bourse.fullMessage(for: error))
        for english in ["See '", "for detailed help", "for more information", "(default)", "<subcommand>"] {
            #expect(!message.contains(english), "« \(english) » left in \(arguments)")
        }
        #expect(message.contains("SOUS-COMMANDES :"))
        // Descriptions stay in one column: the first line of every subcommand starts at the same place.
        let subcommands = message.components(separatedBy: "SOUS-COMMANDES :").dropFirst().joined()
            .split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && $0.contains("   ") }
        let columns = Set(subcommands.compactMap { line -> Int? in
            guard let range = line.range(of: "   ") else { return nil }
            let after = line[range.upperBound...].drop { $0 == " " }
            return line.distance(from: line.startIndex, to: after.startIndex)
        })
        #expect(columns.count <= 1, "columns \(columns) in \(arguments)")
    }

    @Test func datesAreReadInBothForms() throws {
        #expect(try parseDate("2026-03-31") == CivilDate(year: 2026, month: 3, day: 31))
        #expect(try parseDate("31/03/2026") == CivilDate(year: 2026, month: 3, day: 31))
        #expect(throws: (any Error).self) { try parseDate("31/02/2026") }
        #expect(throws: (any Error).self) { try parseDate("demain") }
    }

    @Test func defaultDatabasePath() throws {
        let parsed = try #require(try Bourse.parseAsRoot(["init"]) as? Init)
        if ProcessInfo.processInfo.environment["BOURSE_DB"] == nil {
            #expect(parsed.database.path == "bourse.sqlite")
        }
        let explicit = try #require(try Bourse.parseAsRoot(["init", "--db", "/tmp/x.sqlite"]) as? Init)
        #expect(explicit.database.path == "/tmp/x.sqlite")
    }
}
