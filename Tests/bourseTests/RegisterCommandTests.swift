import BourseResources
import Foundation
import Testing

private let structuresCSV = """
    Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;Contact;Commune;Remarques
    S001;Ressourcerie La Trame;537 205 791 00099;Association loi 1901;9220;Réemploi;14,5;2024;Nadia Benkirane;Aulnay-sous-Bois;Boutique solidaire
    S002;Épicerie Le Panier;30429270900025;Association;;Alimentation;3,2;;Fatoumata Diallo;Aulnay;
    S003;=Agence postale;35600000001000;Société anonyme;;Services à la personne;4;;;Villepinte;

    """

/// S001's ETP and contact changed, S004 new.
private let structuresV2CSV = """
    Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;Contact;Commune;Remarques
    S001;Ressourcerie La Trame;537 205 791 00099;Association loi 1901;9220;Réemploi;16;2024;Nadia Benkirane (présidente);Aulnay-sous-Bois;Boutique solidaire
    S002;Épicerie Le Panier;30429270900025;Association;;Alimentation;3,2;;Fatoumata Diallo;Aulnay;
    S003;=Agence postale;35600000001000;Société anonyme;;Services à la personne;4;;;Villepinte;
    S004;Atelier vélo Roue Libre;575 687 074 00196;;9220;Mobilité;2;2025;Thomas Lefèvre;Sevran;

    """

private let needsCSV = """
    Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Disponible à partir du;Durée minimale (mois);PMR requis;Baux acceptés;Date de la demande;Statut;Remarques
    B001;S001;300;600;2 500 €;Aulnay-sous-Bois|Sevran;stockage|activité;01/03/2026;36;non;bail associatif;12/05/2025;Actif;Entrepôt
    B002;304 292 709 00025;60;120;900,50;Aulnay, Sevran;commerce;;;oui;;03/06/2025;actif;
    B003;35600000001000;30;60;800;;bureau;;;;;;Satisfait;
    B004;S999;50;100;700;Drancy;bureau;;;;;;Actif;

    """

/// B001 satisfied.
private let needsV2CSV = """
    Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Disponible à partir du;Durée minimale (mois);PMR requis;Baux acceptés;Date de la demande;Statut;Remarques
    B001;S001;300;600;2 500 €;Aulnay-sous-Bois|Sevran;stockage|activité;01/03/2026;36;non;bail associatif;12/05/2025;Satisfait;Entrepôt
    B002;304 292 709 00025;60;120;900,50;Aulnay, Sevran;commerce;;;oui;;03/06/2025;actif;

    """

/// The lines of a French CSV output: BOM checked and removed, CRLF split.
private func csvLines(_ run: CLIRun, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    let bytes = [UInt8](run.stdoutBytes)
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM", sourceLocation: sourceLocation)
    let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
}

private func jsonObject(_ run: CLIRun) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: run.stdoutBytes)
    return try #require(value as? [String: Any], "not an object: \(run.stdout)")
}

@Suite("bourse structures / bourse needs")
struct RegisterCommandTests {
    private func initialised() throws -> WorkFolder {
        let folder = try WorkFolder()
        let run = try folder.bourse("init")
        try #require(run.status == 0, "\(run)")
        return folder
    }

    /// A folder with both registers imported.
    private func loaded() throws -> WorkFolder {
        let folder = try initialised()
        try folder.write("structures.csv", structuresCSV)
        try folder.write("besoins.csv", needsCSV)
        let structures = try folder.bourse("structures", "import", "structures.csv")
        try #require(structures.status == 0, "\(structures)")
        let needs = try folder.bourse("needs", "import", "besoins.csv")
        try #require(needs.status == 0, "\(needs)")
        return folder
    }

    // MARK: Import

    @Test func importPrintsTheSummaryAndWritesTheRejectsFile() throws {
        let folder = try initialised()
        try folder.write("structures.csv", structuresCSV)
        let structures = try folder.bourse("structures", "import", "structures.csv")
        #expect(structures.status == 0, "\(structures)")
        #expect(structures.hasNoBacktrace)
        #expect(structures.stdout.contains("structures.csv → registre des structures, import n° 1"), "\(structures)")
        #expect(structures.stdout.contains("3 enregistrement(s)"), "\(structures)")
        #expect(structures.stdout.contains("acceptés : 3 — nouveaux 3, modifiés 0, inchangés 0"), "\(structures)")
        #expect(!structures.stdout.contains("rejetés"), "\(structures)")
        #expect(structures.stdout.contains("« Société anonyme » non reconnue"), "the warning is shown: \(structures)")

        try folder.write("besoins.csv", needsCSV)
        let needs = try folder.bourse("needs", "import", "besoins.csv")
        #expect(needs.status == 0, "\(needs)")
        #expect(needs.stdout.contains("besoins.csv → registre des besoins, import n° 2"), "\(needs)")
        #expect(needs.stdout.contains("acceptés : 3 — nouveaux 3, modifiés 0, inchangés 0"), "\(needs)")
        #expect(needs.stdout.contains("rejetés : 1"), "\(needs)")
        #expect(needs.stdout.contains("besoins.csv:5: erreur : [Structure]"), "\(needs)")
        #expect(needs.stdout.contains("S999"), "\(needs)")

        #expect(folder.exists("besoins.rejets.csv"))
        let bytes = [UInt8](try folder.contents("besoins.rejets.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.last?.hasPrefix("besoins.csv;5;Structure;") == true, "\(lines)")

        // The same files again.
        let again = try folder.bourse("structures", "import", "structures.csv")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("déjà importé (import n° 1 des structures)"), "\(again)")
        let needsAgain = try folder.bourse("needs", "import", "besoins.csv")
        #expect(needsAgain.status == 0, "\(needsAgain)")
        #expect(needsAgain.stdout.contains("déjà importé (import n° 2 des besoins)"), "\(needsAgain)")
    }

    @Test func needsImportBeforeStructuresRejectsEveryRowAndExitsOne() throws {
        let folder = try initialised()
        try folder.write("besoins.csv", needsCSV)
        let run = try folder.bourse("needs", "import", "besoins.csv")
        #expect(run.status == 1, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stderr.contains("aucune ligne acceptée"), "\(run)")
        #expect(run.stderr.contains("4 rejetée(s)"), "\(run)")
        #expect(run.stdout.contains("importez d'abord les structures"), "\(run)")

        let list = try folder.bourse("needs", "list", "--format", "json")
        #expect(list.status == 0, "\(list)")
        #expect(try jsonObjects(list).isEmpty)
    }

    @Test func dryRunWritesNothing() throws {
        let folder = try initialised()
        try folder.write("structures.csv", structuresCSV)
        let run = try folder.bourse("structures", "import", "structures.csv", "--dry-run")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("SIMULATION (--dry-run)"), "\(run)")
        #expect(run.stdout.contains("nouveaux 3"), "\(run)")
        let list = try folder.bourse("structures", "list", "--format", "json")
        #expect(try jsonObjects(list).isEmpty)
        // Not marked as imported either.
        let real = try folder.bourse("structures", "import", "structures.csv")
        #expect(real.stdout.contains("nouveaux 3"), "\(real)")
    }

    @Test func strictImportWithARejectExitsOneAndWritesNothing() throws {
        let folder = try initialised()
        try folder.write("structures.csv", structuresCSV)
        try #require(try folder.bourse("structures", "import", "structures.csv").status == 0)
        try folder.write("besoins.csv", needsCSV)
        let run = try folder.bourse("needs", "import", "besoins.csv", "--strict")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("--strict"), "\(run)")
        #expect(try jsonObjects(folder.bourse("needs", "list", "--format", "json")).isEmpty)
    }

    // MARK: Listings

    @Test func structuresListInTheThreeFormats() throws {
        let folder = try loaded()

        let text = try folder.bourse("structures", "list")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("Référence"))
        #expect(text.stdout.contains("Ressourcerie La Trame"))
        #expect(text.stdout.contains("Aulnay-sous-Bois"))
        #expect(text.stdout.contains("3 structure(s)"))
        #expect(try folder.bourse("structures").stdout == text.stdout, "list is the default subcommand")

        let csv = try folder.bourse("structures", "list", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        let lines = csvLines(csv)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.first?.hasPrefix("Référence;Nom;SIRET;Forme juridique;") == true, "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix("S001;Ressourcerie La Trame;53720579100099;association;") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains(";14,5;2024;") == true, "decimal comma: \(lines)")
        #expect(lines.last?.hasPrefix("S003;'=Agence postale;") == true, "formula neutralised: \(lines)")

        let json = try folder.bourse("structures", "list", "--format", "json")
        #expect(json.status == 0, "\(json)")
        let objects = try jsonObjects(json)
        #expect(objects.map { $0["reference"] as? String } == ["S001", "S002", "S003"])
        let s1 = try #require(objects.first)
        #expect(s1["siret"] as? String == "53720579100099")
        #expect(s1["forme_juridique"] as? String == "association")
        #expect(s1["secteur"] as? String == "reemploi")
        #expect(s1["etp"] as? Double == 14.5)
        #expect(s1["laureat"] as? Int == 2024)
        #expect(s1["code_insee"] as? String == "93005")
        #expect(s1["besoins"] as? Int == 1)
        #expect(s1["besoins_actifs"] as? Int == 1)
        let s3 = try #require(objects.last)
        #expect(s3["forme_juridique"] as? String == "autre")
        #expect(s3["forme_juridique_libelle"] as? String == "Société anonyme")
        #expect(s3["laureat"] is NSNull)
    }

    @Test func needsListInTheThreeFormats() throws {
        let folder = try loaded()

        let text = try folder.bourse("needs", "list")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("B001"))
        #expect(text.stdout.contains("toutes"), "B003 accepts any commune: \(text)")
        #expect(text.stdout.contains("3 besoin(s)"))

        let csv = try folder.bourse("needs", "list", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        let lines = csvLines(csv)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.first?.hasPrefix("Référence;Structure;Nom de la structure;Surface min (m²);Surface max (m²);") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains("Aulnay-sous-Bois | Sevran") == true, "\(lines)")
        #expect(lines.dropFirst(2).first?.contains(";900,5;") == true, "decimal comma: \(lines)")

        let json = try folder.bourse("needs", "list", "--format", "json")
        #expect(json.status == 0, "\(json)")
        let objects = try jsonObjects(json)
        #expect(objects.map { $0["reference"] as? String } == ["B001", "B002", "B003"])
        #expect(objects.map { $0["structure"] as? String } == ["S001", "S002", "S003"])
        let b1 = try #require(objects.first)
        #expect(b1["communes"] as? [String] == ["93005", "93071"])
        #expect(b1["types"] as? [String] == ["stockage", "activite"])
        #expect(b1["baux"] as? [String] == ["bail_associatif"])
        #expect(b1["budget_mensuel"] as? Double == 2500)
        #expect(b1["surface_min_m2"] as? Double == 300)
        #expect(b1["disponible_le"] as? String == "2026-03-01")
        #expect(b1["pmr_requis"] as? Bool == false)
        #expect(b1["statut"] as? String == "actif")
        #expect(objects.last?["communes"] as? [String] == [])

        let satisfied = try folder.bourse("needs", "list", "--status", "satisfait", "--format", "json")
        #expect(satisfied.status == 0, "\(satisfied)")
        #expect(try jsonObjects(satisfied).map { $0["reference"] as? String } == ["B003"])
        let active = try folder.bourse("needs", "list", "--status", "actif", "--format", "json")
        #expect(try jsonObjects(active).map { $0["reference"] as? String } == ["B001", "B002"])
    }

    // MARK: Show and history

    @Test func showWithHistoryAfterReimport() throws {
        let folder = try loaded()
        let before = try folder.bourse("structures", "show", "S001")
        #expect(before.status == 0, "\(before)")
        #expect(before.stdout.contains("Ressourcerie La Trame"))
        #expect(before.stdout.contains("B001"))
        #expect(before.stdout.contains("aucun changement"), "\(before)")

        try folder.write("structures-v2.csv", structuresV2CSV)
        let reimport = try folder.bourse("structures", "import", "structures-v2.csv")
        #expect(reimport.status == 0, "\(reimport)")
        #expect(reimport.stdout.contains("acceptés : 4 — nouveaux 1, modifiés 1, inchangés 2"), "\(reimport)")

        let show = try folder.bourse("structures", "show", "S001")
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("Historique"))
        #expect(show.stdout.contains("etp : 14.5 → 16") || show.stdout.contains("etp : 14,5 → 16"), "\(show)")
        #expect(show.stdout.contains("contact : Nadia Benkirane → Nadia Benkirane (présidente)"), "\(show)")
        #expect(show.stdout.contains("structures-v2.csv"), "the cause names the file: \(show)")

        // By SIRET, written with spaces.
        let bySiret = try folder.bourse("structures", "show", "537 205 791 00099")
        #expect(bySiret.status == 0, "\(bySiret)")
        #expect(bySiret.stdout == show.stdout)

        let json = try folder.bourse("structures", "show", "S001", "--format", "json")
        #expect(json.status == 0, "\(json)")
        let object = try jsonObject(json)
        #expect(object["reference"] as? String == "S001")
        #expect(object["etp"] as? Double == 16)
        let needs = try #require(object["besoins"] as? [[String: Any]])
        #expect(needs.map { $0["reference"] as? String } == ["B001"])
        let history = try #require(object["historique"] as? [[String: Any]])
        #expect(history.map { $0["champ"] as? String } == ["etp", "contact"])
        #expect(history.first?["avant"] as? String == "14.5")
        #expect(history.first?["apres"] as? String == "16")
        #expect((history.first?["cause"] as? String)?.contains("structures-v2.csv") == true)

        // A need's history.
        try folder.write("besoins-v2.csv", needsV2CSV)
        let needsReimport = try folder.bourse("needs", "import", "besoins-v2.csv")
        #expect(needsReimport.status == 0, "\(needsReimport)")
        #expect(needsReimport.stdout.contains("modifiés 1, inchangés 1"), "\(needsReimport)")
        let needShow = try folder.bourse("needs", "show", "B001")
        #expect(needShow.status == 0, "\(needShow)")
        #expect(needShow.stdout.contains("statut : actif → satisfait"), "\(needShow)")
        let needJSON = try jsonObject(folder.bourse("needs", "show", "B001", "--format", "json"))
        #expect(needJSON["statut"] as? String == "satisfait")
        #expect((needJSON["historique"] as? [[String: Any]])?.map { $0["champ"] as? String } == ["statut"])
    }

    @Test func showOfAnUnknownKeyExitsOne() throws {
        let folder = try loaded()
        let structure = try folder.bourse("structures", "show", "S999")
        #expect(structure.status == 1, "\(structure)")
        #expect(structure.stderr.contains("structure « S999 » introuvable"), "\(structure)")
        #expect(structure.hasNoBacktrace)
        let need = try folder.bourse("needs", "show", "B004")
        #expect(need.status == 1, "\(need)")
        #expect(need.stderr.contains("besoin « B004 » introuvable"), "\(need)")
    }

    // MARK: Mapping profiles

    @Test func mappingProfileForARegisterWithOwnHeaders() throws {
        let folder = try initialised()
        try folder.write("registre.csv", """
            Code;Dénom.;N° d'identification;Type juridique
            S1;La Trame;73282932000074;SCOP

            """)
        let without = try folder.bourse("structures", "import", "registre.csv")
        #expect(without.status == 1, "\(without)")
        #expect(without.stderr.contains("ligne d'en-tête introuvable"), "\(without)")
        #expect(without.hasNoBacktrace)

        try folder.write("profil.json", """
            {"colonnes": {"Code": "reference", "Dénom.": "nom", "N° d'identification": "siret", "Type juridique": "forme_juridique"}}
            """)
        let with = try folder.bourse("structures", "import", "registre.csv", "--mapping", "profil.json")
        #expect(with.status == 0, "\(with)")
        #expect(with.stdout.contains("nouveaux 1"), "\(with)")
        let objects = try jsonObjects(folder.bourse("structures", "list", "--format", "json"))
        #expect(objects.first?["reference"] as? String == "S1")
        #expect(objects.first?["forme_juridique"] as? String == "scop")

        try folder.write("mauvais.json", #"{"colonnes": {"Code": "surface"}}"#)
        let bad = try folder.bourse("structures", "import", "registre.csv", "--mapping", "mauvais.json")
        #expect(bad.status == 1, "\(bad)")
        #expect(bad.stderr.contains("champ « surface » inconnu"), "\(bad)")
    }

    // MARK: Errors and usage

    @Test func withoutDatabaseTheCommandsAskForInit() throws {
        let folder = try WorkFolder()
        for arguments in [["structures", "list"], ["needs", "list"], ["structures", "show", "S001"]] {
            let run = try folder.run(arguments)
            #expect(run.status == 1, "\(arguments): \(run)")
            #expect(run.stderr.contains("bourse init"), "\(run)")
        }
        #expect(!folder.exists("bourse.sqlite"))
    }

    @Test func missingFileExitsOne() throws {
        let folder = try initialised()
        let run = try folder.bourse("structures", "import", "absent.csv")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("absent.csv"), "\(run)")
        #expect(run.hasNoBacktrace)
    }

    @Test("Bad usage exits 2", arguments: [
        ["structures", "list", "--format", "xml"],
        ["needs", "list", "--format", "yaml"],
        ["needs", "list", "--status", "inconnu"],
        ["structures", "import"],
        ["needs", "import"],
        ["structures", "show"],
        ["needs", "show"],
        ["structures", "import", "structures.csv", "--inconnue"],
        ["needs", "list", "en-trop"],
    ])
    func badUsage(arguments: [String]) throws {
        let folder = try initialised()
        try folder.write("structures.csv", structuresCSV)
        let run = try folder.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run)")
        #expect(run.hasNoBacktrace)
        #expect(!run.stderr.isEmpty)
    }

    @Test func helpDescribesTheRegisters() throws {
        let folder = try WorkFolder()
        let structures = try folder.bourse("structures", "import", "--help")
        #expect(structures.status == 0)
        #expect(structures.stdout.contains("--dry-run"))
        #expect(structures.stdout.contains("--mapping"))
        let needs = try folder.bourse("needs", "import", "--help")
        #expect(needs.status == 0)
        #expect(needs.stdout.contains("« | » ou « , »"), "\(needs)")
    }

    // MARK: The samples

    @Test func theSampleRegistersEndToEnd() throws {
        let structuresURL = try #require(BourseResources.url("structures.csv"), "Imports/ bundle not found")
        let needsURL = try #require(BourseResources.url("besoins.csv"))
        let folder = try initialised()
        try FileManager.default.copyItem(at: structuresURL, to: folder.url.appendingPathComponent("structures.csv"))
        try FileManager.default.copyItem(at: needsURL, to: folder.url.appendingPathComponent("besoins.csv"))

        let structures = try folder.bourse("structures", "import", "structures.csv")
        #expect(structures.status == 0, "\(structures)")
        #expect(structures.stdout.contains("acceptés : 39 — nouveaux 39"), "\(structures)")
        #expect(structures.stdout.contains("rejetés : 7"), "\(structures)")
        let needs = try folder.bourse("needs", "import", "besoins.csv")
        #expect(needs.status == 0, "\(needs)")
        #expect(needs.stdout.contains("acceptés : 50 — nouveaux 50"), "\(needs)")
        #expect(needs.stdout.contains("rejetés : 7"), "\(needs)")

        #expect(try jsonObjects(folder.bourse("structures", "list", "--format", "json")).count == 39)
        #expect(try jsonObjects(folder.bourse("needs", "list", "--format", "json")).count == 50)
        #expect(try jsonObjects(folder.bourse("needs", "list", "--status", "actif", "--format", "json")).count == 45)
        let laPoste = try folder.bourse("structures", "show", "35600000001000", "--format", "json")
        #expect(try jsonObject(laPoste)["reference"] as? String == "S034")
    }
}
