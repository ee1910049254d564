import BourseTestSupport
import Crypto
import BourseCore
import BourseImport
import BourseStore
import Foundation
import GRDB
import Testing

@Suite("Import d'inventaires : premier import, réimport, inventaires successifs")
struct InventoryImportTests {
    // MARK: 1. First import

    @Test func firstImportInsertsAvailablePremisesOfferedOnTheInventoryDate() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("drancy.csv", drancyMarch)

        let run = try runImport(db, path: path, date: "2026-03-31")
        let inventoryID = try #require(run.inventoryID)
        #expect(run.report.added == 3)
        #expect(run.report.changed == 0 && run.report.unchanged == 0 && run.report.withdrawn == 0)
        #expect(run.report.source.id == "drancy")
        #expect(run.report.asOf == day("2026-03-31"))
        #expect(run.report.dateOrigin == .given)
        #expect(run.rejects.isEmpty)

        let inventory = try #require(try inventoryRecord(db, id: inventoryID))
        #expect(inventory.sourceID == "drancy")
        #expect(inventory.fileName == "drancy.csv")
        #expect(inventory.asOf == "2026-03-31")
        #expect(inventory.format == "csv")
        #expect(inventory.records == 3)
        #expect(inventory.accepted == 3)
        #expect(inventory.rejected == 0)
        #expect(inventory.added == 3)
        #expect(inventory.changed == 0 && inventory.unchanged == 0 && inventory.withdrawn == 0 && inventory.reappeared == 0)
        #expect(inventory.sha256.count == 64)
        #expect(inventory.byteCount == drancyMarch.utf8.count)
        #expect(inventory.headerLine == 1)

        #expect(try count(db, "SELECT count(*) FROM premises") == 3)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE status = 'disponible' AND initial_status = 'disponible'") == 3)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE offered_on = '2026-03-31' AND status_since = '2026-03-31'") == 3)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE first_inventory_id = ? AND last_inventory_id = ?", [inventoryID, inventoryID]) == 3)
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 0)
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 0)

        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.communeInsee == "93029")
        #expect(d1.address == "1 rue de la République")
        #expect(d1.type == "bureau")
        #expect(d1.surface == 50)
        #expect(d1.rentMonthly == 500)
        #expect(d1.rentM2Year == 120)
        #expect(d1.rentBasis == "mensuel")

        let d2 = try #require(try premisesRecord(db, "D-002"))
        #expect(d2.type == "commerce")
        #expect(d2.rentMonthly == 1000)
        #expect(d2.rentM2Year == 120)

        let d3 = try #require(try premisesRecord(db, "D-003"))
        #expect(d3.type == "activite")
        #expect(d3.surface == 80.5)
        #expect(d3.rentMonthly == nil && d3.rentM2Year == nil && d3.rentBasis == nil)
    }

    /// New premises go in by statements of 64 rows whose shared values (source, date, inventory)
    /// are bound once: every row of full and partial batches keeps its own values and the shared ones.
    @Test func premisesInsertedAcrossBatchesKeepTheirOwnValuesAndTheSharedOnes() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        // 150 rows: two full statements and one of 22; varied surfaces, rents, missing values.
        let lines = (1...150).map { n in
            let rent = n % 3 == 0 ? "" : "\(n * 10)"
            let address = n % 5 == 0 ? "" : "\(n) rue Test"
            return "D-\(n);Drancy;\(address);\(n % 2 == 0 ? "bureau" : "commerce");\(n + 1),5;\(rent)"
        }
        let path = try folder.write("drancy.csv", inventory(lines))
        let run = try runImport(db, path: path, date: "2026-03-31")
        let inventoryID = try #require(run.inventoryID)
        #expect(run.report.added == 150)
        let stored = try rows(db, "SELECT * FROM premises ORDER BY id")
        #expect(stored.count == 150)
        for (index, row) in stored.enumerated() {
            let n = index + 1
            #expect(row["reference"] as String? == "D-\(n)")
            #expect(row["source_id"] as String? == "drancy")
            #expect(row["commune_insee"] as String? == "93029")
            #expect(row["address"] as String? == (n % 5 == 0 ? nil : "\(n) rue Test"))
            #expect(row["type"] as String? == (n % 2 == 0 ? "bureau" : "commerce"))
            #expect(row["surface"] as Double? == Double(n) + 1.5)
            #expect(row["rent_monthly"] as Double? == (n % 3 == 0 ? nil : Double(n * 10)))
            #expect(row["status"] as String? == "disponible" && row["initial_status"] as String? == "disponible")
            #expect(row["status_since"] as String? == "2026-03-31" && row["offered_on"] as String? == "2026-03-31")
            #expect(row["first_inventory_id"] as Int64? == inventoryID && row["last_inventory_id"] as Int64? == inventoryID)
        }
    }

    @Test func rentsAreStoredInBothFormsWhateverFormTheFileGives() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("sevran.csv", """
            Référence;Commune;Surface;Loyer annuel;Loyer €/m²/an
            S-ANNUEL;Sevran;50;6 000;
            S-M2;Sevran;40;;150
            S-GRATUIT;Sevran;30;0;

            """)
        let run = try runImport(db, path: path, source: "sevran", date: "2026-04-30")
        #expect(run.report.added == 3)
        #expect(run.rejects.isEmpty)

        let annual = try #require(try premisesRecord(db, "S-ANNUEL", source: "sevran"))
        #expect(annual.rentMonthly == 500)
        #expect(annual.rentM2Year == 120)
        #expect(annual.rentBasis == "annuel")

        let perSquareMetre = try #require(try premisesRecord(db, "S-M2", source: "sevran"))
        #expect(perSquareMetre.rentM2Year == 150)
        #expect(perSquareMetre.rentMonthly == 500)
        #expect(perSquareMetre.rentBasis == "m2_an")

        let free = try #require(try premisesRecord(db, "S-GRATUIT", source: "sevran"))
        #expect(free.rentMonthly == 0)
        #expect(free.rentM2Year == 0)
    }

    @Test func sourceIsFoundByCommuneNameOrPostalCode() throws {
        let db = try freshDatabase()
        #expect(try db.resolveSource("Drancy").id == "drancy")
        #expect(try db.resolveSource("93700").id == "drancy")
        #expect(try db.resolveSource("le bourget").id == "le-bourget")
        let folder = try TemporaryFolder()
        let path = try folder.write("drancy.csv", drancyMarch)
        let run = try runImport(db, path: path, source: "DRANCY", date: "2026-03-31")
        #expect(run.report.source.id == "drancy")
        #expect(try count(db, "SELECT count(*) FROM premises WHERE source_id = 'drancy'") == 3)
    }

    // MARK: 2. Idempotent re-import

    /// Excel's « Texte Unicode » export: UTF-16LE with its mark, tab-separated. Read through a
    /// UTF-8 copy, recorded with its own encoding, size and SHA-256 (so that the same file again
    /// changes nothing).
    @Test func aUTF16FileIsImportedAndRecognisedAgain() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let text = "Référence\tCommune\tAdresse\tSurface (m²)\r\nU-1\tDrancy\t1 allée des Érables\t45,5\r\nU-2\tDrancy\t2 rue €\t-1\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = folder.file("texte-unicode.txt")
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let first = try runImport(db, path: path, date: "2026-03-31")
        let id = try #require(first.inventoryID)
        #expect(first.report.added == 1)
        #expect(first.rejects.map(\.line) == [3])
        #expect(try premisesRecord(db, "U-1")?.address == "1 allée des Érables")
        let inventory = try #require(try inventoryRecord(db, id: id))
        #expect(inventory.encoding == "UTF-16LE")
        #expect(inventory.byteCount == bytes.count)
        #expect(inventory.sha256 == SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined())
        #expect(try db.rejects(inventoryID: id).first?.raw == "U-2\tDrancy\t2 rue €\t-1")

        let before = try dump(db)
        let again = try runImport(db, path: path, date: "2026-04-30")
        #expect(again.report.outcome == .alreadyImported(inventoryID: id, asOf: day("2026-03-31")))
        #expect(try dump(db) == before)
    }

    @Test func sameFileAgainChangesNothing() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("drancy.csv", drancyMarch)
        let first = try runImport(db, path: path, date: "2026-03-31")
        let firstID = try #require(first.inventoryID)
        let before = try dump(db)

        let again = try runImport(db, path: path, date: "2026-03-31")
        #expect(again.report.outcome == .alreadyImported(inventoryID: firstID, asOf: day("2026-03-31")))
        #expect(again.report.added == 0 && again.report.withdrawn == 0)
        #expect(try dump(db) == before)

        // The same bytes under another name and another date are still the same inventory.
        let copy = try folder.write("copie de drancy.csv", drancyMarch)
        let copied = try runImport(db, path: copy, date: "2026-05-01")
        #expect(copied.report.outcome == .alreadyImported(inventoryID: firstID, asOf: day("2026-03-31")))
        #expect(try dump(db) == before)
        #expect(try db.inventories(sourceID: "drancy").count == 1)
    }

    @Test func reimportingAnOlderFileAfterANewerOneChangesNothing() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let march = try folder.write("mars.csv", drancyMarch)
        let june = try folder.write("juin.csv", drancyJune)
        let marchID = try #require(try runImport(db, path: march, date: "2026-03-31").inventoryID)
        try runImport(db, path: june, date: "2026-06-30")
        let before = try dump(db)

        let again = try runImport(db, path: march, date: "2026-03-31")
        #expect(again.report.outcome == .alreadyImported(inventoryID: marchID, asOf: day("2026-03-31")))
        #expect(try dump(db) == before)
    }

    @Test func sameFileForAnotherSourceIsAnotherInventory() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try db.addSource(Source(id: "bailleur-test", name: "Bailleur test", kind: .landlord))
        let path = try folder.write("locaux.csv", inventory(["X-1;Drancy;1 rue;bureau;20;200"]))
        try runImport(db, path: path, source: "drancy", date: "2026-03-31")
        let other = try runImport(db, path: path, source: "bailleur-test", date: "2026-03-31")
        #expect(other.inventoryID != nil)
        #expect(try count(db, "SELECT count(*) FROM inventories") == 2)
        #expect(try count(db, "SELECT count(*) FROM premises WHERE reference = 'X-1'") == 2)
    }

    // MARK: 3. A newer inventory

    @Test func newerInventoryAddsChangesAndWithdraws() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let marchID = try #require(try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31").inventoryID)
        let d1 = try #require(try premisesRecord(db, "D-001"))
        let d2 = try #require(try premisesRecord(db, "D-002"))
        let d3 = try #require(try premisesRecord(db, "D-003"))

        let run = try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        let juneID = try #require(run.inventoryID)
        #expect(juneID != marchID)
        #expect(run.report.added == 1)
        #expect(run.report.changed == 1)
        #expect(run.report.unchanged == 1)
        #expect(run.report.withdrawn == 1)
        #expect(run.report.reappeared == 0)
        #expect(run.report.fieldChanges == 2)
        #expect(run.report.keptByUserStatus == 0)

        let inventory = try #require(try inventoryRecord(db, id: juneID))
        #expect(inventory.records == 3 && inventory.accepted == 3 && inventory.rejected == 0)
        #expect(inventory.added == 1 && inventory.changed == 1 && inventory.unchanged == 1 && inventory.withdrawn == 1)

        // D-001: unchanged, still available, seen in June, no event.
        let d1After = try #require(try premisesRecord(db, "D-001"))
        #expect(d1After.id == d1.id)
        #expect(d1After.status == "disponible")
        #expect(d1After.statusSince == "2026-03-31")
        #expect(d1After.offeredOn == "2026-03-31")
        #expect(d1After.firstInventoryID == marchID && d1After.lastInventoryID == juneID)
        #expect(try events(db, premisesID: try #require(d1.id)).isEmpty)

        // D-002: fields updated, two `champ` events with old and new values.
        let d2After = try #require(try premisesRecord(db, "D-002"))
        #expect(d2After.surface == 110)
        #expect(d2After.rentMonthly == 1100)
        #expect(d2After.rentM2Year == 120)
        #expect(d2After.status == "disponible")
        #expect(d2After.offeredOn == "2026-03-31")
        let d2Events = try events(db, premisesID: try #require(d2.id))
        #expect(d2Events.map(\.field) == ["surface", "loyer_mensuel"])
        #expect(d2Events.allSatisfy { $0.kind == "champ" && $0.date == "2026-06-30" && $0.inventoryID == juneID })
        #expect(d2Events.first?.oldValue == "100")
        #expect(d2Events.first?.newValue == "110")
        #expect(d2Events.last?.oldValue == "1000")
        #expect(d2Events.last?.newValue == "1100")
        #expect(d2Events.allSatisfy { $0.cause.contains("inventaire du 30/06/2026") && $0.cause.contains("juin.csv") })

        // D-003: absent, withdrawn as of June with a `statut` event.
        let d3After = try #require(try premisesRecord(db, "D-003"))
        #expect(d3After.status == "retire")
        #expect(d3After.statusSince == "2026-06-30")
        #expect(d3After.lastInventoryID == marchID)
        let d3Events = try events(db, premisesID: try #require(d3.id))
        #expect(d3Events.count == 1)
        let withdrawal = try #require(d3Events.first)
        #expect(withdrawal.kind == "statut" && withdrawal.field == "statut")
        #expect(withdrawal.oldValue == "disponible" && withdrawal.newValue == "retire")
        #expect(withdrawal.date == "2026-06-30")
        #expect(withdrawal.inventoryID == juneID)
        #expect(withdrawal.cause.contains("absent"))
        #expect(withdrawal.cause.contains("30/06/2026"))

        // D-005: new, offered in June.
        let d5 = try #require(try premisesRecord(db, "D-005"))
        #expect(d5.status == "disponible")
        #expect(d5.offeredOn == "2026-06-30")
        #expect(d5.firstInventoryID == juneID)
        #expect(d5.type == "salle")

        #expect(try count(db, "SELECT count(*) FROM premises") == 4)
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 3)

        // The store's own views agree.
        let (listing, history) = try db.premises(id: try #require(d2.id))
        #expect(listing.communeName == "Drancy")
        #expect(listing.sourceName == "Drancy")
        #expect(history.map(\.field) == ["surface", "loyer_mensuel"])
        let available = try db.premises(PremisesFilter(status: .available, sourceID: "drancy"))
        #expect(available.map(\.record.reference) == ["D-001", "D-002", "D-005"])
        let inventories = try db.inventories(sourceID: "drancy")
        #expect(inventories.map(\.id) == [juneID, marchID])
        let summary = try #require(try db.sources().first { $0.source.id == "drancy" })
        #expect(summary.inventories == 2)
        #expect(summary.lastInventory == day("2026-06-30"))
        #expect(summary.available == 3)
        #expect(summary.availableSurface == 50 + 110 + 200)
        #expect(summary.total == 4)
    }

    @Test func withdrawnPremisesListedAgainComesBackAvailable() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        let d3 = try #require(try premisesRecord(db, "D-003"))
        #expect(d3.status == "retire")

        let september = inventory([
            "D-001;Drancy;1 rue de la République;bureau;50;500",
            "D-002;Drancy;2 avenue Jean Jaurès;commerce;110;1100",
            "D-003;Drancy;3 rue Anatole France;atelier;80,5;",
        ])
        let run = try runImport(db, path: folder.write("septembre.csv", september), date: "2026-09-30")
        let septemberID = try #require(run.inventoryID)
        #expect(run.report.reappeared == 1)
        #expect(run.report.withdrawn == 1, "D-005 is absent from September")
        #expect(run.report.added == 0)
        #expect(try inventoryRecord(db, id: septemberID)?.reappeared == 1)

        let back = try #require(try premisesRecord(db, "D-003"))
        #expect(back.id == d3.id, "the same premises, not a new one")
        #expect(back.status == "disponible")
        #expect(back.statusSince == "2026-09-30")
        #expect(back.offeredOn == "2026-03-31")
        #expect(back.lastInventoryID == septemberID)
        let history = try events(db, premisesID: try #require(d3.id))
        #expect(history.map { "\($0.date) \($0.oldValue ?? "-")→\($0.newValue ?? "-")" }
            == ["2026-06-30 disponible→retire", "2026-09-30 retire→disponible"])
        let comeback = try #require(history.last)
        #expect(comeback.kind == "statut")
        #expect(comeback.inventoryID == septemberID)
        #expect(comeback.cause.contains("30/09/2026"))

        let d5 = try #require(try premisesRecord(db, "D-005"))
        #expect(d5.status == "retire")
        #expect(d5.statusSince == "2026-09-30")
    }

    @Test func premisesDeclaredUnavailableByTheFileIsWithdrawnWithAnEvent() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let withStatus = """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Statut
            D-001;Drancy;1 rue de la République;bureau;50;500;occupé
            D-002;Drancy;2 avenue Jean Jaurès;commerce;100;1 000;disponible
            D-003;Drancy;3 rue Anatole France;atelier;80,5;;libre

            """
        let run = try runImport(db, path: folder.write("avril.csv", withStatus), date: "2026-04-30")
        let aprilID = try #require(run.inventoryID)
        #expect(run.report.withdrawn == 0)
        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.status == "retire")
        #expect(d1.statusSince == "2026-04-30")
        let history = try events(db, premisesID: try #require(d1.id))
        #expect(history.count == 1)
        #expect(history.first?.kind == "statut")
        #expect(history.first?.oldValue == "disponible" && history.first?.newValue == "retire")
        #expect(history.first?.inventoryID == aprilID)
    }
}

@Suite("Import d'inventaires : dates, sources séparées, champs")
struct InventoryImportDetailTests {
    @Test func inventoryDateComesFromTheFileNameOrTheTitleLinesWhenNotGiven() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let named = try folder.write("drancy-2026-03-31.csv", drancyMarch)
        let fromName = try db.importInventory(
            path: named, options: InventoryImportOptions(sourceID: "drancy", asOf: nil, fallbackDate: day("2026-12-25")))
        #expect(fromName.asOf == day("2026-03-31"))
        #expect(fromName.dateOrigin == .fileName)
        #expect(try premisesRecord(db, "D-001")?.offeredOn == "2026-03-31")

        let titled = try folder.write("sevran.csv", """
            Inventaire des locaux vacants de Sevran
            Mis à jour le 30/04/2026
            Référence;Commune;Surface
            S-1;Sevran;40

            """)
        let fromTitle = try db.importInventory(
            path: titled, options: InventoryImportOptions(sourceID: "sevran", asOf: nil, fallbackDate: day("2026-12-25")))
        #expect(fromTitle.asOf == day("2026-04-30"))
        #expect(fromTitle.dateOrigin == .titleLine)
        guard case .imported(let id) = fromTitle.outcome else {
            Issue.record("\(fromTitle.outcome)")
            return
        }
        #expect(try inventoryRecord(db, id: id)?.headerLine == 3)

        let plain = try folder.write("dugny.csv", "Référence;Commune;Surface\nG-1;Dugny;40\n")
        let fallback = try db.importInventory(
            path: plain, options: InventoryImportOptions(sourceID: "dugny", asOf: nil, fallbackDate: day("2026-12-25")))
        #expect(fallback.asOf == day("2026-12-25"))
        #expect(fallback.dateOrigin == .fallback)
    }

    @Test func anInventoryOnlyWithdrawsPremisesOfItsOwnSource() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("sevran.csv", "Référence;Commune;Surface\nS-1;Sevran;40\nS-2;Sevran;60\n"),
                      source: "sevran", date: "2026-04-30")
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let sevranBefore = try rows(db, "SELECT * FROM premises WHERE source_id = 'sevran' ORDER BY id")
        let run = try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        #expect(run.report.withdrawn == 1)
        #expect(try rows(db, "SELECT * FROM premises WHERE source_id = 'sevran' ORDER BY id") == sevranBefore)
        // Sevran's later inventory is not "older" because of Drancy's June one.
        let sevranMay = try runImport(db, path: folder.write("sevran-mai.csv", "Référence;Commune;Surface\nS-1;Sevran;40\n"),
                                      source: "sevran", date: "2026-05-31")
        #expect(sevranMay.report.withdrawn == 1)
    }

    /// A re-import updates known premises by position, column by column: the stored row must be
    /// the one a first import of the new file would have written, for every field.
    @Test func everyFieldAReimportChangesIsStoredAsAFirstImportWouldStoreIt() throws {
        let header = "Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Charges;Bail;Disponible le;Étage;Accessibilité PMR;Contact;Remarques;Couleur"
        let before = [
            "D-1;Drancy;1 rue A;bureau;50;500;20;bail commercial;01/05/2026;1;non;a@x.fr;calme;bleu",
            "D-2;Drancy;2 rue B;commerce;60;;;;;;;;;",
            "D-3;Drancy;3 rue C;activite;70;700;;;;;;;;vert",
        ]
        let after = [
            "D-1;Drancy;10 avenue Z;commerce;55,5;600;25;bail précaire;15/06/2026;2;oui;b@y.fr;bruyant;rouge",
            "D-2;Drancy;2 rue B bis;bureau;61;610;30;bail associatif;01/07/2026;0;oui;c@z.fr;neuf;jaune",
            "D-3;Drancy;3 rue C;activite;70;700;;;;;;;;vert",
        ]
        let folder = try TemporaryFolder()
        let first = try folder.write("drancy-1.csv", ([header] + before).joined(separator: "\n") + "\n")
        let second = try folder.write("drancy-2.csv", ([header] + after).joined(separator: "\n") + "\n")

        let reimported = try freshDatabase()
        try runImport(reimported, path: first, date: "2026-03-31")
        let run = try runImport(reimported, path: second, date: "2026-06-30")
        #expect(run.report.changed == 2 && run.report.unchanged == 1)
        let direct = try freshDatabase()
        try runImport(direct, path: second, date: "2026-06-30")

        let content = """
            SELECT reference, address, type, type_label, surface, rent_monthly, rent_m2_year, rent_basis, charges,
              market_rent, lease_kind, lease_label, available_from, available_until, floor, accessible, status,
              contact, remarks, extra FROM premises ORDER BY reference
            """
        let stored = try rows(reimported, content)
        let expected = try rows(direct, content)
        #expect(stored.count == 3)
        #expect(stored == expected)
        let inventory = try #require(run.inventoryID)
        #expect(try count(reimported, "SELECT count(*) FROM premises WHERE last_inventory_id = ?", [inventory]) == 3)
        #expect(try count(reimported, "SELECT count(*) FROM premises WHERE offered_on = '2026-03-31' AND status_since = '2026-03-31'") == 3)
        // The unchanged premises got no event; the two changed ones one per changed field.
        let unchangedID = try #require(try premisesRecord(reimported, "D-3")?.id)
        #expect(try events(reimported, premisesID: unchangedID).isEmpty)
        #expect(try count(reimported, "SELECT count(*) FROM premises_events") == run.report.fieldChanges)
    }

    @Test func aFieldEmptiedInTheNewInventoryIsAnEventWithNoNewValue() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let june = inventory([
            "D-001;Drancy;;bureau;50;500",
            "D-002;Drancy;2 avenue Jean Jaurès;commerce;100;1 000",
            "D-003;Drancy;3 rue Anatole France;atelier;80,5;",
        ])
        let run = try runImport(db, path: folder.write("juin.csv", june), date: "2026-06-30")
        #expect(run.report.changed == 1 && run.report.unchanged == 2 && run.report.fieldChanges == 1)
        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.address == nil)
        let d1ID = try #require(d1.id)
        let change = try #require(try events(db, premisesID: d1ID).first)
        #expect(change.kind == "champ")
        #expect(change.field == "adresse")
        #expect(change.oldValue == "1 rue de la République")
        #expect(change.newValue == nil)
    }

    @Test func unknownTypeIsKeptAsOtherWithItsLabelAndAWarning() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let path = try folder.write("mars.csv", inventory(["D-001;Drancy;1 rue;local vélo;12;0"]))
        let run = try runImport(db, path: path, date: "2026-03-31")
        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.type == "autre")
        #expect(d1.typeLabel == "local vélo")
        #expect(run.warnings.count == 1)
        #expect(run.warnings.first?.line == 2)
        #expect(run.warnings.first?.field == "Type")
        #expect(try count(db, "SELECT count(*) FROM import_rejects") == 0)
    }

    @Test func extraColumnsAreKeptWithThePremisesAndTheirChangesRecorded() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", "Référence;Commune;Surface;Parking\nD-1;Drancy;40;2 places\n"), date: "2026-03-31")
        let first = try #require(try premisesRecord(db, "D-1"))
        #expect(first.premises.extra == [ExtraField(header: "Parking", value: "2 places")])
        try runImport(db, path: folder.write("juin.csv", "Référence;Commune;Surface;Parking\nD-1;Drancy;40;3 places\n"), date: "2026-06-30")
        let history = try events(db, premisesID: try #require(first.id))
        #expect(history.map(\.field) == ["colonnes_supplementaires"])
        #expect(history.first?.newValue?.contains("3 places") == true)
    }

    @Test func userWithdrawalIsUndoneWhenTheSourceListsThePremisesAgain() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let id = try #require(try premisesRecord(db, "D-001")?.id)
        try db.setStatus(premisesID: id, to: .withdrawn, on: day("2026-04-01"), reason: "travaux")
        let run = try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        #expect(run.report.reappeared == 1)
        #expect(try premisesRecord(db, "D-001")?.status == "disponible")
    }

    @Test(.timeLimit(.minutes(1)))
    func theSameFileImportedTwiceAtOnceIsStoredOnce() throws {
        let folder = try TemporaryFolder()
        let dbPath = folder.file("bourse.sqlite")
        try BourseDatabase.open(path: dbPath).initialise(communes: ptdeCommunes)
        let path = try folder.write("mars.csv", drancyMarch)
        let connections = try [BourseDatabase.open(path: dbPath), BourseDatabase.open(path: dbPath)]
        let outcomes = OutcomeBox()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let outcome = Result {
                try connections[index].importInventory(
                    path: path, options: InventoryImportOptions(sourceID: "drancy", asOf: day("2026-03-31"))).outcome
            }
            outcomes.append(outcome)
        }
        let all = outcomes.all
        #expect(all.count == 2)
        let imported = all.filter { if case .success(.imported) = $0 { true } else { false } }
        let already = all.filter { if case .success(.alreadyImported) = $0 { true } else { false } }
        #expect(imported.count == 1 && already.count == 1, "\(all)")
        let check = try BourseDatabase.open(path: dbPath)
        #expect(try check.inventories().count == 1)
        #expect(try count(check, "SELECT count(*) FROM premises") == 3)
    }
}

private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<InventoryImportReport.Outcome, any Error>] = []

    func append(_ outcome: Result<InventoryImportReport.Outcome, any Error>) {
        lock.withLock { outcomes.append(outcome) }
    }

    var all: [Result<InventoryImportReport.Outcome, any Error>] { lock.withLock { outcomes } }
}
