import BourseCore
import BourseImport
import Foundation
import GRDB

/// What to do with an inventory file.
public struct InventoryImportOptions: Sendable {
    public var sourceID: String
    /// The day the inventory describes ("as of"); `nil` to find it in the title lines or the file
    /// name, else `fallbackDate`.
    public var asOf: CivilDate?
    /// The date when none is given or found (today).
    public var fallbackDate: CivilDate
    public var profile: MappingProfile?
    /// The profile of a landlord's own XML shape (without it, an XML file must be in the bourse's format).
    public var xmlProfile: XMLMappingProfile?
    /// The XSD of the bourse's XML format.
    public var schemaPath: String?
    /// Landlords' profiles recognised by their root element when `xmlProfile` is not given.
    public var knownXMLProfiles: [XMLMappingProfile] = []
    /// Report what would happen, write nothing.
    public var dryRun = false
    /// Any rejected record cancels the whole file.
    public var strict = false
    /// Accept an inventory older than the source's latest, as a historical snapshot.
    public var allowOlder = false
    /// Skip the checks of the file against its source (a commune's inventory holds that commune's
    /// premises; a file naming its landlord names this one): for a landlord that took over
    /// another's stock, say.
    public var forceSource = false

    public init(sourceID: String, asOf: CivilDate?, fallbackDate: CivilDate? = nil, profile: MappingProfile? = nil, dryRun: Bool = false, strict: Bool = false, allowOlder: Bool = false) {
        self.sourceID = sourceID
        self.asOf = asOf
        self.fallbackDate = fallbackDate ?? asOf ?? CivilDate(daysSinceEpoch: 0)
        self.profile = profile
        self.dryRun = dryRun
        self.strict = strict
        self.allowOlder = allowOlder
    }
}
