/// The parameters of a matching round, stored with it so the round can be reproduced.
public struct MatchingParameters: Sendable, Hashable, Codable {
    /// How premises are allocated.
    public enum Strategy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Structure-proposing deferred acceptance: stable, strategy-proof for structures.
        case stable
        /// Maximum total score.
        case optimal
    }

    /// Weights of the score's criteria (points out of 100 when they sum to 100).
    public struct Weights: Sendable, Hashable, Codable {
        public var surface: Double
        public var price: Double
        public var commune: Double
        public var accessibility: Double
        public var discount: Double

        public init(surface: Double = 35, price: Double = 30, commune: Double = 25, accessibility: Double = 5, discount: Double = 5) {
            self.surface = surface
            self.price = price
            self.commune = commune
            self.accessibility = accessibility
            self.discount = discount
        }

        public var total: Double { surface + price + commune + accessibility + discount }
    }

    public var strategy: Strategy
    /// Surfaces accepted up to this fraction outside a need's range (0.1 = ±10 %).
    public var surfaceTolerance: Double
    public var weights: Weights
    /// Seed of the lottery that breaks ties.
    public var seed: UInt64
    /// Day of the round: a need with no wanted date wants premises available by then.
    public var date: CivilDate

    public init(strategy: Strategy = .stable, surfaceTolerance: Double = 0.1, weights: Weights = Weights(), seed: UInt64 = 1, date: CivilDate) {
        self.strategy = strategy
        self.surfaceTolerance = surfaceTolerance
        self.weights = weights
        self.seed = seed
        self.date = date
    }
}

/// SplitMix64: a small, fast, seeded generator; the same seed gives the same lottery everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A lottery number for a key: stable for a seed, independent of the order keys are drawn in.
    public static func lottery(seed: UInt64, key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var generator = SeededGenerator(seed: seed ^ hash)
        return generator.next()
    }
}
