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

/// A row of `sources`.
public struct SourceRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sources"

    public var id: String
    public var name: String
    public var kind: String
    public var communeInsee: String?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, kind
        case communeInsee = "commune_insee"
        case createdAt = "created_at"
    }
}

/// A row of `communes`.
public struct CommuneRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "communes"

    public var insee: String
    public var name: String
    /// Postal codes separated by `|`.
    public var postalCodes: String
    /// Variants separated by `|`.
    public var variants: String

    enum CodingKeys: String, CodingKey {
        case insee, name
        case postalCodes = "postal_codes"
        case variants
    }
}

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
