import ArgumentParser
import BourseCore
import BourseImport
import BourseReports
import BourseService
import BourseStore

/// `bourse structures`: the register of ESS structures.
struct StructuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structures",
        abstract: "Registre des structures ESS : import, liste, fiche.",
        subcommands: [ImportStructures.self, List.self, Show.self],
        defaultSubcommand: List.self)

    struct ImportStructures: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Importe le registre des structures (CSV).",
            discussion: """
                Colonnes : référence et nom obligatoires ; SIRET (vérifié : 14 chiffres, clé de Luhn sur le SIRET et le SIREN, exception de La Poste), forme juridique (association, SCOP, SCIC, coopérative, mutuelle, fondation, entreprise ESUS, autre) ou catégorie juridique INSEE (9210 à 9260, 9300, 8210…), secteur, ETP, lauréat de l'appel à projets (année), contact, commune, remarques. Une structure déjà connue (même référence) est mise à jour et chaque champ modifié est gardé dans son historique. Réimporter le même fichier ne change rien.
                """)

        @OptionGroup var file: RegisterFileOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try file.checkRejectsPath(databasePath: database.path)
            let exchange = try database.exchange(.write)
            let profile = try file.profile(StructureField.self)
            let options = RegisterImportOptions(date: today(), dryRun: file.dryRun, strict: file.strict)
            try file.runner.run(path: file.file, kind: .structures) { rejects in
                try exchange.importStructures(path: file.file, profile: profile, options: options, rejects: rejects)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les structures du registre.")

        @Option(name: .long, help: "Format de sortie : text, csv ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let listings = try database.exchange(.read).structures()
            switch format {
            case .text:
                let table = TextTable(
                    columns: [.init("Référence"), .init("Nom"), .init("Forme"), .init("Secteur"), .init("ETP", .right), .init("Lauréat"), .init("Commune"), .init("Besoins actifs", .right)],
                    rows: listings.map { l in
                        let s = l.structure
                        return [s.reference, s.name, s.legalFormLabel ?? s.legalForm.label, s.sectorLabel ?? s.sector.label,
                                s.jobs.map { FrenchNumber.format($0, decimals: 1) } ?? "", s.laureateYear.map(String.init) ?? "",
                                l.communeName ?? "", String(l.activeNeeds)]
                    })
                print(table.renderText(), terminator: "")
                print("\(listings.count) structure(s)")
            case .csv:
                StandardOutput.writeData(RegisterTables.structures(listings).renderCSV())
            case .json:
                try printJSON(listings.map(RegisterTables.json))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Montre une structure, ses besoins et l'historique de ses changements.")

        @Argument(help: ArgumentHelp("Référence ou SIRET de la structure.", valueName: "RÉFÉRENCE"))
        var key: String

        @Option(name: .long, help: "Format de sortie : text ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let (listing, needs, events) = try database.exchange(.read).structure(key)
            if format == .json {
                var object = RegisterTables.json(listing)
                object["besoins"] = .array(needs.map { .object(RegisterTables.json($0)) })
                object["historique"] = RegisterTables.json(events)
                try printJSON(.object(object))
                return
            }
            let table = RegisterTables.structures([listing])
            for (index, column) in table.columns.enumerated() {
                let value = table.rows[0][index]
                print("\(column.title) : \(value.isEmpty ? "—" : value)")
            }
            print("\nBesoins :")
            if needs.isEmpty { print("  aucun") }
            for need in needs {
                let n = need.need
                print("  \(n.reference)  \(FrenchNumber.format(n.surfaceMin))–\(FrenchNumber.format(n.surfaceMax)) m²  \(n.status.label)")
            }
            RegisterTables.printHistory(events)
        }
    }
}
