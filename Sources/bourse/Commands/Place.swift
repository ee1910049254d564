import ArgumentParser
import BourseCore
import BourseService

/// `bourse place`: records placements.
struct Place: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enregistre une implantation : le local devient attribué, le besoin satisfait.",
        discussion: """
            Une implantation : bourse place --need B012 --premises 34 [--date 2026-12-01] [--rent 450]. Toutes les propositions d'un tour : bourse place --round 3 --accept (tout ou rien). Seul un local disponible (ou réservé) et un besoin actif peuvent être associés.
            """)

    @Option(name: .long, help: ArgumentHelp("Référence du besoin.", valueName: "RÉFÉRENCE"))
    var need: String?

    @Option(name: .long, help: ArgumentHelp("Numéro du local.", valueName: "N°"))
    var premises: Int64?

    @Option(name: .long, help: ArgumentHelp("Numéro du tour dont confirmer les propositions (avec --accept).", valueName: "N°"))
    var round: Int64?

    @Flag(name: .long, help: "Confirme toutes les propositions du tour.")
    var accept = false

    @Option(name: .long, help: ArgumentHelp("Date de l'implantation (par défaut aujourd'hui).", valueName: "DATE"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("Loyer mensuel HC pratiqué (par défaut celui du local).", valueName: "EUROS"))
    var rent: Double?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        let single = need != nil || premises != nil
        if round != nil || accept {
            guard round != nil, accept, !single else { throw ValidationError("utilisez soit --need et --premises, soit --round N° --accept") }
        } else {
            guard need != nil, premises != nil else { throw ValidationError("--need et --premises sont tous deux nécessaires (ou --round N° --accept)") }
        }
        if let rent, rent < 0 { throw ValidationError("--rent doit être positif ou nul") }
        if let date, (try? parseDate(date)) == nil { throw ValidationError("date « \(date) » invalide pour --date") }
    }

    func run() throws {
        let exchange = try database.exchange(.write)
        let day = try date.map(parseDate) ?? today()
        if let round {
            let count = try exchange.acceptRound(round, date: day)
            print("Tour n° \(round) : \(count) implantation(s) enregistrée(s) le \(day.french).")
            return
        }
        guard let need, let premises else { return }
        try exchange.place(need: need, premises: premises, date: day, rent: rent)
        print("Implantation enregistrée le \(day.french) : besoin \(need) dans le local \(premises) (local attribué, besoin satisfait).")
    }
}
