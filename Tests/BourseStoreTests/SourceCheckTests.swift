import BourseCore
import BourseImport
import BourseResources
import BourseStore
import Foundation
import GRDB
import Testing

/// A shipped sample's path.
private func sample(_ relative: String) throws -> String {
    try #require(BourseResources.directory()).appendingPathComponent(relative).path
}

/// The premises of a source as (reference, status), sorted.
private func premisesOf(_ db: BourseDatabase, _ source: String) throws -> [String] {
    try rows(db, "SELECT reference || ':' || status FROM premises WHERE source_id = ? ORDER BY reference", [source]).map { $0[0] as String }
}

/// A commune CSV of `count` premises of `commune`, then `others` lines of Drancy; long lines, so
/// that a few thousand make a file over a megabyte (the scan-ahead and packed paths).
private func largeCSV(_ count: Int, commune: String, others: Int) -> String {
    var lines = [inventoryHeader + ";Remarques"]
    let padding = String(repeating: "x", count: 120)
    for index in 0..<count { lines.append("L-\(index);\(commune);\(index) rue de la Gare;bureau;50;500;\(padding)") }
    for index in 0..<others { lines.append("D-\(index);Drancy;\(index) rue Sadi Carnot;bureau;50;500;\(padding)") }
    return lines.joined(separator: "\n") + "\n"
}

@Suite("Import : le fichier est vérifié contre sa source (commune, bailleur)")
struct SourceCheckTests {
    // MARK: A commune's inventory holds that commune's premises

    @Test func drancysFileImportedForSevranIsRefusedAndSevranKeepsItsOffer() throws {
        let db = try freshDatabase()
        let sevran = try runImport(db, path: try sample("communes/sevran-2026-04-30.csv"), source: "sevran", date: "2026-04-30")
        #expect(sevran.report.added == 12)
        let before = try dump(db)
        let offer = try premisesOf(db, "sevran")
        let drancy = try sample("communes/drancy-2026-03-31.csv")
        for dryRun in [true, false] {
            let error = expectStoreError({
                try runImport(db, path: drancy, source: "sevran", date: "2026-05-31", dryRun: dryRun)
            }, matching: {
                if case let .otherCommunes(file, found, expected) = $0 {
                    return file == "drancy-2026-03-31.csv" && expected == "Sevran" && found.map(\.name) == ["Drancy"] && found[0].insee == "93029"
                }
                return false
            })
            let message = error?.errorDescription ?? ""
            #expect(message.contains("ce fichier décrit des locaux de Drancy (13 lignes), pas de Sevran : vérifiez --source"), "\(message)")
            #expect(message.contains("rien n'a été écrit"), "\(message)")
        }
        #expect(try dump(db) == before)
        #expect(try premisesOf(db, "sevran") == offer)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE source_id = 'sevran' AND status = 'retire'") == 1)
    }

    @Test func oneLineOfAnotherCommuneIsRejectedTheRestImported() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("drancy.csv", inventory([
            "D-001;Drancy;1 rue de la République;bureau;50;500",
            "S-001;Sevran;1 rue Gabriel Péri;bureau;40;400",
            "D-002;93700;2 avenue Jean Jaurès;commerce;100;1 000",
            "D-003;DRANCY;3 rue Anatole France;atelier;80,5;",
        ]))
        let run = try runImport(db, path: path, date: "2026-03-31")
        #expect(run.report.added == 3)
        #expect(run.report.read?.rejected == 1)
        #expect(run.report.read?.otherCommuneRecords == ["93071": 1])
        let reject = try #require(run.rejects.first)
        #expect(reject.line == 3)
        #expect(reject.reason.contains("local de Sevran (93071) : la source « drancy » est l'inventaire de Drancy"), "\(reject.reason)")
        #expect(reject.fields == "Commune")
        let stored = try rows(db, "SELECT line, reason FROM import_rejects")
        #expect(stored.count == 1)
        #expect((stored.first?["reason"] as String?)?.contains("la source « drancy » est l'inventaire de Drancy") == true)
        #expect(try premisesRecord(db, "S-001") == nil)
        // Elided and contracted names in the reason.
        let more = try folder.write("drancy-2.csv", inventory([
            "D-001;Drancy;1 rue de la République;bureau;50;500",
            "D-002;Drancy;2 avenue Jean Jaurès;commerce;100;1 000",
            "D-003;Drancy;3 rue Anatole France;atelier;80,5;",
            "A-001;Aulnay-sous-Bois;1 rue de Sevran;bureau;40;400",
            "B-001;Le Blanc-Mesnil;1 avenue Descartes;bureau;40;400",
        ]))
        let second = try runImport(db, path: more, date: "2026-04-30")
        #expect(second.rejects.map(\.reason).contains { $0.contains("local d'Aulnay-sous-Bois (93005)") })
        #expect(second.rejects.map(\.reason).contains { $0.contains("local du Blanc-Mesnil (93007)") })
        #expect(second.report.read?.accepted == 3)
    }

    @Test func aFileWithNoLineOfTheCommuneIsRefusedEvenWhenOtherLinesAreBroken() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        // One line of Sevran, three broken lines: not a majority, but nothing of Drancy accepted.
        let path = try folder.write("mix.csv", inventory([
            "S-001;Sevran;1 rue Gabriel Péri;bureau;40;400",
            "X-001;;1 rue;bureau;40;400",
            "X-002;Paris;1 rue;bureau;40;400",
            "X-003;Drancy;1 rue;bureau;-4;400",
        ]))
        expectStoreError(.otherCommunes(file: "mix.csv", found: [.init(name: "Sevran", insee: "93071", records: 1)], expected: "Drancy")) {
            try runImport(db, path: path, date: "2026-03-31")
        }
        #expect(try count(db, "SELECT count(*) FROM inventories") == 0)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 0)
    }

    @Test func theMainCommunesFoundAreNamedMostFirst() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("tout.csv", inventory([
            "A-1;Le Bourget;1 rue;bureau;40;400",
            "A-2;Le Bourget;1 rue;bureau;40;400",
            "A-3;Le Bourget;1 rue;bureau;40;400",
            "B-1;Aulnay-sous-Bois;1 rue;bureau;40;400",
            "B-2;Aulnay-sous-Bois;1 rue;bureau;40;400",
            "C-1;Dugny;1 rue;bureau;40;400",
            "E-1;Sevran;1 rue;bureau;40;400",
            "D-1;Drancy;1 rue;bureau;40;400",
        ]))
        let error = expectStoreError({ try runImport(db, path: path, date: "2026-03-31") }, matching: {
            if case .otherCommunes(_, let found, _) = $0 { return found.map(\.records) == [3, 2, 1, 1] }
            return false
        })
        #expect(error?.errorDescription?.contains("des locaux du Bourget (3 lignes), d'Aulnay-sous-Bois (2 lignes), de Dugny (1 ligne) et 1 autre(s) commune(s), pas de Drancy") == true,
                "\(error?.errorDescription ?? "")")
    }

    @Test func anEPTWideOrOtherSourceMayHoldSeveralCommunes() throws {
        let db = try freshDatabase()
        try db.addSource(Source(id: "ept", name: "EPT Paris Terres d'Envol", kind: .other))
        try db.addSource(Source(id: "quartiers", name: "Quartiers", kind: .commune))
        try db.addSource(Source(id: "habitat", name: "Habitat", kind: .landlord))
        let folder = try TemporaryFolder()
        let path = try folder.write("ept.csv", inventory([
            "E-1;Drancy;1 rue;bureau;40;400",
            "E-2;Sevran;1 rue;bureau;40;400",
            "E-3;Le Bourget;1 rue;bureau;40;400",
        ]))
        for source in ["ept", "quartiers", "habitat"] {
            let run = try runImport(db, path: path, source: source, date: "2026-03-31")
            #expect(run.report.added == 3, "\(source)")
            #expect(run.rejects.isEmpty, "\(source)")
            #expect(run.report.sourceCheckSkipped == false)
        }
    }

    @Test func forceSourceAcceptsAnotherCommunesFile() throws {
        let db = try freshDatabase()
        try runImport(db, path: try sample("communes/sevran-2026-04-30.csv"), source: "sevran", date: "2026-04-30")
        var options = InventoryImportOptions(sourceID: "sevran", asOf: day("2026-05-31"))
        options.forceSource = true
        var rejects: [Reject] = []
        let report = try db.importInventory(path: try sample("communes/drancy-2026-03-31.csv"), options: options, onReject: { rejects.append($0) })
        #expect(report.sourceCheckSkipped)
        #expect(report.read?.accepted == 12)
        #expect(report.read?.otherCommuneRecords.isEmpty == true)
        #expect(!rejects.contains { $0.reason.contains("est l'inventaire de") })
    }

    // MARK: The packed fast path (a source with no premises yet, a file over a megabyte)

    @Test func theScanAheadAndPackedPathsRejectOtherCommunesToo() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        // Mostly Drancy: refused whole, in a dry run and for real.
        let drancy = try folder.write("drancy-gros.csv", largeCSV(40, commune: "Sevran", others: 8_000))
        #expect(try FileManager.default.attributesOfItem(atPath: drancy)[.size] as? Int ?? 0 > 1 << 20)
        for dryRun in [true, false] {
            expectStoreError(.otherCommunes(file: "drancy-gros.csv", found: [.init(name: "Drancy", insee: "93029", records: 8_000)], expected: "Sevran")) {
                try runImport(db, path: drancy, source: "sevran", date: "2026-03-31", dryRun: dryRun)
            }
        }
        #expect(try count(db, "SELECT count(*) FROM premises") == 0)
        #expect(try count(db, "SELECT count(*) FROM inventories") == 0)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 0)

        // Mostly Sevran: the Drancy lines rejected one by one, the rest packed and inserted.
        let sevran = try folder.write("sevran-gros.csv", largeCSV(8_000, commune: "Sevran", others: 25))
        let dry = try runImport(db, path: sevran, source: "sevran", date: "2026-03-31", dryRun: true)
        #expect(dry.report.read?.accepted == 8_000)
        #expect(dry.report.read?.rejected == 25)
        let run = try runImport(db, path: sevran, source: "sevran", date: "2026-03-31")
        #expect(run.report.added == 8_000)
        #expect(run.rejects.count == 25)
        #expect(run.rejects.allSatisfy { $0.reason.contains("local de Drancy (93029) : la source « sevran » est l'inventaire de Sevran") })
        #expect(run.rejects.first?.line == 8_002)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE commune_insee = '93029'") == 0)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 25)
    }

    // MARK: A file that names its landlord names this one

    @Test func ophsFileImportedForTheCooperativeIsRefusedAndTheCooperativeKeepsItsOffer() throws {
        let db = try landlordDatabase(["oph-terres-envol", "cooperative-habitat-93"])
        let coop = try XMLMappingProfile.load(path: try sample("profils/cooperative-habitat-93.json"))
        let first = try runXMLImport(db, path: try sample("bailleurs/cooperative-habitat-93-2026-05-31.xml"), source: "cooperative-habitat-93", profile: coop)
        #expect(first.report.added > 0)
        let before = try dump(db)
        let offer = try premisesOf(db, "cooperative-habitat-93")
        let oph = try sample("bailleurs/oph-terres-envol-2026-03-31.xml")
        for dryRun in [true, false] {
            let error = expectStoreError({
                try runXMLImport(db, path: oph, source: "cooperative-habitat-93", date: "2026-06-30", dryRun: dryRun)
            }, matching: {
                $0 == .otherLandlord(file: "oph-terres-envol-2026-03-31.xml", named: "oph-terres-envol", source: "cooperative-habitat-93")
            })
            #expect(error?.errorDescription?.contains("le fichier est l'inventaire du bailleur « oph-terres-envol », pas de la source « cooperative-habitat-93 »") == true)
        }
        #expect(try dump(db) == before)
        #expect(try premisesOf(db, "cooperative-habitat-93") == offer)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE reference LIKE 'OTE-%'") == 0)
    }

    @Test func aProfileSaysWhereTheLandlordIsNamed() throws {
        let db = try landlordDatabase(["logis-plaine-de-france"])
        try db.addSource(Source(id: "coop", name: "Coopérative Habitat 93", kind: .landlord))
        let coop = try XMLMappingProfile.load(path: try sample("profils/cooperative-habitat-93.json"))
        let path = try sample("bailleurs/cooperative-habitat-93-2026-05-31.xml")
        expectStoreError(.otherLandlord(file: "cooperative-habitat-93-2026-05-31.xml", named: "Coopérative Habitat 93", source: "logis-plaine-de-france")) {
            try runXMLImport(db, path: path, source: "logis-plaine-de-france", profile: coop)
        }
        #expect(try count(db, "SELECT count(*) FROM inventories") == 0)
        // The source's name, folded, is accepted as well as its identifier.
        let run = try runXMLImport(db, path: path, source: "coop", profile: coop)
        #expect(run.report.added > 0)
    }

    @Test func aLandlordFileNamingTheRightLandlordIsAccepted() throws {
        let db = try landlordDatabase([])
        try db.addSource(Source(id: "oph-terres-envol", name: "OPH Terres d'Envol", kind: .landlord))
        try db.addSource(Source(id: "oph-test", name: "Office Public de l'Habitat d'Essai", kind: .landlord))
        let run = try runXMLImport(db, path: try sample("bailleurs/oph-terres-envol-2026-03-31.xml"), source: "oph-terres-envol")
        #expect(run.report.added == 6)
        let folder = try TemporaryFolder()
        let byName = try folder.write("oph.xml", xmlInventory(date: "2026-03-31", [xmlLocal("A"), xmlLocal("B", commune: "Sevran")])
            .replacingOccurrences(of: #"bailleur="oph-test""#, with: #"bailleur="OFFICE PUBLIC DE L’HABITAT D’ESSAI""#))
        let second = try runXMLImport(db, path: byName, source: "oph-test")
        #expect(second.report.added == 2)
    }

    @Test func forceSourceAcceptsAnotherLandlordsFile() throws {
        let db = try landlordDatabase(["oph-terres-envol", "cooperative-habitat-93"])
        var options = InventoryImportOptions(sourceID: "cooperative-habitat-93", asOf: day("2026-06-30"))
        options.schemaPath = BourseResources.url("inventaire-bailleur.xsd")?.path
        options.forceSource = true
        let report = try db.importInventory(path: try sample("bailleurs/oph-terres-envol-2026-03-31.xml"), options: options)
        #expect(report.sourceCheckSkipped)
        #expect(report.added == 6)
    }
}
