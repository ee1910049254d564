import BourseCore
import GRDB

/// A row of `register_events`.
public struct RegisterEventRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "register_events"

    public var id: Int64?
    public var entity: String
    public var entityID: Int64
    public var date: String
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var cause: String
    public var importID: Int64?
    public var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case id, entity
        case entityID = "entity_id"
        case date, field
        case oldValue = "old_value"
        case newValue = "new_value"
        case cause
        case importID = "import_id"
        case recordedAt = "recorded_at"
    }
}
