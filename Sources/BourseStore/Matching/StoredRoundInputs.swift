import BourseCore
import Crypto
import Foundation
import GRDB

/// A stored round's inputs as the matching read them: needs by reference, premises by identifier.
public struct StoredRoundInputs: Sendable {
    public var needs: [String: RoundNeed]
    public var premises: [String: RoundPremises]
}
