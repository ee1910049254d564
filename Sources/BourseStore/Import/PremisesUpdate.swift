import BourseCore
import BourseImport
import Foundation
import GRDB

/// The UPDATE of a known premises that a new inventory changed.
enum PremisesUpdate {
    static let allFieldsSQL = """
        UPDATE premises SET address = ?, type = ?, type_label = ?, surface = ?, rent_monthly = ?, rent_m2_year = ?,
          rent_basis = ?, charges = ?, market_rent = ?, lease_kind = ?, lease_label = ?, available_from = ?,
          available_until = ?, floor = ?, accessible = ?, contact = ?, remarks = ?, extra = ?, last_inventory_id = ?,
          status = ?, status_since = ?
        WHERE id = ?
        """

    /// Binds the record's values in the order of `allFieldsSQL`.
    static func bind(_ record: PremisesRecord, to binder: inout RawStatementBinder) {
        binder.bind(record.address)
        binder.bind(record.type)
        binder.bind(record.typeLabel)
        binder.bind(record.surface)
        binder.bind(record.rentMonthly)
        binder.bind(record.rentM2Year)
        binder.bind(record.rentBasis)
        binder.bind(record.charges)
        binder.bind(record.marketRent)
        binder.bind(record.leaseKind)
        binder.bind(record.leaseLabel)
        binder.bind(record.availableFrom)
        binder.bind(record.availableUntil)
        binder.bind(record.floor)
        binder.bind(record.accessible)
        binder.bind(record.contact)
        binder.bind(record.remarks)
        binder.bind(record.extra)
        binder.bind(record.lastInventoryID)
        binder.bind(record.status)
        binder.bind(record.statusSince)
        binder.bind(record.id)
    }
}
