/// The outcome of a round.
public struct RoundResult: Sendable {
    public var proposals: [Proposal]
    /// Needs with no proposal, and why.
    public var unmatched: [(need: String, reason: String)]
    /// Each need's eligible premises and each premises' candidates, ranked.
    public var preferences: RoundPreferences

    public init(proposals: [Proposal], unmatched: [(need: String, reason: String)], preferences: RoundPreferences) {
        self.proposals = proposals
        self.unmatched = unmatched
        self.preferences = preferences
    }

    /// Each need's eligible premises, best first, with scores (see `RoundPreferences`: for
    /// small rounds and tests).
    public var needPreferences: [String: [(premises: String, score: Double)]] { preferences.needPreferences }

    /// Each eligible premises' ranked candidates (needs), with scores (for small rounds and tests).
    public var premisesCandidates: [String: [(need: String, score: Double)]] { preferences.premisesCandidates }
}
