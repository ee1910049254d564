import BourseCore
import Crypto
import Foundation
import GRDB

/// A stored round.
public struct RoundRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "rounds"

    public var id: Int64?
    public var date: String
    public var runAt: String
    public var strategy: String
    public var seed: Int64
    public var parameters: String
    public var inputHash: String
    public var needs: Int
    public var premises: Int
    public var proposals: Int
    public var totalScore: Double
    /// Rounds stored before the `round_lists` table: JSON
    /// `{"besoins": {ref: [[premisesID, score]…]}, "locaux": {id: [[needRef, score]…]}}`; empty
    /// for the rounds whose lists are in `round_lists`.
    public var preferences: String
    /// JSON: `{ref: reason}`.
    public var unmatched: String
    /// JSON array of the round's need references (sorted): what positions in `round_lists` mean.
    /// `nil` for the rounds stored before.
    public var needIndex: String?
    /// JSON array of the round's premises identifiers (sorted as text).
    public var premisesIndex: String?
    /// How `inputHash` was computed: `canonique-1` (SHA-256 of `RoundInputEncoding`'s bytes, the
    /// same on every platform) or `texte-swift` (rounds stored before it: Swift's printed form of
    /// the values, which a change of field or compiler changes).
    public var fingerprintKind: String

    /// The kind of the fingerprints computed now.
    public static let canonicalFingerprint = "canonique-\(RoundInputEncoding.version)"

    enum CodingKeys: String, CodingKey {
        case id, date
        case runAt = "run_at"
        case strategy, seed, parameters
        case inputHash = "input_hash"
        case needs, premises, proposals
        case totalScore = "total_score"
        case preferences, unmatched
        case needIndex = "need_index"
        case premisesIndex = "premises_index"
        case fingerprintKind = "fingerprint_kind"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
