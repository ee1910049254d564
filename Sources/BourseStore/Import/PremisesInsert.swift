import BourseCore
import BourseImport
import Foundation
import GRDB

/// The multi-row INSERT of new premises.
///
/// The values every row of an import shares (the source, the inventory's date and id) are bound
/// once per statement as the numbered parameters `?1`, `?2`, `?3`, and the status once per row
/// for both status columns: 21 values bound per row instead of 27.
enum PremisesInsert {
    static let columns = """
        source_id, commune_insee, reference, address, type, type_label, surface, rent_monthly, rent_m2_year,
        rent_basis, charges, market_rent, lease_kind, lease_label, available_from, available_until, floor,
        accessible, status, initial_status, status_since, contact, remarks, extra, offered_on,
        first_inventory_id, last_inventory_id
        """

    /// Rows per statement: one statement per 64 new premises instead of one per premises.
    static let batchSize = 64
    /// The statement of a full batch, built once.
    static let fullBatchSQL = sql(rows: batchSize)

    /// Parameters shared by all rows (source, date, inventory).
    static let sharedParameters: Int32 = 3
    /// Parameters bound per row, in the order `PackedPremisesRows` packs them.
    static let rowParameters: Int32 = 21

    /// `INSERT OR FAIL INTO premises (…) VALUES (?1,?4,…),(?1,?25,…)…` for `rows` rows.
    ///
    /// `OR FAIL` rather than the default `OR ABORT`: an aborting multi-row statement must be able to
    /// undo its own first rows, so SQLite keeps a statement journal of every page it touches, which
    /// made a million-row import write 1.1 million pages instead of 250,000. The import never
    /// goes on after a failed statement (the error cancels the whole transaction), so keeping a
    /// failed statement's first rows until that rollback changes nothing.
    static func sql(rows: Int) -> String {
        var tuples: [String] = []
        tuples.reserveCapacity(rows)
        for row in 0..<Int32(rows) {
            let first = sharedParameters + row * rowParameters + 1
            let p = (0..<rowParameters).map { "?\(first + $0)" }
            // p[0…17]: commune … status; the status again (initial status), the shared date (status
            // since), p[18…20]: contact, remarks, extra; the shared date (offered on), the inventory twice.
            let values = ["?1"] + p[0...17] + [p[17], "?2", p[18], p[19], p[20], "?2", "?3", "?3"]
            tuples.append("(" + values.joined(separator: ",") + ")")
        }
        return "INSERT OR FAIL INTO premises (\(columns)) VALUES " + tuples.joined(separator: ",")
    }

    /// Binds the values every row shares; first, before the rows.
    static func bindShared(sourceID: String, asOf: String, inventoryID: Int64, to binder: inout RawStatementBinder) {
        binder.bind(sourceID)
        binder.bind(asOf)
        binder.bind(inventoryID)
    }
}
