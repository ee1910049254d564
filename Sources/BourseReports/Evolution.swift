import BourseCore
import BourseStore

/// The length of the periods of an evolution report.
public enum ReportPeriod: String, Sendable, CaseIterable {
    case month, quarter, year

    /// The first day of the period containing `date`.
    public func start(of date: CivilDate) -> CivilDate {
        switch self {
        case .month: CivilDate(year: date.year, month: date.month, day: 1) ?? date
        case .quarter: CivilDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1) ?? date
        case .year: CivilDate(year: date.year, month: 1, day: 1) ?? date
        }
    }

    /// The first day of the next period.
    public func next(after start: CivilDate) -> CivilDate {
        switch self {
        case .month: start.adding(months: 1)
        case .quarter: start.adding(months: 3)
        case .year: start.adding(months: 12)
        }
    }

    /// A short label for chart axes: `sept. 26`, `T1 26`, `2026`.
    public func shortLabel(_ start: CivilDate) -> String {
        let months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
        let year = String(start.year % 100)
        switch self {
        case .month: return "\(months[start.month - 1]) \(year.count == 1 ? "0" + year : year)"
        case .quarter: return "T\((start.month - 1) / 3 + 1) \(year.count == 1 ? "0" + year : year)"
        case .year: return String(start.year)
        }
    }

    /// How French readers name the period starting on `start`: `mars 2026`, `T1 2026`, `2026`.
    public func label(_ start: CivilDate) -> String {
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        switch self {
        case .month: return "\(months[start.month - 1]) \(start.year)"
        case .quarter: return "T\((start.month - 1) / 3 + 1) \(start.year)"
        case .year: return String(start.year)
        }
    }
}

/// Which premises an evolution counts.
public struct EvolutionFilter: Sendable {
    public var communeInsee: String?
    public var sourceKind: SourceKind?
    public var type: PremisesType?

    public init(communeInsee: String? = nil, sourceKind: SourceKind? = nil, type: PremisesType? = nil) {
        self.communeInsee = communeInsee
        self.sourceKind = sourceKind
        self.type = type
    }

    func accepts(commune: String, kind: SourceKind, type: PremisesType) -> Bool {
        (communeInsee == nil || communeInsee == commune) && (sourceKind == nil || sourceKind == kind) && (self.type == nil || self.type == type)
    }
}

/// One period of the evolution.
public struct EvolutionRow: Sendable, Hashable {
    public var label: String
    public var start: CivilDate
    /// Last day of the period.
    public var end: CivilDate
    /// m² and premises with status disponible at the end of the period.
    public var availableSurface: Double
    public var availableCount: Int
    /// Premises first offered during the period (as disponible).
    public var offeredSurface: Double
    public var offeredCount: Int
    /// Premises that left the stock by withdrawal (retiré) during the period.
    public var withdrawnSurface: Double
    public var withdrawnCount: Int
    public var placements: Int
    public var placedSurface: Double
    /// Landlords and communes that sent an inventory during the period.
    public var landlords: Int
    public var communes: Int
}

/// The evolution of the exchange period by period, replayed from the dated snapshots and events:
/// a past period's figures depend only on what was dated in or before it, so a later inventory
/// never changes them.
public enum Evolution {
    /// Computes the rows from `from` to `to` (whole periods).
    public static func compute(
        histories: [PremisesHistory], placements: [PlacementFact], inventories: [InventoryFact],
        period: ReportPeriod, from: CivilDate, to: CivilDate, filter: EvolutionFilter = EvolutionFilter()
    ) -> [EvolutionRow] {
        var starts: [CivilDate] = []
        var cursor = period.start(of: from)
        while cursor <= to {
            starts.append(cursor)
            cursor = period.next(after: cursor)
        }
        guard !starts.isEmpty else { return [] }
        let ends = starts.map { period.next(after: $0).adding(days: -1) }
        func periodIndex(_ date: CivilDate) -> Int? {
            guard date >= starts[0], date <= ends[ends.count - 1] else { return nil }
            var low = 0
            var high = starts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= date { low = middle } else { high = middle - 1 }
            }
            return low
        }
        // Stock deltas summed by the period whose end they precede (no sort), then prefix sums.
        let endDays = ends.map(\.daysSinceEpoch)
        var bucketSurface = [Double](repeating: 0, count: endDays.count)
        var bucketCount = [Int](repeating: 0, count: endDays.count)
        func delta(_ day: Int, _ surface: Double, _ count: Int) {
            var index = 0
            if day > endDays[0] {
                guard day <= endDays[endDays.count - 1] else { return }
                var low = 1
                var high = endDays.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if endDays[middle] < day { low = middle + 1 } else { high = middle }
                }
                index = low
            }
            bucketSurface[index] += surface
            bucketCount[index] += count
        }
        var rows = zip(starts, ends).map { start, end in
            EvolutionRow(label: period.label(start), start: start, end: end, availableSurface: 0, availableCount: 0, offeredSurface: 0, offeredCount: 0,
                         withdrawnSurface: 0, withdrawnCount: 0, placements: 0, placedSurface: 0, landlords: 0, communes: 0)
        }
        for history in histories where filter.accepts(commune: history.communeInsee, kind: history.sourceKind, type: history.type) {
            var status = history.initialStatus
            var surface = history.initialSurface
            if status == .available {
                delta(history.offeredOn.daysSinceEpoch, surface, 1)
                if let index = periodIndex(history.offeredOn) {
                    rows[index].offeredSurface += surface
                    rows[index].offeredCount += 1
                }
            }
            for change in history.changes {
                let day = change.date.daysSinceEpoch
                switch change {
                case .status(let date, let new):
                    guard new != status else { continue }
                    if status == .available { delta(day, -surface, -1) }
                    if new == .available { delta(day, surface, 1) }
                    if new == .withdrawn && status != .withdrawn, let index = periodIndex(date) {
                        rows[index].withdrawnSurface += surface
                        rows[index].withdrawnCount += 1
                    }
                    status = new
                case .surface(_, let new):
                    if status == .available { delta(day, new - surface, 0) }
                    surface = new
                }
            }
        }
        var surfaceTotal = 0.0
        var countTotal = 0
        for index in rows.indices {
            surfaceTotal += bucketSurface[index]
            countTotal += bucketCount[index]
            rows[index].availableSurface = (surfaceTotal * 100).rounded() / 100
            rows[index].availableCount = countTotal
        }
        for placement in placements where filter.accepts(commune: placement.communeInsee, kind: placement.sourceKind, type: placement.type) {
            guard let index = periodIndex(placement.date) else { continue }
            rows[index].placements += 1
            rows[index].placedSurface += placement.surface
        }
        var landlords = [Set<String>](repeating: [], count: rows.count)
        var communes = [Set<String>](repeating: [], count: rows.count)
        for inventory in inventories {
            guard let index = periodIndex(inventory.date) else { continue }
            if inventory.sourceKind == .landlord { landlords[index].insert(inventory.sourceID) }
            if inventory.sourceKind == .commune, filter.communeInsee == nil || filter.communeInsee == inventory.communeInsee {
                communes[index].insert(inventory.sourceID)
            }
        }
        for index in rows.indices {
            rows[index].landlords = landlords[index].count
            rows[index].communes = communes[index].count
        }
        return rows
    }

    /// The report as a table (text or CSV).
    public static func table(_ rows: [EvolutionRow], csv: Bool) -> TextTable {
        let number: (Double) -> String = { csv ? FrenchCSV.number($0) : FrenchNumber.format($0, decimals: 1) }
        return TextTable(
            columns: [
                .init("Période"), .init("m² disponibles (fin)", .right), .init("Locaux disponibles", .right), .init("m² offerts", .right),
                .init("m² retirés", .right), .init("Implantations", .right), .init("m² implantés", .right), .init("Bailleurs", .right), .init("Communes", .right),
            ],
            rows: rows.map { row in
                [row.label, number(row.availableSurface), String(row.availableCount), number(row.offeredSurface), number(row.withdrawnSurface),
                 String(row.placements), number(row.placedSurface), String(row.landlords), String(row.communes)]
            })
    }
}
