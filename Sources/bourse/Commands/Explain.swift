import ArgumentParser
import BourseCore
import BourseReports
import BourseService
import Foundation

/// `bourse explain`: why a stored round ranked a premises where it did for a need, or refused it.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explique un tour d'appariement : les locaux d'un besoin, ou pourquoi tel local lui a été proposé, classé ou refusé.",
        discussion: "L'explication est lue dans le tour enregistré (le dernier, ou --round N°) : ses paramètres, ses classements, ses propositions et les besoins et locaux tels qu'il les a vus ; elle ne change pas quand le besoin ou le local changent ensuite. Exemples : bourse explain --need B012 ; bourse explain --need B012 --premises 34 --round 3")

    @Option(name: .long, help: ArgumentHelp("Référence du besoin.", valueName: "RÉFÉRENCE"))
    var need: String

    @Option(name: .long, help: ArgumentHelp("Numéro du local.", valueName: "N°"))
    var premises: Int64?

    @Option(name: .long, help: ArgumentHelp("Numéro du tour (par défaut le dernier).", valueName: "N°"))
    var round: Int64?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let exchange = try database.exchange(.read)
        let explanation = try exchange.explain(round: round, need: need, premises: premises)
        let parameters = explanation.parameters
        print("Besoin \(need) — \(explanation.structureName) (\(explanation.structureReference)), statut \(explanation.needStatusNow.label)")
        print("Selon les paramètres du tour n° \(explanation.roundID) (stratégie \(parameters.strategy.rawValue), graine \(parameters.seed), tolérance \(FrenchNumber.format(parameters.surfaceTolerance * 100)) %) du \(explanation.roundDate.french), et les besoins et locaux tels qu'il les a vus.")
        if !explanation.fromStoredInputs {
            print("Tour enregistré avant la conservation de ses données : les critères sont recalculés sur le besoin et le local d'aujourd'hui (classements et propositions sont ceux du tour).")
        }
        print()
        guard explanation.needInRound else {
            print("Ce besoin n'était pas actif lors de ce tour : il n'y a pas participé.")
            return
        }
        guard let pair = explanation.pair else {
            print("\(explanation.candidates.count) local(aux) lui convien(nen)t, du meilleur score au moins bon :")
            for (rank, entry) in explanation.candidates.prefix(20).enumerated() {
                let mark = entry.premises == explanation.proposal?.premises ? "  ← proposé" : ""
                print("  \(rank + 1). local \(entry.premises) — score \(FrenchNumber.format(entry.score, decimals: 1))\(mark)")
            }
            if explanation.proposal == nil, let reason = explanation.unmatchedReason {
                print("\nSans proposition : \(reason)")
            }
            return
        }
        print("Local \(pair.premisesID) — \(pair.communeName), \(pair.reference), \(FrenchNumber.squareMetres(pair.surface)), \(pair.type.label), statut \(pair.statusNow.label)")
        guard pair.inRound else {
            print("\nCe local n'était pas disponible lors de ce tour : il n'y a pas participé.")
            return
        }
        if !pair.failures.isEmpty {
            print("\nCe local ne lui est pas proposé : il ne remplit pas \(pair.failures.count) condition(s) :")
            for failure in pair.failures { print("  – \(failure)") }
            return
        }
        if let score = pair.score {
            print("\nÉligible. Score \(FrenchNumber.format(score.total, decimals: 1)) sur 100 :")
            for criterion in score.criteria {
                print("  \(criterion.name) : \(FrenchNumber.format(criterion.points, decimals: 1)) pt sur \(FrenchNumber.format(criterion.weight * 100 / max(parameters.weights.total, 1e-9), decimals: 1)) — \(criterion.detail)")
            }
        }
        if let rank = pair.needRank { print("Il est son choix n° \(rank.position) sur \(rank.of).") }
        if let rank = pair.premisesRank {
            print("Pour ce local, la structure est n° \(rank.position) sur \(rank.of) selon la politique de priorité (lauréats, ETP, ancienneté de la demande, score, tirage au sort).")
        }
        switch pair.outcome {
        case .proposed:
            print("\nRésultat : ce local lui est proposé.")
        case let .takenBy(winner, position):
            print("\nRésultat : ce local est allé au besoin \(winner), que le local classe plus haut\(position.map { " (n° \($0))" } ?? "").")
            if let proposal = explanation.proposal {
                print("Ce besoin a reçu le local \(proposal.premises), qu'il classait plus haut ou qui restait libre pour lui.")
            }
        case .needGotOther(let other):
            print("\nRésultat : ce besoin a reçu le local \(other), qu'il classe avant celui-ci.")
        case .nothing:
            print("\nRésultat : aucune proposition pour ce besoin.")
        case .notInRound:
            print("\nCe local ou ce besoin n'a pas participé à ce tour.")
        }
    }
}
