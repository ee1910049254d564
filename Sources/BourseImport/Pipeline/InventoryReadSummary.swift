import BourseCore
import Foundation

/// Counts and facts of one read.
public struct InventoryReadSummary: Sendable {
    public var facts: FileFacts
    /// The CSV dialect; `nil` for XML.
    public var dialect: CSVDialect?
    /// The CSV header line; `nil` for XML.
    public var headerLine: Int?
    /// Lines above the header (titles), as text.
    public var titleLines: [String] = []
    /// How an XML file was read ("format de la bourse, validé par le schéma XSD", "profil …").
    public var shape: String?
    /// The encoding as read (for XML: as declared).
    public var encodingName: String?
    /// Records after the header, blank ones excluded.
    public var records = 0
    public var blankRecords = 0
    public var accepted = 0
    public var rejected = 0
    public var warnings = 0
    /// Records rejected because they are in another commune than the source's, by INSEE code
    /// (see `PremisesRowValidator.expectedCommuneInsee`).
    public var otherCommuneRecords: [String: Int] = [:]
}
