import BourseCore
import BourseImport
import BourseResources
import BourseStore
import Foundation
import GRDB
import Testing

// MARK: - Files and helpers

private let structureHeader = "Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;Contact;Commune;Remarques"

private func structuresFile(_ lines: [String]) -> String {
    ([structureHeader] + lines).joined(separator: "\n") + "\n"
}

/// Three structures: S002's SIRET is written plain, needs cite it with spaces; S003 is a La Poste
/// establishment.
private let structuresV1 = structuresFile([
    "S001;Ressourcerie La Trame;537 205 791 00099;Association loi 1901;9220;Réemploi;14,5;2024;Nadia Benkirane;Aulnay-sous-Bois;Boutique solidaire",
    "S002;Épicerie Le Panier;30429270900025;Association;;Alimentation;3,2;;Fatoumata Diallo;Aulnay;",
    "S003;Agence postale solidaire;35600000001000;Société anonyme;;Services à la personne;4;;;Villepinte;",
])

/// S001: ETP and contact changed; S002 and S003 the same; S004 new.
private let structuresV2 = structuresFile([
    "S001;Ressourcerie La Trame;537 205 791 00099;Association loi 1901;9220;Réemploi;16;2024;Nadia Benkirane (présidente);Aulnay-sous-Bois;Boutique solidaire",
    "S002;Épicerie Le Panier;30429270900025;Association;;Alimentation;3,2;;Fatoumata Diallo;Aulnay;",
    "S003;Agence postale solidaire;35600000001000;Société anonyme;;Services à la personne;4;;;Villepinte;",
    "S004;Atelier vélo Roue Libre;575 687 074 00196;;9220;Mobilité;2;2025;Thomas Lefèvre;Sevran;",
])

private let needHeader = "Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Disponible à partir du;Durée minimale (mois);PMR requis;Baux acceptés;Date de la demande;Statut;Remarques"

private func needsFile(_ lines: [String]) -> String {
    ([needHeader] + lines).joined(separator: "\n") + "\n"
}

/// B002 cites S002 by its SIRET with spaces, B003 cites S003 by the La Poste SIRET, B004 names an
/// unknown structure (line 5).
private let needsV1 = needsFile([
    "B001;S001;300;600;2 500 €;Aulnay-sous-Bois|Sevran;stockage|activité;01/03/2026;36;non;bail associatif;12/05/2025;Actif;Entrepôt",
    "B002;304 292 709 00025;60;120;900;Aulnay, Sevran;commerce;;;oui;;03/06/2025;actif;",
    "B003;356.000.000.01000;30;60;800;;bureau;;;;;;Satisfait;",
    "B004;S999;50;100;700;Drancy;bureau;;;;;;Actif;",
])

/// B001: satisfied and communes reordered; B002, B003 the same; B005 new (the structure's SIRET
/// with dots); B004 still unknown.
private let needsV2 = needsFile([
    "B001;S001;300;600;2 500 €;Sevran|Aulnay-sous-Bois;stockage|activité;01/03/2026;36;non;bail associatif;12/05/2025;Satisfait;Entrepôt",
    "B002;304 292 709 00025;60;120;900;Aulnay, Sevran;commerce;;;oui;;03/06/2025;actif;",
    "B003;356.000.000.01000;30;60;800;;bureau;;;;;;Satisfait;",
    "B004;S999;50;100;700;Drancy;bureau;;;;;;Actif;",
    "B005;537.205.791.00099;20;40;;93071;bureau;;;;;;Abandonné;",
])

/// Everything a register import handed to its callbacks, and its report.
private struct RegisterRun {
    var report: RegisterImportReport
    var rejects: [Reject]
    var warnings: [Diagnostic]

    var importID: Int64? {
        if case .imported(let id) = report.outcome { return id }
        return nil
    }
}

@discardableResult
private func runStructures(_ db: BourseDatabase, path: String, date: String = "2026-04-01", dryRun: Bool = false, strict: Bool = false) throws -> RegisterRun {
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    let report = try db.importStructures(
        path: path, options: RegisterImportOptions(date: day(date), dryRun: dryRun, strict: strict),
        onReject: { rejects.append($0) }, onWarning: { warnings.append($0) })
    return RegisterRun(report: report, rejects: rejects, warnings: warnings)
}

@discardableResult
private func runNeeds(_ db: BourseDatabase, path: String, date: String = "2026-04-01", dryRun: Bool = false, strict: Bool = false) throws -> RegisterRun {
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    let report = try db.importNeeds(
        path: path, options: RegisterImportOptions(date: day(date), dryRun: dryRun, strict: strict),
        onReject: { rejects.append($0) }, onWarning: { warnings.append($0) })
    return RegisterRun(report: report, rejects: rejects, warnings: warnings)
}

private func registerEvents(_ db: BourseDatabase, entity: String, reference: String) throws -> [RegisterEventRecord] {
    let table = entity == "structure" ? "structures" : "needs"
    return try db.writer.read {
        try RegisterEventRecord.fetchAll($0, sql: """
            SELECT e.* FROM register_events e JOIN \(table) t ON t.id = e.entity_id
            WHERE e.entity = ? AND t.reference = ? ORDER BY e.id
            """, arguments: [entity, reference])
    }
}

private func registerImport(_ db: BourseDatabase, id: Int64) throws -> RegisterImportRecord? {
    try db.writer.read { try RegisterImportRecord.fetchOne($0, key: id) }
}

/// A database with structuresV1 then needsV1 imported; the folder holds the files.
private func loaded() throws -> (BourseDatabase, TemporaryFolder, structures: RegisterRun, needs: RegisterRun) {
    let db = try freshDatabase()
    let folder = try TemporaryFolder()
    let structures = try runStructures(db, path: folder.write("structures.csv", structuresV1))
    let needs = try runNeeds(db, path: folder.write("besoins.csv", needsV1))
    return (db, folder, structures, needs)
}

// MARK: - Tests

@Suite("Import des registres : structures et besoins")
struct RegisterImportTests {
    // MARK: First imports

    @Test func structuresThenNeedsAreImported() throws {
        let (db, _, structures, needs) = try loaded()

        let structuresID = try #require(structures.importID)
        #expect(structures.report.kind == .structures)
        #expect(structures.report.added == 3)
        #expect(structures.report.changed == 0 && structures.report.unchanged == 0 && structures.report.fieldChanges == 0)
        #expect(structures.rejects.isEmpty)
        #expect(structures.report.read?.accepted == 3)
        // S003's legal form is unknown: a warning, not a reject.
        #expect(structures.warnings.count == 1)
        #expect(structures.warnings.first?.line == 4)

        let structuresImport = try #require(try registerImport(db, id: structuresID))
        #expect(structuresImport.kind == "structures")
        #expect(structuresImport.fileName == "structures.csv")
        #expect(structuresImport.sha256.count == 64)
        #expect(structuresImport.records == 3 && structuresImport.accepted == 3 && structuresImport.rejected == 0)
        #expect(structuresImport.added == 3 && structuresImport.changed == 0 && structuresImport.unchanged == 0)

        let needsID = try #require(needs.importID)
        #expect(needsID != structuresID)
        #expect(needs.report.kind == .needs)
        #expect(needs.report.added == 3)
        #expect(needs.report.read?.records == 4)
        #expect(needs.report.read?.rejected == 1)
        let needsImport = try #require(try registerImport(db, id: needsID))
        #expect(needsImport.kind == "besoins")
        #expect(needsImport.records == 4 && needsImport.accepted == 3 && needsImport.rejected == 1 && needsImport.added == 3)

        #expect(try count(db, "SELECT count(*) FROM structures") == 3)
        #expect(try count(db, "SELECT count(*) FROM needs") == 3)
        #expect(try count(db, "SELECT count(*) FROM register_events") == 0)
        #expect(try count(db, "SELECT count(*) FROM structures WHERE first_import_id = ? AND last_import_id = ?", [structuresID, structuresID]) == 3)
        #expect(try count(db, "SELECT count(*) FROM needs WHERE first_import_id = ? AND last_import_id = ?", [needsID, needsID]) == 3)

        let s1 = try #require(try rows(db, "SELECT * FROM structures WHERE reference = 'S001'").first)
        #expect(s1["siret"] as String? == "53720579100099")
        #expect(s1["legal_form"] as String? == "association")
        #expect(s1["sector"] as String? == "reemploi")
        #expect(s1["jobs"] as Double? == 14.5)
        #expect(s1["laureate_year"] as Int? == 2024)
        #expect(s1["commune_insee"] as String? == "93005")
        let s3 = try #require(try rows(db, "SELECT * FROM structures WHERE reference = 'S003'").first)
        #expect(s3["siret"] as String? == "35600000001000")
        #expect(s3["legal_form"] as String? == "autre")
        #expect(s3["legal_form_label"] as String? == "Société anonyme")

        let b1 = try #require(try rows(db, "SELECT * FROM needs WHERE reference = 'B001'").first)
        #expect(b1["communes"] as String? == "93005|93071")
        #expect(b1["types"] as String? == "stockage|activite")
        #expect(b1["lease_kinds"] as String? == "bail_associatif")
        #expect(b1["budget_monthly"] as Double? == 2500)
        #expect(b1["wanted_from"] as String? == "2026-03-01")
        #expect(b1["requested_on"] as String? == "2025-05-12")
        #expect(b1["min_duration_months"] as Int? == 36)
        #expect(b1["status"] as String? == "actif")
    }

    @Test func needsCiteTheirStructureBySiretWithSpacesOrDots() throws {
        let (db, _, _, _) = try loaded()
        let byNeed = Dictionary(uniqueKeysWithValues: try db.needs().map { ($0.record.reference, $0.structureReference) })
        #expect(byNeed == ["B001": "S001", "B002": "S002", "B003": "S003"])
        let b2 = try db.need("B002").0
        #expect(b2.structureName == "Épicerie Le Panier")
        #expect(b2.need.communes == ["93005", "93071"])
        #expect(b2.need.accessibleRequired)
    }

    @Test func aNeedOfAnUnknownStructureIsRejectedAndStored() throws {
        let (db, _, _, needs) = try loaded()
        #expect(needs.rejects.count == 1)
        let reject = try #require(needs.rejects.first)
        #expect(reject.line == 5)
        #expect(reject.fields == "Structure")
        #expect(reject.reason.contains("structure « S999 » inconnue du registre"))
        #expect(reject.raw.hasPrefix("B004;S999;"))

        let stored = try rows(db, "SELECT * FROM register_rejects")
        #expect(stored.count == 1)
        let row = try #require(stored.first)
        #expect(row["import_id"] as Int64? == needs.importID)
        #expect(row["file_name"] as String? == "besoins.csv")
        #expect(row["line"] as Int? == 5)
        #expect(row["field"] as String? == "Structure")
        #expect(row["raw"] as String? == reject.raw)
        #expect(row["reason"] as String? == reject.reason)
        #expect(try count(db, "SELECT count(*) FROM needs WHERE reference = 'B004'") == 0)
    }

    @Test func structuresRejectedInTheirFileAreUnknownToNeeds() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let structures = try runStructures(db, path: folder.write("s.csv", structuresFile([
            "S001;Bonne;537 205 791 00099;Association;;;;;;;",
            "S002;Mauvaise;477 229 439 00089;Association;;;;;;;",
        ])))
        #expect(structures.rejects.map(\.line) == [3])
        let needs = try runNeeds(db, path: folder.write("b.csv", needsFile([
            "B001;S001;10;20;;;;;;;;;;",
            "B002;S002;10;20;;;;;;;;;;",
            "B003;477 229 439 00089;10;20;;;;;;;;;;",
        ])))
        #expect(needs.report.added == 1)
        #expect(needs.rejects.map(\.line) == [3, 4])
        #expect(needs.rejects.allSatisfy { $0.reason.contains("inconnue du registre") })
    }

    // MARK: Re-import

    @Test func reimportOfAModifiedStructuresFileUpdatesByReferenceWithEvents() throws {
        let (db, folder, first, _) = try loaded()
        let firstID = try #require(first.importID)
        let s1Before = try #require(try rows(db, "SELECT id FROM structures WHERE reference = 'S001'").first)["id"] as Int64?

        let second = try runStructures(db, path: folder.write("structures-v2.csv", structuresV2), date: "2026-05-15")
        let secondID = try #require(second.importID)
        #expect(secondID != firstID)
        #expect(second.report.added == 1)
        #expect(second.report.changed == 1)
        #expect(second.report.unchanged == 2)
        #expect(second.report.fieldChanges == 2)
        let record = try #require(try registerImport(db, id: secondID))
        #expect(record.added == 1 && record.changed == 1 && record.unchanged == 2 && record.accepted == 4)

        #expect(try count(db, "SELECT count(*) FROM structures") == 4)
        let s1 = try #require(try rows(db, "SELECT * FROM structures WHERE reference = 'S001'").first)
        #expect(s1["id"] as Int64? == s1Before, "updated in place, not replaced")
        #expect(s1["jobs"] as Double? == 16)
        #expect(s1["contact"] as String? == "Nadia Benkirane (présidente)")
        #expect(s1["first_import_id"] as Int64? == firstID)
        #expect(s1["last_import_id"] as Int64? == secondID)
        #expect(try count(db, "SELECT count(*) FROM structures WHERE reference = 'S004' AND first_import_id = ?", [secondID]) == 1)

        let events = try registerEvents(db, entity: "structure", reference: "S001")
        #expect(events.map(\.field) == ["etp", "contact"])
        #expect(events.map(\.oldValue) == ["14.5", "Nadia Benkirane"])
        #expect(events.map(\.newValue) == ["16", "Nadia Benkirane (présidente)"])
        for event in events {
            #expect(event.entity == "structure")
            #expect(event.date == "2026-05-15")
            #expect(event.importID == secondID)
            #expect(event.cause.contains("15/05/2026"), "\(event.cause)")
            #expect(event.cause.contains("structures-v2.csv"), "\(event.cause)")
        }
        #expect(try count(db, "SELECT count(*) FROM register_events") == 2, "unchanged and new structures have no events")

        // The history shown by structure(_:).
        let (_, _, history) = try db.structure("S001")
        #expect(history.map(\.field) == ["etp", "contact"])
        #expect(try db.structure("S002").2.isEmpty)
    }

    @Test func reimportOfAModifiedNeedsFileUpdatesByReferenceWithEvents() throws {
        let (db, folder, _, first) = try loaded()
        let firstID = try #require(first.importID)
        let second = try runNeeds(db, path: folder.write("besoins-v2.csv", needsV2), date: "2026-06-01")
        let secondID = try #require(second.importID)
        #expect(second.report.added == 1)
        #expect(second.report.changed == 1)
        #expect(second.report.unchanged == 2)
        #expect(second.report.fieldChanges == 2)
        #expect(second.rejects.map(\.line) == [5])

        let b1 = try db.need("B001")
        #expect(b1.0.need.status == .satisfied)
        #expect(b1.0.need.communes == ["93071", "93005"])
        #expect(b1.0.record.firstImportID == firstID)
        #expect(b1.0.record.lastImportID == secondID)
        let events = b1.1
        #expect(events.map(\.field) == ["communes", "statut"])
        #expect(events.map(\.oldValue) == ["93005|93071", "actif"])
        #expect(events.map(\.newValue) == ["93071|93005", "satisfait"])
        #expect(events.allSatisfy { $0.entity == "besoin" && $0.importID == secondID && $0.date == "2026-06-01" })
        #expect(events.allSatisfy { $0.cause.contains("besoins-v2.csv") && $0.cause.contains("01/06/2026") })

        let b5 = try db.need("B005").0
        #expect(b5.structureReference == "S001")
        #expect(b5.need.status == .abandoned)
        #expect(b5.need.budgetMonthly == nil)
        #expect(try db.need("B002").1.isEmpty)
        #expect(try count(db, "SELECT count(*) FROM register_events") == 2)
    }

    /// The history shows what changed in words a user knows: a need moved to another structure
    /// names the structures by reference, not by internal row numbers.
    @Test func aNeedMovedToAnotherStructureIsRecordedWithReferences() throws {
        let (db, folder, _, _) = try loaded()
        try runNeeds(db, path: folder.write("besoins-v2.csv", needsFile([
            "B002;S001;60;120;900;Aulnay, Sevran;commerce;;;oui;;03/06/2025;actif;",
        ])), date: "2026-06-01")
        #expect(try db.need("B002").0.structureReference == "S001")
        let events = try db.need("B002").1
        #expect(events.map(\.field) == ["structure"])
        #expect(events.first?.oldValue == "S002", "\(events)")
        #expect(events.first?.newValue == "S001", "\(events)")
    }

    @Test func theSameContentInOtherBytesIsImportedButChangesNothing() throws {
        let (db, folder, _, _) = try loaded()
        let crlf = structuresV1.replacingOccurrences(of: "\n", with: "\r\n")
        let run = try runStructures(db, path: folder.write("structures-crlf.csv", crlf), date: "2026-05-15")
        #expect(run.importID != nil)
        #expect(run.report.added == 0 && run.report.changed == 0 && run.report.unchanged == 3 && run.report.fieldChanges == 0)
        #expect(try count(db, "SELECT count(*) FROM register_events") == 0)
    }

    @Test func importingTheSameFileAgainChangesNothing() throws {
        let (db, folder, structures, needs) = try loaded()
        let before = try dump(db)

        let again = try runStructures(db, path: folder.file("structures.csv"), date: "2026-07-01")
        guard case .alreadyImported(let id, _) = again.report.outcome else {
            Issue.record("expected alreadyImported, got \(again.report.outcome)")
            return
        }
        #expect(id == structures.importID)
        #expect(again.rejects.isEmpty)

        let needsAgain = try runNeeds(db, path: folder.file("besoins.csv"), date: "2026-07-01")
        guard case .alreadyImported(let needsImportID, _) = needsAgain.report.outcome else {
            Issue.record("expected alreadyImported, got \(needsAgain.report.outcome)")
            return
        }
        #expect(needsImportID == needs.importID)
        #expect(needsAgain.rejects.isEmpty, "the rejects are not reported again")

        // A copy under another name is the same file.
        let copy = try runStructures(db, path: folder.write("copie.csv", structuresV1))
        #expect(copy.importID == nil)
        #expect(try dump(db) == before)
    }

    // MARK: All or nothing

    @Test func needsBeforeStructuresRejectEveryRowAndLeaveTheDatabaseUnchanged() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let before = try dump(db)
        var rejects: [Reject] = []
        expectStoreError(.nothingAccepted(file: "besoins.csv", rejected: 4)) {
            _ = try db.importNeeds(
                path: folder.write("besoins.csv", needsV1), options: RegisterImportOptions(date: day("2026-04-01")),
                onReject: { rejects.append($0) })
        }
        #expect(rejects.count == 4)
        #expect(rejects.allSatisfy { $0.reason.contains("importez d'abord les structures") })
        #expect(try dump(db) == before)
        #expect(try count(db, "SELECT count(*) FROM register_imports") == 0)
        #expect(try count(db, "SELECT count(*) FROM register_rejects") == 0)
    }

    @Test func strictModeWithOneRejectLeavesTheDatabaseUnchanged() throws {
        let (db, folder, _, _) = try loaded()
        let before = try dump(db)
        let path = try folder.write("structures-v2.csv", structuresV2 + "S005;;;;;;;;;;\n")
        expectStoreError(.strictRejected(file: "structures-v2.csv", rejected: 1)) {
            try runStructures(db, path: path, date: "2026-05-15", strict: true)
        }
        #expect(try dump(db) == before)

        expectStoreError(.strictRejected(file: "besoins-v2.csv", rejected: 1)) {
            try runNeeds(db, path: folder.write("besoins-v2.csv", needsV2), date: "2026-06-01", strict: true)
        }
        #expect(try dump(db) == before)

        // Without --strict the same file goes in, its bad row rejected.
        let run = try runStructures(db, path: path, date: "2026-05-15")
        #expect(run.report.added == 1 && run.report.changed == 1)
        #expect(run.rejects.map(\.line) == [6])
    }

    @Test func strictModeWithoutRejectsImports() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let run = try runStructures(db, path: folder.write("s.csv", structuresV1), strict: true)
        #expect(run.importID != nil)
        #expect(run.report.added == 3)
    }

    @Test func allRejectedStructuresLeaveTheDatabaseUnchanged() throws {
        let (db, folder, _, _) = try loaded()
        let before = try dump(db)
        expectStoreError(.nothingAccepted(file: "mauvais.csv", rejected: 2)) {
            try runStructures(db, path: folder.write("mauvais.csv", structuresFile([
                "S001;;;;;;;;;;",
                "S009;Nom;123;;;;;;;;",
            ])))
        }
        #expect(try dump(db) == before)
    }

    @Test func dryRunWritesNothing() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let empty = try dump(db)
        let dry = try runStructures(db, path: folder.write("structures.csv", structuresV1), dryRun: true)
        #expect(dry.report.outcome == .dryRun)
        #expect(dry.report.added == 3)
        #expect(try dump(db) == empty)

        // Then for real, and a dry run of the next version reports the changes without making them.
        try runStructures(db, path: folder.file("structures.csv"))
        try runNeeds(db, path: folder.write("besoins.csv", needsV1))
        let before = try dump(db)
        let dryStructures = try runStructures(db, path: folder.write("structures-v2.csv", structuresV2), date: "2026-05-15", dryRun: true)
        #expect(dryStructures.report.outcome == .dryRun)
        #expect(dryStructures.report.added == 1 && dryStructures.report.changed == 1 && dryStructures.report.unchanged == 2)
        #expect(dryStructures.report.fieldChanges == 2)
        let dryNeeds = try runNeeds(db, path: folder.write("besoins-v2.csv", needsV2), date: "2026-06-01", dryRun: true)
        #expect(dryNeeds.report.outcome == .dryRun)
        #expect(dryNeeds.report.added == 1 && dryNeeds.report.changed == 1 && dryNeeds.report.unchanged == 2)
        #expect(dryNeeds.rejects.map(\.line) == [5], "rejects are reported in a dry run")
        #expect(try dump(db) == before)

        // The dry run did not mark the files as imported.
        let real = try runStructures(db, path: folder.file("structures-v2.csv"), date: "2026-05-15")
        #expect(real.importID != nil)
        #expect(real.report.changed == 1)
    }

    @Test func dryRunOfNeedsBeforeStructuresFailsLikeTheRealImport() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        expectStoreError(.nothingAccepted(file: "besoins.csv", rejected: 4)) {
            try runNeeds(db, path: folder.write("besoins.csv", needsV1), dryRun: true)
        }
    }

    // MARK: Queries

    @Test func structuresListsEveryStructureWithItsNeeds() throws {
        let (db, folder, _, _) = try loaded()
        try runNeeds(db, path: folder.write("besoins-v2.csv", needsV2), date: "2026-06-01")
        let listings = try db.structures()
        #expect(listings.map(\.record.reference) == ["S001", "S002", "S003"])
        let s1 = try #require(listings.first)
        #expect(s1.communeName == "Aulnay-sous-Bois")
        #expect(s1.needs == 2, "B001 and B005")
        #expect(s1.activeNeeds == 0, "B001 satisfied, B005 abandoned")
        #expect(listings[1].needs == 1 && listings[1].activeNeeds == 1)
        #expect(listings[2].needs == 1 && listings[2].activeNeeds == 0)
        #expect(listings[2].communeName == "Villepinte")
        #expect(s1.structure == Structure(
            reference: "S001", name: "Ressourcerie La Trame", siret: "53720579100099", legalForm: .association, sector: .reuse,
            jobs: 14.5, laureateYear: 2024, contact: "Nadia Benkirane", communeInsee: "93005", remarks: "Boutique solidaire"))
    }

    @Test("structure(key) by reference and by SIRET in any spelling", arguments: [
        "S002", "30429270900025", "304 292 709 00025", "304.292.709.00025",
    ])
    func structureByKey(key: String) throws {
        let (db, _, _, _) = try loaded()
        let (listing, needs, history) = try db.structure(key)
        #expect(listing.record.reference == "S002")
        #expect(needs.map(\.record.reference) == ["B002"])
        #expect(history.isEmpty)
    }

    @Test func structureByLaPosteSiret() throws {
        let (db, _, _, _) = try loaded()
        #expect(try db.structure("356 000 000 01000").0.record.reference == "S003")
    }

    @Test func unknownStructureOrNeed() throws {
        let (db, _, _, _) = try loaded()
        expectStoreError(.unknownStructure("S999")) { _ = try db.structure("S999") }
        expectStoreError(.unknownStructure("12345678901234")) { _ = try db.structure("12345678901234") }
        expectStoreError(.unknownNeed("B004")) { _ = try db.need("B004") }
    }

    @Test func needsByStatus() throws {
        let (db, folder, _, _) = try loaded()
        #expect(try db.needs().map(\.record.reference) == ["B001", "B002", "B003"])
        #expect(try db.needs(status: .active).map(\.record.reference) == ["B001", "B002"])
        #expect(try db.needs(status: .satisfied).map(\.record.reference) == ["B003"])
        #expect(try db.needs(status: .abandoned).isEmpty)
        try runNeeds(db, path: folder.write("besoins-v2.csv", needsV2), date: "2026-06-01")
        #expect(try db.needs(status: .active).map(\.record.reference) == ["B002"])
        #expect(try db.needs(status: .satisfied).map(\.record.reference) == ["B001", "B003"])
        #expect(try db.needs(status: .abandoned).map(\.record.reference) == ["B005"])
    }

    @Test func needReturnsTheCoreValue() throws {
        let (db, _, _, _) = try loaded()
        let (listing, history) = try db.need("B001")
        #expect(history.isEmpty)
        #expect(listing.structureReference == "S001")
        #expect(listing.structureName == "Ressourcerie La Trame")
        #expect(listing.need == Need(
            reference: "B001", structureReference: "S001", surfaceMin: 300, surfaceMax: 600, budgetMonthly: 2500,
            communes: ["93005", "93071"], types: [.storage, .workshop], wantedFrom: day("2026-03-01"), minimumDurationMonths: 36,
            accessibleRequired: false, leaseKinds: [.associative], requestedOn: day("2025-05-12"), status: .active, remarks: "Entrepôt"))
        let b3 = try db.need("B003").0.need
        #expect(b3.communes.isEmpty && b3.leaseKinds.isEmpty && b3.types == [.office])
        #expect(b3.wantedFrom == nil && b3.requestedOn == nil && b3.minimumDurationMonths == nil)
    }

    // MARK: The samples of Imports/

    @Test func theSampleRegistersImportAsDocumented() throws {
        let structuresURL = try #require(BourseResources.url("structures.csv"), "Imports/ bundle not found")
        let needsURL = try #require(BourseResources.url("besoins.csv"))
        let db = try freshDatabase()
        let structures = try runStructures(db, path: structuresURL.path)
        #expect(structures.report.added == 39)
        #expect(structures.rejects.map(\.line) == [10, 16, 24, 29, 35, 41, 46])
        let needs = try runNeeds(db, path: needsURL.path)
        #expect(needs.report.added == 50)
        #expect(needs.rejects.map(\.line) == [9, 19, 32, 36, 43, 50, 53])
        #expect(try count(db, "SELECT count(*) FROM register_rejects") == 14)
        #expect(try db.needs(status: .active).count == 45)
        #expect(try db.needs(status: .satisfied).count == 3)
        #expect(try db.needs(status: .abandoned).count == 2)
        let bySiret = ["B010": "S008", "B016": "S013", "B022": "S018", "B036": "S029", "B038": "S030", "B043": "S034", "B047": "S037"]
        for (need, structure) in bySiret { #expect(try db.need(need).0.structureReference == structure, "\(need)") }
        #expect(try db.structure("S040").1.isEmpty)
        #expect(try db.structure("S030").1.map(\.record.reference) == ["B037", "B038"])

        // Both again: nothing changes.
        let before = try dump(db)
        #expect(try runStructures(db, path: structuresURL.path).importID == nil)
        #expect(try runNeeds(db, path: needsURL.path).importID == nil)
        #expect(try dump(db) == before)
    }
}
