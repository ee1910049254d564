/// A proposal of a round: this premises for this need.
public struct Proposal: Sendable, Hashable, Codable {
    public var need: String
    public var premises: String
    public var score: Double
    /// Position of the premises in the need's list (1 = its favourite).
    public var needRank: Int
}
