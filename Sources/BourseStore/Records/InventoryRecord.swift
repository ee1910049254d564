import GRDB

/// A row of `inventories`: one file from one source as of one date, with its counts.
public struct InventoryRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "inventories"

    public var id: Int64?
    public var sourceID: String
    public var fileName: String
    public var filePath: String
    public var sha256: String
    public var byteCount: Int
    public var asOf: String
    public var importedAt: String
    public var format: String
    public var encoding: String?
    public var delimiter: String?
    public var headerLine: Int?
    public var records: Int
    public var accepted: Int
    public var rejected: Int
    public var added: Int
    public var changed: Int
    public var unchanged: Int
    public var withdrawn: Int
    public var reappeared: Int

    enum CodingKeys: String, CodingKey {
        case id
        case sourceID = "source_id"
        case fileName = "file_name"
        case filePath = "file_path"
        case sha256
        case byteCount = "byte_count"
        case asOf = "as_of"
        case importedAt = "imported_at"
        case format, encoding, delimiter
        case headerLine = "header_line"
        case records, accepted, rejected, added, changed, unchanged, withdrawn, reappeared
    }

    public enum Columns {
        public static let sourceID = Column(CodingKeys.sourceID)
        public static let sha256 = Column(CodingKeys.sha256)
        public static let asOf = Column(CodingKeys.asOf)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
