import ArgumentParser
import BourseCore
import BourseImport
import BourseReports
import BourseService
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

/// The formats every report is rendered in.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json, html

    static let help = "Format de sortie : text (tableau pour le terminal), csv (Excel : « ; », virgule décimale), json (scripts) ou html (page imprimable avec graphiques)."

    /// The kind of file the format writes.
    var outputKind: OutputKind {
        switch self {
        case .csv: .landlordCSV
        case .json: .json
        case .html: .html
        case .text: .text
        }
    }

    /// The file name extension of the format.
    var fileExtension: String { self == .text ? "txt" : rawValue }
}

/// Errors of the report commands, in French.
enum ReportCommandError: Error, LocalizedError {
    case oneLandlordOnly(format: ReportFormat, landlords: [String])

    var errorDescription: String? {
        switch self {
        case let .oneLandlordOnly(format, landlords):
            "sur la sortie standard, le format \(format.rawValue) porte sur un seul bailleur : précisez --landlord (\(landlords.joined(separator: ", "))) ou écrivez un fichier par bailleur avec --out DOSSIER"
        }
    }
}

/// `bourse report`: the plan's reports.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rapports : évolution des m² et des implantations, indicateurs du plan, rapports aux bailleurs.",
        discussion: "Chaque rapport existe en texte (terminal), CSV (Excel français : « ; », UTF-8 avec BOM, virgule décimale, cellules commençant par = + - @ neutralisées), JSON (clés stables, dates ISO) et HTML (page autonome imprimable, graphiques SVG) : option --format.",
        subcommands: [EvolutionCommand.self, IndicatorsCommand.self, LandlordCommand.self])

    struct EvolutionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evolution",
            abstract: "Évolution par période : m² disponibles en fin de période, offerts, retirés, implantations, bailleurs et communes ayant envoyé un inventaire.",
            discussion: "Calculée à partir des inventaires datés et de l'historique de chaque local : les chiffres d'une période passée ne changent pas quand un inventaire plus récent arrive. Un local attribué quitte le stock à la date de son implantation. Exemple : bourse report evolution --by quarter --format csv > evolution.csv")

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

        @Option(name: .long, help: ArgumentHelp(ReportFormat.help))
        var format: ReportFormat = .text

        @Option(name: .long, help: ArgumentHelp("Écrit aussi la page HTML dans ce fichier (graphiques SVG, indicateurs de la dernière année).", valueName: "FICHIER"))
        var html: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value, (try? parseDate(value)) == nil { throw ValidationError("date « \(value) » invalide pour \(name)") }
            }
        }

        func run() throws {
            if let html { try OutputFile.check(html, database: database.path, inputs: [], isOurs: OutputKind.html.recognises) }
            let exchange = try database.exchange(.read)
            var filter = EvolutionFilter(sourceKind: sourceKind, type: type)
            if let commune { filter.communeInsee = try exchange.commune(named: commune).inseeCode }
            let end = try to.map(parseDate) ?? today()
            let rows = try exchange.evolution(period: by, from: try from.map(parseDate), to: end, filter: filter, today: today())
            func page() throws -> String {
                let indicators = try exchange.indicators(year: end.year, today: min(end, today()))
                return try HTMLReport.render(title: "Bourse foncière ESS — évolution", generatedOn: today(), rows: rows, period: by, indicators: indicators)
            }
            if let html {
                try writeOutputFile(try page(), to: html, kind: .html, database: database.path)
                Terminal.error("page HTML écrite : \(html)")
            }
            switch format {
            case .text:
                print(Evolution.table(rows, csv: false).renderText(), terminator: "")
            case .csv:
                StandardOutput.writeData(Evolution.table(rows, csv: true).renderCSV())
            case .html:
                StandardOutput.writeData(try page())
            case .json:
                try printJSON(Evolution.json(rows))
            }
        }
    }
}

extension Report {
    struct IndicatorsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "indicators",
            abstract: "Indicateurs du plan pour une année : m² disponibles, implantations, nature et diversité des structures, montant de la bourse, présence des bailleurs.",
            discussion: "Pour l'année en cours, les chiffres vont jusqu'à aujourd'hui. En CSV, une ligne par chiffre (rubrique, indicateur, valeur, unité) ; en HTML, les indicateurs avec l'évolution mensuelle de l'année et ses graphiques.")

        @Option(name: .long, help: "Année (par défaut l'année en cours).")
        var year: Int?

        @Option(name: .long, help: ArgumentHelp(ReportFormat.help))
        var format: ReportFormat = .text

        @Option(name: .long, help: ArgumentHelp("Écrit aussi la page HTML dans ce fichier.", valueName: "FICHIER"))
        var html: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let year, !(2000...2100).contains(year) { throw ValidationError("année \(year) invalide") }
        }

        func run() throws {
            if let html { try OutputFile.check(html, database: database.path, inputs: [], isOurs: OutputKind.html.recognises) }
            let exchange = try database.exchange(.read)
            let now = today()
            let indicators = try exchange.indicators(year: year ?? now.year, today: now)
            func page() throws -> String {
                let rows = try exchange.evolution(period: .month, from: indicators.start, to: indicators.end, today: now)
                return try HTMLReport.render(title: "Bourse foncière ESS — indicateurs \(indicators.year)", generatedOn: now, rows: rows, period: .month, indicators: indicators)
            }
            if let html {
                try writeOutputFile(try page(), to: html, kind: .html, database: database.path)
                Terminal.error("page HTML écrite : \(html)")
            }
            switch format {
            case .text:
                print(indicators.text(), terminator: "")
            case .csv:
                StandardOutput.writeData(indicators.table(csv: true).renderCSV())
            case .html:
                StandardOutput.writeData(try page())
            case .json:
                try printJSON(indicators.json())
            }
        }
    }
}

extension Report {
    struct LandlordCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "landlord",
            abstract: "Rapport d'un tour pour chaque bailleur : ses locaux, la structure proposée avec son contact, les candidates suivantes, avec leurs scores et leurs raisons.",
            discussion: """
                Le rapport d'un bailleur ne contient que ses propres locaux. Sans --out, le rapport s'affiche (en texte, tous les bailleurs ; en csv, json ou html, un seul, choisi par --landlord). Avec --out, un fichier par bailleur et par format est écrit dans le dossier : tour-N-BAILLEUR.csv, .json et .html (page imprimable), ou seulement le format demandé par --format.
                Exemples : bourse report landlord --round 1 ; bourse report landlord --round 1 --out rapports/ ; bourse report landlord --round 1 --landlord ssdh --format html > ssdh.html
                """)

        @Option(name: .long, help: ArgumentHelp("Numéro du tour.", valueName: "N°"))
        var round: Int64

        @Option(name: .long, help: ArgumentHelp("Seulement ce bailleur (identifiant de source).", valueName: "ID"))
        var landlord: String?

        @Option(name: .long, help: ArgumentHelp(ReportFormat.help + " Avec --out, par défaut csv, json et html."))
        var format: ReportFormat?

        @Option(name: .long, help: ArgumentHelp("Dossier où écrire un fichier par bailleur et par format.", valueName: "DOSSIER"))
        var out: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let reports = try database.exchange(.read).landlordReports(round: round, landlord: landlord)
            if let out {
                let formats = format.map { [$0] } ?? [.csv, .json, .html]
                for line in try Self.writeFiles(reports, databasePath: database.path, directory: out, formats: formats, generatedOn: today()) {
                    print(line)
                }
                return
            }
            let format = format ?? .text
            if reports.isEmpty {
                print("Aucun bailleur parmi les sources : aucun rapport.")
                return
            }
            if format != .text && reports.count > 1 {
                throw ReportCommandError.oneLandlordOnly(format: format, landlords: reports.map(\.source.id))
            }
            for (index, report) in reports.enumerated() {
                if index > 0 { print() }
                let rendered = try Self.render(report, format: format, generatedOn: today())
                if format == .text { print(rendered, terminator: "") } else { StandardOutput.writeData(rendered) }
            }
        }

        /// One landlord's report in one format.
        static func render(_ report: LandlordReport, format: ReportFormat, generatedOn: CivilDate) throws -> String {
            switch format {
            case .text: report.text()
            case .csv: report.table(csv: true).renderCSV()
            case .json: try jsonText(report.json()) + "\n"
            case .html: try report.html(generatedOn: generatedOn)
            }
        }

        /// Writes each landlord's report in each format into `directory` (created when missing).
        /// - Returns: one French summary line per landlord.
        static func writeFiles(_ reports: [LandlordReport], databasePath: String, directory: String,
                               formats: [ReportFormat], generatedOn: CivilDate) throws -> [String] {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CLIError.cannotWrite(path: directory, reason: SystemError.french(describing: error))
            }
            guard !reports.isEmpty else { return ["Aucun bailleur parmi les sources : aucun rapport écrit."] }
            var summary: [String] = []
            for report in reports {
                let base = (directory as NSString).appendingPathComponent("tour-\(report.roundID)-\(report.source.id)")
                for format in formats {
                    try writeOutputFile(try render(report, format: format, generatedOn: generatedOn), to: base + "." + format.fileExtension,
                                        kind: format.outputKind, database: databasePath)
                }
                let extensions = formats.map { "." + $0.fileExtension }.joined(separator: ", ")
                summary.append("\(report.source.name) : \(report.lines.count) local(aux), \(report.proposedCount) avec une structure proposée → \(base) (\(extensions))")
            }
            return summary
        }
    }
}
