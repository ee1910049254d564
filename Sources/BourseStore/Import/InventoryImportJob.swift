import BourseCore
import BourseImport
import Foundation
import GRDB

/// One import inside its transaction.
struct InventoryImportJob {
    let db: Database
    let reader: any InventoryReader
    let source: Source
    let territory: Territory
    let options: InventoryImportOptions
    let path: String

    func run(
        progress: ((Int, Int) -> Void)?,
        onReject: (Reject) throws -> Void,
        onWarning: (Diagnostic) throws -> Void
    ) throws -> InventoryImportReport {
        let (asOfDate, origin) = InventoryDate.resolve(
            given: options.asOf, titleDate: reader.titleDate, fileName: reader.displayName, fallback: options.fallbackDate)
        var report = InventoryImportReport(outcome: .dryRun, source: source, asOf: asOfDate, dateOrigin: origin)
        report.notes = reader.notes
        report.sourceCheckSkipped = options.forceSource
        let name = reader.displayName
        /// The inventory of this source with this SHA-256, if any.
        func alreadyImported(_ sha256: String) throws -> InventoryImportReport.Outcome? {
            guard let existing = try InventoryRecord
                .filter(InventoryRecord.Columns.sourceID == source.id && InventoryRecord.Columns.sha256 == sha256)
                .fetchOne(db), let id = existing.id else { return nil }
            return .alreadyImported(inventoryID: id, asOf: CivilDate(iso: existing.asOf) ?? asOfDate)
        }
        // Hashed now (then checked at once), or while the file is read (checked before the commit);
        // not at all for a dry run of a file no inventory of this source has the size of.
        let hashing = reader.facts.sha256.isEmpty && !options.dryRun ? FileFingerprint(path: path, byteCount: reader.facts.byteCount) : nil
        defer { hashing?.cancel() }
        if !reader.facts.sha256.isEmpty, let outcome = try alreadyImported(reader.facts.sha256) {
            report.outcome = outcome
            return report
        }
        let asOf = asOfDate.iso
        let latest = try String.fetchOne(db, sql: "SELECT max(as_of) FROM inventories WHERE source_id = ?", arguments: [source.id])
            .flatMap(CivilDate.init(iso:))
        if let latest, asOfDate < latest {
            guard options.allowOlder else {
                throw StoreError.olderThanLatest(file: name, asOf: asOfDate, latest: latest)
            }
            report.historical = true
        }
        let now = Timestamp.now()
        var inventoryID: Int64 = 0
        if !options.dryRun {
            var inventory = InventoryRecord(
                id: nil, sourceID: source.id, fileName: name, filePath: path, sha256: reader.facts.sha256,
                byteCount: reader.facts.byteCount, asOf: asOf, importedAt: now, format: reader.format,
                encoding: (reader as? XMLInventoryReader)?.declaredEncoding ?? reader.facts.encodingName, delimiter: reader.delimiterName,
                headerLine: reader.headerLine, records: 0, accepted: 0, rejected: 0, added: 0, changed: 0,
                unchanged: 0, withdrawn: 0, reappeared: 0)
            try inventory.insert(db)
            inventoryID = inventory.id ?? 0
        }
        let freshSource = try Int.fetchOne(db, sql: "SELECT count(*) FROM premises WHERE source_id = ?", arguments: [source.id]) == 0
        // A dry run on a source with no premises compares nothing: free text need not be decoded.
        reader.skipsFreeText = options.dryRun && freshSource
        defer { reader.skipsFreeText = false }
        let availableBefore = try Int.fetchOne(db, sql: "SELECT count(*) FROM premises WHERE source_id = ? AND status = 'disponible'", arguments: [source.id]) ?? 0
        let userStatusBefore = try Int.fetchOne(db, sql: "SELECT count(*) FROM premises WHERE source_id = ? AND status IN ('reserve', 'attribue')", arguments: [source.id]) ?? 0
        var matchedAvailable = 0
        var matchedUserStatus = 0
        // The communes of the premises written, for `verifyParents` (a territory's few: a list).
        var communes: [String] = []
        var lastCommune = ""

        let batchSize = PremisesInsert.batchSize
        // The rows of the next INSERT: runs of rows of packed batches, kept alive until it has run
        // (their values are bound by pointer).
        var pending: [(rows: PackedPremisesRows, first: Int, end: Int)] = []
        var pendingCount = 0
        // New premises of a source that has some already (they come one by one, as `Premises`).
        let packedHere = PackedPremisesRows()
        let rejectInsert = try db.cachedStatement(sql: """
            INSERT INTO import_rejects (inventory_id, file_name, line, field, raw, reason) VALUES (?,?,?,?,?,?)
            """)
        let lookup = try db.cachedStatement(sql: "SELECT \(PremisesRecord.columnList) FROM premises WHERE source_id = ? AND commune_insee = ? AND reference = ?")
        let updateAll = try db.cachedStatement(sql: PremisesUpdate.allFieldsSQL)
        let updateInventory = try db.cachedStatement(sql: "UPDATE premises SET last_inventory_id = ? WHERE id = ?")
        /// The premises of the source with this commune and reference, if any.
        func existingPremises(_ premises: Premises) throws -> PremisesRecord? {
            let reader = RawRowReader(lookup)
            reader.reset()
            var binder = RawStatementBinder(lookup)
            binder.bind(source.id)
            binder.bind(premises.communeInsee)
            binder.bind(premises.reference)
            defer { reader.reset() }
            return try reader.step() ? PremisesRecord(raw: reader) : nil
        }
        let eventInsert = try db.cachedStatement(sql: """
            INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        let cause = "inventaire du \(asOfDate.french) (\(name))"
        let dryRun = options.dryRun
        let historical = report.historical

        // Looked up once: finding it in the statement cache hashes its 8 KB of SQL.
        let fullBatchInsert = try db.cachedStatement(sql: PremisesInsert.fullBatchSQL)
        func flush() throws {
            guard pendingCount > 0 else { return }
            let statement = try pendingCount == batchSize
                ? fullBatchInsert
                : db.cachedStatement(sql: PremisesInsert.sql(rows: pendingCount))
            var binder = RawStatementBinder(statement)
            PremisesInsert.bindShared(sourceID: source.id, asOf: asOf, inventoryID: inventoryID, to: &binder)
            for run in pending {
                for row in run.first..<run.end { run.rows.bind(row: row, to: &binder) }
            }
            try binder.execute(db)
            pending.removeAll(keepingCapacity: true)
            pendingCount = 0
        }

        /// Queues rows `first..<end` of `rows` for insertion, running each full INSERT.
        func queue(_ rows: PackedPremisesRows, from first: Int, to end: Int) throws {
            var next = first
            while next < end {
                let take = min(batchSize - pendingCount, end - next)
                if let last = pending.last, last.rows === rows, last.end == next {
                    pending[pending.count - 1].end = next + take
                } else {
                    pending.append((rows, next, next + take))
                }
                pendingCount += take
                next += take
                if pendingCount == batchSize { try flush() }
            }
        }

        /// New premises packed on the reading thread (a source with no premises yet).
        func insertPacked(_ rows: PackedPremisesRows) throws {
            for insee in rows.communes where !communes.contains(insee) { communes.append(insee) }
            report.added += rows.count
            try queue(rows, from: 0, to: rows.count)
        }

        func insertNew(_ premises: Premises) throws {
            report.added += 1
            guard !dryRun else { return }
            // Once its rows have run (their bindings are cleared), the batch is filled again.
            if pendingCount == 0 { packedHere.removeAll() }
            packedHere.append(premises, line: 0)
            try queue(packedHere, from: packedHere.count - 1, to: packedHere.count)
        }

        func event(_ premisesID: Int64, kind: String, field: String, old: String?, new: String?, cause: String) throws {
            try eventInsert.execute(arguments: [premisesID, asOf, kind, field, old, new, cause, inventoryID, now])
        }

        func update(_ existing: PremisesRecord, with premises: Premises) throws {
            guard let id = existing.id else { return }
            if existing.status == PremisesStatus.available.rawValue { matchedAvailable += 1 }
            if PremisesStatus(rawValue: existing.status)?.isSetByUser == true { matchedUserStatus += 1 }
            if historical {
                report.knownLeftAsIs += 1
                return
            }
            var record = existing
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
            var sameFields = existing
            sameFields.lastInventoryID = inventoryID
            // Field by field only when some stored value differs (most premises of a new
            // inventory are unchanged).
            let fieldsDiffer = record != sameFields
            var changes: [(String, String?, String?)] = []
            if fieldsDiffer {
                let old = PremisesFieldValues.values(of: existing.premises)
                let new = PremisesFieldValues.values(of: premises)
                for (index, pair) in new.enumerated() where old[index].1 != pair.1 {
                    changes.append((pair.0, old[index].1, pair.1))
                }
            }
            var newStatus = existing.status
            var statusCause = ""
            let current = PremisesStatus(rawValue: existing.status) ?? .available
            if !current.isSetByUser && current != premises.status {
                newStatus = premises.status.rawValue
                if premises.status == .available {
                    report.reappeared += 1
                    statusCause = "de nouveau proposé par l'\(cause)"
                } else {
                    statusCause = "déclaré indisponible par l'\(cause)"
                }
            }
            // Each accepted premises is counted once: added, changed (fields or status), or unchanged.
            if changes.isEmpty && newStatus == existing.status {
                report.unchanged += 1
            } else {
                report.changed += 1
                report.fieldChanges += changes.count
            }
            guard !dryRun else { return }
            if newStatus != existing.status {
                record.status = newStatus
                record.statusSince = asOf
                try event(id, kind: "statut", field: "statut", old: existing.status, new: newStatus, cause: statusCause)
            }
            for change in changes {
                try event(id, kind: "champ", field: change.0, old: change.1, new: change.2, cause: "modifié par l'\(cause)")
            }
            if fieldsDiffer || newStatus != existing.status {
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

        func acceptRecord(_ premises: Premises, _ line: Int) throws {
            if premises.communeInsee != lastCommune {
                lastCommune = premises.communeInsee
                if !communes.contains(lastCommune) { communes.append(lastCommune) }
            }
            if freshSource {
                try insertNew(premises)
                return
            }
            let existing = try existingPremises(premises)
            if let existing {
                try update(existing, with: premises)
            } else {
                try insertNew(premises)
            }
        }
        func rejectRecord(_ reject: Reject) throws {
            if !dryRun {
                try rejectInsert.execute(arguments: [inventoryID, name, reject.line, reject.fields.isEmpty ? nil : reject.fields, reject.raw, reject.reason])
            }
            try onReject(reject)
        }

        // The file is read and validated on another thread while this one stores what it gives.
        // A dry run on a source with no premises only counts what it is given: handing each record
        // over would cost more than that, so the reader runs on this thread (a large CSV file
        // still has its scanning and its validation on threads of their own).
        // New premises of a source with none yet are packed for their INSERT on the reading
        // thread when it has time to spare (CSV); else this thread packs them (XML: libxml2 keeps
        // the reading thread busy).
        let summary: InventoryReadSummary
        if dryRun && freshSource {
            summary = try reader.read(progress: progress, accept: acceptRecord, reject: rejectRecord, warn: onWarning)
        } else if freshSource && reader.leavesReadingThreadIdle {
            summary = try InventoryReadPipeline.read(
                reader, batches: PackedPremisesRows.self, progress: progress, accept: insertPacked, reject: rejectRecord, warn: onWarning)
        } else {
            summary = try InventoryReadPipeline.read(reader, progress: progress, accept: acceptRecord, reject: rejectRecord, warn: onWarning)
        }
        try flush()
        report.read = summary
        if let hashing {
            let sha256 = try hashing.wait()
            report.read?.facts.sha256 = sha256
            if let outcome = try alreadyImported(sha256) {
                // Another process imported the same file meanwhile: this import is rolled back.
                report = InventoryImportReport(outcome: outcome, source: source, asOf: asOfDate, dateOrigin: origin)
                return report
            }
            if !dryRun {
                try db.execute(sql: "UPDATE inventories SET sha256 = ? WHERE id = ?", arguments: [sha256, inventoryID])
            }
        }

        try checkCommunes(summary)
        if options.strict && summary.rejected > 0 {
            throw StoreError.strictRejected(file: name, rejected: summary.rejected)
        }
        if summary.accepted == 0 {
            throw StoreError.nothingAccepted(file: name, rejected: summary.rejected)
        }

        if historical {
            // Premises only this older inventory lists are absent from the next one: withdrawn then.
            if let next = try String.fetchOne(db, sql: "SELECT min(as_of) FROM inventories WHERE source_id = ? AND as_of > ?", arguments: [source.id, asOf]),
               !dryRun {
                let nextDate = CivilDate(iso: next)?.french ?? next
                try db.execute(sql: """
                    INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
                    SELECT id, ?, 'statut', 'statut', status, 'retire', ?, ?, ? FROM premises
                    WHERE first_inventory_id = ? AND status = 'disponible'
                    """, arguments: [next, "absent de l'inventaire suivant (\(nextDate))", inventoryID, now, inventoryID])
                try db.execute(sql: "UPDATE premises SET status = 'retire', status_since = ? WHERE first_inventory_id = ? AND status = 'disponible'", arguments: [next, inventoryID])
            }
        } else if dryRun {
            report.withdrawn = availableBefore - matchedAvailable
            report.keptByUserStatus = userStatusBefore - matchedUserStatus
        } else if !freshSource {
            try db.execute(sql: """
                INSERT INTO premises_events (premises_id, date, kind, field, old_value, new_value, cause, inventory_id, recorded_at)
                SELECT id, ?, 'statut', 'statut', status, 'retire', ?, ?, ? FROM premises
                WHERE source_id = ? AND last_inventory_id != ? AND status = 'disponible'
                """, arguments: [asOf, "absent de l'\(cause)", inventoryID, now, source.id, inventoryID])
            report.withdrawn = db.changesCount
            try db.execute(sql: """
                UPDATE premises SET status = 'retire', status_since = ?
                WHERE source_id = ? AND last_inventory_id != ? AND status = 'disponible'
                """, arguments: [asOf, source.id, inventoryID])
            report.keptByUserStatus = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM premises WHERE source_id = ? AND last_inventory_id != ? AND status IN ('reserve', 'attribue')
                """, arguments: [source.id, inventoryID]) ?? 0
        }

        if !dryRun {
            try verifyParents(communes: communes)
            try db.execute(sql: """
                UPDATE inventories SET records = ?, accepted = ?, rejected = ?, added = ?, changed = ?, unchanged = ?,
                  withdrawn = ?, reappeared = ? WHERE id = ?
                """, arguments: [summary.records, summary.accepted, summary.rejected, report.added, report.changed,
                                 report.unchanged, report.withdrawn, report.reappeared, inventoryID])
            report.outcome = .imported(inventoryID: inventoryID)
        }
        return report
    }
}

extension InventoryImportJob {
    /// A commune's inventory holds that commune's premises: the records of other communes were
    /// rejected one by one while reading; when they are the majority of the records read, or no
    /// record of the commune was accepted, the file is someone else's and is refused whole.
    /// - Throws: `StoreError.otherCommunes`; the transaction is then rolled back.
    func checkCommunes(_ summary: InventoryReadSummary) throws {
        guard let expected = source.inventoryCommuneInsee, !options.forceSource else { return }
        let others = summary.otherCommuneRecords.values.reduce(0, +)
        guard others > 0, others * 2 > summary.records || summary.accepted == 0 else { return }
        let found = summary.otherCommuneRecords
            .map { insee, records in
                StoreError.CommuneRecords(name: territory.commune(insee: insee)?.name ?? insee, insee: insee, records: records)
            }
            .sorted { ($0.records, $1.insee) > ($1.records, $0.insee) }
        throw StoreError.otherCommunes(
            file: reader.displayName, found: found, expected: territory.commune(insee: expected)?.name ?? source.name)
    }

    /// The parents of every foreign key the import wrote, checked once instead of per row (the
    /// import runs with SQLite's per-row checks off): the source and the communes of the premises
    /// added or updated. The inventory, the events and the rejects point to rows the import itself
    /// inserted or looked up in this transaction.
    /// - Throws: `StoreError.database` when one is missing; the transaction is then rolled back.
    func verifyParents(communes: [String]) throws {
        var missing: [String] = []
        if try !exists("SELECT EXISTS (SELECT 1 FROM sources WHERE id = ?)", source.id) { missing.append("source « \(source.id) »") }
        for insee in communes.sorted() where try !exists("SELECT EXISTS (SELECT 1 FROM communes WHERE insee = ?)", insee) {
            missing.append("commune « \(insee) »")
        }
        guard missing.isEmpty else {
            throw StoreError.database("l'import référence des éléments absents de la base (\(missing.joined(separator: ", "))) : rien n'a été enregistré")
        }
    }

    private func exists(_ sql: String, _ key: String) throws -> Bool {
        try Bool.fetchOne(db, sql: sql, arguments: [key]) ?? false
    }
}
