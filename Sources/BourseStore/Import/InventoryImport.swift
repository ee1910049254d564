import BourseCore
import BourseImport
import Foundation
import GRDB

extension BourseDatabase {
    /// Imports one inventory file as a dated snapshot of a source's offer.
    ///
    /// One transaction: the inventory row, the new and changed premises, their events, the
    /// withdrawals and the rejects are all written, or nothing is. The same file again (same
    /// SHA-256 for the same source) changes nothing. Premises absent from the file are withdrawn as
    /// of its date unless a user reserved or placed them. An inventory older than the source's
    /// latest is refused unless `allowOlder`, then it only adds premises the bourse did not know.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - displayName: the name in messages and in the store (default: the file name).
    ///   - progress: bytes read and file size, now and then.
    ///   - onReject: every rejected record, as it comes (the caller writes the rejects file).
    ///   - onWarning: remarks on accepted records.
    /// - Throws: `StoreError`; nothing is written then.
    public func importInventory(
        path: String,
        displayName: String? = nil,
        options: InventoryImportOptions,
        progress: ((Int, Int) -> Void)? = nil,
        onReject: (Reject) throws -> Void = { _ in },
        onWarning: (Diagnostic) throws -> Void = { _ in }
    ) throws -> InventoryImportReport {
        let source = try resolveSource(options.sourceID)
        let territory = try territory()
        // The file's SHA-256 is needed first only when the source has an inventory of the same
        // size (the same file again changes nothing and says so at once). Otherwise a large XML
        // file is hashed while it is read (nothing else reads it first; a CSV file's encoding
        // check does, hashing beside it), and the same file imported meanwhile by another
        // process is still found before the commit; a dry run, which stores no hash, needs none.
        let size = (try? ChunkedFile(path: path).size) ?? 0
        let sameSize = try size < BourseDatabase.hashWhileReadingFrom || writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM inventories WHERE source_id = ? AND byte_count = ?)", arguments: [source.id, size]) ?? true
        }
        let fingerprint: FingerprintTiming = sameSize ? .now : options.dryRun ? .never : .later
        let reader: any InventoryReader
        do {
            reader = try InventoryReaders.open(
                path: path, displayName: displayName, territory: territory, profile: options.profile,
                xmlProfile: options.xmlProfile, schemaPath: options.schemaPath, knownXMLProfiles: options.knownXMLProfiles,
                fingerprint: fingerprint, expectedSource: options.forceSource ? nil : source)
        } catch {
            throw StoreError.read(error)
        }
        // A file that names its landlord must name this source: refused before anything is read.
        if !options.forceSource, let named = reader.namedLandlord, !source.isNamed(named) {
            throw StoreError.otherLandlord(file: reader.displayName, named: named, source: source.id)
        }
        func work(_ db: Database) throws -> InventoryImportReport {
            try InventoryImportJob(db: db, source: source, territory: territory, options: options)
                .run(reader: reader, path: path, progress: progress, onReject: onReject, onWarning: onWarning)
        }
        do {
            if options.dryRun {
                return try writer.read(work)
            }
            // SQLite checks four foreign keys per premises inserted: a fifth of a large import's
            // time in SQLite. Every key the import writes is one it has just read or inserted in
            // the same transaction (the source, the territory's communes, its own inventory, the
            // premises it looked up); `InventoryImportJob.verifyParents` checks the source and the
            // communes once before the commit (the rest the import inserted itself), so
            // the per-row checks are switched off for the import's transaction (the pragma is a
            // no-op inside one) and back on after it, whatever happens.
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var report: InventoryImportReport?
                try db.inTransaction {
                    report = try work(db)
                    // The same file, imported by another process while this one read it.
                    if case .alreadyImported = report?.outcome { return .rollback }
                    return .commit
                }
                return report!
            }
        } catch let error as StoreError {
            throw error
        } catch let error as InventoryReadError {
            throw StoreError.read(error)
        } catch let error as DatabaseError {
            throw StoreError.database(describe(error))
        }
    }
}

extension BourseDatabase {
    /// From this size on, a file whose SHA-256 is not needed first is hashed while it is read.
    static let hashWhileReadingFrom = 1 << 20
}
