import ArgumentParser
import BourseCore
import BourseImport
import BourseResources
import BourseService
import BourseStore
import Foundation

/// `bourse import`: imports inventory files of one source.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Importe un ou plusieurs inventaires de locaux (CSV des communes, XML des bailleurs) d'une source.",
        discussion: """
            Chaque fichier est l'offre complète de la source à sa date : un local absent d'un inventaire plus récent est retiré à cette date, sauf s'il est réservé ou attribué. Réimporter le même fichier ne change rien. Les lignes rejetées sont expliquées (fichier:ligne, champ, motif) et écrites dans NOM.rejets.csv à côté du fichier (ou --rejects) ; les lignes acceptées entrent en une seule transaction.

            Date de l'inventaire : --date, sinon une date des lignes de titre (« Mis à jour le 30/04/2026 »), sinon une date du nom du fichier (drancy-2026-03-31.csv), sinon la date du jour. Un inventaire antérieur au dernier de la source est refusé, sauf avec --allow-older : il est alors enregistré comme inventaire historique (il ajoute les locaux inconnus, ne modifie ni ne retire rien).

            Formats acceptés : séparateur ; , tabulation ou |, UTF-8 (avec ou sans BOM), Windows-1252 ou UTF-16 avec BOM (« Texte Unicode » d'Excel), virgule décimale, dates JJ/MM/AAAA ou AAAA-MM-JJ, lignes de titre au-dessus de l'en-tête. Colonnes obligatoires : référence, commune (ou code INSEE ou code postal), surface.

            Contrôle de la source : l'inventaire d'une commune ne contient que des locaux de cette commune ; une ligne d'une autre commune est rejetée (motif « local de Drancy (93029) : la source « sevran » est l'inventaire de Sevran »), et si ces lignes sont la majorité des lignes lues, ou si aucune ligne de la commune n'est acceptée, tout le fichier est refusé, rien n'est écrit ni retiré. Un fichier qui nomme son bailleur (attribut bailleur du format XML de la bourse, clé « bailleur » d'un profil) doit nommer la source (identifiant ou nom) : sinon il est refusé en entier. Les sources de l'EPT, des bailleurs et autres peuvent couvrir plusieurs communes. --force-source lève ces deux contrôles, pour le cas rare où c'est voulu (un bailleur qui a repris le patrimoine d'un autre) ; la sortie le signale.

            XML (bailleurs) : le format de la bourse (schéma inventaire-bailleur.xsd, validé à la lecture) est reconnu seul ; l'export propre à un bailleur se lit avec son profil (--mapping NOM ou fichier.json : élément d'un local, chemin de chaque champ) ; sans --mapping, un profil livré dans Imports/profils est reconnu à l'élément racine du fichier. Un fichier XML avec DOCTYPE, mal formé ou trop profond est rejeté en entier, rien n'est écrit.
            """)

    @Argument(help: ArgumentHelp("Fichiers CSV ou XML à importer.", valueName: "FICHIER"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("Source des fichiers : identifiant (voir bourse sources) ou commune.", valueName: "ID"))
    var source: String

    @Option(name: .long, help: ArgumentHelp("Date de l'inventaire (AAAA-MM-JJ ou JJ/MM/AAAA).", valueName: "DATE"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("Profil de correspondance des colonnes CSV ou des éléments XML (fichier JSON, ou nom d'un profil livré).", valueName: "PROFIL"))
    var mapping: String?

    @Option(name: .long, help: ArgumentHelp("Fichier des rejets (par défaut NOM.rejets.csv à côté du fichier).", valueName: "FICHIER"))
    var rejects: String?

    @Flag(name: .long, help: "Vérifie et compte sans rien écrire dans la base.")
    var dryRun = false

    @Flag(name: .long, help: "Annule tout le fichier si une seule ligne est rejetée.")
    var strict = false

    @Flag(name: .long, help: "Accepte un inventaire antérieur au dernier de la source (inventaire historique).")
    var allowOlder = false

    @Flag(name: .long, help: "Ne vérifie pas que le fichier correspond à la source (communes des locaux, bailleur nommé) : pour le cas rare où c'est voulu, par exemple un bailleur qui a repris le patrimoine d'un autre.")
    var forceSource = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if rejects != nil && files.count > 1 {
            throw ValidationError("--rejects ne s'utilise qu'avec un seul fichier")
        }
        if date != nil && files.count > 1 {
            throw ValidationError("--date ne s'utilise qu'avec un seul fichier (sinon la date vient du nom de chaque fichier)")
        }
        if let date, (try? parseDate(date)) == nil {
            throw ValidationError("date « \(date) » invalide pour --date (attendu AAAA-MM-JJ ou JJ/MM/AAAA, un jour qui existe)")
        }
    }

    func run() throws {
        // Every rejects file is checked before anything is opened: a wrong path costs nothing.
        let inputs = files + (mapping.flatMap { try? profilePath($0) }.map { [$0] } ?? [])
        if !dryRun || rejects != nil {
            for target in rejects.map({ [$0] }) ?? files.map(RejectsFile.defaultPath(for:)) {
                try OutputFile.check(target, database: database.path, inputs: inputs, isOurs: RejectsFile.isRejectsFile)
            }
        }
        let exchange = try database.exchange(.write)
        var profile: MappingProfile?
        var xmlProfile: XMLMappingProfile?
        if let mapping {
            let path = try profilePath(mapping)
            if XMLMappingProfile.isXMLProfile(path: path) {
                xmlProfile = try XMLMappingProfile.load(path: path)
            } else {
                profile = try MappingProfile.load(path: path)
            }
        }
        let given = try date.map(parseDate)
        // Without --mapping, a landlord's XML export is recognised by its root element.
        let knownXMLProfiles = mapping == nil ? shippedXMLProfiles() : []
        let runner = InventoryImportRunner(
            exchange: exchange, rejects: RejectsOutput(path: rejects, enabled: !dryRun || rejects != nil, inputs: inputs))
        var failures = 0
        for file in files {
            do {
                var options = InventoryImportOptions(
                    sourceID: source, asOf: given, fallbackDate: today(), profile: profile, dryRun: dryRun,
                    strict: strict, allowOlder: allowOlder)
                options.xmlProfile = xmlProfile
                options.schemaPath = inventorySchemaPath()
                options.knownXMLProfiles = knownXMLProfiles
                options.forceSource = forceSource
                try runner.run(path: file, options: options)
            } catch let error as any LocalizedError where files.count > 1 {
                // Go on with the other files; fail at the end.
                Terminal.error("erreur : \(error.errorDescription ?? "\(error)")")
                failures += 1
            }
        }
        if failures > 0 {
            throw ExitCode(1)
        }
    }
}
