import BourseCore
import BourseImport
import BourseStore
import Foundation
import GRDB
import Testing

@Suite("Statuts posés par l'utilisateur et inventaires antérieurs")
struct StatusAndHistoryTests {
    // MARK: 4. User statuses

    @Test func reservedPremisesAbsentFromANewerInventoryStaysReserved() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let d3 = try #require(try premisesRecord(db, "D-003"))
        let d3ID = try #require(d3.id)

        try db.setStatus(premisesID: d3ID, to: .reserved, on: day("2026-04-10"), reason: "visite avec l'association")
        let reserved = try #require(try premisesRecord(db, "D-003"))
        #expect(reserved.status == "reserve")
        #expect(reserved.statusSince == "2026-04-10")
        let userEvent = try #require(try events(db, premisesID: d3ID).first)
        #expect(userEvent.kind == "statut")
        #expect(userEvent.date == "2026-04-10")
        #expect(userEvent.oldValue == "disponible" && userEvent.newValue == "reserve")
        #expect(userEvent.inventoryID == nil)
        #expect(userEvent.cause.contains("utilisateur"))
        #expect(userEvent.cause.contains("visite avec l'association"))

        // June does not list D-003: it stays reserved, counted as kept.
        let run = try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        #expect(run.report.withdrawn == 0)
        #expect(run.report.keptByUserStatus == 1)
        let after = try #require(try premisesRecord(db, "D-003"))
        #expect(after.status == "reserve")
        #expect(after.statusSince == "2026-04-10")
        #expect(try events(db, premisesID: d3ID).count == 1, "no event from the import")
    }

    @Test func reservedPremisesListedWithChangedFieldsIsUpdatedButStaysReserved() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let d2ID = try #require(try premisesRecord(db, "D-002")?.id)
        try db.setStatus(premisesID: d2ID, to: .reserved, on: day("2026-04-10"), reason: nil)

        // June lists D-002 larger; its Statut column even says it is free.
        let june = """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Statut
            D-001;Drancy;1 rue de la République;bureau;50;500;disponible
            D-002;Drancy;2 avenue Jean Jaurès;commerce;110;1100;disponible
            D-003;Drancy;3 rue Anatole France;atelier;80,5;;occupé

            """
        let run = try runImport(db, path: folder.write("juin.csv", june), date: "2026-06-30")
        let juneID = try #require(run.inventoryID)
        // D-002 (fields) and D-003 (the file declares it occupied): each accepted premises is
        // counted once as added, changed or unchanged.
        #expect(run.report.changed == 2)
        #expect(run.report.added + run.report.changed + run.report.unchanged == run.report.read?.accepted)
        #expect(run.report.keptByUserStatus == 0, "D-002 is listed, not kept as absent")

        let d2 = try #require(try premisesRecord(db, "D-002"))
        #expect(d2.surface == 110)
        #expect(d2.rentMonthly == 1100)
        #expect(d2.status == "reserve")
        #expect(d2.statusSince == "2026-04-10")
        #expect(d2.lastInventoryID == juneID)
        let history = try events(db, premisesID: d2ID)
        #expect(history.map(\.kind) == ["statut", "champ", "champ"])
        #expect(history.filter { $0.kind == "statut" }.count == 1, "the import adds no status event")
    }

    @Test func reservedPremisesListedAsUnavailableStaysReserved() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let d1ID = try #require(try premisesRecord(db, "D-001")?.id)
        try db.setStatus(premisesID: d1ID, to: .reserved, on: day("2026-04-10"), reason: nil)
        let june = """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Statut
            D-001;Drancy;1 rue de la République;bureau;50;500;loué

            """
        try runImport(db, path: folder.write("juin.csv", june), date: "2026-06-30")
        #expect(try premisesRecord(db, "D-001")?.status == "reserve")
    }

    @Test func setStatusRefusesPlacingByHandAndTheSameStatus() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31")
        let id = try #require(try premisesRecord(db, "D-001")?.id)
        let before = try dump(db)

        expectStoreError({ try db.setStatus(premisesID: id, to: .placed, on: day("2026-04-01"), reason: nil) }) {
            if case .statusChange(let message) = $0 { return message.contains("attribué") }
            return false
        }
        expectStoreError({ try db.setStatus(premisesID: id, to: .available, on: day("2026-04-01"), reason: nil) }) {
            if case .statusChange(let message) = $0 { return message.contains("déjà") }
            return false
        }
        expectStoreError(.unknownPremises("9999")) {
            try db.setStatus(premisesID: 9999, to: .reserved, on: day("2026-04-01"), reason: nil)
        }
        #expect(try dump(db) == before)

        try db.setStatus(premisesID: id, to: .reserved, on: day("2026-04-02"), reason: nil)
        expectStoreError({ try db.setStatus(premisesID: id, to: .reserved, on: day("2026-04-03"), reason: nil) }) {
            if case .statusChange = $0 { return true }
            return false
        }
        // Back to available by hand is allowed, with its event.
        try db.setStatus(premisesID: id, to: .available, on: day("2026-04-04"), reason: "visite sans suite")
        let history = try events(db, premisesID: id)
        #expect(history.map { "\($0.oldValue ?? "-")→\($0.newValue ?? "-")" } == ["disponible→reserve", "reserve→disponible"])
        #expect(try premisesRecord(db, "D-001")?.statusSince == "2026-04-04")
    }

    // MARK: 5. Older inventories

    @Test func olderInventoryIsRefusedAndNothingIsWritten() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30")
        let before = try dump(db)
        let older = try folder.write("mars.csv", drancyMarch)
        expectStoreError(.olderThanLatest(file: "mars.csv", asOf: day("2026-03-31"), latest: day("2026-06-30"))) {
            try runImport(db, path: older, date: "2026-03-31")
        }
        #expect(try dump(db) == before)
    }

    @Test func olderInventoryWithAllowOlderOnlyAddsUnknownPremisesWithdrawnAsOfTheNextInventory() throws {
        let db = try freshDatabase()
        let folder = try TemporaryFolder()
        let juneID = try #require(try runImport(db, path: folder.write("juin.csv", drancyJune), date: "2026-06-30").inventoryID)
        let knownBefore = try #require(try premisesRecord(db, "D-002"))
        let d1Before = try #require(try premisesRecord(db, "D-001"))

        // March: D-002 with its old surface (known: left as is), D-001 (known), D-003 (unknown).
        let run = try runImport(db, path: folder.write("mars.csv", drancyMarch), date: "2026-03-31", allowOlder: true)
        let marchID = try #require(run.inventoryID)
        #expect(run.report.historical)
        #expect(run.report.added == 1)
        #expect(run.report.knownLeftAsIs == 2)
        #expect(run.report.changed == 0 && run.report.withdrawn == 0)

        #expect(try premisesRecord(db, "D-002") == knownBefore, "known premises untouched")
        #expect(try premisesRecord(db, "D-001") == d1Before)
        #expect(try premisesRecord(db, "D-005")?.status == "disponible", "absent from the older inventory: not withdrawn")

        let d3 = try #require(try premisesRecord(db, "D-003"))
        #expect(d3.offeredOn == "2026-03-31")
        #expect(d3.firstInventoryID == marchID)
        #expect(d3.initialStatus == "disponible")
        #expect(d3.status == "retire")
        #expect(d3.statusSince == "2026-06-30")
        let history = try events(db, premisesID: try #require(d3.id))
        #expect(history.count == 1)
        let withdrawal = try #require(history.first)
        #expect(withdrawal.kind == "statut")
        #expect(withdrawal.date == "2026-06-30")
        #expect(withdrawal.oldValue == "disponible" && withdrawal.newValue == "retire")
        #expect(withdrawal.inventoryID == marchID)
        #expect(withdrawal.cause.contains("30/06/2026"))

        // Only D-003's withdrawal: no event on the known premises.
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 1)
        let inventory = try #require(try inventoryRecord(db, id: marchID))
        #expect(inventory.added == 1 && inventory.withdrawn == 0 && inventory.changed == 0)
        // The latest inventory is still June's.
        #expect(try db.inventories(sourceID: "drancy").map(\.id) == [juneID, marchID])
        #expect(try db.sources().first { $0.source.id == "drancy" }?.lastInventory == day("2026-06-30"))
    }
}
