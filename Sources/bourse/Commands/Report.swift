import ArgumentParser
import BourseCore
import BourseReports
import BourseStore
import Foundation

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
        abstract: "Rapports : évolution des m² et des implantations, indicateurs du plan, rapports aux bailleurs.",
        subcommands: [EvolutionCommand.self, IndicatorsCommand.self, LandlordCommand.self])

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

        @Option(name: .long, help: ArgumentHelp("Écrit aussi une page HTML imprimable (graphiques SVG, indicateurs de la dernière année).", valueName: "FICHIER"))
        var html: String?

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
            if let html {
                let names = Dictionary(uniqueKeysWithValues: try db.territory().communes.map { ($0.inseeCode, $0.name) })
                let indicators = Indicators.compute(
                    year: end.year, histories: histories, placements: try db.placementFacts(), inventories: try db.inventoryFacts(),
                    communeNames: names, today: min(end, today()))
                let page = try HTMLReport.render(title: "Bourse foncière ESS — évolution", generatedOn: today(), rows: rows, period: by, indicators: indicators)
                guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
                    throw CLIError.cannotWrite(path: html, reason: "création impossible")
                }
                Terminal.error("page HTML écrite : \(html)")
            }
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

extension Report {
    struct LandlordCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "landlord",
            abstract: "Rapport d'un tour pour chaque bailleur : ses locaux, la structure proposée, les candidates suivantes avec leur score et leur contact.",
            discussion: "Un fichier par bailleur dans le dossier --out (CSV pour Excel et JSON) ; le rapport d'un bailleur ne contient que ses propres locaux.")

        @Option(name: .long, help: ArgumentHelp("Numéro du tour.", valueName: "N°"))
        var round: Int64

        @Option(name: .long, help: ArgumentHelp("Seulement ce bailleur (identifiant de source).", valueName: "ID"))
        var landlord: String?

        @Option(name: .long, help: ArgumentHelp("Dossier où écrire les rapports.", valueName: "DOSSIER"))
        var out: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let db = try database.openExisting()
            let (record, proposals) = try db.round(round)
            var sources = try db.sources().map(\.source).filter { $0.kind == .landlord }
            if let landlord {
                let source = try db.resolveSource(landlord)
                guard source.kind == .landlord else { throw CLIError.demoManifest("la source « \(source.id) » n'est pas un bailleur") }
                sources = [source]
            }
            // The candidates of the landlords' premises only.
            let lists = try db.roundPreferences(round)
            var candidates: [String: [(need: String, score: Double)]] = [:]
            for source in sources {
                for listing in try db.premises(PremisesFilter(sourceID: source.id)) {
                    let id = String(listing.id)
                    if let list = lists.candidates(ofPremises: id) { candidates[id] = list }
                }
            }
            var structures: [String: (name: String, contact: String?)] = [:]
            let byID = Dictionary(uniqueKeysWithValues: try db.structures().map { ($0.id, $0.structure) })
            for need in try db.needs() {
                if let structure = byID[need.record.structureID] { structures[need.record.reference] = (structure.name, structure.contact) }
            }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw CLIError.cannotWrite(path: out, reason: error.localizedDescription)
            }
            if sources.isEmpty { print("Aucun bailleur parmi les sources : aucun rapport écrit.") }
            for source in sources {
                let premises = try db.premises(PremisesFilter(sourceID: source.id))
                let report = LandlordReport.build(
                    source: source, roundID: round, roundDate: CivilDate(iso: record.date) ?? today(), premises: premises,
                    candidates: candidates, proposals: proposals, structures: structures)
                let base = (out as NSString).appendingPathComponent("tour-\(round)-\(source.id)")
                let csv = report.table(csv: true).renderCSV()
                guard FileManager.default.createFile(atPath: base + ".csv", contents: Data(csv.utf8)) else {
                    throw CLIError.cannotWrite(path: base + ".csv", reason: "création impossible")
                }
                let json: JSONValue = .object([
                    "bailleur": .string(source.id), "nom": .string(source.name), "tour": .number(Double(round)),
                    "locaux": .array(report.lines.map { line in
                        let candidate: (LandlordReport.Candidate) -> JSONValue = { c in
                            .object(["besoin": .string(c.needReference), "structure": .string(c.structureName),
                                     "contact": c.contact.map(JSONValue.string) ?? .null, "score": .number(c.score), "rang": .number(Double(c.rank))])
                        }
                        return .object([
                            "numero": .number(Double(line.premisesID)), "reference": .string(line.reference), "commune": .string(line.communeName),
                            "surface_m2": .number(line.surface), "proposition": line.proposed.map(candidate) ?? .null,
                            "candidates_suivantes": .array(line.next.map(candidate)), "remarque": line.note.map(JSONValue.string) ?? .null,
                        ])
                    }),
                ])
                guard FileManager.default.createFile(atPath: base + ".json", contents: Data((try jsonText(json) + "\n").utf8)) else {
                    throw CLIError.cannotWrite(path: base + ".json", reason: "création impossible")
                }
                let proposed = report.lines.filter { $0.proposed != nil }.count
                print("\(source.name) : \(report.lines.count) local(aux), \(proposed) avec une structure proposée → \(base).csv, .json")
            }
        }
    }
}
