/// A need of a round, with its structure (for the priority policy).
public struct RoundNeed: Sendable, Hashable {
    public var need: Need
    public var structure: Structure

    public init(need: Need, structure: Structure) {
        self.need = need
        self.structure = structure
    }
}
