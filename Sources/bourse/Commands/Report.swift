import ArgumentParser
import BourseCore
import BourseReports
import BourseStore

extension ReportPeriod: ExpressibleByArgument {
    public init?(argument: String) {
        switch TextFolding.fold(argument) {
        case "month", "mois": self = .month
        case "quarter", "trimestre": self = .quarter
        case "year", "annee", "an": self = .year
        default: return nil
        }
    }
}

/// `bourse report`: the plan's reports.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rapports : évolution des m² et des implantations.",
        subcommands: [EvolutionCommand.self])

    struct EvolutionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evolution",
            abstract: "Évolution par période : m² disponibles en fin de période, offerts, retirés, implantations, bailleurs et communes ayant envoyé un inventaire.",
            discussion: "Calculée à partir des inventaires datés et de l'historique de chaque local : les chiffres d'une période passée ne changent pas quand un inventaire plus récent arrive. Un local attribué quitte le stock à la date de son implantation.")

        @Option(name: .long, help: "Période : month, quarter ou year (mois, trimestre, année).")
        var by: ReportPeriod = .month

        @Option(name: .long, help: ArgumentHelp("Première période (date incluse).", valueName: "DATE"))
        var from: String?

        @Option(name: .long, help: ArgumentHelp("Dernière période (date incluse, par défaut aujourd'hui).", valueName: "DATE"))
        var to: String?

        @Option(name: .long, help: ArgumentHelp("Seulement les locaux de cette commune.", valueName: "COMMUNE"))
        var commune: String?

        @Option(name: .long, help: "Seulement les locaux des communes ou des bailleurs (commune, bailleur, autre).")
        var sourceKind: SourceKind?

        @Option(name: .long, help: "Seulement ce type de local.")
        var type: PremisesType?

        @Option(name: .long, help: "Format de sortie : text, csv ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, (try? parseDate(value)) == nil { throw ValidationError("date « \(value) » invalide pour \(name)") }
            }
        }

        func run() throws {
            let db = try database.openExisting()
            var filter = EvolutionFilter(sourceKind: sourceKind, type: type)
            if let commune {
                guard let found = try db.territory().resolve(commune) else { throw StoreError.unknownCommune(commune) }
                filter.communeInsee = found.inseeCode
            }
            let histories = try db.premisesHistories()
            let first = histories.map(\.offeredOn).min() ?? today()
            let start = try from.map(parseDate) ?? first
            let end = try to.map(parseDate) ?? today()
            let rows = Evolution.compute(
                histories: histories, placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
                period: by, from: start, to: end, filter: filter)
            switch format {
            case .text:
                print(Evolution.table(rows, csv: false).renderText(), terminator: "")
            case .csv:
                print(Evolution.table(rows, csv: true).renderCSV(), terminator: "")
            case .json:
                try printJSON(rows.map { row in
                    [
                        "periode": .string(row.label), "debut": .string(row.start.iso), "fin": .string(row.end.iso),
                        "m2_disponibles": .number(row.availableSurface), "locaux_disponibles": .number(Double(row.availableCount)),
                        "m2_offerts": .number(row.offeredSurface), "locaux_offerts": .number(Double(row.offeredCount)),
                        "m2_retires": .number(row.withdrawnSurface), "locaux_retires": .number(Double(row.withdrawnCount)),
                        "implantations": .number(Double(row.placements)), "m2_implantes": .number(row.placedSurface),
                        "bailleurs": .number(Double(row.landlords)), "communes": .number(Double(row.communes)),
                    ]
                })
            }
        }
    }
}
