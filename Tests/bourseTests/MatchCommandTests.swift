import BourseStore
import Foundation
import Testing

/// Four premises in Drancy: D-001 and D-004 offices, D-002 a shop, D-003 a workshop without rent.
private let matchInventoryCSV = """
    Référence;Commune;Adresse;Type;Surface;Loyer mensuel
    D-001;Drancy;1 rue de la République;bureau;50;500
    D-002;Drancy;2 avenue Jean Jaurès;commerce;100;1000
    D-003;Drancy;3 rue Anatole France;atelier;80;
    D-004;Drancy;4 rue Roger Salengro;bureau;45;450

    """

private let matchStructuresCSV = """
    Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;Contact;Commune;Remarques
    S001;Ressourcerie La Trame;;Association;;Réemploi;5;2025;;Drancy;
    S002;Épicerie Le Panier;;Association;;Alimentation;10;;;Drancy;
    S003;Atelier vélo Roue Libre;;Association;;Mobilité;2;;;Drancy;

    """

/// B001 (laureate) and B005 (2 ETP) want 40–60 m² of office; B002 (10 ETP) 40–120 m² of office or
/// shop; B003 is satisfied; B004 wants 300–400 m², which nothing offers.
private let matchNeedsCSV = """
    Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Disponible à partir du;Durée minimale (mois);PMR requis;Baux acceptés;Date de la demande;Statut;Remarques
    B001;S001;40;60;800;Drancy;bureau;;;;;01/02/2025;Actif;
    B002;S002;40;120;1200;Drancy;bureau|commerce;;;;;01/03/2025;Actif;
    B003;S003;40;60;800;Drancy;bureau;;;;;;Satisfait;
    B004;S003;300;400;;Drancy;;;;;;;Actif;
    B005;S003;40;60;600;Drancy;bureau;;;;;;Actif;

    """

private func jsonObject(_ run: CLIRun) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: run.stdoutBytes)
    return try #require(value as? [String: Any], "not a JSON object: \(run)")
}

private func number(_ value: Any?) -> Double? {
    switch value {
    case let value as Double: value
    case let value as Int: Double(value)
    case let value as NSNumber: value.doubleValue
    default: nil
    }
}

/// The MatchingRules article end to end: `bourse match`, `explain`, `rounds`, `round show|export`,
/// `solve` and `place`.
@Suite("bourse match / explain / rounds / place (MatchingRules)")
struct MatchCommandTests {
    /// A folder with the territory, the inventory and both registers; returns the premises numbers by reference.
    private func loaded() throws -> (WorkFolder, [String: Int]) {
        let folder = try WorkFolder()
        let initialise = try folder.bourse("init")
        try #require(initialise.status == 0, "\(initialise)")
        try folder.write("drancy.csv", matchInventoryCSV)
        try folder.write("structures.csv", matchStructuresCSV)
        try folder.write("besoins.csv", matchNeedsCSV)
        for arguments in [["import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31"],
                          ["structures", "import", "structures.csv"], ["needs", "import", "besoins.csv"]] {
            let run = try folder.run(arguments)
            try #require(run.status == 0, "\(arguments): \(run)")
        }
        let list = try folder.bourse("premises", "--format", "json")
        try #require(list.status == 0, "\(list)")
        var numbers: [String: Int] = [:]
        for object in try jsonObjects(list) {
            let reference = try #require(object["reference"] as? String)
            numbers[reference] = Int(try #require(number(object["numero"])))
        }
        try #require(numbers.count == 4, "\(numbers)")
        return (folder, numbers)
    }

    private func database(_ folder: WorkFolder) throws -> BourseDatabase {
        try BourseDatabase.open(path: folder.file("bourse.sqlite"))
    }

    private func match(_ folder: WorkFolder, _ extra: String...) throws -> CLIRun {
        try folder.run(["match", "--date", "2026-06-01"] + extra)
    }

    // MARK: bourse match, bourse rounds

    @Test("bourse match prints « Tour d'appariement n° 1 », stores the round, and bourse rounds lists it")
    func matchStoresTheRound() throws {
        let (folder, numbers) = try loaded()
        let run = try match(folder, "--seed", "3")
        #expect(run.status == 0, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stdout.contains("Tour d'appariement n° 1 du 01/06/2026 — stratégie stable, graine 3, tolérance 10 %"), "\(run)")
        #expect(run.stdout.contains("4 besoin(s) actif(s), 4 local(aux) disponible(s), 2 proposition(s)"), "\(run)")
        #expect(run.stdout.contains("Ressourcerie La Trame"), "\(run)")
        #expect(run.stdout.contains("Sans proposition (2) :"), "\(run)")
        #expect(run.stdout.contains("B005  les 2 local(aux) qui lui convenaient sont allés à des structures prioritaires pour ces locaux"), "\(run)")
        #expect(run.stdout.contains("B004  aucun des 4 local(aux) disponibles dans les communes demandées ne convient"), "\(run)")
        #expect(run.stdout.contains("bourse place --round 1 --accept"), "\(run)")

        let db = try database(folder)
        let rounds = try db.rounds()
        #expect(rounds.count == 1)
        #expect(rounds.first?.strategy == "stable")
        #expect(rounds.first?.seed == 3)
        let (_, proposals) = try db.round(1)
        #expect(proposals.map(\.needReference) == ["B001", "B002"])
        #expect(proposals.map { Int($0.premisesID) } == [numbers["D-001"], numbers["D-004"]])

        let list = try folder.bourse("rounds")
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("01/06/2026"), "\(list)")
        #expect(list.stdout.contains("stable"), "\(list)")
        #expect(list.stdout.contains(String(rounds.first?.inputHash.prefix(16) ?? "?")), "\(list)")

        let show = try folder.bourse("round", "show", "1")
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("Tour n° 1 du 01/06/2026 — stratégie stable, graine 3"), "\(show)")
        #expect(show.stdout.contains("D-001") && show.stdout.contains("D-004"), "\(show)")
        #expect(show.stdout.contains("Sans proposition (2) :"), "\(show)")

        // The same data and seed: the same proposals and fingerprint.
        let again = try match(folder, "--seed", "3")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("Tour d'appariement n° 2"), "\(again)")
        let both = try db.rounds()
        #expect(both.count == 2)
        #expect(both[0].inputHash == both[1].inputHash)
        #expect(try db.round(2).1.map(\.premisesID) == proposals.map(\.premisesID))
    }

    @Test("bourse match --dry-run stores nothing")
    func dryRunStoresNothing() throws {
        let (folder, _) = try loaded()
        let run = try match(folder, "--dry-run")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Tour d'appariement (simulation, non enregistré) du 01/06/2026"), "\(run)")
        #expect(run.stdout.contains("2 proposition(s)"), "\(run)")
        #expect(!run.stdout.contains("bourse place --round"), "\(run)")
        #expect(try database(folder).rounds().isEmpty)
        #expect(try database(folder).premises().allSatisfy { $0.record.status == "disponible" })
        let show = try folder.bourse("round", "show", "1")
        #expect(show.status == 1, "\(show)")
        #expect(show.stderr.contains("tour d'appariement n° 1 introuvable"), "\(show)")
    }

    @Test("bourse match --strategy optimal stores an optimal round")
    func optimalStrategy() throws {
        let (folder, _) = try loaded()
        let run = try match(folder, "--strategy", "optimal")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Tour d'appariement n° 1 du 01/06/2026 — stratégie optimal"), "\(run)")
        // Worked by hand: B001 → D-001 (83,1), B002 → D-002 (71,3), B005 → D-004 (72,5): 226,9 against 83,1 + 71,6 = 154,7 in stable.
        #expect(run.stdout.contains("3 proposition(s), score total 226,9"), "\(run)")
        #expect(run.stdout.contains("Sans proposition (1) :"), "\(run)")
        let rounds = try database(folder).rounds()
        #expect(rounds.first?.strategy == "optimal")
        // The optimal total is at least the stable one on the same data.
        let stable = try match(folder)
        #expect(stable.status == 0, "\(stable)")
        let both = try database(folder).rounds()
        #expect(both.count == 2)
        #expect(both[1].totalScore >= both[0].totalScore - 1e-9, "optimal \(both[1].totalScore), stable \(both[0].totalScore)")

        // Its profile is an assignment problem whose best total is the round's.
        let export = try folder.bourse("round", "export", "1", "--profile", "o.json")
        #expect(export.status == 0, "\(export)")
        let solve = try folder.bourse("solve", "o.json")
        #expect(solve.status == 0, "\(solve)")
        let answer = try jsonObject(solve)
        let total = try #require(number(answer["total"]))
        #expect(abs(total - both[1].totalScore) < 1e-6, "solve total \(total), round \(both[1].totalScore)")
    }

    @Test("bourse match with a bad option exits 2 with a French message", arguments: [
        ["--tolerance", "150"], ["--tolerance=-1"], ["--strategy", "greedy"], ["--date", "31/02/2026"],
    ])
    func badOptionsExitTwo(arguments: [String]) throws {
        let (folder, _) = try loaded()
        let run = try folder.run(["match"] + arguments)
        #expect(run.status == 2, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(!run.stderr.isEmpty)
        if arguments.first?.hasPrefix("--tolerance") == true {
            #expect(run.stderr.contains("--tolerance doit être entre 0 et 100"), "\(run)")
        }
        #expect(try database(folder).rounds().isEmpty)
    }

    // MARK: bourse explain

    @Test("bourse explain --need lists the premises that fit, best first, and marks the proposal")
    func explainNeedListsItsPremises() throws {
        let (folder, numbers) = try loaded()
        #expect(try match(folder).status == 0)
        let run = try folder.bourse("explain", "--need", "B001")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Besoin B001 — Ressourcerie La Trame (S001), statut actif"), "\(run)")
        #expect(run.stdout.contains("paramètres du tour n° 1 (stratégie stable, graine 1, tolérance 10 %)"), "\(run)")
        #expect(run.stdout.contains("2 local(aux) lui convien(nen)t"), "\(run)")
        // 50 m² for 40–60 m² at 500 € for 800 €: 35 + 20.6 + 25 + 2.5 = 83.1; 45 m² at 450 €: 75.3.
        #expect(run.stdout.contains("1. local \(numbers["D-001"] ?? 0) — score 83,1  ← proposé"), "\(run)")
        #expect(run.stdout.contains("2. local \(numbers["D-004"] ?? 0) — score 75,3"), "\(run)")

        let b004 = try folder.bourse("explain", "--need", "B004")
        #expect(b004.status == 0, "\(b004)")
        #expect(b004.stdout.contains("0 local(aux) lui convien(nen)t"), "\(b004)")
        #expect(b004.stdout.contains("Sans proposition : aucun des 4 local(aux) disponibles dans les communes demandées ne convient"), "\(b004)")
    }

    @Test("bourse explain --premises on an ineligible premises lists the failed conditions in French")
    func explainIneligiblePremises() throws {
        let (folder, numbers) = try loaded()
        #expect(try match(folder).status == 0)
        let shop = try #require(numbers["D-002"])
        let run = try folder.bourse("explain", "--need", "B001", "--premises", String(shop))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Ce local ne lui est pas proposé : il ne remplit pas 3 condition(s) :"), "\(run)")
        #expect(run.stdout.contains("– type « commerce/RDC » non demandé"), "\(run)")
        #expect(run.stdout.contains("– trop grand : 100 m² pour 66 m² au plus (tolérance comprise)"), "\(run)")
        #expect(run.stdout.contains("– loyer 1\u{A0}000,00\u{A0}€/mois au-delà du budget de 800,00\u{A0}€"), "\(run)")
    }

    @Test("bourse explain --premises on the proposed premises says « ce local lui est proposé », and why not for another need")
    func explainProposedPremises() throws {
        let (folder, numbers) = try loaded()
        #expect(try match(folder).status == 0)
        let office = try #require(numbers["D-001"])
        let run = try folder.bourse("explain", "--need", "B001", "--premises", String(office))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Éligible. Score 83,1 sur 100 :"), "\(run)")
        #expect(run.stdout.contains("surface : 35 pt sur 35 — 50 m² dans la fourchette 40–60 m²"), "\(run)")
        #expect(run.stdout.contains("Il est son choix n° 1 sur 2."), "\(run)")
        #expect(run.stdout.contains("Résultat : ce local lui est proposé."), "\(run)")

        // B005 wanted it too: it went to a structure the premises ranks higher.
        let other = try folder.bourse("explain", "--need", "B005", "--premises", String(office))
        #expect(other.status == 0, "\(other)")
        #expect(other.stdout.contains("Pour ce local, la structure est n° 3 sur 3"), "\(other)")
        #expect(other.stdout.contains("Résultat : ce local est allé au besoin B001, que le local classe plus haut (n° 1)."), "\(other)")
    }

    // MARK: Audit: round export + solve

    @Test("MatchingRules (Audit): bourse round export then bourse solve gives back exactly the stable round's proposals")
    func exportedProfileSolvesToTheRound() throws {
        let (folder, _) = try loaded()
        #expect(try match(folder, "--seed", "11").status == 0)
        let export = try folder.bourse("round", "export", "1", "--profile", "p.json")
        #expect(export.status == 0, "\(export)")
        #expect(export.stdout.contains("Profil du tour n° 1 écrit dans p.json"), "\(export)")
        let profile = try #require(try JSONSerialization.jsonObject(with: folder.contents("p.json")) as? [String: Any])
        #expect(profile["kind"] as? String == "hospital_residents")
        #expect(profile["optimal"] as? String == "resident")

        let solve = try folder.bourse("solve", "p.json")
        #expect(solve.status == 0, "\(solve)")
        let answer = try jsonObject(solve)
        let residents = try #require(answer["resident_to_hospital"] as? [String: Any])
        var solved: [String: String] = [:]
        for (need, value) in residents {
            if let premises = value as? String { solved[need] = premises } else { #expect(value is NSNull, "\(need): \(value)") }
        }
        let (_, proposals) = try database(folder).round(1)
        let stored = Dictionary(uniqueKeysWithValues: proposals.map { ($0.needReference, String($0.premisesID)) })
        #expect(!stored.isEmpty)
        #expect(solved == stored, "solve \(solved), round \(stored)")
        #expect(Set(residents.keys) == ["B001", "B002", "B004", "B005"], "every active need is a resident")
    }

    // MARK: bourse place

    @Test("bourse place --round 1 --accept: the premises become attribué and the needs satisfait")
    func placeAcceptsTheRound() throws {
        let (folder, numbers) = try loaded()
        #expect(try match(folder).status == 0)
        let run = try folder.bourse("place", "--round", "1", "--accept", "--date", "2026-06-10")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Tour n° 1 : 2 implantation(s) enregistrée(s) le 10/06/2026."), "\(run)")

        let premises = try folder.bourse("premises", "--status", "attribué")
        #expect(premises.status == 0, "\(premises)")
        #expect(premises.stdout.contains("D-001") && premises.stdout.contains("D-004"), "\(premises)")
        #expect(!premises.stdout.contains("D-002"), "\(premises)")
        #expect(premises.stdout.contains("2 local(aux)"), "\(premises)")
        let premisesJSON = try folder.bourse("premises", "--status", "attribué", "--format", "json")
        #expect(try jsonObjects(premisesJSON).compactMap { $0["reference"] as? String }.sorted() == ["D-001", "D-004"])

        let needs = try folder.bourse("needs", "--status", "satisfait")
        #expect(needs.status == 0, "\(needs)")
        #expect(needs.stdout.contains("B001") && needs.stdout.contains("B002"), "\(needs)")
        #expect(!needs.stdout.contains("B005"), "\(needs)")
        let needsJSON = try folder.bourse("needs", "--status", "satisfait", "--format", "json")
        #expect(try jsonObjects(needsJSON).compactMap { $0["reference"] as? String }.sorted() == ["B001", "B002", "B003"])

        // The next round works on what is left.
        let next = try match(folder)
        #expect(next.status == 0, "\(next)")
        #expect(next.stdout.contains("2 besoin(s) actif(s), 2 local(aux) disponible(s)"), "\(next)")
        _ = numbers
    }

    @Test("bourse place --need --premises on an attributed premises exits 1 with a French message")
    func placeOnAnAttributedPremisesFails() throws {
        let (folder, numbers) = try loaded()
        let office = try #require(numbers["D-001"])
        let first = try folder.bourse("place", "--need", "B001", "--premises", String(office), "--date", "2026-06-10")
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("Implantation enregistrée le 10/06/2026 : besoin B001 dans le local \(office)"), "\(first)")

        let second = try folder.bourse("place", "--need", "B005", "--premises", String(office))
        #expect(second.status == 1, "\(second)")
        #expect(second.hasNoBacktrace)
        #expect(second.stderr.contains("erreur : le local \(office) est « attribué » : seul un local disponible (ou réservé) peut être attribué"), "\(second)")
        #expect(try database(folder).need("B005").0.record.status == "actif")

        // A satisfied need cannot be placed again either.
        let again = try folder.bourse("place", "--need", "B001", "--premises", String(try #require(numbers["D-004"])))
        #expect(again.status == 1, "\(again)")
        #expect(again.stderr.contains("le besoin B001 est « satisfait »"), "\(again)")
    }

    @Test("bourse place without options, or with mixed options, exits 2", arguments: [
        [String](), ["--need", "B001"], ["--premises", "1"], ["--round", "1"], ["--accept"], ["--round", "1", "--accept", "--need", "B001"],
    ])
    func placeUsageErrors(arguments: [String]) throws {
        let (folder, _) = try loaded()
        let run = try folder.run(["place"] + arguments)
        #expect(run.status == 2, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stderr.contains("--need") || run.stderr.contains("--round"), "\(run)")
        #expect(try database(folder).needs().filter { $0.record.status == "satisfait" }.map(\.record.reference) == ["B003"])
    }

    @Test("bourse place --round on an unknown round exits 1")
    func placeUnknownRound() throws {
        let (folder, _) = try loaded()
        let run = try folder.bourse("place", "--round", "9", "--accept")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("tour d'appariement n° 9 introuvable"), "\(run)")
    }
}
