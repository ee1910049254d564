import ArgumentParser
import BourseCore
import BourseReports
import BourseService
import BourseStore

/// `bourse sources`: the suppliers of premises.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Liste ou ajoute les sources de locaux (communes, bailleurs, autres propriétaires).",
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les sources avec leurs inventaires et leurs locaux disponibles.")

        @Option(name: .long, help: "Format de sortie : text, csv ou json.")
        var format: OutputFormat = .text

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let summaries = try database.exchange(.read).sources()
            let table = TextTable(
                columns: [
                    .init("Identifiant"), .init("Nom"), .init("Type"), .init("Inventaires", .right),
                    .init("Dernier inventaire"), .init("Locaux disponibles", .right), .init("m² disponibles", .right),
                ],
                rows: summaries.map { summary in
                    [
                        summary.source.id, summary.source.name, summary.source.kind.label, String(summary.inventories),
                        summary.lastInventory?.french ?? "—", FrenchNumber.format(summary.available),
                        format == .csv ? FrenchCSV.number(summary.availableSurface) : FrenchNumber.format(summary.availableSurface, decimals: 1),
                    ]
                })
            switch format {
            case .text: print(table.renderText(), terminator: "")
            case .csv: StandardOutput.writeData(table.renderCSV())
            case .json:
                try printJSON(summaries.map { summary in
                    [
                        "identifiant": .string(summary.source.id), "nom": .string(summary.source.name),
                        "type": .string(summary.source.kind.rawValue),
                        "code_insee": summary.source.communeInsee.map(JSONValue.string) ?? .null,
                        "inventaires": .number(Double(summary.inventories)),
                        "dernier_inventaire": summary.lastInventory.map { .string($0.iso) } ?? .null,
                        "locaux_disponibles": .number(Double(summary.available)),
                        "surface_disponible_m2": .number(summary.availableSurface),
                        "locaux": .number(Double(summary.total)),
                    ]
                })
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ajoute une source (bailleur, EPT, propriétaire privé…).",
            discussion: "Exemple : bourse sources add seine-saint-denis-habitat --name \"Seine-Saint-Denis Habitat\" --kind bailleur")

        @Argument(help: ArgumentHelp("Identifiant stable (minuscules, chiffres et tirets).", valueName: "ID"))
        var id: String

        @Option(name: .long, help: "Nom de la source.")
        var name: String

        @Option(name: .long, help: "Type : commune, bailleur ou autre.")
        var kind: SourceKind = .landlord

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), id.unicodeScalars.allSatisfy(\.isASCII) else {
                throw ValidationError("identifiant « \(id) » invalide : minuscules sans accents, chiffres et tirets (ex. : \(TextFolding.slug(id)))")
            }
        }

        func run() throws {
            try database.exchange(.write).addSource(Source(id: id, name: name, kind: kind))
            print("Source « \(id) » (\(kind.label)) ajoutée.")
        }
    }
}
