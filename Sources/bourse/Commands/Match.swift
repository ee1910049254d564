import ArgumentParser
import BourseCore
import BourseReports
import BourseService
import Foundation

extension MatchingParameters.Strategy: ExpressibleByArgument {}

/// `bourse match`: runs a matching round.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lance un tour d'appariement entre les besoins actifs et les locaux disponibles.",
        discussion: """
            Stratégie stable (par défaut) : acceptation différée proposée par les structures ; chaque structure classe les locaux qui lui conviennent par score, chaque local classe les structures selon la politique de priorité (lauréats de l'appel à projets les plus récents, puis plus d'ETP, puis demande la plus ancienne, puis meilleur score, puis tirage au sort avec la graine). Le résultat est stable : aucune structure et aucun local ne préféreraient s'associer entre eux. Stratégie optimal : score total maximal. Le même jeu de données et la même graine donnent toujours le même résultat ; le tour est enregistré avec ses paramètres, sa graine et l'empreinte de ses données (sauf --dry-run).
            """)

    @Option(name: .long, help: "Stratégie : stable ou optimal.")
    var strategy: MatchingParameters.Strategy = .stable

    @Option(name: .long, help: "Graine du tirage au sort qui départage les égalités.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Tolérance sur les surfaces, en % (10 par défaut).", valueName: "PCT"))
    var tolerance: Double = 10

    @Option(name: .long, help: ArgumentHelp("Date du tour (par défaut aujourd'hui).", valueName: "DATE"))
    var date: String?

    @Flag(name: .long, help: "Calcule et affiche sans enregistrer le tour.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...100).contains(tolerance) else { throw ValidationError("--tolerance doit être entre 0 et 100 (%)") }
        if let date, (try? parseDate(date)) == nil { throw ValidationError("date « \(date) » invalide pour --date") }
    }

    func run() throws {
        let exchange = try database.exchange(dryRun ? .read : .write)
        let day = try date.map(parseDate) ?? today()
        let parameters = MatchingParameters(strategy: strategy, surfaceTolerance: tolerance / 100, seed: seed, date: day)
        let outcome = try exchange.runRound(RoundRequest(parameters: parameters, dryRun: dryRun))
        let title = outcome.id.map { "Tour d'appariement n° \($0)" } ?? "Tour d'appariement (simulation, non enregistré)"
        print("\(title) du \(day.french) — stratégie \(strategy.rawValue), graine \(seed), tolérance \(FrenchNumber.format(tolerance)) %")
        print("  \(outcome.needCount) besoin(s) actif(s), \(outcome.premisesCount) local(aux) disponible(s), \(outcome.lines.count) proposition(s), score total \(FrenchNumber.format(outcome.totalScore, decimals: 1))")
        print("  empreinte des données : \(outcome.fingerprint.prefix(16))…\n")
        let table = TextTable(
            columns: [.init("Besoin"), .init("Structure"), .init("Local", .right), .init("Commune"), .init("Référence"), .init("Surface", .right), .init("Score", .right), .init("Choix n°", .right)],
            rows: outcome.lines.map { line in
                [line.need, line.structureName, line.premisesID, line.communeName, line.premisesReference,
                 line.surface.map { FrenchNumber.squareMetres($0) } ?? "", FrenchNumber.format(line.score, decimals: 1), String(line.needRank)]
            })
        print(table.renderText(maxWidth: 36), terminator: "")
        if !outcome.unmatched.isEmpty {
            print("\nSans proposition (\(outcome.unmatched.count)) :")
            for entry in outcome.unmatched { print("  \(entry.need)  \(entry.reason)") }
        }
        if let roundID = outcome.id, !outcome.lines.isEmpty {
            print("\nPour comprendre un cas : bourse explain --need RÉFÉRENCE [--premises N°] [--round \(roundID)]")
            print("Pour confirmer les propositions : bourse place --round \(roundID) --accept")
        }
    }
}
