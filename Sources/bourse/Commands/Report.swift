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
        abstract: "Rapports : évolution des m² et des implantations, indicateurs du plan.",
        subcommands: [EvolutionCommand.self, IndicatorsCommand.self])

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

extension Report {
    struct IndicatorsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "indicators",
            abstract: "Indicateurs du plan pour une année : m² disponibles, implantations, nature et diversité des structures, montant de la bourse, présence des bailleurs.")

        @Option(name: .long, help: "Année (par défaut l'année en cours).")
        var year: Int?

        @Option(name: .long, help: "Format de sortie : text ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let year, !(2000...2100).contains(year) { throw ValidationError("année \(year) invalide") }
        }

        func run() throws {
            let db = try database.openExisting()
            let now = today()
            let names = Dictionary(uniqueKeysWithValues: try db.territory().communes.map { ($0.inseeCode, $0.name) })
            let indicators = Indicators.compute(
                year: year ?? now.year, histories: try db.premisesHistories(), placements: try db.placementFacts(),
                inventories: try db.inventoryFacts(), communeNames: names, today: now)
            switch format {
            case .text, .csv:
                print(indicators.text(), terminator: "")
            case .json:
                let pairs: ([(String, Int)]) -> JSONValue = { .object(Dictionary(uniqueKeysWithValues: $0.map { ($0.0, JSONValue.number(Double($0.1))) })) }
                try printJSON(.object([
                    "annee": .number(Double(indicators.year)), "debut": .string(indicators.start.iso), "fin": .string(indicators.end.iso),
                    "m2_disponibles_debut": .number(indicators.availableAtStart), "m2_disponibles_fin": .number(indicators.availableAtEnd),
                    "locaux_offerts": .number(Double(indicators.premisesOffered)), "m2_offerts": .number(indicators.surfaceOffered),
                    "implantations": .number(Double(indicators.placements)), "m2_implantes": .number(indicators.placedSurface),
                    "implantations_par_commune": .object(Dictionary(uniqueKeysWithValues: indicators.placementsByCommune.map {
                        ($0.commune, JSONValue.object(["implantations": .number(Double($0.count)), "m2": .number($0.surface)]))
                    })),
                    "formes_juridiques": pairs(indicators.byLegalForm.map { ($0.label, $0.count) }),
                    "secteurs": pairs(indicators.bySector.map { ($0.label, $0.count) }),
                    "diversite_formes_juridiques": .number(indicators.legalFormDiversity),
                    "diversite_secteurs": .number(indicators.sectorDiversity),
                    "loyers_annuels_offerts": .number(indicators.annualRentsOffered),
                    "loyers_annuels_implantes": .number(indicators.annualRentsPlaced),
                    "remise_solidaire_annuelle": .number(indicators.annualDiscount),
                    "bailleurs_ayant_envoye_un_inventaire": .number(Double(indicators.landlordsWithInventory)),
                    "locaux_offerts_par_des_bailleurs": .number(Double(indicators.landlordPremisesOffered)),
                ]))
            }
        }
    }
}
