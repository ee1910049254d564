import BourseCore
import BourseImport
import Foundation
import GRDB

/// One inventory import inside its transaction.
///
/// `run` composes the rules: the same file again is already imported (`alreadyImported`); an
/// older inventory is refused or historical (`age`); the inventory's row is written; the file is
/// read and each premises it lists goes through `InventorySnapshot.list` (new, changed,
/// unchanged, back again, left as is); the file is checked against its source; the absent
/// premises are withdrawn (`InventorySnapshot.withdrawAbsent`); the counts are recorded.
struct InventoryImportJob {
    let db: Database
    let source: Source
    let territory: Territory
    let options: InventoryImportOptions

    /// Imports the file `reader` reads.
    /// - Parameter path: the file, for its row and for hashing it while it is read.
    func run(
        reader: any InventoryReader,
        path: String,
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
        let dryRun = options.dryRun
        // Hashed now (then checked at once), or while the file is read (checked before the commit);
        // not at all for a dry run of a file no inventory of this source has the size of.
        let hashing = reader.facts.sha256.isEmpty && !dryRun ? FileFingerprint(path: path, byteCount: reader.facts.byteCount) : nil
        defer { hashing?.cancel() }
        if !reader.facts.sha256.isEmpty, let outcome = try alreadyImported(reader.facts.sha256, asOf: asOfDate) {
            report.outcome = outcome
            return report
        }
        switch try age(of: asOfDate) {
        case .current: break
        case .historical: report.historical = true
        case .refused(let latest): throw StoreError.olderThanLatest(file: name, asOf: asOfDate, latest: latest)
        }
        let now = Timestamp.now()
        let inventoryID = dryRun ? 0 : try insertInventory(reader: reader, path: path, asOf: asOfDate, importedAt: now)
        var snapshot = try InventorySnapshot(
            db: db, sourceID: source.id, asOf: asOfDate, inventoryID: inventoryID, fileName: name,
            historical: report.historical, dryRun: dryRun, recordedAt: now)
        // A dry run on a source with no premises compares nothing: free text need not be decoded.
        reader.skipsFreeText = dryRun && snapshot.freshSource
        defer { reader.skipsFreeText = false }

        let rejectInsert = try db.cachedStatement(sql: """
            INSERT INTO import_rejects (inventory_id, file_name, line, field, raw, reason) VALUES (?,?,?,?,?,?)
            """)
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
        if dryRun && snapshot.freshSource {
            summary = try reader.read(progress: progress, accept: { premises, _ in try snapshot.list(premises) }, reject: rejectRecord, warn: onWarning)
        } else if snapshot.freshSource && reader.leavesReadingThreadIdle {
            summary = try InventoryReadPipeline.read(
                reader, batches: PackedPremisesRows.self, progress: progress, accept: { try snapshot.listNew($0) },
                reject: rejectRecord, warn: onWarning)
        } else {
            summary = try InventoryReadPipeline.read(
                reader, progress: progress, accept: { premises, _ in try snapshot.list(premises) }, reject: rejectRecord, warn: onWarning)
        }
        try snapshot.finishListing()
        report.read = summary
        if let hashing {
            let sha256 = try hashing.wait()
            report.read?.facts.sha256 = sha256
            if let outcome = try alreadyImported(sha256, asOf: asOfDate) {
                // Another process imported the same file meanwhile: this import is rolled back.
                return InventoryImportReport(outcome: outcome, source: source, asOf: asOfDate, dateOrigin: origin)
            }
            if !dryRun {
                try db.execute(sql: "UPDATE inventories SET sha256 = ? WHERE id = ?", arguments: [sha256, inventoryID])
            }
        }

        try checkCommunes(summary, file: name)
        if options.strict && summary.rejected > 0 {
            throw StoreError.strictRejected(file: name, rejected: summary.rejected)
        }
        if summary.accepted == 0 {
            throw StoreError.nothingAccepted(file: name, rejected: summary.rejected)
        }
        try snapshot.withdrawAbsent()
        report.record(snapshot.counts)

        if !dryRun {
            try verifyParents(communes: snapshot.communes)
            try db.execute(sql: """
                UPDATE inventories SET records = ?, accepted = ?, rejected = ?, added = ?, changed = ?, unchanged = ?,
                  withdrawn = ?, reappeared = ? WHERE id = ?
                """, arguments: [summary.records, summary.accepted, summary.rejected, report.added, report.changed,
                                 report.unchanged, report.withdrawn, report.reappeared, inventoryID])
            report.outcome = .imported(inventoryID: inventoryID)
        }
        return report
    }

    /// The already-imported rule: the inventory of this source with this SHA-256, if any; the
    /// same file again changes nothing, whatever its name and date.
    /// - Parameter asOf: the date to give when the stored one cannot be read.
    func alreadyImported(_ sha256: String, asOf: CivilDate) throws -> InventoryImportReport.Outcome? {
        guard let existing = try InventoryRecord
            .filter(InventoryRecord.Columns.sourceID == source.id && InventoryRecord.Columns.sha256 == sha256)
            .fetchOne(db), let id = existing.id else { return nil }
        return .alreadyImported(inventoryID: id, asOf: CivilDate(iso: existing.asOf) ?? asOf)
    }

    /// The older-inventory rule (`SnapshotRules.age`) against the source's latest inventory.
    func age(of asOf: CivilDate) throws -> SnapshotRules.InventoryAge {
        let latest = try String.fetchOne(db, sql: "SELECT max(as_of) FROM inventories WHERE source_id = ?", arguments: [source.id])
            .flatMap(CivilDate.init(iso:))
        return SnapshotRules.age(of: asOf, latest: latest, allowOlder: options.allowOlder)
    }

    /// Writes the inventory's row, its counts still zero.
    /// - Returns: its id.
    private func insertInventory(reader: any InventoryReader, path: String, asOf: CivilDate, importedAt: String) throws -> Int64 {
        var inventory = InventoryRecord(
            id: nil, sourceID: source.id, fileName: reader.displayName, filePath: path, sha256: reader.facts.sha256,
            byteCount: reader.facts.byteCount, asOf: asOf.iso, importedAt: importedAt, format: reader.format,
            encoding: reader.declaredEncoding, delimiter: reader.delimiterName,
            headerLine: reader.headerLine, records: 0, accepted: 0, rejected: 0, added: 0, changed: 0,
            unchanged: 0, withdrawn: 0, reappeared: 0)
        try inventory.insert(db)
        return inventory.id ?? 0
    }
}

extension InventoryImportReport {
    /// Takes the snapshot's counts.
    mutating func record(_ counts: InventorySnapshot.Counts) {
        added = counts.added
        changed = counts.changed
        unchanged = counts.unchanged
        withdrawn = counts.withdrawn
        reappeared = counts.reappeared
        keptByUserStatus = counts.keptByUserStatus
        knownLeftAsIs = counts.knownLeftAsIs
        fieldChanges = counts.fieldChanges
    }
}

extension InventoryImportJob {
    /// A commune's inventory holds that commune's premises: the records of other communes were
    /// rejected one by one while reading; when they are the majority of the records read, or no
    /// record of the commune was accepted, the file is someone else's and is refused whole.
    /// - Throws: `StoreError.otherCommunes`; the transaction is then rolled back.
    func checkCommunes(_ summary: InventoryReadSummary, file: String) throws {
        guard let expected = source.inventoryCommuneInsee, !options.forceSource else { return }
        let others = summary.otherCommuneRecords.values.reduce(0, +)
        guard others > 0, others * 2 > summary.records || summary.accepted == 0 else { return }
        let found = summary.otherCommuneRecords
            .map { insee, records in
                StoreError.CommuneRecords(name: territory.commune(insee: insee)?.name ?? insee, insee: insee, records: records)
            }
            .sorted { ($0.records, $1.insee) > ($1.records, $0.insee) }
        throw StoreError.otherCommunes(
            file: file, found: found, expected: territory.commune(insee: expected)?.name ?? source.name)
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
