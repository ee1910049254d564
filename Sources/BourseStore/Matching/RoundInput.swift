import BourseCore
import Crypto
import Foundation
import GRDB

/// What a round reads: the active needs with their structures and the available premises, and
/// the store's identifiers of each.
public struct RoundInput: Sendable {
    public var needs: [RoundNeed]
    public var premises: [RoundPremises]
    /// Round identifier of a premises (its number as text) → the store's id.
    public var premisesIDs: [String: Int64]
    /// Need reference → the store's id.
    public var needIDs: [String: Int64]

    public init(needs: [RoundNeed], premises: [RoundPremises], premisesIDs: [String: Int64], needIDs: [String: Int64]) {
        self.needs = needs
        self.premises = premises
        self.premisesIDs = premisesIDs
        self.needIDs = needIDs
    }
}
