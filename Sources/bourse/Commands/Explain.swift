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
        for line in explanation.frenchLines() { print(line) }
    }
}
