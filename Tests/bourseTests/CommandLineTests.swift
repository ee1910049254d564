import BourseResources
import Foundation
import Testing

@Suite("bourse en ligne de commande")
struct CommandLineTests {
    /// A folder with `bourse init` done.
    private func initialised() throws -> WorkFolder {
        let folder = try WorkFolder()
        let run = try folder.bourse("init")
        try #require(run.status == 0, "\(run)")
        return folder
    }

    @Test func helpIsFrenchAndExitsZero() throws {
        let folder = try WorkFolder()
        let run = try folder.bourse("--help")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Bourse foncière ESS"))
        #expect(run.stdout.contains("UTILISATION :"))
        #expect(run.stdout.contains("SOUS-COMMANDES :"))
        #expect(run.stdout.contains("Affiche cette aide."))
        #expect(!run.stdout.contains("USAGE:"))
        #expect(!run.stdout.contains("Show help information"))

        let importHelp = try folder.bourse("import", "--help")
        #expect(importHelp.status == 0)
        #expect(importHelp.stdout.contains("--dry-run"))
        #expect(importHelp.stdout.contains("OPTIONS :"))
        #expect(!folder.exists("bourse.sqlite"), "help creates no database")
    }

    @Test func initThenImportPrintsTheSummaryAndWritesTheRejectsFile() throws {
        let folder = try WorkFolder()
        let initRun = try folder.bourse("init")
        #expect(initRun.status == 0, "\(initRun)")
        #expect(initRun.stdout.contains("8 communes"))
        #expect(initRun.stdout.contains("8 source(s) créée(s)"))
        #expect(folder.exists("bourse.sqlite"))

        try folder.write("drancy.csv", drancyCSV)
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31")
        #expect(run.status == 0, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stdout.contains("drancy.csv → source « drancy », inventaire n° 1 du 31/03/2026"), "\(run)")
        #expect(run.stdout.contains("acceptés : 2 — nouveaux 2, modifiés 0, inchangés 0"), "\(run)")
        #expect(run.stdout.contains("retirés car absents de l'inventaire : 0"), "\(run)")
        #expect(run.stdout.contains("rejetés : 1"), "\(run)")
        #expect(run.stdout.contains("drancy.rejets.csv"), "\(run)")
        #expect(run.stdout.contains("drancy.csv:3: erreur : [Surface]"), "\(run)")

        // The rejects file: BOM, `;`, French header, formula neutralised.
        #expect(folder.exists("drancy.rejets.csv"))
        let bytes = [UInt8](try folder.contents("drancy.rejets.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "Fichier;Ligne;Champ;Motif;Contenu brut")
        #expect(lines.count == 2, "\(lines)")
        let reject = try #require(lines.dropFirst().first)
        #expect(reject.hasPrefix("drancy.csv;3;Surface;"), "\(reject)")
        #expect(reject.hasSuffix("\"'=1+1;Drancy;2 rue de la Paix;bureau;abc;100\""), "raw cell quoted and neutralised: \(reject)")

        // The same file again.
        let again = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("déjà importé"), "\(again)")
        #expect(again.stdout.contains("inventaire n° 1 du 31/03/2026"), "\(again)")

        let inventories = try folder.bourse("inventories", "--format", "json")
        #expect(inventories.status == 0)
        #expect(try jsonObjects(inventories).count == 1)
    }

    @Test func missingFileIsAFrenchErrorWithoutBacktrace() throws {
        let folder = try initialised()
        let run = try folder.bourse("import", "absent.csv", "--source", "drancy")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur :"), "\(run)")
        #expect(run.stderr.contains("absent.csv"))
        #expect(run.stderr.contains("introuvable"))
        #expect(run.hasNoBacktrace, "\(run)")
    }

    @Test func unknownSourceIsAFrenchError() throws {
        let folder = try initialised()
        try folder.write("paris.csv", drancyCSV)
        let run = try folder.bourse("import", "paris.csv", "--source", "paris")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur :"))
        #expect(run.stderr.contains("source « paris » inconnue"))
        #expect(run.hasNoBacktrace)
    }

    @Test func importBeforeInitSaysToRunInit() throws {
        let folder = try WorkFolder()
        try folder.write("drancy.csv", drancyCSV)
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur :"), "\(run)")
        #expect(run.stderr.contains("lancez d'abord « bourse init »"), "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(!folder.exists("bourse.sqlite"), "no database created by a failed import")

        let list = try folder.bourse("premises")
        #expect(list.status == 1)
        #expect(list.stderr.contains("lancez d'abord « bourse init »"))
    }

    @Test(arguments: [
        ["import", "--source", "drancy"],
        ["import", "drancy.csv", "--source", "drancy", "--frobnicate"],
        ["import", "drancy.csv"],
        ["premises", "--status", "foo"],
        ["premises", "--format", "xml"],
        ["premises", "set-status", "abc", "réservé"],
        ["import", "a.csv", "b.csv", "--source", "drancy", "--date", "2026-03-31"],
        ["frobnicate"],
    ])
    func badUsageExitsTwo(arguments: [String]) throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        let run = try folder.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run)")
        #expect(!run.stderr.isEmpty)
        #expect(run.hasNoBacktrace)
        #expect(!run.stderr.contains("Error:"), "untranslated message: \(run.stderr)")
    }

    @Test func unknownOptionMessageIsFrench() throws {
        let folder = try initialised()
        let run = try folder.bourse("premises", "--status", "foo")
        #expect(run.status == 2)
        #expect(run.stderr.contains("erreur :"))
        #expect(run.stderr.contains("'foo'"))
        #expect(run.stderr.contains("réservé"))
    }

    @Test func dryRunWritesNothing() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31", "--dry-run")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("SIMULATION"), "\(run)")
        #expect(run.stdout.contains("nouveaux 2"), "\(run)")
        #expect(!folder.exists("drancy.rejets.csv"), "a dry run writes no rejects file")

        let list = try folder.bourse("premises", "--format", "json")
        #expect(list.status == 0, "\(list)")
        #expect(try jsonObjects(list).isEmpty)
        let inventories = try folder.bourse("inventories", "--format", "json")
        #expect(try jsonObjects(inventories).isEmpty)

        // The real import afterwards is not "already imported".
        let real = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31")
        #expect(real.status == 0)
        #expect(real.stdout.contains("inventaire n° 1"), "\(real)")
    }

    @Test func strictWithABadRowImportsNothing() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31", "--strict")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur :"), "\(run)")
        #expect(run.stderr.contains("--strict"), "\(run)")
        #expect(run.stdout.contains("drancy.csv:3"), "the reject is still shown: \(run)")
        #expect(run.hasNoBacktrace)

        let list = try folder.bourse("premises", "--format", "json")
        #expect(try jsonObjects(list).isEmpty)
        let inventories = try folder.bourse("inventories", "--format", "json")
        #expect(try jsonObjects(inventories).isEmpty)
    }

    @Test func premisesAsCSVForFrenchExcel() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        let run = try folder.bourse("premises", "--format", "csv")
        #expect(run.status == 0, "\(run)")
        let bytes = [UInt8](run.stdoutBytes)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 3, "\(lines)")
        let header = try #require(lines.first).components(separatedBy: ";")
        #expect(header.starts(with: ["N°", "Commune", "Code INSEE"]))
        #expect(header.contains("Surface (m²)"))
        let d3 = try #require(lines.first { $0.contains("D-003") }).components(separatedBy: ";")
        #expect(d3.count == header.count)
        let surfaceIndex = try #require(header.firstIndex(of: "Surface (m²)"))
        #expect(d3[surfaceIndex] == "80,5", "decimal comma")
    }

    @Test func premisesAsJSON() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        let run = try folder.bourse("premises", "--format", "json")
        #expect(run.status == 0, "\(run)")
        let objects = try jsonObjects(run)
        #expect(objects.count == 2)
        let keys = ["numero", "commune", "code_insee", "source", "reference", "adresse", "type", "surface_m2",
                    "loyer_mensuel", "loyer_m2_an", "statut", "statut_depuis", "propose_depuis"]
        for object in objects {
            for key in keys {
                #expect(object[key] != nil, "missing \(key) in \(object)")
            }
        }
        let d1 = try #require(objects.first { $0["reference"] as? String == "D-001" })
        #expect(d1["commune"] as? String == "Drancy")
        #expect(d1["code_insee"] as? String == "93029")
        #expect(d1["source"] as? String == "drancy")
        #expect((d1["surface_m2"] as? NSNumber)?.doubleValue == 50)
        #expect((d1["loyer_mensuel"] as? NSNumber)?.doubleValue == 500)
        #expect((d1["loyer_m2_an"] as? NSNumber)?.doubleValue == 120)
        #expect(d1["statut"] as? String == "disponible")
        #expect(d1["propose_depuis"] as? String == "2026-03-31")
        let d3 = try #require(objects.first { $0["reference"] as? String == "D-003" })
        #expect(d3["loyer_mensuel"] is NSNull)
    }

    @Test func premisesFilteredByCommune() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        try folder.write("bourget.csv", bourgetCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        #expect(try folder.bourse("import", "bourget.csv", "--source", "Le Bourget", "--date", "2026-04-15").status == 0)

        for commune in ["LE BOURGET", "le bourget", "93013", "93350"] {
            let run = try folder.bourse("premises", "--commune", commune, "--format", "json")
            #expect(run.status == 0, "\(commune): \(run)")
            let objects = try jsonObjects(run)
            #expect(objects.compactMap { $0["reference"] as? String }.sorted() == ["LB-01", "LB-02"], "\(commune)")
        }
        let text = try folder.bourse("premises", "--commune", "LE BOURGET")
        #expect(text.status == 0)
        #expect(text.stdout.contains("LB-01") && !text.stdout.contains("D-001"))
        #expect(text.stdout.contains("2 local(aux)"), "\(text)")

        let all = try folder.bourse("premises", "--format", "json")
        #expect(try jsonObjects(all).count == 4)

        let unknown = try folder.bourse("premises", "--commune", "Paris")
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("commune « Paris » inconnue"))
    }

    @Test func setStatusThenShowTellsTheHistory() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        let list = try jsonObjects(folder.bourse("premises", "--format", "json"))
        let d1 = try #require(list.first { $0["reference"] as? String == "D-001" })
        let number = try #require((d1["numero"] as? NSNumber)?.intValue)

        let set = try folder.bourse("premises", "set-status", String(number), "réservé", "--date", "2026-04-10", "--reason", "visite avec l'association")
        #expect(set.status == 0, "\(set)")
        #expect(set.stdout.contains("Local \(number) : statut « réservé » depuis le 10/04/2026"), "\(set)")

        let show = try folder.bourse("premises", "show", String(number))
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("Référence : D-001"), "\(show)")
        #expect(show.stdout.contains("Statut : réservé"), "\(show)")
        #expect(show.stdout.contains("Historique :"))
        #expect(show.stdout.contains("10/04/2026  statut : disponible → reserve"), "\(show)")
        #expect(show.stdout.contains("visite avec l'association"), "\(show)")

        let json = try folder.bourse("premises", "show", String(number), "--format", "json")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        #expect(object["statut"] as? String == "reserve")
        let history = try #require(object["historique"] as? [[String: Any]])
        #expect(history.count == 1)
        #expect(history.first?["apres"] as? String == "reserve")

        // Same status again, or placed by hand: refused with exit 1.
        let again = try folder.bourse("premises", "set-status", String(number), "réservé")
        #expect(again.status == 1, "\(again)")
        #expect(again.stderr.contains("déjà"))
        let placed = try folder.bourse("premises", "set-status", String(number), "attribué")
        #expect(placed.status == 1, "\(placed)")
        #expect(placed.stderr.contains("bourse place"))
        let unknown = try folder.bourse("premises", "show", "999")
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("local « 999 » introuvable"))
    }

    @Test func demoBuildsAFreshDatabaseAndRefusesANonEmptyFolder() throws {
        let folder = try WorkFolder()
        let output = folder.file("demo")
        let run = try folder.bourse("demo", "--output", output)
        #expect(run.status == 0, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stdout.contains("Total :"), "\(run)")
        #expect(FileManager.default.fileExists(atPath: output + "/bourse.sqlite"))
        let files = try FileManager.default.contentsOfDirectory(atPath: output)
        let rejects = files.filter { $0.hasSuffix(".rejets.csv") }
        #expect(!rejects.isEmpty, "\(files)")
        // The samples are never modified: no rejects file beside them.
        let samples = try #require(BourseResources.directory())
        let sampleFiles = try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("communes").path)
        #expect(!sampleFiles.contains { $0.hasSuffix(".rejets.csv") }, "\(sampleFiles)")

        // The demo database is usable afterwards.
        let list = try folder.bourse("premises", "--db", output + "/bourse.sqlite", "--format", "json")
        #expect(list.status == 0)
        #expect(try !jsonObjects(list).isEmpty)

        let second = try folder.bourse("demo", "--output", output)
        #expect(second.status == 1, "\(second)")
        #expect(second.stderr.hasPrefix("erreur :"), "\(second)")
        #expect(second.stderr.contains("n'est pas vide"), "\(second)")
        #expect(second.hasNoBacktrace)
    }

    @Test func bourseDBEnvironmentVariableIsHonoured() throws {
        let folder = try WorkFolder()
        let environment = ["BOURSE_DB": folder.file("autre.sqlite")]
        let initRun = try folder.bourse("init", environment: environment)
        #expect(initRun.status == 0, "\(initRun)")
        #expect(folder.exists("autre.sqlite"))
        #expect(!folder.exists("bourse.sqlite"))
        #expect(initRun.stdout.contains("autre.sqlite"))

        try folder.write("drancy.csv", drancyCSV)
        let imported = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31", environment: environment)
        #expect(imported.status == 0, "\(imported)")
        #expect(!folder.exists("bourse.sqlite"))
        let list = try folder.bourse("premises", "--format", "json", environment: environment)
        #expect(try jsonObjects(list).count == 2)

        // Without the variable, the default database does not exist.
        let without = try folder.bourse("premises")
        #expect(without.status == 1)
        #expect(without.stderr.contains("bourse init"))

        // --db wins over the variable.
        let explicit = try folder.bourse("init", "--db", folder.file("troisieme.sqlite"), environment: environment)
        #expect(explicit.status == 0)
        #expect(folder.exists("troisieme.sqlite"))
    }

    @Test func severalFilesGoOnAfterABadOneAndFailAtTheEnd() throws {
        let folder = try initialised()
        try folder.write("drancy-2026-03-31.csv", drancyCSV)
        try folder.write("sans-en-tete-2026-03-31.csv", "Nom;Adresse\nLocal;1 rue\n")
        try folder.write("le-bourget-2026-04-15.csv", bourgetCSV)
        let run = try folder.bourse("import", "sans-en-tete-2026-03-31.csv", "le-bourget-2026-04-15.csv", "--source", "le-bourget")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("sans-en-tete-2026-03-31.csv"), "\(run)")
        #expect(run.stdout.contains("le-bourget-2026-04-15.csv → source « le-bourget », inventaire n° 1 du 15/04/2026"), "\(run)")
        #expect(run.hasNoBacktrace)
    }

    @Test func aMissingFileAmongSeveralDoesNotStopTheOthers() throws {
        let folder = try initialised()
        try folder.write("le-bourget-2026-04-15.csv", bourgetCSV)
        let run = try folder.bourse("import", "absent-2026-03-31.csv", "le-bourget-2026-04-15.csv", "--source", "le-bourget")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("absent-2026-03-31.csv"), "\(run)")
        #expect(run.hasNoBacktrace)
        // Like any other failing file, a missing one is reported and the next files are imported.
        #expect(run.stdout.contains("le-bourget-2026-04-15.csv → source « le-bourget »"), "\(run)")
        let list = try folder.bourse("premises", "--format", "json")
        #expect(try jsonObjects(list).count == 2, "the second file was not imported: \(list.stdout)")
    }

    @Test func aNewerInventoryReportsWithdrawnAndKeptPremises() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        let list = try jsonObjects(folder.bourse("premises", "--format", "json"))
        let d1 = try #require(list.first { $0["reference"] as? String == "D-001" })
        let number = try #require((d1["numero"] as? NSNumber)?.intValue)
        #expect(try folder.bourse("premises", "set-status", String(number), "réservé", "--date", "2026-04-01").status == 0)

        // June: D-001 and D-003 absent, D-004 new.
        try folder.write("juin.csv", "Référence;Commune;Surface\nD-004;Drancy;30\n")
        let run = try folder.bourse("import", "juin.csv", "--source", "drancy", "--date", "2026-06-30")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("nouveaux 1"), "\(run)")
        #expect(run.stdout.contains("retirés car absents de l'inventaire : 1 ; absents mais conservés car réservés ou attribués : 1"), "\(run)")

        let reserved = try folder.bourse("premises", "--status", "réservé", "--format", "json")
        #expect(try jsonObjects(reserved).compactMap { $0["reference"] as? String } == ["D-001"])
        let withdrawn = try folder.bourse("premises", "--status", "retiré", "--format", "json")
        #expect(try jsonObjects(withdrawn).compactMap { $0["reference"] as? String } == ["D-003"])

        // Older than June: refused with the hint, exit 1.
        try folder.write("avril.csv", "Référence;Commune;Surface\nD-009;Drancy;30\n")
        let older = try folder.bourse("import", "avril.csv", "--source", "drancy", "--date", "2026-04-30")
        #expect(older.status == 1, "\(older)")
        #expect(older.stderr.contains("--allow-older"), "\(older)")
        let historical = try folder.bourse("import", "avril.csv", "--source", "drancy", "--date", "2026-04-30", "--allow-older")
        #expect(historical.status == 0, "\(historical)")
        #expect(historical.stdout.contains("inventaire historique"), "\(historical)")
    }

    @Test func aCleanReimportLeavesNoStaleRejectsFile() throws {
        let folder = try initialised()
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31").status == 0)
        #expect(folder.exists("drancy.rejets.csv"))

        // The commune fixes its file and sends it again: no reject any more.
        try folder.write("drancy.csv", """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel
            D-001;Drancy;1 rue de la République;bureau;50;500
            D-002;Drancy;2 rue de la Paix;bureau;40;100
            D-003;Drancy;3 rue Anatole France;atelier;80,5;

            """)
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-04-30")
        #expect(run.status == 0, "\(run)")
        #expect(!run.stdout.contains("rejetés"), "\(run)")
        // drancy.rejets.csv must not still list the rejects of the previous file.
        if folder.exists("drancy.rejets.csv") {
            let text = String(decoding: try folder.contents("drancy.rejets.csv"), as: UTF8.self)
            #expect(!text.contains("=1+1"), "stale rejects file left beside the input: \(text)")
        }
    }

    @Test func sourcesListsTheEightCommunes() throws {
        let folder = try initialised()
        let run = try folder.bourse("sources", "--format", "json")
        #expect(run.status == 0, "\(run)")
        let objects = try jsonObjects(run)
        #expect(objects.count == 8)
        #expect(objects.contains { $0["identifiant"] as? String == "tremblay-en-france" })
    }
}
