import ArgumentParser
import BourseCore
import BourseReports
import BourseStore
import Foundation

/// `bourse explain`: why a premises ranks where it does for a need, or why it is excluded.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explique un appariement : les locaux d'un besoin, ou pourquoi tel local lui est proposé, classé ou refusé.",
        discussion: "Les explications reprennent les paramètres du dernier tour enregistré (sinon les valeurs par défaut). Exemples : bourse explain --need B012 ; bourse explain --need B012 --premises 34")

    @Option(name: .long, help: ArgumentHelp("Référence du besoin.", valueName: "RÉFÉRENCE"))
    var need: String

    @Option(name: .long, help: ArgumentHelp("Numéro du local.", valueName: "N°"))
    var premises: Int64?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try database.openForReading()
        let (needListing, _) = try db.need(need)
        let structure = try db.structure(needListing.structureReference).0.structure
        var parameters = MatchingParameters(date: today())
        var roundLabel = "paramètres par défaut (aucun tour enregistré)"
        if let latest = try db.rounds().first, let stored = try? JSONDecoder().decode(MatchingParameters.self, from: Data(latest.parameters.utf8)) {
            parameters = stored
            roundLabel = "paramètres du tour n° \(latest.id ?? 0) (stratégie \(stored.strategy.rawValue), graine \(stored.seed), tolérance \(FrenchNumber.format(stored.surfaceTolerance * 100)) %)"
        }
        let input = try db.roundInput()
        let result = MatchingRound.run(needs: input.needs, premises: input.premises, parameters: parameters)
        let proposal = result.proposals.first { $0.need == need }
        print("Besoin \(need) — \(structure.name) (\(needListing.structureReference)), statut \(needListing.need.status.label)")
        print("Selon les \(roundLabel).\n")

        guard let premisesID = premises else {
            let list = result.preferences.preferences(ofNeed: need) ?? []
            print("\(list.count) local(aux) lui convien(nen)t, du meilleur score au moins bon :")
            for (rank, entry) in list.prefix(20).enumerated() {
                let mark = entry.premises == proposal?.premises ? "  ← proposé" : ""
                print("  \(rank + 1). local \(entry.premises) — score \(FrenchNumber.format(entry.score, decimals: 1))\(mark)")
            }
            if proposal == nil, let reason = result.unmatched.first(where: { $0.need == need })?.reason {
                print("\nSans proposition : \(reason)")
            }
            return
        }

        let (premisesListing, _) = try db.premises(id: premisesID)
        let local = premisesListing.premises
        print("Local \(premisesID) — \(premisesListing.communeName), \(local.reference), \(FrenchNumber.squareMetres(local.surface)), \(local.type.label), \(local.status.label)")
        let failures = Eligibility.check(needListing.need, local, status: local.status, parameters: parameters)
        if !failures.isEmpty {
            print("\nCe local ne lui est pas proposé : il ne remplit pas \(failures.count) condition(s) :")
            for failure in failures { print("  – \(failure)") }
            return
        }
        let score = Score.of(needListing.need, local, weights: parameters.weights)
        print("\nÉligible. Score \(FrenchNumber.format(score.total, decimals: 1)) sur 100 :")
        for criterion in score.criteria {
            print("  \(criterion.name) : \(FrenchNumber.format(criterion.points, decimals: 1)) pt sur \(FrenchNumber.format(criterion.weight * 100 / max(parameters.weights.total, 1e-9), decimals: 1)) — \(criterion.detail)")
        }
        let list = result.preferences.preferences(ofNeed: need) ?? []
        if let rank = list.firstIndex(where: { $0.premises == String(premisesID) }) {
            print("Il est son choix n° \(rank + 1) sur \(list.count).")
        }
        let candidates = result.preferences.candidates(ofPremises: String(premisesID)) ?? []
        if let position = candidates.firstIndex(where: { $0.need == need }) {
            print("Pour ce local, la structure est n° \(position + 1) sur \(candidates.count) selon la politique de priorité (lauréats, ETP, ancienneté de la demande, score, tirage au sort).")
        }
        if proposal?.premises == String(premisesID) {
            print("\nRésultat : ce local lui est proposé.")
        } else if let winner = result.proposals.first(where: { $0.premises == String(premisesID) }) {
            let better = candidates.firstIndex(where: { $0.need == winner.need }).map { $0 + 1 }
            print("\nRésultat : ce local est allé au besoin \(winner.need), que le local classe plus haut\(better.map { " (n° \($0))" } ?? "").")
            if let proposal { print("Ce besoin a reçu le local \(proposal.premises), qu'il classait plus haut ou qui restait libre pour lui.") }
        } else if let proposal {
            print("\nRésultat : ce besoin a reçu le local \(proposal.premises), qu'il classe avant celui-ci.")
        } else {
            print("\nRésultat : aucune proposition pour ce besoin.")
        }
    }
}
