import BourseCore
import GRDB

/// A row of `register_imports`.
public struct RegisterImportRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "register_imports"

    public var id: Int64?
    public var kind: String
    public var fileName: String
    public var filePath: String
    public var sha256: String
    public var importedAt: String
    public var records: Int
    public var accepted: Int
    public var rejected: Int
    public var added: Int
    public var changed: Int
    public var unchanged: Int

    enum CodingKeys: String, CodingKey {
        case id, kind
        case fileName = "file_name"
        case filePath = "file_path"
        case sha256
        case importedAt = "imported_at"
        case records, accepted, rejected, added, changed, unchanged
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
