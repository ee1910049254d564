import BourseCore
import Foundation

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
