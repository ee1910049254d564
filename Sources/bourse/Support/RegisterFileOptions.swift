import ArgumentParser
import BourseImport
import BourseResources
import BourseService
import Foundation

/// The options of `structures import` and `needs import`.
struct RegisterFileOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Fichier CSV du registre.", valueName: "FICHIER"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Profil de correspondance des colonnes (fichier JSON, ou nom d'un profil livré).", valueName: "PROFIL"))
    var mapping: String?

    @Option(name: .long, help: ArgumentHelp("Fichier des rejets (par défaut NOM.rejets.csv à côté du fichier).", valueName: "FICHIER"))
    var rejects: String?

    @Flag(name: .long, help: "Vérifie et compte sans rien écrire dans la base.")
    var dryRun = false

    @Flag(name: .long, help: "Annule tout le fichier si une seule ligne est rejetée.")
    var strict = false

    /// Loads the mapping profile, if any, for records of `Field`.
    func profile<Field: ColumnField>(_ type: Field.Type) throws -> FieldMappingProfile<Field>? {
        try mapping.map { try loadMappingProfile($0, as: type) }
    }

    private var inputs: [String] { [file] + (mapping.flatMap { try? profilePath($0) }.map { [$0] } ?? []) }

    /// Where this import's rejects go.
    var rejectsOutput: RejectsOutput {
        RejectsOutput(path: rejects, enabled: !dryRun || rejects != nil, inputs: inputs)
    }

    /// Checks the rejects file's path before anything is opened (`OutputFile`).
    func checkRejectsPath(databasePath: String) throws {
        guard let target = rejectsOutput.target(for: file) else { return }
        try OutputFile.check(target, database: databasePath, inputs: inputs, isOurs: RejectsFile.isRejectsFile)
    }

    /// The runner of this import.
    var runner: RegisterImportRunner {
        RegisterImportRunner(rejects: rejectsOutput)
    }
}

/// Loads a mapping profile from a path, or by name from the profiles shipped in Imports/profils.
func loadMappingProfile<Field: ColumnField>(_ name: String, as type: Field.Type) throws -> FieldMappingProfile<Field> {
    try FieldMappingProfile<Field>.load(path: profilePath(name))
}

/// The file of a profile: a path, or the name of a profile shipped in `Imports/profils/`.
func profilePath(_ name: String) throws -> String {
    if FileManager.default.fileExists(atPath: name) { return name }
    let bare = name.hasSuffix(".json") ? name : name + ".json"
    if let shipped = BourseResources.url("profils/" + bare) { return shipped.path }
    throw MappingProfileError.unreadable(path: name)
}

/// The landlords' XML profiles shipped in `Imports/profils/`.
func shippedXMLProfiles() -> [XMLMappingProfile] {
    ShippedFiles.xmlProfiles()
}

/// The XSD of the bourse's XML inventory format, shipped in `Imports/`.
func inventorySchemaPath() -> String? {
    ShippedFiles.inventorySchemaPath()
}
