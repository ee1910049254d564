import BourseImport
import BourseResources
import Foundation

/// The files shipped with the tool that every import uses, whoever calls it.
public enum ShippedFiles {
    /// The landlords' XML profiles shipped in `Imports/profils/`, recognised by the root element of
    /// a file imported without a profile. A shipped profile that does not load is skipped (its own
    /// tests cover it); a file it would have read is then refused with the list of those that loaded.
    public static func xmlProfiles() -> [XMLMappingProfile] {
        guard let folder = BourseResources.url("profils"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().filter { $0.hasSuffix(".json") }.compactMap { name in
            let path = folder.appendingPathComponent(name).path
            guard XMLMappingProfile.isXMLProfile(path: path) else { return nil }
            return try? XMLMappingProfile.load(path: path)
        }
    }

    /// The XSD of the bourse's XML inventory format, shipped in `Imports/`.
    public static func inventorySchemaPath() -> String? {
        BourseResources.url("inventaire-bailleur.xsd")?.path
    }
}
