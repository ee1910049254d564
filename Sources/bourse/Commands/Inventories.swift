import ArgumentParser
import BourseCore
import BourseReports
import BourseService
import BourseStore

/// `bourse inventories`: the imported inventories, newest first.
struct Inventories: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Liste les inventaires importés, du plus récent au plus ancien.")

    @Option(name: .long, help: ArgumentHelp("Seulement cette source.", valueName: "ID"))
    var source: String?

    @Option(name: .long, help: "Format de sortie : text, csv ou json.")
    var format: OutputFormat = .text

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let inventories = try database.exchange(.read).inventories(source: source)
        let titles = ["N°", "Source", "Date", "Fichier", "Acceptés", "Rejetés", "Nouveaux", "Modifiés", "Retirés", "Importé le"]
        let rows = inventories.map { inventory -> [String] in
            [
                String(inventory.id ?? 0), inventory.sourceID, CivilDate(iso: inventory.asOf)?.french ?? inventory.asOf,
                inventory.fileName, String(inventory.accepted), String(inventory.rejected), String(inventory.added),
                String(inventory.changed), String(inventory.withdrawn), inventory.importedAt,
            ]
        }
        let table = TextTable(columns: titles.enumerated().map { .init($1, [0, 4, 5, 6, 7, 8].contains($0) ? .right : .left) }, rows: rows)
        switch format {
        case .text: print(table.renderText(), terminator: "")
        case .csv: StandardOutput.writeData(table.renderCSV())
        case .json:
            try printJSON(inventories.map { inventory in
                [
                    "numero": .number(Double(inventory.id ?? 0)), "source": .string(inventory.sourceID),
                    "date": .string(inventory.asOf), "fichier": .string(inventory.fileName), "sha256": .string(inventory.sha256),
                    "enregistrements": .number(Double(inventory.records)), "acceptes": .number(Double(inventory.accepted)),
                    "rejetes": .number(Double(inventory.rejected)), "nouveaux": .number(Double(inventory.added)),
                    "modifies": .number(Double(inventory.changed)), "inchanges": .number(Double(inventory.unchanged)),
                    "retires": .number(Double(inventory.withdrawn)), "importe_le": .string(inventory.importedAt),
                ]
            })
        }
    }
}
