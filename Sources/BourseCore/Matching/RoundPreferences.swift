/// The ranked lists of a round, index-based: the eligible pairs of a large round (millions) are
/// kept in flat arrays of positions, never as strings.
public struct RoundPreferences: Sendable {
    /// The round's active needs, sorted by reference: positions in `premisesLists` refer to them.
    public var needReferences: [String]
    /// The round's available premises, sorted by identifier: positions in `needLists` refer to them.
    public var premisesIDs: [String]
    /// Each need's eligible premises (positions in `premisesIDs`), best first.
    public var needLists: FlatLists
    /// The score of each entry of `needLists.members`.
    public var needScores: [Double]
    /// Each premises' eligible needs (positions in `needReferences`), in its order of priority.
    public var premisesLists: FlatLists
    /// The score of each entry of `premisesLists.members`.
    public var premisesScores: [Double]

    /// - Precondition: one list per need and per premises, one score per entry, identifiers sorted.
    public init(needReferences: [String], premisesIDs: [String], needLists: FlatLists, needScores: [Double], premisesLists: FlatLists, premisesScores: [Double]) {
        precondition(needLists.count == needReferences.count && premisesLists.count == premisesIDs.count, "one list per need and per premises")
        precondition(needScores.count == needLists.members.count && premisesScores.count == premisesLists.members.count, "one score per entry")
        self.needReferences = needReferences
        self.premisesIDs = premisesIDs
        self.needLists = needLists
        self.needScores = needScores
        self.premisesLists = premisesLists
        self.premisesScores = premisesScores
    }

    /// No need, no premises.
    public init() {
        self.init(needReferences: [], premisesIDs: [], needLists: FlatLists(), needScores: [], premisesLists: FlatLists(), premisesScores: [])
    }

    /// Number of eligible pairs.
    public var pairCount: Int { needLists.members.count }

    /// Position of a need in `needReferences`.
    public func needPosition(_ reference: String) -> Int? { Self.position(of: reference, in: needReferences) }

    /// Position of a premises in `premisesIDs`.
    public func premisesPosition(_ id: String) -> Int? { Self.position(of: id, in: premisesIDs) }

    /// The eligible premises of the need at `position`, best first, with their scores.
    public func preferences(atNeed position: Int) -> [(premises: String, score: Double)] {
        needLists.range(position).map { (premisesIDs[Int(needLists.members[$0])], needScores[$0]) }
    }

    /// The candidates of the premises at `position`, by priority, with their scores.
    public func candidates(atPremises position: Int) -> [(need: String, score: Double)] {
        premisesLists.range(position).map { (needReferences[Int(premisesLists.members[$0])], premisesScores[$0]) }
    }

    /// A need's eligible premises, best first, with their scores; `nil` for a need not in the round.
    public func preferences(ofNeed reference: String) -> [(premises: String, score: Double)]? {
        needPosition(reference).map(preferences(atNeed:))
    }

    /// A premises' candidates in its order of priority, with their scores; `nil` for a premises
    /// not in the round or that no need can take.
    public func candidates(ofPremises id: String) -> [(need: String, score: Double)]? {
        guard let premises = premisesPosition(id), !premisesLists.range(premises).isEmpty else { return nil }
        return candidates(atPremises: premises)
    }

    /// Every need's list by reference (every active need, even with an empty list). Builds
    /// strings for every pair: for small rounds and tests.
    public var needPreferences: [String: [(premises: String, score: Double)]] {
        var result: [String: [(premises: String, score: Double)]] = [:]
        for (need, reference) in needReferences.enumerated() { result[reference] = preferences(atNeed: need) }
        return result
    }

    /// Every premises' candidates by identifier (premises some need can take). For small rounds
    /// and tests.
    public var premisesCandidates: [String: [(need: String, score: Double)]] {
        var result: [String: [(need: String, score: Double)]] = [:]
        for (premises, id) in premisesIDs.enumerated() where !premisesLists.range(premises).isEmpty {
            result[id] = candidates(atPremises: premises)
        }
        return result
    }

    /// Binary search in identifiers sorted by `<`.
    private static func position(of key: String, in sorted: [String]) -> Int? {
        var lower = 0
        var upper = sorted.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if sorted[middle] < key { lower = middle + 1 } else { upper = middle }
        }
        return lower < sorted.count && sorted[lower] == key ? lower : nil
    }
}
