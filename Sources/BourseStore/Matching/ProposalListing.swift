import BourseCore
import Crypto
import Foundation
import GRDB

/// A proposal with the names a reader needs.
public struct ProposalListing: Sendable, Hashable {
    public var needReference: String
    public var structureName: String
    public var premisesID: Int64
    public var premisesReference: String
    public var communeName: String
    public var sourceID: String
    public var surface: Double
    public var score: Double
    public var needRank: Int
}
