/// A premises offered to a round.
public struct RoundPremises: Sendable, Hashable {
    /// Stable identifier (the store's number).
    public var id: String
    public var premises: Premises
    public var status: PremisesStatus

    public init(id: String, premises: Premises, status: PremisesStatus) {
        self.id = id
        self.premises = premises
        self.status = status
    }
}
