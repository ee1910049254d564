import GRDB

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
