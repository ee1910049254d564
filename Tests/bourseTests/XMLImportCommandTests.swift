import BourseResources
import Foundation
import Testing

@Suite("bourse import : inventaires XML des bailleurs")
struct XMLImportCommandTests {
    func landlordFolder() throws -> WorkFolder {
        let folder = try WorkFolder()
        let initRun = try folder.bourse("init")
        #expect(initRun.status == 0, "\(initRun)")
        for (id, name) in [("oph-terres-envol", "OPH Terres d'Envol"), ("logis-plaine-de-france", "Logis Plaine de France")] {
            let add = try folder.bourse("sources", "add", id, "--name", name, "--kind", "bailleur")
            #expect(add.status == 0, "\(add)")
        }
        return folder
    }

    @Test func importsOurFormatAndALandlordShapeWithAShippedProfile() throws {
        let folder = try landlordFolder()
        let samples = try #require(BourseResources.directory())
        let ours = samples.appendingPathComponent("bailleurs/oph-terres-envol-2026-03-31.xml").path
        let run = try folder.bourse("import", ours, "--source", "oph-terres-envol", "--rejects", folder.file("r1.csv"))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("inventaire n° 1 du 31/03/2026 (date lue dans le fichier)"), "\(run)")
        #expect(run.stdout.contains("format XML de la bourse, validé par son schéma XSD"), "\(run)")
        #expect(run.stdout.contains("acceptés : 6"), "\(run)")
        #expect((run.stdout + run.stderr).contains("oph-terres-envol-2026-03-31.xml:80: erreur : schéma XSD"), "\(run)")
        let rejects = String(decoding: try folder.contents("r1.csv"), as: UTF8.self)
        #expect(rejects.contains("<local reference=\"\"OTE-0062\"\">"), "\(rejects)")

        let theirs = samples.appendingPathComponent("bailleurs/logis-plaine-de-france-2026-04-30.xml").path
        let profiled = try folder.bourse("import", theirs, "--source", "logis-plaine-de-france", "--mapping", "logis-plaine-de-france", "--rejects", folder.file("r2.csv"))
        #expect(profiled.status == 0, "\(profiled)")
        #expect(profiled.stdout.contains("lu : XML ISO-8859-1, 8 local(aux) lu(s)"), "\(profiled)")
        #expect(profiled.stdout.contains("acceptés : 5"), "\(profiled)")

        let again = try folder.bourse("import", theirs, "--source", "logis-plaine-de-france", "--mapping", "logis-plaine-de-france", "--rejects", folder.file("r2.csv"))
        #expect(again.status == 0)
        #expect(again.stdout.contains("déjà importé"), "\(again)")
        let list = try folder.bourse("premises", "--format", "json")
        #expect(try jsonObjects(list).count == 11)
    }

    @Test func aLandlordShapeIsRecognisedWithoutMapping() throws {
        let folder = try landlordFolder()
        let samples = try #require(BourseResources.directory())
        let theirs = samples.appendingPathComponent("bailleurs/logis-plaine-de-france-2026-04-30.xml").path
        let run = try folder.bourse("import", theirs, "--source", "logis-plaine-de-france", "--rejects", folder.file("r.csv"))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("profil logis-plaine-de-france.json, reconnu à l'élément racine"), "\(run)")
        #expect(run.stdout.contains("acceptés : 5"), "\(run)")
        // An unknown shape lists the shipped profiles it was compared with.
        let other = try folder.write("autre.xml", "<patrimoine xmlns=\"urn:autre\"><lot/></patrimoine>")
        let refused = try folder.bourse("import", other, "--source", "logis-plaine-de-france")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("profil cooperative-habitat-93.json") && refused.stderr.contains("--mapping"), "\(refused)")
        #expect(refused.hasNoBacktrace)
    }

    @Test func hostileAndBrokenFilesFailCleanlyAndWriteNothing() throws {
        let folder = try landlordFolder()
        let root = "<inventaire xmlns=\"urn:bourse-fonciere-ess:inventaire:1\" bailleur=\"oph-terres-envol\" date=\"2026-01-01\">"
        let record = "<local reference=\"A\"><commune>Drancy</commune><type>bureau</type><surface>10</surface></local>"
        let cases: [(String, String, String)] = [
            ("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE inventaire [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\(root)\(record)</inventaire>", "DOCTYPE refusée"),
            ("casse.xml", "<?xml version=\"1.0\"?>\n\(root)\n\(record)\n<local reference=\"B\">\n</inventaire>", "ligne 5, colonne"),
            ("tronque.xml", "<?xml version=\"1.0\"?>\n\(root)\n\(record)\n<local reference=\"B\"><commune>Dra", "fin de fichier prématurée"),
            ("autre.xml", "<patrimoine><lot/></patrimoine>", "--mapping"),
        ]
        for (name, text, message) in cases {
            let path = try folder.write(name, text)
            let run = try folder.bourse("import", path, "--source", "oph-terres-envol")
            #expect(run.status == 1, "\(name): \(run)")
            #expect(run.stderr.hasPrefix("erreur : \(name) :"), "\(name): \(run)")
            #expect(run.stderr.contains(message), "\(name): \(run)")
            #expect(run.hasNoBacktrace, "\(name)")
        }
        let inventories = try folder.bourse("inventories", "--format", "json")
        #expect(try jsonObjects(inventories).isEmpty, "\(inventories)")
        let premises = try folder.bourse("premises", "--format", "json")
        #expect(try jsonObjects(premises).isEmpty)
    }

    @Test func aBadXMLProfileIsExplained() throws {
        let folder = try landlordFolder()
        let profile = try folder.write("profil.json", #"{"enregistrement": "p:lot", "champs": {"reference": "@id"}}"#)
        let file = try folder.write("f.xml", "<r><lot id=\"1\"/></r>")
        let run = try folder.bourse("import", file, "--source", "oph-terres-envol", "--mapping", profile)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("profil de correspondance"), "\(run)")
        #expect(run.stderr.contains("préfixe « p »"), "\(run)")
        #expect(run.hasNoBacktrace)
    }

    @Test func demoImportsTheLandlords() throws {
        let folder = try WorkFolder()
        let run = try folder.bourse("demo", "--output", folder.file("demo"))
        #expect(run.status == 0, "\(run)")
        for name in ["oph-terres-envol-2026-03-31.xml", "logis-plaine-de-france-2026-04-30.xml", "cooperative-habitat-93-2026-05-31.xml", "oph-terres-envol-2026-09-30.xml"] {
            #expect(run.stdout.contains("\(name) → source"), "\(name)")
        }
        let sources = try folder.bourse("sources", "--db", folder.file("demo") + "/bourse.sqlite", "--format", "json")
        let kinds = try jsonObjects(sources).compactMap { $0["type"] as? String }
        #expect(kinds.filter { $0 == "bailleur" }.count == 3)
    }
}
