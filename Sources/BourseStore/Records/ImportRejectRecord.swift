import GRDB

/// A row of `import_rejects`.
public struct ImportRejectRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "import_rejects"

    public var id: Int64?
    public var inventoryID: Int64
    public var fileName: String
    public var line: Int
    public var field: String?
    public var raw: String
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case id
        case inventoryID = "inventory_id"
        case fileName = "file_name"
        case line, field, raw, reason
    }
}
