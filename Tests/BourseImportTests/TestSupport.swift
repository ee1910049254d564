import BourseTestSupport
import BourseCore
@testable import BourseImport
import Foundation
import Testing

func ptdeTerritory() throws -> Territory {
    try Territory(communes: ptdeCommunes)
}

enum Fixtures {
    /// The `Fixtures` folder copied into the test bundle.
    static func url(_ relativePath: String) throws -> URL {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let url = root.appendingPathComponent(relativePath)
        try #require(FileManager.default.fileExists(atPath: url.path), "missing fixture \(relativePath)")
        return url
    }

    static func path(_ relativePath: String) throws -> String {
        try url(relativePath).path
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }
}

/// A file in the temporary folder, removed when the value is released.
final class TemporaryFile {
    let url: URL
    var path: String { url.path }

    init(bytes: [UInt8], name: String = "inventaire.csv") throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
    }

    convenience init(_ text: String, name: String = "inventaire.csv") throws {
        try self.init(bytes: Array(text.utf8), name: name)
    }

    deinit {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }
}

/// One record as the scanner returned it.
struct ScannedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var raw: String

    var description: String { "\(line): \(fields) raw=\(raw.debugDescription)" }
}

/// Scans bytes in memory and collects every record.
func scan(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 16) throws -> [ScannedRecord] {
    let scanner = CSVScanner(bytes: bytes, delimiter: delimiter, chunkSize: chunkSize)
    var records: [ScannedRecord] = []
    while try scanner.next() {
        let fields = (0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) }
        records.append(ScannedRecord(line: scanner.line, fields: fields, raw: String(decoding: scanner.rawBytes, as: UTF8.self)))
    }
    return records
}

func scan(_ text: String, delimiter: Character = ",", chunkSize: Int = 1 << 16) throws -> [ScannedRecord] {
    try scan(Array(text.utf8), delimiter: try #require(delimiter.asciiValue), chunkSize: chunkSize)
}

/// Everything one read of an inventory produced.
struct InventoryRead {
    var reader: CSVInventoryReader
    var summary: InventoryReadSummary
    var accepted: [(premises: Premises, line: Int)]
    var rejects: [Reject]
    var warnings: [Diagnostic]

    func premises(_ reference: String) -> Premises? {
        accepted.first { $0.premises.reference == reference }?.premises
    }

    func reject(line: Int) -> Reject? {
        rejects.first { $0.line == line }
    }

    var rejectLines: [Int] { rejects.map(\.line) }
}

/// Reads a CSV inventory the way the import does, and checks on the way that the other ways of
/// scanning it give exactly the same records, rejects, warnings, counts and error: records scanned
/// on the reading thread or on a thread of their own, validated on the reading thread or on a
/// helper, by batches of 1,024 records or of one to three (so that every file of the tests
/// crosses batch boundaries).
func readInventory(path: String, profile: MappingProfile? = nil, territory: Territory? = nil) throws -> InventoryRead {
    let territory = try territory ?? ptdeTerritory()
    let reference = readInventoryOnce(path: path, profile: profile, territory: territory, scansAhead: nil, parallel: nil, batch: nil)
    let modes = [(false, false, 1), (true, true, 2), (false, true, 3), (true, false, CSVRecordBatch.recordLimit)]
    for (scansAhead, parallel, batch) in modes {
        let other = readInventoryOnce(path: path, profile: profile, territory: territory, scansAhead: scansAhead, parallel: parallel, batch: batch)
        let mode = "scan \(scansAhead ? "ahead" : "inline"), validation \(parallel ? "on a helper thread" : "on the reading thread"), batches of \(batch)"
        #expect(other.accepted.map(\.premises) == reference.accepted.map(\.premises), "accepted records, \(mode)")
        #expect(other.accepted.map(\.line) == reference.accepted.map(\.line), "accepted lines, \(mode)")
        #expect(other.rejects == reference.rejects, "rejects, \(mode)")
        #expect(other.warnings == reference.warnings, "warnings, \(mode)")
        #expect(other.counts == reference.counts, "counts, \(mode)")
        #expect(other.error == reference.error, "error, \(mode)")
    }
    if let error = reference.error { throw error }
    return try #require(reference.read)
}

/// One reading and everything it gave, even when it threw.
private struct ReadingOutcome {
    var read: InventoryRead?
    var accepted: [(premises: Premises, line: Int)] = []
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    var counts: [Int] = []
    var error: InventoryReadError?
}

private func readInventoryOnce(
    path: String, profile: MappingProfile?, territory: Territory, scansAhead: Bool?, parallel: Bool?, batch: Int?
) -> ReadingOutcome {
    var outcome = ReadingOutcome()
    do {
        let reader = try CSVInventoryReader(path: path, territory: territory, profile: profile)
        if let scansAhead { reader.scansAhead = scansAhead }
        if let parallel { reader.validatesInParallel = parallel }
        if let batch { reader.batchRecordLimit = batch }
        let summary = try reader.read(
            accept: { outcome.accepted.append(($0, $1)) },
            reject: { outcome.rejects.append($0) },
            warn: { outcome.warnings.append($0) })
        outcome.counts = [summary.records, summary.blankRecords, summary.accepted, summary.rejected, summary.warnings]
        outcome.read = InventoryRead(reader: reader, summary: summary, accepted: outcome.accepted, rejects: outcome.rejects, warnings: outcome.warnings)
    } catch let error as InventoryReadError {
        outcome.error = error
    } catch {
        Issue.record("unexpected error \(error)")
    }
    return outcome
}

func readInventory(text: String, profile: MappingProfile? = nil) throws -> InventoryRead {
    let file = try TemporaryFile(text)
    return try withExtendedLifetime(file) { try readInventory(path: file.path, profile: profile) }
}

func readInventory(bytes: [UInt8], profile: MappingProfile? = nil) throws -> InventoryRead {
    let file = try TemporaryFile(bytes: bytes)
    return try withExtendedLifetime(file) { try readInventory(path: file.path, profile: profile) }
}

/// The error a reader throws when opening or reading, if any.
func inventoryError(path: String, profile: MappingProfile? = nil) -> InventoryReadError? {
    do {
        _ = try readInventory(path: path, profile: profile)
        return nil
    } catch let error as InventoryReadError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// A seeded xorshift64* generator: the same seed gives the same texts on every machine.
struct XorShift: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }
}

extension FieldValue {
    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }

    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }

    var reason: String? {
        if case .invalid(let reason) = self { return reason }
        return nil
    }
}

/// The shared seeded generator: the same numbers on every platform.
typealias SeededRandom = SplitMix64
