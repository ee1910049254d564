import ArgumentParser
import BourseCore
import BourseReports
import BourseStore
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
        let db = try dryRun ? database.openForReading() : database.openExisting()
        let day = try date.map(parseDate) ?? today()
        let parameters = MatchingParameters(strategy: strategy, surfaceTolerance: tolerance / 100, seed: seed, date: day)
        let input = try db.roundInput()
        // The fingerprint of the inputs on the other core while the round runs.
        let hashing = BackgroundValue { BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: parameters) }
        let result = MatchingRound.run(needs: input.needs, premises: input.premises, parameters: parameters)
        let hash = hashing.value()
        var title = "Tour d'appariement"
        var roundID: Int64?
        if dryRun {
            title += " (simulation, non enregistré)"
        } else {
            let id = try db.saveRound(result, parameters: parameters, inputHash: hash, needCount: input.needs.count, premisesCount: input.premises.count,
                                      premisesIDs: input.premisesIDs, needIDs: input.needIDs)
            title += " n° \(id)"
            roundID = id
        }
        print("\(title) du \(day.french) — stratégie \(strategy.rawValue), graine \(seed), tolérance \(FrenchNumber.format(tolerance)) %")
        let total = result.proposals.reduce(0) { $0 + $1.score }
        print("  \(input.needs.count) besoin(s) actif(s), \(input.premises.count) local(aux) disponible(s), \(result.proposals.count) proposition(s), score total \(FrenchNumber.format(total, decimals: 1))")
        print("  empreinte des données : \(hash.prefix(16))…\n")
        // The round's own inputs name what the table shows (no second read of the premises).
        let communeNames = Dictionary(uniqueKeysWithValues: try db.territory().communes.map { ($0.inseeCode, $0.name) })
        let premisesByID = Dictionary(input.premises.map { ($0.id, $0.premises) }, uniquingKeysWith: { first, _ in first })
        let needs = Dictionary(input.needs.map { ($0.need.reference, $0) }, uniquingKeysWith: { first, _ in first })
        let table = TextTable(
            columns: [.init("Besoin"), .init("Structure"), .init("Local", .right), .init("Commune"), .init("Référence"), .init("Surface", .right), .init("Score", .right), .init("Choix n°", .right)],
            rows: result.proposals.map { p in
                let premises = premisesByID[p.premises]
                return [p.need, needs[p.need]?.structure.name ?? "", p.premises, premises.map { communeNames[$0.communeInsee] ?? $0.communeInsee } ?? "",
                        premises?.reference ?? "", premises.map { FrenchNumber.squareMetres($0.surface) } ?? "", FrenchNumber.format(p.score, decimals: 1), String(p.needRank)]
            })
        print(table.renderText(maxWidth: 36), terminator: "")
        if !result.unmatched.isEmpty {
            print("\nSans proposition (\(result.unmatched.count)) :")
            for entry in result.unmatched { print("  \(entry.need)  \(entry.reason)") }
        }
        if let roundID, !result.proposals.isEmpty {
            print("\nPour comprendre un cas : bourse explain --need RÉFÉRENCE [--premises N°]")
            print("Pour confirmer les propositions : bourse place --round \(roundID) --accept")
        }
    }
}
