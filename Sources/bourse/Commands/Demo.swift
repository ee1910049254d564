import ArgumentParser
import BourseCore
import BourseImport
import BourseWeb
import BourseReports
import BourseResources
import BourseService
import BourseStore
import Foundation

/// `bourse demo`: the whole pipeline on the samples of Imports/, into a fresh database.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Démonstration : charge les inventaires et registres d'exemple dans une base neuve et montre le résultat.",
        discussion: """
            Crée une base neuve dans un dossier de démonstration (par défaut un dossier temporaire, ou --output), charge le territoire, importe les inventaires d'exemple des communes (Imports/communes, dans l'ordre de Imports/demo.json : deux vagues datées pour Aulnay-sous-Bois et Drancy), importe le registre des structures ESS et leurs besoins, écrit les fichiers de rejets dans ce dossier et termine par l'état de la bourse. Les fichiers d'exemple ne sont jamais modifiés.
            """)

    @Option(name: .long, help: ArgumentHelp("Dossier où créer la base et les rejets (doit être vide ou absent).", valueName: "DOSSIER"))
    var output: String?

    @Flag(name: .long, help: "Puis sert le portail sur la base de démonstration, avec un compte par rôle (mots de passe affichés).")
    var serve = false

    @Option(name: .long, help: ArgumentHelp("Port du portail, avec --serve.", valueName: "PORT"))
    var port = 8080

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("port \(port) invalide (de 1 à 65535)") }
    }

    func run() throws {
        guard let samples = BourseResources.directory() else { throw CLIError.samplesNotFound }
        let directory = try prepareDirectory()
        let dbPath = directory.appendingPathComponent("bourse.sqlite").path
        print("Démonstration de la Bourse foncière ESS")
        print("Dossier : \(directory.path)\n")

        let communes = try TerritoryFile.read(path: samples.appendingPathComponent("territoire.csv").path)
        let exchange = try Exchange.open(path: dbPath, access: .create)
        let initialised = try exchange.initialise(communes: communes)
        let manifest = try DemoManifest.load(samples.appendingPathComponent("demo.json"))
        for source in manifest.sources {
            try exchange.addSource(Source(id: source.id, name: source.name, kind: source.kind))
        }
        let landlords = manifest.sources.filter { $0.kind == .landlord }.map(\.name)
        print("1. Territoire : \(initialised.communes) communes, une source par commune ; \(landlords.count) bailleur(s) : \(landlords.joined(separator: ", ")).\n")

        print("2. Inventaires des communes (CSV) et des bailleurs (XML), en deux vagues")
        var runner = InventoryImportRunner(exchange: exchange)
        runner.rejects.shown = 3
        var totalRejected = 0
        for step in manifest.inventories {
            let file = samples.appendingPathComponent(step.file)
            let name = file.lastPathComponent
            runner.rejects.path = directory.appendingPathComponent(URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent + ".rejets.csv").path
            var options = InventoryImportOptions(sourceID: step.source, asOf: step.date)
            options.schemaPath = samples.appendingPathComponent("inventaire-bailleur.xsd").path
            if let profile = step.profile.map({ samples.appendingPathComponent($0).path }) {
                if XMLMappingProfile.isXMLProfile(path: profile) {
                    options.xmlProfile = try XMLMappingProfile.load(path: profile)
                } else {
                    options.profile = try MappingProfile.load(path: profile)
                }
            }
            let report = try runner.run(path: file.path, options: options)
            totalRejected += report.read?.rejected ?? 0
            print()
        }

        print("3. Registres des structures ESS et de leurs besoins")
        var registers = RegisterImportRunner()
        registers.rejects.shown = 3
        for (file, kind) in [(manifest.structures, RegisterKind.structures), (manifest.needs, RegisterKind.needs)] {
            guard let file else { continue }
            let url = samples.appendingPathComponent(file)
            registers.rejects.path = directory.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".rejets.csv").path
            let options = RegisterImportOptions(date: today())
            let report = try registers.run(path: url.path, kind: kind) { rejects in
                kind == .structures
                    ? try exchange.importStructures(path: url.path, options: options, rejects: rejects)
                    : try exchange.importNeeds(path: url.path, options: options, rejects: rejects)
            }
            totalRejected += report.read?.rejected ?? 0
            print()
        }
        let structures = try exchange.structures()
        let activeNeeds = try exchange.needs(status: .active)
        print("   \(structures.count) structures, \(activeNeeds.count) besoins actifs.\n")

        print("4. Tour d'appariement (stratégie stable, graine 1) et implantations")
        let parameters = MatchingParameters(strategy: .stable, surfaceTolerance: 0.1, seed: 1, date: today())
        let round = try exchange.runRound(RoundRequest(parameters: parameters))
        let roundID = round.id ?? 0
        print("   tour n° \(roundID) : \(round.needCount) besoins actifs, \(round.premisesCount) locaux disponibles, \(round.lines.count) propositions, \(round.unmatched.count) besoins sans proposition")
        let placed = try exchange.acceptRound(roundID, date: today())
        print("   \(placed) implantation(s) confirmée(s) : locaux attribués, besoins satisfaits.\n")

        print("5. État de la bourse")
        let summaries = try exchange.sources()
        let table = TextTable(
            columns: [.init("Source"), .init("Inventaires", .right), .init("Dernier"), .init("Disponibles", .right), .init("m² disponibles", .right), .init("Locaux connus", .right)],
            rows: summaries.map { s in
                [s.source.name, String(s.inventories), s.lastInventory?.french ?? "—", String(s.available), FrenchNumber.format(s.availableSurface, decimals: 1), String(s.total)]
            })
        print(table.renderText(), terminator: "")
        let available = summaries.reduce(0) { $0 + $1.available }
        let surface = summaries.reduce(0.0) { $0 + $1.availableSurface }
        print("\nTotal : \(available) locaux disponibles, \(FrenchNumber.squareMetres(surface)) ; \(totalRejected) ligne(s) rejetée(s), expliquées dans les fichiers *.rejets.csv du dossier.")

        print("\n6. Évolution mensuelle de la bourse")
        let rows = try exchange.evolution(period: .month, today: today())
        print(Evolution.table(rows, csv: false).renderText(), terminator: "")

        print("\n7. ", terminator: "")
        let indicators = try exchange.indicators(year: today().year, today: today())
        print(indicators.text(), terminator: "")

        let page = try HTMLReport.render(title: "Bourse foncière ESS — démonstration", generatedOn: today(), rows: rows, indicators: indicators)
        let htmlPath = directory.appendingPathComponent("rapport.html").path
        try writeOutputFile(page, to: htmlPath, kind: .html, database: dbPath)
        print("\nRapport HTML imprimable (graphiques) : \(htmlPath)")
        let reports = try exchange.landlordReports(round: roundID)
        if !reports.isEmpty {
            let folder = directory.appendingPathComponent("rapports-bailleurs").path
            let written = try Report.LandlordCommand.writeFiles(
                reports, databasePath: dbPath, directory: folder, formats: [.csv, .json, .html], generatedOn: today())
            print("Rapports aux bailleurs du tour n° \(roundID) (CSV, JSON, page HTML) :")
            for line in written { print("  \(line)") }
        }

        print("\nPour explorer : bourse premises --db \(dbPath)")
        print("                bourse premises show 1 --db \(dbPath)")
        print("                bourse structures --db \(dbPath)")
        print("                bourse needs --status actif --db \(dbPath)")
        print("                bourse round show \(roundID) --db \(dbPath)")
        print("                bourse explain --need B002 --db \(dbPath)")
        print("                bourse report evolution --by quarter --db \(dbPath)")
        if serve {
            try serveDemo(exchange: exchange, database: dbPath)
        }
    }

    /// One account per role, with passwords made now and shown once, then the portal.
    private func serveDemo(exchange: Exchange, database: String) throws {
        print("\n8. Portail web : un compte par rôle (mots de passe de démonstration, à ne pas réutiliser)")
        let accounts: [(email: String, name: String, role: AccountRole, source: String?)] = [
            ("direction@demo.bourse.fr", "Direction ESS (démonstration)", .direction, nil),
            ("drancy@demo.bourse.fr", "Agent de Drancy (démonstration)", .commune, "drancy"),
            ("oph@demo.bourse.fr", "OPH Terres d'Envol (démonstration)", .bailleur, "oph-terres-envol"),
        ]
        var rows: [[String]] = []
        for account in accounts {
            let password = Self.demoPassword()
            try exchange.addAccount(email: account.email, name: account.name, role: account.role, source: account.source, password: password)
            rows.append([account.role.label, account.email, password])
        }
        print(TextTable(columns: [.init("Rôle"), .init("Adresse"), .init("Mot de passe")], rows: rows).renderText(), terminator: "")
        print()
        try Serve.serve(exchange: exchange, configuration: PortalConfiguration(port: port), database: database)
    }

    /// Twelve letters and digits, without those read alike (0/O, 1/l/I).
    static func demoPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    private func prepareDirectory() throws -> URL {
        let fileManager = FileManager.default
        let url: URL
        if let output {
            url = URL(fileURLWithPath: output)
            if let contents = try? fileManager.contentsOfDirectory(atPath: url.path), !contents.isEmpty {
                throw CLIError.cannotWrite(path: url.path, reason: "le dossier n'est pas vide (la démonstration veut une base neuve)")
            }
        } else {
            let stamp = Int(Date().timeIntervalSince1970)
            url = fileManager.temporaryDirectory.appendingPathComponent("bourse-demo-\(stamp)-\(ProcessInfo.processInfo.processIdentifier)")
        }
        do {
            try fileManager.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CLIError.cannotWrite(path: url.path, reason: SystemError.french(describing: error))
        }
        return url
    }
}

/// The steps of the demo, read from Imports/demo.json.
struct DemoManifest: Decodable {
    struct Inventory: Decodable {
        var file: String
        var source: String
        var date: CivilDate
        var profile: String?

        enum CodingKeys: String, CodingKey {
            case file = "fichier", source, date, profile = "profil"
        }
    }

    struct SourceEntry: Decodable {
        var id: String
        var name: String
        var kind: SourceKind

        enum CodingKeys: String, CodingKey {
            case id = "identifiant", name = "nom", kind = "type"
        }
    }

    /// Sources other than the communes (landlords), created before the imports.
    var sources: [SourceEntry] = []
    var inventories: [Inventory]
    /// The register of structures, then the needs (paths in Imports/).
    var structures: String?
    var needs: String?

    enum CodingKeys: String, CodingKey {
        case sources
        case inventories = "inventaires"
        case structures
        case needs = "besoins"
    }

    static func load(_ url: URL) throws -> DemoManifest {
        do {
            return try JSONDecoder().decode(DemoManifest.self, from: Data(contentsOf: url))
        } catch {
            throw CLIError.demoManifest("\(url.lastPathComponent) : \(error)")
        }
    }
}
