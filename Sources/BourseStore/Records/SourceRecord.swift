import GRDB

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
