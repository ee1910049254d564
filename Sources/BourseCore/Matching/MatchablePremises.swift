/// What eligibility and scores read of a premises. `Premises` has it all; a round's inner loop
/// uses `PremisesFacts`, which has only this (no free text), so that reading a candidate pair
/// copies a few plain values instead of a whole premises and its strings.
public protocol MatchablePremises {
    var communeInsee: String { get }
    var type: PremisesType { get }
    var surface: Double { get }
    var rent: Rent? { get }
    var marketRent: Double? { get }
    var leaseKind: LeaseKind? { get }
    var availableFrom: CivilDate? { get }
    var availableUntil: CivilDate? { get }
    var accessible: Bool? { get }
}

extension Premises: MatchablePremises {}

/// The fields of a premises that matching reads (see `MatchablePremises`).
public struct PremisesFacts: MatchablePremises, Sendable, Hashable {
    public var communeInsee: String
    public var type: PremisesType
    public var surface: Double
    public var rent: Rent?
    public var marketRent: Double?
    public var leaseKind: LeaseKind?
    public var availableFrom: CivilDate?
    public var availableUntil: CivilDate?
    public var accessible: Bool?

    public init(_ premises: Premises) {
        communeInsee = premises.communeInsee
        type = premises.type
        surface = premises.surface
        rent = premises.rent
        marketRent = premises.marketRent
        leaseKind = premises.leaseKind
        availableFrom = premises.availableFrom
        availableUntil = premises.availableUntil
        accessible = premises.accessible
    }
}
