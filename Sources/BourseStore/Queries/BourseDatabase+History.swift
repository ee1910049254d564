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
    /// This is the reports' hot path (`Scripts/bench-reports.sh`). The premises and their changes
    /// are read in the same order and merged; the changes come from the partial covering index
    /// `premises_events_history`; SQLite computes the days and turns the vocabularies into small
    /// integers, read through the C API, so the scan makes one string per premises (its commune).
    public func premisesHistories() throws(StoreError) -> [PremisesHistory] {
        let types = Array(PremisesType.allCases)
        let statuses = Array(PremisesStatus.allCases)
        let kinds = Array(SourceKind.allCases)
        func value<T>(_ cases: [T], _ code: Int, default fallback: T) -> T { cases.indices.contains(code) ? cases[code] : fallback }
        do {
            return try writer.read { db in
                let events = RawRowReader(try db.makeStatement(sql: """
                    SELECT premises_id, \(Self.daysSinceEpochSQL("date")), field = 'statut', \(vocabularyCodeSQL("new_value", PremisesStatus.self)),
                      CAST(old_value AS REAL), old_value IS NULL, CAST(new_value AS REAL)
                    FROM premises_events WHERE field IN ('statut', 'surface') ORDER BY premises_id, date, id
                    """))
                let premises = RawRowReader(try db.makeStatement(sql: """
                    SELECT p.id, p.commune_insee, \(vocabularyCodeSQL("s.kind", SourceKind.self)), \(vocabularyCodeSQL("p.type", PremisesType.self)),
                      \(Self.daysSinceEpochSQL("p.offered_on")), \(vocabularyCodeSQL("p.initial_status", PremisesStatus.self)), p.surface, p.rent_monthly
                    FROM premises p JOIN sources s ON s.id = p.source_id ORDER BY p.id
                    """))
                var hasEvent = try events.step()
                var result: [PremisesHistory] = []
                // Premises are never deleted: the largest number bounds their count.
                result.reserveCapacity(try Int.fetchOne(db, sql: "SELECT max(id) FROM premises") ?? 0)
                while try premises.step() {
                    let id = Int64(premises.int(0))
                    var changes: [PremisesHistory.Change] = []
                    var firstSurfaceOld: Double??
                    while hasEvent, Int64(events.int(0)) <= id {
                        if Int64(events.int(0)) == id, let day = events.int(orNil: 1) {
                            let date = CivilDate(daysSinceEpoch: day)
                            if events.int(2) == 1 {
                                let code = events.int(3)
                                if statuses.indices.contains(code) { changes.append(.status(date, statuses[code])) }
                            } else {
                                if firstSurfaceOld == nil { firstSurfaceOld = .some(events.int(5) == 1 ? nil : events.double(4)) }
                                changes.append(.surface(date, events.double(6)))
                            }
                        }
                        hasEvent = try events.step()
                    }
                    guard let offered = premises.int(orNil: 4) else { continue }
                    // The surface when offered: the old value of the first surface change, else today's.
                    let initialSurface = (firstSurfaceOld ?? nil) ?? premises.double(6)
                    result.append(PremisesHistory(
                        id: id, communeInsee: premises.text(1), sourceKind: value(kinds, premises.int(2), default: .other),
                        type: value(types, premises.int(3), default: .other), offeredOn: CivilDate(daysSinceEpoch: offered),
                        initialStatus: value(statuses, premises.int(5), default: .available),
                        initialSurface: initialSurface, rentMonthly: premises.double(orNil: 7), changes: changes))
                }
                return result
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// SQL giving the days since 1970-01-01 of an ISO date column, `NULL` when it is not a date.
    static func daysSinceEpochSQL(_ column: String) -> String {
        "CAST(julianday(\(column)) - 2440587.5 AS INTEGER)"
    }

    /// Every placement with its premises and structure, by date (then in the order recorded).
    ///
    /// The placements are read in the order they were recorded (a sequential scan rather than one
    /// lookup per row through the date index), then sorted.
    public func placementFacts() throws(StoreError) -> [PlacementFact] {
        let types = Array(PremisesType.allCases)
        let kinds = Array(SourceKind.allCases)
        let forms = Array(LegalForm.allCases)
        let sectors = Array(Sector.allCases)
        func value<T>(_ cases: [T], _ code: Int, default fallback: T) -> T { cases.indices.contains(code) ? cases[code] : fallback }
        do {
            return try writer.read { db in
                let rows = RawRowReader(try db.makeStatement(sql: """
                    SELECT \(Self.daysSinceEpochSQL("pl.date")), pl.premises_id, p.commune_insee, \(vocabularyCodeSQL("so.kind", SourceKind.self)),
                      \(vocabularyCodeSQL("p.type", PremisesType.self)), p.surface, pl.rent_monthly, p.market_rent, st.reference, st.name,
                      \(vocabularyCodeSQL("st.legal_form", LegalForm.self)), \(vocabularyCodeSQL("st.sector", Sector.self))
                    FROM placements pl JOIN premises p ON p.id = pl.premises_id JOIN sources so ON so.id = p.source_id
                      JOIN structures st ON st.id = pl.structure_id
                    ORDER BY pl.id
                    """))
                var facts: [PlacementFact] = []
                while try rows.step() {
                    guard let day = rows.int(orNil: 0) else { continue }
                    facts.append(PlacementFact(
                        date: CivilDate(daysSinceEpoch: day), premisesID: Int64(rows.int(1)), communeInsee: rows.text(2),
                        sourceKind: value(kinds, rows.int(3), default: .other), type: value(types, rows.int(4), default: .other),
                        surface: rows.double(5), rentMonthly: rows.double(orNil: 6), marketRent: rows.double(orNil: 7),
                        structureReference: rows.text(8), structureName: rows.text(9),
                        legalForm: value(forms, rows.int(10), default: .other), sector: value(sectors, rows.int(11), default: .other)))
                }
                // Stable: placements of the same day stay in the order they were recorded.
                return facts.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
            }
        } catch {
            throw .database(describe(error))
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
            throw .database(describe(error))
        }
    }
}
