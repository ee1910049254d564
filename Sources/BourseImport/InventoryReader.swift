import BourseCore
import Foundation

/// A reader of one inventory file, whatever its format: the store imports through this, so CSV and
/// XML share the validation, the duplicate rule, the snapshot and the rejects.
public protocol InventoryReader: AnyObject {
    /// The name used in messages (usually the file name).
    var displayName: String { get }
    var facts: FileFacts { get }
    /// `csv` or `xml`, as stored with the inventory.
    var format: String { get }
    /// The CSV delimiter's name; `nil` for XML.
    var delimiterName: String? { get }
    /// The CSV header line; `nil` for XML.
    var headerLine: Int? { get }
    /// The inventory date the file itself gives (title line, root attribute), if any.
    var titleDate: CivilDate? { get }
    /// Notes about the file's shape for the user.
    var notes: [Diagnostic] { get }
    /// Leave address, contact and remarks undecoded (a dry run that compares nothing).
    var skipsFreeText: Bool { get set }
    /// The thread that calls `read` has time to spare: the reader does most of its work on
    /// threads of its own (the CSV reader scans and validates on helpers), so work done for each
    /// accepted record on that thread costs the import nothing, and the pipeline runs that
    /// reading side at a lower priority than the storing thread (`ReadingPriority`, on Linux).
    /// The XML reader parses on it.
    var leavesReadingThreadIdle: Bool { get }

    /// Reads every record.
    /// - Parameters:
    ///   - progress: called now and then with bytes read and file size.
    ///   - accept: each valid premises with the line where its record starts.
    ///   - reject: each rejected record.
    ///   - warn: remarks on accepted records (unknown labels kept).
    /// - Throws: `InventoryReadError` for a structural error (the caller drops the whole file), or
    ///   whatever the closures throw.
    func read(
        progress: ((Int, Int) -> Void)?,
        accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary
}

/// When an inventory file's SHA-256 is computed.
public enum FingerprintTiming: Sendable, Equatable {
    /// Before the read (the same file again is then recognised at once).
    case now
    /// The caller computes it (`FileFingerprint`), for instance while the file is read. An XML file
    /// is opened without it; a CSV file is hashed anyway, beside its encoding check, which reads
    /// the whole file first (hashed later, it competed with the read's threads: measured slower).
    case later
    /// Not at all (a dry run of a file that cannot be an inventory already imported).
    case never
}

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

/// What both readers do with a validated record: the first occurrence of a (commune, reference)
/// wins, later ones are rejected; warnings and counts are kept.
struct InventoryRecordSink {
    var summary: InventoryReadSummary
    private var seen: SeenKeys
    private let communeOrdinal: [String: Int]
    /// INSEE codes by position in the territory.
    private let communeCodes: [String]
    private let displayName: String
    private let referenceHeader: String

    /// - Parameter expectedKeys: the keys the file is expected to hold, to size the duplicate
    ///   table at once (0: grown as keys come).
    init(summary: InventoryReadSummary, territory: Territory, displayName: String, referenceHeader: String, expectedKeys: Int = 0) {
        self.summary = summary
        // XML leaves it 0: a table for a million keys from the first record adds its 16 MB to the
        // memory the read holds at its start (measured: 90 → 106 MB for a million premises);
        // grown as keys come, it reaches that size only at the end. A CSV read holds less at its
        // start, and the doublings cost its reading thread, the one the others wait for in a dry
        // run, 8 % of its time for a million rows.
        seen = expectedKeys > 0 ? SeenKeys(capacity: expectedKeys) : SeenKeys()
        var ordinals: [String: Int] = [:]
        for (index, commune) in territory.communes.enumerated() { ordinals[commune.inseeCode] = index }
        communeOrdinal = ordinals
        communeCodes = territory.communes.map(\.inseeCode)
        self.displayName = displayName
        self.referenceHeader = referenceHeader
    }

    /// Handles one validated record.
    /// - Parameters:
    ///   - raw: the record as written, computed only for a reject.
    ///   - extras: the unknown columns, computed only for an accepted record.
    mutating func handle(
        _ outcome: PremisesRowValidator.Outcome, line: Int, raw: () -> String, extras: (() -> [ExtraField])? = nil,
        accept: (Premises, Int) throws -> Void, reject: (Reject) throws -> Void, warn: (Diagnostic) throws -> Void
    ) throws {
        switch outcome {
        case .rejected(let issues):
            try rejectRecord(line: line, raw: raw(), issues: issues, reject: reject)
        case let .otherCommune(issues, commune):
            summary.otherCommuneRecords[communeCodes[commune], default: 0] += 1
            try rejectRecord(line: line, raw: raw(), issues: issues, reject: reject)
        case .accepted(var premises, let warnings):
            let first: Int?
            do {
                first = try seen.insert(commune: communeOrdinal[premises.communeInsee] ?? -1, reference: premises.reference, line: line)
            } catch {
                throw InventoryReadError.input(.readFailed(
                    path: displayName, reason: "contrôle des doublons impossible (fichier temporaire : \(error.reason))"))
            }
            if let first {
                try rejectRecord(
                    line: line, raw: raw(),
                    issues: [.init(field: referenceHeader, message: "doublon : même commune et même référence « \(premises.reference) » qu'à la ligne \(first) (la première est gardée)")],
                    reject: reject)
                return
            }
            if let extras { premises.extra = extras() }
            for warning in warnings {
                summary.warnings += 1
                try warn(Diagnostic(.warning, warning.message, file: displayName, line: line, field: warning.field))
            }
            summary.accepted += 1
            try accept(premises, line)
        }
    }

    /// Rejects a record for a reason found before validation (wrong width, schema).
    mutating func rejectRecord(line: Int, raw: String, issues: [Reject.Issue], reject: (Reject) throws -> Void) throws {
        summary.rejected += 1
        try reject(Reject(file: displayName, line: line, raw: raw, issues: issues))
    }
}
