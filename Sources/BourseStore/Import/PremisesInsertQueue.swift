import BourseCore
import Foundation
import GRDB

/// New premises of one inventory waiting for their multi-row INSERT (`PremisesInsert`).
///
/// The queue holds runs of rows of packed batches rather than copies: their values are bound by
/// pointer, so a batch is kept alive until the statement that binds its rows has run. A full
/// statement runs as soon as it has its rows; `flush` runs the last, partial one.
struct PremisesInsertQueue {
    private let db: Database
    private let sourceID: String
    /// The inventory's date as stored (offered on, status since).
    private let asOf: String
    private let inventoryID: Int64
    /// Looked up once: finding it in the statement cache hashes its 8 KB of SQL.
    private let fullBatchInsert: Statement
    private var pending: [(rows: PackedPremisesRows, first: Int, end: Int)] = []
    /// Rows queued and not yet inserted.
    private(set) var count = 0

    init(db: Database, sourceID: String, asOf: String, inventoryID: Int64) throws {
        self.db = db
        self.sourceID = sourceID
        self.asOf = asOf
        self.inventoryID = inventoryID
        fullBatchInsert = try db.cachedStatement(sql: PremisesInsert.fullBatchSQL)
    }

    /// Queues rows `first..<end` of `rows`, running each full INSERT.
    mutating func queue(_ rows: PackedPremisesRows, from first: Int, to end: Int) throws {
        let batchSize = PremisesInsert.batchSize
        var next = first
        while next < end {
            let take = min(batchSize - count, end - next)
            if let last = pending.last, last.rows === rows, last.end == next {
                pending[pending.count - 1].end = next + take
            } else {
                pending.append((rows, next, next + take))
            }
            count += take
            next += take
            if count == batchSize { try flush() }
        }
    }

    /// Inserts the rows queued, if any.
    mutating func flush() throws {
        guard count > 0 else { return }
        let statement = try count == PremisesInsert.batchSize
            ? fullBatchInsert
            : db.cachedStatement(sql: PremisesInsert.sql(rows: count))
        var binder = RawStatementBinder(statement)
        PremisesInsert.bindShared(sourceID: sourceID, asOf: asOf, inventoryID: inventoryID, to: &binder)
        for run in pending {
            for row in run.first..<run.end { run.rows.bind(row: row, to: &binder) }
        }
        try binder.execute(db)
        pending.removeAll(keepingCapacity: true)
        count = 0
    }
}
