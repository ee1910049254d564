import BourseCore
import Foundation
import GRDB

/// The dated history of one premises, as the evolution report replays it.
public struct PremisesHistory: Sendable, Hashable {
    public var id: Int64
    public var communeInsee: String
    public var sourceKind: SourceKind
    public var type: PremisesType
    /// First offered on this day, with this status and surface.
    public var offeredOn: CivilDate
    public var initialStatus: PremisesStatus
    public var initialSurface: Double
    /// The current monthly rent, when known.
    public var rentMonthly: Double?
    /// Status and surface changes, oldest first.
    public var changes: [Change]

    public enum Change: Sendable, Hashable {
        case status(CivilDate, PremisesStatus)
        case surface(CivilDate, Double)

        public var date: CivilDate {
            switch self {
            case .status(let date, _), .surface(let date, _): date
            }
        }
    }
}

/// A placement as the reports read it.
public struct PlacementFact: Sendable, Hashable {
    public var date: CivilDate
    public var premisesID: Int64
    public var communeInsee: String
    public var sourceKind: SourceKind
    public var type: PremisesType
    public var surface: Double
    public var rentMonthly: Double?
    public var marketRent: Double?
    public var structureReference: String
    public var structureName: String
    public var legalForm: LegalForm
    public var sector: Sector
}

/// An inventory as the reports read it.
public struct InventoryFact: Sendable, Hashable {
    public var date: CivilDate
    public var sourceID: String
    public var sourceKind: SourceKind
    public var communeInsee: String?
}

extension BourseDatabase {
    /// Every premises with its status and surface history (the initial surface is rebuilt from the
    /// surface change events).
    ///
    /// Reads the premises and their changes in the same order and merges them: the changes come
    /// from the partial covering index `premises_events_history`, days as integers computed by
    /// SQLite, columns read by position (this is the reports' hot path).
    public func premisesHistories() throws(StoreError) -> [PremisesHistory] {
        do {
            return try writer.read { db in
                let kinds = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, kind FROM sources").map { row -> (String, SourceKind) in
                    (row[0], SourceKind(rawValue: row[1]) ?? .other)
                })
                let events = try Row.fetchCursor(db, sql: """
                    SELECT premises_id, \(Self.daysSinceEpochSQL("date")), field = 'statut', old_value, new_value
                    FROM premises_events WHERE field IN ('statut', 'surface') ORDER BY premises_id, date, id
                    """)
                let premises = try Row.fetchCursor(db, sql: """
                    SELECT id, source_id, commune_insee, type, \(Self.daysSinceEpochSQL("offered_on")), initial_status, surface, rent_monthly
                    FROM premises ORDER BY id
                    """)
                // The next event not yet given to its premises.
                var pending: (premisesID: Int64, day: Int?, isStatus: Bool, old: String?, new: String?)?
                func nextEvent() throws {
                    pending = try events.next().map { row in (row[0], row[1], row[2], row[3], row[4]) }
                }
                try nextEvent()
                var result: [PremisesHistory] = []
                while let row = try premises.next() {
                    let id: Int64 = row[0]
                    var changes: [PremisesHistory.Change] = []
                    var firstSurfaceOld: Double??
                    while let event = pending, event.premisesID <= id {
                        if event.premisesID == id, let day = event.day {
                            let date = CivilDate(daysSinceEpoch: day)
                            if event.isStatus {
                                if let status = event.new.flatMap(PremisesStatus.init(rawValue:)) { changes.append(.status(date, status)) }
                            } else {
                                if firstSurfaceOld == nil { firstSurfaceOld = .some(event.old.flatMap(Double.init)) }
                                if let surface = event.new.flatMap(Double.init) { changes.append(.surface(date, surface)) }
                            }
                        }
                        try nextEvent()
                    }
                    guard let offered: Int = row[4] else { continue }
                    // The surface when offered: the old value of the first surface change, else today's.
                    let current: Double = row[6]
                    let initialSurface = (firstSurfaceOld ?? nil) ?? current
                    let sourceID: String = row[1]
                    result.append(PremisesHistory(
                        id: id, communeInsee: row[2], sourceKind: kinds[sourceID] ?? .other,
                        type: PremisesType(rawValue: row[3]) ?? .other, offeredOn: CivilDate(daysSinceEpoch: offered),
                        initialStatus: PremisesStatus(rawValue: row[5]) ?? .available,
                        initialSurface: initialSurface, rentMonthly: row[7], changes: changes))
                }
                return result
            }
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// SQL giving the days since 1970-01-01 of an ISO date column, `NULL` when it is not a date.
    static func daysSinceEpochSQL(_ column: String) -> String {
        "CAST(julianday(\(column)) - 2440587.5 AS INTEGER)"
    }

    /// Every placement with its premises and structure.
    public func placementFacts() throws(StoreError) -> [PlacementFact] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT \(Self.daysSinceEpochSQL("pl.date")), pl.premises_id, p.commune_insee, so.kind, p.type, p.surface, pl.rent_monthly,
                      p.market_rent, st.reference, st.name, st.legal_form, st.sector
                    FROM placements pl JOIN premises p ON p.id = pl.premises_id JOIN sources so ON so.id = p.source_id
                      JOIN structures st ON st.id = pl.structure_id
                    ORDER BY pl.date, pl.id
                    """).compactMap { row in
                    guard let day: Int = row[0] else { return nil }
                    return PlacementFact(
                        date: CivilDate(daysSinceEpoch: day), premisesID: row[1], communeInsee: row[2],
                        sourceKind: SourceKind(rawValue: row[3]) ?? .other, type: PremisesType(rawValue: row[4]) ?? .other,
                        surface: row[5], rentMonthly: row[6], marketRent: row[7], structureReference: row[8], structureName: row[9],
                        legalForm: LegalForm(rawValue: row[10]) ?? .other, sector: Sector(rawValue: row[11]) ?? .other)
                }
            }
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// Every inventory with its source's kind.
    public func inventoryFacts() throws(StoreError) -> [InventoryFact] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT i.as_of, i.source_id, s.kind, s.commune_insee FROM inventories i JOIN sources s ON s.id = i.source_id ORDER BY i.as_of, i.id
                    """).compactMap { row in
                    guard let date = CivilDate(iso: row["as_of"]) else { return nil }
                    return InventoryFact(date: date, sourceID: row["source_id"], sourceKind: SourceKind(rawValue: row["kind"]) ?? .other, communeInsee: row["commune_insee"])
                }
            }
        } catch {
            throw .database(StoreError.describe(error))
        }
    }
}
