import BourseResources
import Foundation
import Testing

@Suite("bourse import : le fichier est vérifié contre --source")
struct SourceCheckCommandTests {
    func sample(_ relative: String) throws -> String {
        try #require(BourseResources.directory()).appendingPathComponent(relative).path
    }

    /// The premises of a source as « reference:status », sorted.
    func premises(_ folder: WorkFolder, source: String) throws -> [String] {
        let list = try folder.bourse("premises", "--source", source, "--format", "json")
        #expect(list.status == 0, "\(list)")
        return try jsonObjects(list).map { "\($0["reference"] ?? ""):\($0["statut"] ?? $0["status"] ?? "")" }.sorted()
    }

    @Test func aDrancyFileForSevranIsRefusedUnlessForced() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        let sevran = try folder.bourse("import", try sample("communes/sevran-2026-04-30.csv"), "--source", "sevran", "--rejects", folder.file("r.csv"))
        #expect(sevran.status == 0, "\(sevran)")
        let offer = try premises(folder, source: "sevran")
        #expect(offer.count == 12)

        let drancy = try sample("communes/drancy-2026-03-31.csv")
        for dryRun in [["--dry-run"], []] {
            let refused = try folder.run(["import", drancy, "--source", "sevran", "--date", "2026-05-31", "--rejects", folder.file("r.csv")] + dryRun)
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("ce fichier décrit des locaux de Drancy (13 lignes), pas de Sevran : vérifiez --source"), "\(refused)")
            #expect(refused.hasNoBacktrace)
        }
        #expect(try premises(folder, source: "sevran") == offer)

        let forced = try folder.bourse("import", drancy, "--source", "sevran", "--date", "2026-05-31", "--force-source", "--rejects", folder.file("r.csv"))
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("contrôle de la source non fait (--force-source)"), "\(forced)")
        #expect(forced.stdout.contains("acceptés : 12"), "\(forced)")
    }

    @Test func anotherLandlordsFileIsRefusedUnlessForced() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        for (id, name) in [("oph-terres-envol", "OPH Terres d'Envol"), ("cooperative-habitat-93", "Coopérative Habitat 93")] {
            let add = try folder.bourse("sources", "add", id, "--name", name, "--kind", "bailleur")
            #expect(add.status == 0, "\(add)")
        }
        let coop = try folder.bourse("import", try sample("bailleurs/cooperative-habitat-93-2026-05-31.xml"), "--source", "cooperative-habitat-93", "--rejects", folder.file("r.csv"))
        #expect(coop.status == 0, "\(coop)")
        let offer = try premises(folder, source: "cooperative-habitat-93")
        #expect(!offer.isEmpty)

        let oph = try sample("bailleurs/oph-terres-envol-2026-03-31.xml")
        let refused = try folder.bourse("import", oph, "--source", "cooperative-habitat-93", "--date", "2026-06-30", "--rejects", folder.file("r.csv"))
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("le fichier est l'inventaire du bailleur « oph-terres-envol », pas de la source « cooperative-habitat-93 »"), "\(refused)")
        #expect(refused.hasNoBacktrace)
        #expect(try premises(folder, source: "cooperative-habitat-93") == offer)
        #expect(try premises(folder, source: "oph-terres-envol").isEmpty)

        let right = try folder.bourse("import", oph, "--source", "oph-terres-envol", "--rejects", folder.file("r.csv"))
        #expect(right.status == 0, "\(right)")
        #expect(!right.stdout.contains("--force-source"), "\(right)")

        let forced = try folder.bourse("import", oph, "--source", "cooperative-habitat-93", "--date", "2026-06-30", "--force-source", "--rejects", folder.file("r.csv"))
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("contrôle de la source non fait (--force-source)"), "\(forced)")
    }

    @Test func theHelpSaysTheCheckExists() throws {
        let folder = try WorkFolder()
        let help = try folder.bourse("import", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("--force-source"), "\(help)")
        #expect(help.stdout.contains("Contrôle de la source"), "\(help)")
    }
}
