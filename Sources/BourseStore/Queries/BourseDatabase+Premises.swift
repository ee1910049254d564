import BourseCore
import Foundation
import GRDB

/// A premises with the names a reader needs beside it.
public struct PremisesListing: Sendable, Hashable {
    public var id: Int64
    public var record: PremisesRecord
    public var communeName: String
    public var sourceName: String
    public var premises: Premises { record.premises }
}

/// Which premises to list.
public struct PremisesFilter: Sendable {
    public var communeInsee: String?
    public var status: PremisesStatus?
    public var sourceID: String?
    public var type: PremisesType?
    /// A page by key (the portal's lists): the premises after this number, in number order…
    public var afterID: Int64?
    /// …at most this many. Without a limit, every premises, by commune, source and reference.
    public var limit: Int?
    /// A page in another order (the portal's sortable lists): by this column, then by number,
    /// from `offset` on (instead of `afterID`).
    public var sort: PremisesSort?
    public var descending = false
    public var offset = 0

    public init(communeInsee: String? = nil, status: PremisesStatus? = nil, sourceID: String? = nil, type: PremisesType? = nil) {
        self.communeInsee = communeInsee
        self.status = status
        self.sourceID = sourceID
        self.type = type
    }
}

/// The columns a list of premises can be sorted by.
public enum PremisesSort: String, Sendable, CaseIterable {
    case reference = "reference"
    case commune = "commune"
    case surface = "surface"
    case status = "statut"

    var column: String {
        switch self {
        case .reference: "p.reference"
        case .commune: "c.name"
        case .surface: "p.surface"
        case .status: "p.status"
        }
    }
}

extension BourseDatabase {
    /// Premises matching a filter, ordered by commune, source and reference.
    public func premises(_ filter: PremisesFilter = PremisesFilter()) throws(StoreError) -> [PremisesListing] {
        var listings: [PremisesListing] = []
        do {
            try forEachPremises(filter) { listings.append($0) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(describe(error))
        }
        return listings
    }

    /// Each premises matching a filter, ordered by commune, source and reference, one at a time
    /// (memory stays flat whatever the number of premises; the columns are read by position).
    ///
    /// `body` runs inside the database's read access: it must not use the database.
    /// - Throws: `StoreError.database`, or what `body` throws.
    public func forEachPremises(_ filter: PremisesFilter = PremisesFilter(), _ body: (PremisesListing) throws -> Void) throws {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let commune = filter.communeInsee {
            conditions.append("p.commune_insee = ?")
            _ = arguments.append(contentsOf: [commune])
        }
        if let status = filter.status {
            conditions.append("p.status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let source = filter.sourceID {
            conditions.append("p.source_id = ?")
            _ = arguments.append(contentsOf: [source])
        }
        if let type = filter.type {
            conditions.append("p.type = ?")
            _ = arguments.append(contentsOf: [type.rawValue])
        }
        if let afterID = filter.afterID {
            conditions.append("p.id > ?")
            _ = arguments.append(contentsOf: [afterID])
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let columns = PremisesRecord.columnList.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let names = Int32(columns.count)
        let sql = """
            SELECT \(columns.joined(separator: ", ")), c.name AS commune_name, s.name AS source_name
            FROM premises p JOIN communes c ON c.insee = p.commune_insee JOIN sources s ON s.id = p.source_id
            \(whereClause)
            \(Self.order(filter))
            """
        do {
            try writer.read { db in
                let statement = try db.makeStatement(sql: sql)
                try statement.setArguments(arguments)
                let reader = RawRowReader(statement)
                defer { reader.reset() }
                while try reader.step() {
                    let record = PremisesRecord(raw: reader)
                    try body(PremisesListing(id: record.id ?? 0, record: record, communeName: reader.text(names), sourceName: reader.text(names + 1)))
                }
            }
        } catch let error as DatabaseError {
            throw StoreError.database(describe(error))
        }
    }

    /// One premises with its history, oldest event first.
    public func premises(id: Int64) throws(StoreError) -> (PremisesListing, [PremisesEventRecord]) {
        do {
            return try writer.read { db in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT p.*, c.name AS commune_name, s.name AS source_name
                    FROM premises p JOIN communes c ON c.insee = p.commune_insee JOIN sources s ON s.id = p.source_id
                    WHERE p.id = ?
                    """, arguments: [id]) else { throw StoreError.unknownPremises(String(id)) }
                let record = try PremisesRecord(row: row)
                let events = try PremisesEventRecord.filter(Column("premises_id") == id).order(Column("date"), Column("id")).fetchAll(db)
                return (PremisesListing(id: id, record: record, communeName: row["commune_name"], sourceName: row["source_name"]), events)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(describe(error))
        }
    }

    /// Sets a premises' status by hand (réservé, disponible again, retiré), with an event.
    ///
    /// `attribué` is only set by a placement. A reservation is never overwritten by a re-import.
    /// - Throws: `StoreError.statusChange` when the change makes no sense (placing by hand, a
    ///   premises already in that status, a placed premises).
    public func setStatus(premisesID: Int64, to status: PremisesStatus, on date: CivilDate, reason: String?) throws(StoreError) {
        do {
            try writer.write { db in
                guard var record = try PremisesRecord.fetchOne(db, key: premisesID) else {
                    throw StoreError.unknownPremises(String(premisesID))
                }
                let current = PremisesStatus(rawValue: record.status) ?? .available
                if status == .placed {
                    throw StoreError.statusChange("le statut « attribué » se pose par une implantation (bourse place), pas à la main")
                }
                if current == status {
                    throw StoreError.statusChange("le local \(premisesID) est déjà « \(status.label) »")
                }
                if current == .placed {
                    throw StoreError.statusChange("le local \(premisesID) est attribué : son statut ne change qu'avec la fin de l'implantation")
                }
                record.status = status.rawValue
                record.statusSince = date.iso
                try record.update(db)
                var cause = "statut fixé par l'utilisateur"
                if let reason, !reason.isEmpty { cause += " : \(reason)" }
                var event = PremisesEventRecord(
                    id: nil, premisesID: premisesID, date: date.iso, kind: "statut", field: "statut",
                    oldValue: current.rawValue, newValue: status.rawValue, cause: cause, inventoryID: nil,
                    recordedAt: Timestamp.now())
                try event.insert(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(describe(error))
        }
    }

    /// The rejects stored for an inventory, in line order.
    public func rejects(inventoryID: Int64) throws(StoreError) -> [ImportRejectRecord] {
        do {
            return try writer.read { db in
                try ImportRejectRecord.filter(Column("inventory_id") == inventoryID).order(Column("line")).fetchAll(db)
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// Every inventory, newest first (optionally of one source).
    public func inventories(sourceID: String? = nil, limit: Int? = nil, offset: Int = 0) throws(StoreError) -> [InventoryRecord] {
        do {
            return try writer.read { db in
                var request = InventoryRecord.order(Column("as_of").desc, Column("id").desc)
                if let sourceID { request = request.filter(InventoryRecord.Columns.sourceID == sourceID) }
                if let limit { request = request.limit(limit, offset: offset) }
                return try request.fetchAll(db)
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// One inventory and the records it rejected, in file order; `nil` when there is no such inventory.
    public func inventoryRejects(id: Int64) throws -> (InventoryRecord, [ImportRejectRecord])? {
        try writer.read { db in
            guard let inventory = try InventoryRecord.fetchOne(db, key: id) else { return nil }
            let rejects = try ImportRejectRecord.filter(Column("inventory_id") == id).order(Column("line"), Column("id")).fetchAll(db)
            return (inventory, rejects)
        }
    }
}

extension BourseDatabase {
    /// The ORDER BY and LIMIT of a filter (every value here is ours: no user text reaches the SQL).
    static func order(_ filter: PremisesFilter) -> String {
        guard let limit = filter.limit else { return "ORDER BY c.name, p.source_id, p.reference" }
        guard let sort = filter.sort else { return "ORDER BY p.id LIMIT \(max(0, limit))" }
        let direction = filter.descending ? "DESC" : "ASC"
        return "ORDER BY \(sort.column) \(direction), p.id \(direction) LIMIT \(max(0, limit)) OFFSET \(max(0, filter.offset))"
    }
}
