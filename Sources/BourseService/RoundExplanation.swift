import BourseCore

/// Why a round proposed, ranked or refused premises for a need, read from what the round stored:
/// its parameters, its ranked lists, its proposals and its inputs as the matching read them. A
/// year later, after the need and the premises have changed, it says the same.
public struct RoundExplanation: Sendable {
    public var roundID: Int64
    public var roundDate: CivilDate
    public var parameters: MatchingParameters
    /// `false` for a round stored before its inputs were kept: the criteria are then recomputed
    /// from today's need and premises (the ranks and the proposals are still the round's).
    public var fromStoredInputs: Bool

    public var need: String
    /// From the register today (a name is not an input of the matching).
    public var structureName: String
    public var structureReference: String
    public var needStatusNow: NeedStatus
    /// Whether the need was active, hence in the round.
    public var needInRound: Bool
    /// The need's eligible premises, best first, with their scores, as stored.
    public var candidates: [(premises: String, score: Double)]
    /// The premises the round proposed to the need.
    public var proposal: (premises: String, score: Double)?
    /// Why the round proposed nothing, as stored.
    public var unmatchedReason: String?
    /// The explanation of one premises for the need, when asked.
    public var pair: Pair?

    public struct Pair: Sendable {
        public var premisesID: Int64
        /// From the premises' record today.
        public var reference: String
        public var communeName: String
        public var statusNow: PremisesStatus
        /// Surface and type as the round saw them (today's when the round kept no inputs).
        public var surface: Double
        public var type: PremisesType
        /// Whether the premises was available, hence in the round.
        public var inRound: Bool
        /// The conditions it did not meet; empty when eligible.
        public var failures: [String]
        /// Its score for the need, criterion by criterion, when eligible.
        public var score: Score?
        /// Its position in the need's list, and the list's length.
        public var needRank: (position: Int, of: Int)?
        /// The need's position among the premises' candidates by priority, and their number.
        public var premisesRank: (position: Int, of: Int)?
        public var outcome: Outcome
    }

    public enum Outcome: Sendable, Hashable {
        /// The round proposed this premises to the need.
        case proposed
        /// It went to another need, which the premises ranks higher (its position, if ranked).
        case takenBy(need: String, position: Int?)
        /// Nobody got it; the need got another premises it ranks higher.
        case needGotOther(premises: String)
        /// Neither this premises nor any other.
        case nothing
        /// The need or the premises was not in the round.
        case notInRound
    }
}
