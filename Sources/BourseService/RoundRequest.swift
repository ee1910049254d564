import BourseCore

/// A matching round to run.
public struct RoundRequest: Sendable {
    public var parameters: MatchingParameters
    /// Compute and return without storing.
    public var dryRun: Bool

    public init(parameters: MatchingParameters, dryRun: Bool = false) {
        self.parameters = parameters
        self.dryRun = dryRun
    }
}

/// A round as run: what the command line prints and the portal shows.
public struct RoundOutcome: Sendable {
    /// One proposal with the names a reader needs.
    public struct Line: Sendable, Hashable {
        public var need: String
        public var structureName: String
        public var premisesID: String
        public var communeName: String
        public var premisesReference: String
        public var surface: Double?
        public var score: Double
        /// Position of the premises in the need's list (1 = its favourite).
        public var needRank: Int
    }

    /// The stored round's number; `nil` for a dry run.
    public var id: Int64?
    public var parameters: MatchingParameters
    /// SHA-256 of the inputs' canonical encoding (`RoundInputEncoding`).
    public var fingerprint: String
    public var needCount: Int
    public var premisesCount: Int
    public var lines: [Line]
    public var unmatched: [(need: String, reason: String)]

    public var totalScore: Double { lines.reduce(0) { $0 + $1.score } }
}
