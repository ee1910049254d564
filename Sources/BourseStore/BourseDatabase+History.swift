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
    public func premisesHistories() throws(StoreError) -> [PremisesHistory] {
        do {
            return try writer.read { db in
                var events: [Int64: [(date: String, field: String, old: String?, new: String?)]] = [:]
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT premises_id, date, field, old_value, new_value FROM premises_events
                    WHERE field IN ('statut', 'surface') ORDER BY premises_id, date, id
                    """)
                while let row = try rows.next() {
                    events[row["premises_id"], default: []].append((row["date"], row["field"], row["old_value"], row["new_value"]))
                }
                var result: [PremisesHistory] = []
                let premises = try Row.fetchCursor(db, sql: """
                    SELECT p.id, p.commune_insee, s.kind, p.type, p.offered_on, p.initial_status, p.surface, p.rent_monthly
                    FROM premises p JOIN sources s ON s.id = p.source_id ORDER BY p.id
                    """)
                while let row = try premises.next() {
                    let id: Int64 = row["id"]
                    let list = events[id] ?? []
                    // The surface when offered: the old value of the first surface change, else today's.
                    var initialSurface: Double = row["surface"]
                    if let first = list.first(where: { $0.field == "surface" }), let old = first.old.flatMap(Double.init) {
                        initialSurface = old
                    }
                    var changes: [PremisesHistory.Change] = []
                    for event in list {
                        guard let date = CivilDate(iso: event.date) else { continue }
                        if event.field == "statut", let status = event.new.flatMap(PremisesStatus.init(rawValue:)) {
                            changes.append(.status(date, status))
                        } else if event.field == "surface", let surface = event.new.flatMap(Double.init) {
                            changes.append(.surface(date, surface))
                        }
                    }
                    guard let offered = CivilDate(iso: row["offered_on"]) else { continue }
                    result.append(PremisesHistory(
                        id: id, communeInsee: row["commune_insee"], sourceKind: SourceKind(rawValue: row["kind"]) ?? .other,
                        type: PremisesType(rawValue: row["type"]) ?? .other, offeredOn: offered,
                        initialStatus: PremisesStatus(rawValue: row["initial_status"]) ?? .available,
                        initialSurface: initialSurface, rentMonthly: row["rent_monthly"], changes: changes))
                }
                return result
            }
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// Every placement with its premises and structure.
    public func placementFacts() throws(StoreError) -> [PlacementFact] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT pl.date, pl.premises_id, p.commune_insee, so.kind, p.type, p.surface, pl.rent_monthly, p.market_rent,
                      st.reference AS structure_reference, st.name AS structure_name, st.legal_form, st.sector
                    FROM placements pl JOIN premises p ON p.id = pl.premises_id JOIN sources so ON so.id = p.source_id
                      JOIN structures st ON st.id = pl.structure_id
                    ORDER BY pl.date, pl.id
                    """).compactMap { row in
                    guard let date = CivilDate(iso: row["date"]) else { return nil }
                    return PlacementFact(
                        date: date, premisesID: row["premises_id"], communeInsee: row["commune_insee"],
                        sourceKind: SourceKind(rawValue: row["kind"]) ?? .other, type: PremisesType(rawValue: row["type"]) ?? .other,
                        surface: row["surface"], rentMonthly: row["rent_monthly"], marketRent: row["market_rent"],
                        structureReference: row["structure_reference"], structureName: row["structure_name"],
                        legalForm: LegalForm(rawValue: row["legal_form"]) ?? .other, sector: Sector(rawValue: row["sector"]) ?? .other)
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
