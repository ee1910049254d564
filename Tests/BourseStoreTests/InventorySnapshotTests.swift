import BourseCore
@testable import BourseImport
@testable import BourseStore
import Foundation
import GRDB
import Testing

/// The snapshot rules applied to a database, one by one, with premises given as values: no file
/// is written or read. `InventorySnapshot` gets the premises an inventory lists as the import job
/// hands them over once read.
@Suite("Règles d'instantané : chaque règle sur une base, sans fichier")
struct InventorySnapshotTests {
    // MARK: New

    @Test func newPremisesAreInsertedWithTheListedStatusAsOfTheInventoryDate() throws {
        let db = try freshDatabase()
        let march = try applyInventory(db, [listed("D-001"), listed("D-002", status: .withdrawn)], date: "2026-03-31")
        #expect(march.counts == .init(added: 2))
        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.status == "disponible" && d1.initialStatus == "disponible")
        #expect(d1.offeredOn == "2026-03-31" && d1.statusSince == "2026-03-31")
        #expect(d1.firstInventoryID == march.inventoryID && d1.lastInventoryID == march.inventoryID)
        #expect(d1.surface == 50 && d1.rentMonthly == 500 && d1.rentM2Year == 120)
        // Declared unavailable by its first inventory: stored so, from the start, with no event.
        let d2 = try #require(try premisesRecord(db, "D-002"))
        #expect(d2.status == "retire" && d2.initialStatus == "retire")
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 0)
    }

    /// A source that has premises already: a new one comes through the lookup, not the packed
    /// batches of a fresh source.
    @Test func aPremisesNewToASourceThatHasSomeIsAddedBesideThem() throws {
        let db = try freshDatabase()
        let march = try applyInventory(db, [listed("D-001")], date: "2026-03-31")
        let june = try applyInventory(db, [listed("D-001"), listed("D-005", surface: 200, rent: 0)], date: "2026-06-30")
        #expect(june.counts == .init(added: 1, unchanged: 1))
        let d5 = try #require(try premisesRecord(db, "D-005"))
        #expect(d5.offeredOn == "2026-06-30")
        #expect(d5.firstInventoryID == june.inventoryID && d5.lastInventoryID == june.inventoryID)
        #expect(try premisesRecord(db, "D-001")?.firstInventoryID == march.inventoryID)
    }

    /// The same reference in another commune of the source is another premises.
    @Test func aPremisesIsKnownByItsCommuneAndReference() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("X-1")], date: "2026-03-31")
        var elsewhere = listed("X-1")
        elsewhere.communeInsee = "93071"
        let june = try applyInventory(db, [listed("X-1"), elsewhere], date: "2026-06-30")
        #expect(june.counts == .init(added: 1, unchanged: 1))
        #expect(try count(db, "SELECT count(*) FROM premises WHERE reference = 'X-1'") == 2)
    }

    // MARK: Unchanged

    @Test func anUnchangedPremisesOnlyRecordsTheInventoryThatListedIt() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001")], date: "2026-03-31")
        let before = try #require(try premisesRecord(db, "D-001"))
        let june = try applyInventory(db, [listed("D-001")], date: "2026-06-30")
        #expect(june.counts == .init(unchanged: 1))
        var expected = before
        expected.lastInventoryID = june.inventoryID
        #expect(try premisesRecord(db, "D-001") == expected)
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 0)
    }

    // MARK: Changed

    @Test func aChangedPremisesTakesTheListedValuesWithAnEventPerField() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-002", surface: 100, rent: 1000)], date: "2026-03-31")
        let june = try applyInventory(db, [listed("D-002", surface: 110, rent: 1100)], date: "2026-06-30")
        #expect(june.counts == .init(changed: 1, fieldChanges: 2))
        let d2 = try #require(try premisesRecord(db, "D-002"))
        #expect(d2.surface == 110 && d2.rentMonthly == 1100 && d2.rentM2Year == 120)
        #expect(d2.status == "disponible" && d2.statusSince == "2026-03-31" && d2.offeredOn == "2026-03-31")
        #expect(d2.lastInventoryID == june.inventoryID)
        let history = try events(db, premisesID: try #require(d2.id))
        #expect(history.map { "\($0.kind) \($0.field) \($0.oldValue ?? "-")→\($0.newValue ?? "-")" }
            == ["champ surface 100→110", "champ loyer_mensuel 1000→1100"])
        #expect(history.allSatisfy {
            $0.date == "2026-06-30" && $0.inventoryID == june.inventoryID
                && $0.cause == "modifié par l'inventaire du 30/06/2026 (2026-06-30.csv)"
        })
    }

    /// The rent's basis alone differs: no field event, the premises counted as unchanged, and
    /// the row still takes the new basis.
    @Test func aNewRentBasisAloneIsStoredWithoutAnEvent() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001", surface: 50, rent: 500)], date: "2026-03-31")
        var annual = listed("D-001")
        annual.rent = .annual(6000, surface: 50)
        let june = try applyInventory(db, [annual], date: "2026-06-30")
        #expect(june.counts == .init(unchanged: 1))
        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.rentBasis == "annuel" && d1.rentMonthly == 500)
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 0)
    }

    @Test func aPremisesTheFileDeclaresUnavailableIsWithdrawnWithAnEvent() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001")], date: "2026-03-31")
        let april = try applyInventory(db, [listed("D-001", status: .withdrawn)], date: "2026-04-30")
        #expect(april.counts == .init(changed: 1))
        let d1 = try #require(try premisesRecord(db, "D-001"))
        #expect(d1.status == "retire" && d1.statusSince == "2026-04-30")
        let d1ID = try #require(d1.id)
        let event = try #require(try events(db, premisesID: d1ID).first)
        #expect(event.kind == "statut" && event.oldValue == "disponible" && event.newValue == "retire")
        #expect(event.cause == "déclaré indisponible par l'inventaire du 30/04/2026 (2026-04-30.csv)")
    }

    // MARK: Withdrawn

    @Test func anAbsentAvailablePremisesIsWithdrawnAsOfTheInventoryDate() throws {
        let db = try freshDatabase()
        let march = try applyInventory(db, [listed("D-001"), listed("D-003")], date: "2026-03-31")
        let june = try applyInventory(db, [listed("D-001")], date: "2026-06-30")
        #expect(june.counts == .init(unchanged: 1, withdrawn: 1))
        let d3 = try #require(try premisesRecord(db, "D-003"))
        #expect(d3.status == "retire" && d3.statusSince == "2026-06-30")
        #expect(d3.lastInventoryID == march.inventoryID)
        let history = try events(db, premisesID: try #require(d3.id))
        #expect(history.count == 1)
        let withdrawal = try #require(history.first)
        #expect(withdrawal.kind == "statut" && withdrawal.field == "statut" && withdrawal.date == "2026-06-30")
        #expect(withdrawal.oldValue == "disponible" && withdrawal.newValue == "retire")
        #expect(withdrawal.inventoryID == june.inventoryID)
        #expect(withdrawal.cause == "absent de l'inventaire du 30/06/2026 (2026-06-30.csv)")
        // Absent again from the next one: already withdrawn, nothing more.
        let september = try applyInventory(db, [listed("D-001")], date: "2026-09-30")
        #expect(september.counts == .init(unchanged: 1))
        #expect(try events(db, premisesID: try #require(d3.id)).count == 1)
    }

    @Test func anInventoryWithdrawsNothingOfAnotherSource() throws {
        let db = try freshDatabase()
        let other = try db.writer.write { database in
            var record = PremisesRecord(premises: listed("S-1"), sourceID: "sevran", inventoryID: try inventoryRow(database, source: "sevran", date: "2026-03-31"))
            record.communeInsee = "93071"
            try record.insert(database)
            return record
        }
        try applyInventory(db, [listed("D-001")], date: "2026-03-31")
        try applyInventory(db, [listed("D-002")], date: "2026-06-30")
        #expect(try premisesRecord(db, "S-1", source: "sevran") == other)
        #expect(try premisesRecord(db, "D-001")?.status == "retire")
    }

    // MARK: Back again

    @Test func aWithdrawnPremisesListedAgainIsBackAvailable() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001"), listed("D-003")], date: "2026-03-31")
        try applyInventory(db, [listed("D-001")], date: "2026-06-30")
        let d3 = try #require(try premisesRecord(db, "D-003"))
        let september = try applyInventory(db, [listed("D-001"), listed("D-003")], date: "2026-09-30")
        #expect(september.counts == .init(changed: 1, unchanged: 1, reappeared: 1))
        let back = try #require(try premisesRecord(db, "D-003"))
        #expect(back.id == d3.id, "the same premises, not a new one")
        #expect(back.status == "disponible" && back.statusSince == "2026-09-30" && back.offeredOn == "2026-03-31")
        #expect(back.lastInventoryID == september.inventoryID)
        let d3ID = try #require(d3.id)
        let comeback = try #require(try events(db, premisesID: d3ID).last)
        #expect(comeback.oldValue == "retire" && comeback.newValue == "disponible" && comeback.date == "2026-09-30")
        #expect(comeback.cause == "de nouveau proposé par l'inventaire du 30/09/2026 (2026-09-30.csv)")
    }

    // MARK: Statuses a user set

    @Test func reservedAndPlacedPremisesKeepTheirStatusListedOrAbsent() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001"), listed("D-002", surface: 100, rent: nil), listed("D-003")], date: "2026-03-31")
        let d2ID = try #require(try premisesRecord(db, "D-002")?.id)
        try db.setStatus(premisesID: d2ID, to: .reserved, on: day("2026-04-10"), reason: nil)
        try db.writer.write { try $0.execute(sql: "UPDATE premises SET status = 'attribue', status_since = '2026-04-15' WHERE reference = 'D-003'") }

        // D-002 listed larger and declared unavailable; D-003 absent.
        let june = try applyInventory(db, [listed("D-001"), listed("D-002", surface: 110, rent: nil, status: .withdrawn)], date: "2026-06-30")
        #expect(june.counts == .init(changed: 1, unchanged: 1, keptByUserStatus: 1, fieldChanges: 1))
        let d2 = try #require(try premisesRecord(db, "D-002"))
        #expect(d2.surface == 110)
        #expect(d2.status == "reserve" && d2.statusSince == "2026-04-10")
        #expect(d2.lastInventoryID == june.inventoryID)
        #expect(try events(db, premisesID: d2ID).map(\.kind) == ["statut", "champ"], "the user's status event, then the surface")
        let d3 = try #require(try premisesRecord(db, "D-003"))
        #expect(d3.status == "attribue" && d3.statusSince == "2026-04-15")
        #expect(try events(db, premisesID: try #require(d3.id)).isEmpty)
    }

    // MARK: Older inventory

    @Test func aHistoricalInventoryOnlyAddsUnknownPremisesWithdrawnAsOfTheNextInventory() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001"), listed("D-002", surface: 110)], date: "2026-06-30")
        let known = try #require(try premisesRecord(db, "D-002"))
        let d1 = try #require(try premisesRecord(db, "D-001"))

        // March: D-002 with its old surface (known), D-009 (unknown); D-001 absent.
        let march = try applyInventory(db, [listed("D-002", surface: 100), listed("D-009")], date: "2026-03-31", historical: true)
        #expect(march.counts == .init(added: 1, knownLeftAsIs: 1))
        #expect(try premisesRecord(db, "D-002") == known, "known premises left as the newer inventory describes them")
        #expect(try premisesRecord(db, "D-001") == d1, "absent from an older inventory: not withdrawn")
        let d9 = try #require(try premisesRecord(db, "D-009"))
        #expect(d9.offeredOn == "2026-03-31" && d9.initialStatus == "disponible")
        #expect(d9.firstInventoryID == march.inventoryID)
        #expect(d9.status == "retire" && d9.statusSince == "2026-06-30")
        let history = try events(db, premisesID: try #require(d9.id))
        #expect(history.map { "\($0.date) \($0.oldValue ?? "-")→\($0.newValue ?? "-") \($0.cause)" }
            == ["2026-06-30 disponible→retire absent de l'inventaire suivant (30/06/2026)"])
        #expect(history.first?.inventoryID == march.inventoryID)
        #expect(try count(db, "SELECT count(*) FROM premises_events") == 1)
    }

    // MARK: Dry run

    /// A dry run counts what the import would do, and writes nothing (it runs in a read-only
    /// access: a write would throw).
    @Test func aDryRunCountsLikeTheImportAndWritesNothing() throws {
        let db = try freshDatabase()
        try applyInventory(db, [listed("D-001"), listed("D-002", surface: 100, rent: nil), listed("D-003"), listed("D-004")], date: "2026-03-31")
        let d3ID = try #require(try premisesRecord(db, "D-003")?.id)
        try db.setStatus(premisesID: d3ID, to: .reserved, on: day("2026-04-10"), reason: nil)
        try db.writer.write { try $0.execute(sql: "UPDATE premises SET status = 'retire' WHERE reference = 'D-004'") }
        let june = [listed("D-002", surface: 110, rent: nil), listed("D-004"), listed("D-005")]
        let before = try dump(db)

        let dryRun = try applyInventory(db, june, date: "2026-06-30", dryRun: true)
        #expect(try dump(db) == before)
        #expect(dryRun.counts == .init(
            added: 1, changed: 2, withdrawn: 1, reappeared: 1, keptByUserStatus: 1, fieldChanges: 1))
        let imported = try applyInventory(db, june, date: "2026-06-30")
        #expect(imported.counts == dryRun.counts)
    }
}

// MARK: - Helpers

/// A premises of Drancy as an inventory lists it.
private func listed(_ reference: String, surface: Double = 50, rent: Double? = 500, status: PremisesStatus = .available) -> Premises {
    Premises(
        reference: reference, communeInsee: "93029", address: "\(reference) rue de la République", type: .office,
        surface: surface, rent: rent.map { .monthly($0, surface: surface) }, status: status)
}

/// Applies an inventory of Drancy listing `premises` as of `date`, as the import job does once
/// the file is read: its row (not for a dry run), then each listed premises, then the absent ones.
@discardableResult
private func applyInventory(
    _ db: BourseDatabase, _ premises: [Premises], date: String, historical: Bool = false, dryRun: Bool = false
) throws -> (inventoryID: Int64, counts: InventorySnapshot.Counts) {
    func apply(_ database: Database) throws -> (inventoryID: Int64, counts: InventorySnapshot.Counts) {
        let inventoryID = dryRun ? 0 : try inventoryRow(database, source: "drancy", date: date)
        var snapshot = try InventorySnapshot(
            db: database, sourceID: "drancy", asOf: day(date), inventoryID: inventoryID, fileName: "\(date).csv",
            historical: historical, dryRun: dryRun, recordedAt: "2026-12-31T12:00:00Z")
        for item in premises { try snapshot.list(item) }
        try snapshot.finishListing()
        try snapshot.withdrawAbsent()
        return (inventoryID, snapshot.counts)
    }
    return try dryRun ? db.writer.read(apply) : db.writer.write(apply)
}

/// Inserts an inventory's row for `source` as of `date`; its SHA-256 is the date.
private func inventoryRow(_ database: Database, source: String, date: String, sha256: String? = nil) throws -> Int64 {
    var record = InventoryRecord(
        id: nil, sourceID: source, fileName: "\(date).csv", filePath: "/nulle/part/\(date).csv", sha256: sha256 ?? date,
        byteCount: 0, asOf: date, importedAt: "2026-12-31T12:00:00Z", format: "csv", encoding: nil, delimiter: nil,
        headerLine: nil, records: 0, accepted: 0, rejected: 0, added: 0, changed: 0, unchanged: 0, withdrawn: 0, reappeared: 0)
    try record.insert(database)
    return try #require(record.id)
}

extension PremisesRecord {
    /// A new row for `premises`, as a first inventory inserts it.
    fileprivate init(premises: Premises, sourceID: String, inventoryID: Int64) {
        self.init(
            id: nil, sourceID: sourceID, communeInsee: premises.communeInsee, reference: premises.reference,
            address: premises.address, type: premises.type.rawValue, typeLabel: premises.typeLabel, surface: premises.surface,
            rentMonthly: premises.rent?.monthly, rentM2Year: premises.rent?.perSquareMetreYear,
            rentBasis: premises.rent?.basis.rawValue, charges: nil, marketRent: nil, leaseKind: nil, leaseLabel: nil,
            availableFrom: nil, availableUntil: nil, floor: nil, accessible: nil, status: premises.status.rawValue,
            initialStatus: premises.status.rawValue, statusSince: "2026-03-31", contact: nil, remarks: nil, extra: nil,
            offeredOn: "2026-03-31", firstInventoryID: inventoryID, lastInventoryID: inventoryID)
    }
}
