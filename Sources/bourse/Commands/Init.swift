import BourseService
import Foundation
import ArgumentParser
import BourseImport
import BourseResources
import BourseStore

/// `bourse init`: creates the database and loads the territory.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Crée la base et y charge le territoire (communes) et une source par commune.",
        discussion: """
            Le territoire par défaut est celui d'EPT Paris Terres d'Envol (Imports/territoire.csv, 8 communes). Un autre territoire se charge avec --territory FICHIER (colonnes code_insee;code_postal;nom;variantes, plusieurs codes postaux ou variantes séparés par « | »). Relancer init met les communes à jour sans rien effacer.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Fichier du territoire (CSV).", valueName: "FICHIER"))
    var territory: String?

    func run() throws {
        guard let path = territory ?? BourseResources.url("territoire.csv")?.path else {
            throw CLIError.samplesNotFound
        }
        let communes = try TerritoryFile.read(path: path)
        let result = try database.exchange(.create).initialise(communes: communes)
        print("Base « \(database.path) » prête : \(result.communes) communes, \(result.newSources) source(s) créée(s).")
    }
}
