import ArgumentParser
import BourseCore
import BourseImport
import BourseReports
import BourseStore
import BourseService
import Foundation

/// `bourse rounds`: the stored rounds.
struct Rounds: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Liste les tours d'appariement enregistrés.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let rounds = try database.exchange(.read).rounds()
        let table = TextTable(
            columns: [.init("N°", .right), .init("Date"), .init("Stratégie"), .init("Graine", .right), .init("Besoins", .right), .init("Locaux", .right), .init("Propositions", .right), .init("Score total", .right), .init("Empreinte")],
            rows: rounds.map { r in
                [String(r.id ?? 0), CivilDate(iso: r.date)?.french ?? r.date, r.strategy, String(UInt64(bitPattern: r.seed)), String(r.needs), String(r.premises),
                 String(r.proposals), FrenchNumber.format(r.totalScore, decimals: 1), String(r.inputHash.prefix(16))]
            })
        print(table.renderText(), terminator: "")
    }
}

/// `bourse round show|export`: one round.
struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Montre un tour d'appariement ou exporte son profil de préférences.",
        subcommands: [Show.self, Export.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Montre les propositions d'un tour et les besoins restés sans proposition.")

        @Argument(help: ArgumentHelp("Numéro du tour.", valueName: "N°"))
        var id: Int64

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let details = try database.exchange(.read).round(id)
            let round = details.record, proposals = details.proposals
            print("Tour n° \(id) du \(CivilDate(iso: round.date)?.french ?? round.date) — stratégie \(round.strategy), graine \(UInt64(bitPattern: round.seed))")
            print("  paramètres : \(round.parameters)")
            print("  empreinte des données : \(round.inputHash)\n")
            let table = TextTable(
                columns: [.init("Besoin"), .init("Structure"), .init("Local", .right), .init("Commune"), .init("Référence"), .init("Surface", .right), .init("Score", .right), .init("Choix n°", .right)],
                rows: proposals.map { p in
                    [p.needReference, p.structureName, String(p.premisesID), p.communeName, p.premisesReference, FrenchNumber.squareMetres(p.surface),
                     FrenchNumber.format(p.score, decimals: 1), String(p.needRank)]
                })
            print(table.renderText(maxWidth: 36), terminator: "")
            if !details.unmatched.isEmpty {
                print("\nSans proposition (\(details.unmatched.count)) :")
                for (need, reason) in details.unmatched { print("  \(need)  \(reason)") }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Écrit le profil de préférences d'un tour (JSON), que bourse solve ou tout autre solveur peut résoudre.",
            discussion: "Tour stable : profil hôpitaux/résidents (structures = résidents, locaux = hôpitaux de capacité 1). Tour optimal : profil d'affectation (scores, null = paire interdite).")

        @Argument(help: ArgumentHelp("Numéro du tour.", valueName: "N°"))
        var id: Int64

        @Option(name: .long, help: ArgumentHelp("Fichier JSON à écrire.", valueName: "FICHIER"))
        var profile: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try OutputFile.check(profile, database: database.path, inputs: [], isOurs: OutputKind.solverProfile.recognises)
            let bytes = try database.exchange(.read).roundProfile(id)
            try writeOutputFile(bytes, to: profile, kind: .solverProfile, database: database.path)
            print("Profil du tour n° \(id) écrit dans \(profile) ; vérifiez-le avec : bourse solve \(profile)")
        }
    }
}
