import GRDB

/// A row of `premises_events`: what changed, when, why, from which inventory.
public struct PremisesEventRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "premises_events"

    public var id: Int64?
    public var premisesID: Int64
    public var date: String
    /// `statut` or `champ`.
    public var kind: String
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var cause: String
    public var inventoryID: Int64?
    public var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case premisesID = "premises_id"
        case date, kind, field
        case oldValue = "old_value"
        case newValue = "new_value"
        case cause
        case inventoryID = "inventory_id"
        case recordedAt = "recorded_at"
    }
}
