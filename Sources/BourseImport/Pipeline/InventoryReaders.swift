import BourseCore
import Foundation

/// Opens inventory files of either format.
public enum InventoryReaders {
    /// Whether a file is XML: its first non-blank character (after a byte-order mark) is `<`.
    public static func looksLikeXML(path: String) -> Bool {
        // Through `ChunkedFile`, which refuses a device or a FIFO (a plain open would wait for a
        // FIFO's writer): the reader's own open then says what the file is.
        guard let file = try? ChunkedFile(path: path), var bytes = try? file.readBytes(upTo: 512) else { return false }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            // UTF-16: look at every other byte.
            bytes = bytes.dropFirst(2).filter { $0 != 0 }
        }
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return false }
        return first == UInt8(ascii: "<")
    }

    /// Opens a CSV or XML inventory.
    /// - Parameters:
    ///   - profile: the mapping profile of a CSV file.
    ///   - xmlProfile: the profile of a landlord's own XML shape; without it an XML file must be in
    ///     the bourse's format.
    ///   - schemaPath: the XSD of the bourse's XML format.
    ///   - fingerprint: when to compute the file's SHA-256 (`facts.sha256` is empty unless now).
    ///   - expectedSource: the source the file is imported for, when it is to be checked: a
    ///     commune's inventory holds only premises of that commune (`Source.inventoryCommuneInsee`),
    ///     a record of another commune is rejected and counted (`InventoryReadSummary.otherCommuneRecords`).
    public static func open(
        path: String, displayName: String? = nil, territory: Territory, profile: MappingProfile?,
        xmlProfile: XMLMappingProfile?, schemaPath: String?, knownXMLProfiles: [XMLMappingProfile] = [],
        fingerprint: FingerprintTiming = .now, expectedSource: Source? = nil
    ) throws(InventoryReadError) -> any InventoryReader {
        if xmlProfile != nil || looksLikeXML(path: path) {
            let reader = try XMLInventoryReader(
                path: path, displayName: displayName, territory: territory, profile: xmlProfile, schemaPath: schemaPath,
                knownProfiles: knownXMLProfiles, fingerprint: fingerprint == .now)
            if let expectedSource { reader.expect(expectedSource) }
            return reader
        }
        let reader = try CSVInventoryReader(
            path: path, displayName: displayName, territory: territory, profile: profile, fingerprint: fingerprint != .never)
        if let expectedSource { reader.expect(expectedSource) }
        return reader
    }
}
