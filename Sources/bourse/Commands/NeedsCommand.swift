import ArgumentParser
import BourseCore
import BourseImport
import BourseReports
import BourseService
import BourseStore

/// `bourse needs`: the needs of the ESS structures.
struct NeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "needs",
        abstract: "Besoins des structures ESS : import, liste, fiche.",
        subcommands: [ImportNeeds.self, List.self, Show.self],
        defaultSubcommand: List.self)

    struct ImportNeeds: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Importe les besoins (CSV) ; les structures doivent être déjà importées.",
            discussion: """
                Colonnes : référence, structure (sa référence ou son SIRET, connue du registre), surface minimale et maximale (min ≤ max) obligatoires ; budget mensuel maximal (ou €/m²/an), communes souhaitées par ordre de préférence (noms, codes postaux ou INSEE, séparés par « | » ou « , » ; vide = tout le territoire), types de locaux, date souhaitée, durée minimale (mois), PMR requis, baux acceptés, date de la demande, statut (actif, satisfait, abandonné), remarques. Un besoin déjà connu (même référence) est mis à jour avec son historique.
                """)

        @OptionGroup var file: RegisterFileOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try file.checkRejectsPath(databasePath: database.path)
            let exchange = try database.exchange(.write)
            let profile = try file.profile(NeedField.self)
            let options = RegisterImportOptions(date: today(), dryRun: file.dryRun, strict: file.strict)
            try file.runner.run(path: file.file, kind: .needs) { rejects in
                try exchange.importNeeds(path: file.file, profile: profile, options: options, rejects: rejects)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les besoins (filtrables par statut).")

        @Option(name: .long, help: "Statut : actif, satisfait ou abandonné.")
        var status: NeedStatus?

        @Option(name: .long, help: "Format de sortie : text, csv ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let exchange = try database.exchange(.read)
            let listings = try exchange.needs(status: status)
            let names = try exchange.communeNamesByCode()
            switch format {
            case .text:
                let table = TextTable(
                    columns: [.init("Référence"), .init("Structure"), .init("Surface (m²)", .right), .init("Budget/mois", .right), .init("Communes"), .init("Types"), .init("À partir du"), .init("Statut")],
                    rows: listings.map { l in
                        let n = l.need
                        return [n.reference, "\(l.structureReference) \(l.structureName)", "\(FrenchNumber.format(n.surfaceMin))–\(FrenchNumber.format(n.surfaceMax))",
                                n.budgetMonthly.map(FrenchNumber.euros) ?? "", n.communes.isEmpty ? "toutes" : n.communes.map { names[$0] ?? $0 }.joined(separator: ", "),
                                n.types.isEmpty ? "tous" : n.types.map(\.rawValue).joined(separator: ", "), n.wantedFrom?.french ?? "", n.status.label]
                    })
                print(table.renderText(maxWidth: 40), terminator: "")
                print("\(listings.count) besoin(s)")
            case .csv:
                StandardOutput.writeData(RegisterTables.needs(listings, communeNames: names).renderCSV())
            case .json:
                try printJSON(listings.map(RegisterTables.json))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Montre un besoin et l'historique de ses changements.")

        @Argument(help: ArgumentHelp("Référence du besoin.", valueName: "RÉFÉRENCE"))
        var reference: String

        @Option(name: .long, help: "Format de sortie : text ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let exchange = try database.exchange(.read)
            let (listing, events) = try exchange.need(reference)
            if format == .json {
                var object = RegisterTables.json(listing)
                object["historique"] = RegisterTables.json(events)
                try printJSON(.object(object))
                return
            }
            let table = RegisterTables.needs([listing], communeNames: try exchange.communeNamesByCode())
            for (index, column) in table.columns.enumerated() {
                let value = table.rows[0][index]
                print("\(column.title) : \(value.isEmpty ? "—" : value)")
            }
            RegisterTables.printHistory(events)
        }
    }
}
