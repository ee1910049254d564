import BourseCore
import BourseImport
import Foundation
import GRDB

/// One inventory applied to its source's premises inside the import's transaction, by the rules
/// of `SnapshotRules`: each premises it lists is added or updated (`list`), then the premises it
/// does not list are withdrawn (`withdrawAbsent`); every status and field change is an event.
///
/// It knows nothing of files: it is given core values and writes rows, so each rule can be tested
/// on a database alone. A dry run decides and counts the same way and writes nothing.
struct InventorySnapshot {
    /// What the snapshot did to the source's premises (the import's report shows them).
    struct Counts: Equatable {
        /// Premises new to the bourse.
        var added = 0
        /// Known premises with a field event or a status change (including `reappeared`).
        var changed = 0
        var unchanged = 0
        /// Absent premises withdrawn as of the inventory's date.
        var withdrawn = 0
        /// Withdrawn premises listed as available again.
        var reappeared = 0
        /// Absent premises kept because a user reserved or placed them.
        var keptByUserStatus = 0
        /// Known premises a historical inventory lists, left as they are.
        var knownLeftAsIs = 0
        /// Field events recorded.
        var fieldChanges = 0
    }

    let db: Database
    let sourceID: String
    /// The inventory's date.
    let asOf: CivilDate
    /// The inventory's row (0 for a dry run, which stores none).
    let inventoryID: Int64
    /// An inventory older than the source's latest (`SnapshotRules.InventoryAge.historical`).
    let historical: Bool
    let dryRun: Bool
    /// The source has no premises yet: every premises listed is new, none is looked up.
    let freshSource: Bool
    /// The time every event records.
    let recordedAt: String
    private(set) var counts = Counts()
    /// The communes of the premises listed, for `InventoryImportJob.verifyParents` (a
    /// territory's few: a list).
    private(set) var communes: [String] = []

    /// `asOf` as stored.
    private let asOfISO: String
    /// `SnapshotRules.inventoryCause`: the end of every event's cause.
    private let inventoryCause: String
    private var lastCommune = ""
    /// For a dry run, which withdraws nothing but counts what it would: the source's available and
    /// user-set premises before, and how many of them the inventory lists.
    private var availableBefore = 0
    private var userStatusBefore = 0
    private var listedAvailable = 0
    private var listedUserStatus = 0
    private var inserts: PremisesInsertQueue
    /// New premises of a source that has some already (they come one by one, as `Premises`).
    private let packedHere = PackedPremisesRows()
    private let lookup: Statement
    private let updateAll: Statement
    private let updateInventory: Statement
    private let eventInsert: Statement

    /// Prepares the snapshot of inventory `inventoryID` of `sourceID`.
    /// - Parameters:
    ///   - fileName: the inventory's file, as events name it.
    ///   - recordedAt: the time every event records.
    init(
        db: Database, sourceID: String, asOf: CivilDate, inventoryID: Int64, fileName: String,
        historical: Bool, dryRun: Bool, recordedAt: String = Timestamp.now()
    ) throws {
        self.db = db
        self.sourceID = sourceID
        self.asOf = asOf
        self.inventoryID = inventoryID
        self.historical = historical
        self.dryRun = dryRun
        self.recordedAt = recordedAt
        asOfISO = asOf.iso
        inventoryCause = SnapshotRules.inventoryCause(asOf: asOf, file: fileName)
        freshSource = try Int.fetchOne(db, sql: "SELECT count(*) FROM premises WHERE source_id = ?", arguments: [sourceID]) == 0
        if dryRun && !freshSource {
            availableBefore = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM premises WHERE source_id = ? AND status IN (\(SnapshotRules.withdrawnWhenAbsentSQL))
                """, arguments: [sourceID]) ?? 0
            userStatusBefore = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM premises WHERE source_id = ? AND status IN (\(SnapshotRules.keptWhenAbsentSQL))
                """, arguments: [sourceID]) ?? 0
        }
        inserts = try PremisesInsertQueue(db: db, sourceID: sourceID, asOf: asOf.iso, inventoryID: inventoryID)
        lookup = try db.cachedStatement(sql: "SELECT \(PremisesRecord.columnList) FROM premises WHERE source_id = ? AND commune_insee = ? AND reference = ?")
        updateAll = try db.cachedStatement(sql: PremisesUpdate.allFieldsSQL)
        updateInventory = try db.cachedStatement(sql: "UPDATE premises SET last_inventory_id = ? WHERE id = ?")
        eventInsert = try db.cachedStatement(sql: """
            INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
    }

    // MARK: The premises the inventory lists

    /// A premises the inventory lists: new to the source (by commune and reference), it is added;
    /// known, it is updated.
    mutating func list(_ premises: Premises) throws {
        if premises.communeInsee != lastCommune {
            lastCommune = premises.communeInsee
            if !communes.contains(lastCommune) { communes.append(lastCommune) }
        }
        if !freshSource, let stored = try storedPremises(premises) {
            try update(stored, with: premises)
        } else {
            try add(premises)
        }
    }

    /// New premises of a source with none yet, packed for their INSERT on the reading thread.
    mutating func listNew(_ rows: PackedPremisesRows) throws {
        for insee in rows.communes where !communes.contains(insee) { communes.append(insee) }
        counts.added += rows.count
        try inserts.queue(rows, from: 0, to: rows.count)
    }

    /// The new rule: a premises the source did not have is inserted with the status the inventory
    /// gives it (also its initial status), offered as of the inventory's date; historical
    /// inventories too add the premises the bourse did not know.
    mutating func add(_ premises: Premises) throws {
        counts.added += 1
        guard !dryRun else { return }
        // Once its rows have run (their bindings are cleared), the batch is filled again.
        if inserts.count == 0 { packedHere.removeAll() }
        packedHere.append(premises, line: 0)
        try inserts.queue(packedHere, from: packedHere.count - 1, to: packedHere.count)
    }

    /// A premises the inventory lists and the source already has. A historical inventory leaves it
    /// as the newer ones describe it; a current one applies `SnapshotRules.known`: the fields take
    /// the inventory's values with one event per changed field, and the status the status rule
    /// gives with its event.
    mutating func update(_ stored: PremisesRecord, with premises: Premises) throws {
        guard let id = stored.id else { return }
        let storedStatus = PremisesStatus(rawValue: stored.status)
        if storedStatus == .available { listedAvailable += 1 }
        if storedStatus?.isSetByUser == true { listedUserStatus += 1 }
        guard !historical else {
            counts.knownLeftAsIs += 1
            return
        }
        var record = stored
        Self.take(premises, into: &record, inventoryID: inventoryID)
        var sameFields = stored
        sameFields.lastInventoryID = inventoryID
        // Field by field only when some stored value differs (most premises of a new inventory
        // are unchanged).
        let fieldsDiffer = record != sameFields
        let changes = fieldsDiffer ? SnapshotRules.fieldChanges(stored: stored.premises, listed: premises) : []
        let decision = SnapshotRules.known(
            stored: storedStatus ?? .available, listed: premises.status, fieldsDiffer: fieldsDiffer, fieldChanges: changes.count)
        if decision.statusChange == .reappeared { counts.reappeared += 1 }
        if decision.isChanged {
            counts.changed += 1
            counts.fieldChanges += changes.count
        } else {
            counts.unchanged += 1
        }
        guard !dryRun else { return }
        if let change = decision.statusChange {
            record.status = change.newStatus.rawValue
            record.statusSince = asOfISO
            try event(id, kind: "statut", field: "statut", old: stored.status, new: record.status, cause: change.cause(inventory: inventoryCause))
        }
        for change in changes {
            try event(id, kind: "champ", field: change.field, old: change.old, new: change.new, cause: "modifié par l'\(inventoryCause)")
        }
        if decision.rewritesRow {
            var binder = RawStatementBinder(updateAll)
            PremisesUpdate.bind(record, to: &binder)
            try binder.execute(db)
        } else {
            var binder = RawStatementBinder(updateInventory)
            binder.bind(inventoryID)
            binder.bind(id)
            try binder.execute(db)
        }
    }

    /// Inserts the new premises still queued: once every listed premises has been given.
    mutating func finishListing() throws {
        try inserts.flush()
    }

    // MARK: The premises it does not list

    /// The withdrawn rule (`SnapshotRules.absent`), once every listed premises has been given and
    /// inserted. A current inventory withdraws its source's absent available premises as of its
    /// date and counts those a user reserved or placed; a historical one withdraws only its own
    /// new premises, as of the next inventory's date.
    mutating func withdrawAbsent() throws {
        if historical {
            try withdrawAsOfNextInventory()
        } else if dryRun {
            counts.withdrawn = availableBefore - listedAvailable
            counts.keptByUserStatus = userStatusBefore - listedUserStatus
        } else if !freshSource {
            try db.execute(sql: """
                INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
                SELECT id, ?, 'statut', 'statut', status, ?, ?, ?, ? FROM premises
                WHERE source_id = ? AND last_inventory_id != ? AND status IN (\(SnapshotRules.withdrawnWhenAbsentSQL))
                """, arguments: [asOfISO, PremisesStatus.withdrawn.rawValue, "absent de l'\(inventoryCause)", inventoryID, recordedAt, sourceID, inventoryID])
            counts.withdrawn = db.changesCount
            try db.execute(sql: """
                UPDATE premises SET status = ?, status_since = ?
                WHERE source_id = ? AND last_inventory_id != ? AND status IN (\(SnapshotRules.withdrawnWhenAbsentSQL))
                """, arguments: [PremisesStatus.withdrawn.rawValue, asOfISO, sourceID, inventoryID])
            counts.keptByUserStatus = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM premises WHERE source_id = ? AND last_inventory_id != ? AND status IN (\(SnapshotRules.keptWhenAbsentSQL))
                """, arguments: [sourceID, inventoryID]) ?? 0
        }
    }

    /// The premises only this older inventory lists (new to the bourse with it) are absent from
    /// the source's next inventory: the withdrawn rule applies to them as of that one's date.
    /// Not counted in `withdrawn`, which counts the withdrawals as of this inventory's date.
    private func withdrawAsOfNextInventory() throws {
        guard !dryRun, let next = try String.fetchOne(
            db, sql: "SELECT min(as_of) FROM inventories WHERE source_id = ? AND as_of > ?", arguments: [sourceID, asOfISO])
        else { return }
        let nextDate = CivilDate(iso: next)?.french ?? next
        try db.execute(sql: """
            INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
            SELECT id, ?, 'statut', 'statut', status, ?, ?, ?, ? FROM premises
            WHERE first_inventory_id = ? AND status IN (\(SnapshotRules.withdrawnWhenAbsentSQL))
            """, arguments: [next, PremisesStatus.withdrawn.rawValue, "absent de l'inventaire suivant (\(nextDate))", inventoryID, recordedAt, inventoryID])
        try db.execute(sql: """
            UPDATE premises SET status = ?, status_since = ? WHERE first_inventory_id = ? AND status IN (\(SnapshotRules.withdrawnWhenAbsentSQL))
            """, arguments: [PremisesStatus.withdrawn.rawValue, next, inventoryID])
    }

    // MARK: Rows and events

    /// The premises of the source with this commune and reference, if any.
    private func storedPremises(_ premises: Premises) throws -> PremisesRecord? {
        let reader = RawRowReader(lookup)
        reader.reset()
        var binder = RawStatementBinder(lookup)
        binder.bind(sourceID)
        binder.bind(premises.communeInsee)
        binder.bind(premises.reference)
        defer { reader.reset() }
        return try reader.step() ? PremisesRecord(raw: reader) : nil
    }

    private func event(_ premisesID: Int64, kind: String, field: String, old: String?, new: String?, cause: String) throws {
        try eventInsert.execute(arguments: [premisesID, asOfISO, kind, field, old, new, cause, inventoryID, recordedAt])
    }

    /// Gives the row the listed premises' fields and this inventory as its last; status and dates
    /// as they were. In place, not returned: a returned row costs one more copy of its strings per
    /// premises listed.
    private static func take(_ premises: Premises, into record: inout PremisesRecord, inventoryID: Int64) {
        record.address = premises.address
        record.type = premises.type.rawValue
        record.typeLabel = premises.typeLabel
        record.surface = premises.surface
        record.rentMonthly = premises.rent?.monthly
        record.rentM2Year = premises.rent?.perSquareMetreYear
        record.rentBasis = premises.rent?.basis.rawValue
        record.charges = premises.charges
        record.marketRent = premises.marketRent
        record.leaseKind = premises.leaseKind?.rawValue
        record.leaseLabel = premises.leaseLabel
        record.availableFrom = premises.availableFrom?.iso
        record.availableUntil = premises.availableUntil?.iso
        record.floor = premises.floor
        record.accessible = premises.accessible
        record.contact = premises.contact
        record.remarks = premises.remarks
        record.extra = PremisesRecord.encodeExtra(premises.extra)
        record.lastInventoryID = inventoryID
    }
}
