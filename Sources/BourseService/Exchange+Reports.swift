import BourseCore
import BourseReports
import BourseStore

extension Exchange {
    /// The evolution of the bourse by period, from `from` (default: the first premises offered)
    /// to `to` (default: `today`).
    public func evolution(period: ReportPeriod, from: CivilDate? = nil, to: CivilDate? = nil, filter: EvolutionFilter = EvolutionFilter(),
                          today: CivilDate) throws -> [EvolutionRow] {
        let histories = try database.premisesHistories()
        return Evolution.compute(
            histories: histories, placements: try database.placementFacts(), inventories: try database.inventoryFacts(),
            period: period, from: from ?? histories.map(\.offeredOn).min() ?? today, to: to ?? today, filter: filter)
    }

    /// The plan's indicators for a year.
    public func indicators(year: Int, today: CivilDate) throws -> Indicators {
        Indicators.compute(
            year: year, histories: try database.premisesHistories(), placements: try database.placementFacts(),
            inventories: try database.inventoryFacts(), communeNames: try communeNames(), today: today)
    }

    /// Each landlord's report of a round: its own premises only, with the reasons of the scores
    /// as the round computed them.
    /// - Parameter landlord: one landlord's source (identifier or name); every landlord when `nil`.
    /// - Throws: `ServiceError.notALandlord` when the source named is not a landlord.
    public func landlordReports(round: Int64, landlord: String? = nil) throws -> [LandlordReport] {
        let loaded = try LandlordRound.load(database, id: round)
        let landlords: [Source]
        if let landlord {
            let source = try database.resolveSource(landlord)
            guard source.kind == .landlord else { throw ServiceError.notALandlord(source.id) }
            landlords = [source]
        } else {
            landlords = try database.sourceList().filter { $0.kind == .landlord }
        }
        return try landlords.map { try loaded.report(for: $0, in: database) }
    }

    /// The commune a user names (name, INSEE code or postal code).
    /// - Throws: `StoreError.unknownCommune`.
    public func commune(named text: String) throws -> Commune {
        guard let found = try database.territory().resolve(text) else { throw StoreError.unknownCommune(text) }
        return found
    }
}
