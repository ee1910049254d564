import BourseCore
import BourseImport
import BourseStore
import BourseTestSupport
import Foundation
import GRDB
import Testing

/// A day, trapping on an impossible one (test data only).
func day(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return date
}

/// A fresh in-memory database with the territory loaded (one source per commune).
func freshDatabase() throws -> BourseDatabase {
    let db = try BourseDatabase.inMemory()
    try db.initialise(communes: ptdeCommunes)
    return db
}

/// A temporary folder for CSV files and database files, removed when released.
final class TemporaryFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes a file (UTF-8) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func file(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The header of the test inventories.
let inventoryHeader = "Référence;Commune;Adresse;Type;Surface;Loyer mensuel"

/// An inventory text: the header then the given lines, CRLF-free.
func inventory(_ lines: [String]) -> String {
    ([inventoryHeader] + lines).joined(separator: "\n") + "\n"
}

/// Everything an import handed to its callbacks, and its report.
struct ImportRun {
    var report: InventoryImportReport
    var rejects: [Reject]
    var warnings: [Diagnostic]

    var inventoryID: Int64? {
        if case .imported(let id) = report.outcome { return id }
        return nil
    }
}

/// Imports a file into `db` for `source` as of `date`.
@discardableResult
func runImport(
    _ db: BourseDatabase, path: String, source: String = "drancy", date: String,
    dryRun: Bool = false, strict: Bool = false, allowOlder: Bool = false
) throws -> ImportRun {
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    let options = InventoryImportOptions(
        sourceID: source, asOf: day(date), dryRun: dryRun, strict: strict, allowOlder: allowOlder)
    let report = try db.importInventory(
        path: path, options: options,
        onReject: { rejects.append($0) },
        onWarning: { warnings.append($0) })
    return ImportRun(report: report, rejects: rejects, warnings: warnings)
}

/// Every table of the database, every row, every value, in a stable order: two dumps are equal when
/// the database content is the same.
func dump(_ db: BourseDatabase) throws -> [String: [[String]]] {
    try db.writer.read { database in
        let tables = try String.fetchAll(database, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var result: [String: [[String]]] = [:]
        for table in tables {
            let rows = try Row.fetchAll(database, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid")
            result[table] = rows.map { row in
                row.columnNames.map { name in "\(name)=\(row[name] as DatabaseValue)" }
            }
        }
        return result
    }
}

/// Rows of one SQL query, as column → value text.
func rows(_ db: BourseDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
    try db.writer.read { try Row.fetchAll($0, sql: sql, arguments: arguments) }
}

func count(_ db: BourseDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
    try db.writer.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
}

/// The premises row of a source's reference (in any commune).
func premisesRecord(_ db: BourseDatabase, _ reference: String, source: String = "drancy") throws -> PremisesRecord? {
    try db.writer.read {
        try PremisesRecord.fetchOne($0, sql: "SELECT * FROM premises WHERE source_id = ? AND reference = ?", arguments: [source, reference])
    }
}

/// The events of a premises, in insertion order.
func events(_ db: BourseDatabase, premisesID: Int64) throws -> [PremisesEventRecord] {
    try db.writer.read {
        try PremisesEventRecord.fetchAll($0, sql: "SELECT * FROM premises_events WHERE premises_id = ? ORDER BY id", arguments: [premisesID])
    }
}

func inventoryRecord(_ db: BourseDatabase, id: Int64) throws -> InventoryRecord? {
    try db.writer.read { try InventoryRecord.fetchOne($0, key: id) }
}

/// Runs `body`, expecting it to throw exactly `expected`.
func expectStoreError(
    _ expected: StoreError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(expected), nothing thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(type(of: error)) \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `body`, expecting a `StoreError` that `matches` accepts; returns it.
@discardableResult
func expectStoreError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void, matching matches: (StoreError) -> Bool
) -> StoreError? {
    do {
        try body()
        Issue.record("expected a StoreError, nothing thrown", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(matches(error), "unexpected \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a StoreError, got \(type(of: error)) \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The three premises of Drancy's first inventory (31/03/2026).
let drancyMarch = inventory([
    "D-001;Drancy;1 rue de la République;bureau;50;500",
    "D-002;Drancy;2 avenue Jean Jaurès;commerce;100;1 000",
    "D-003;Drancy;3 rue Anatole France;atelier;80,5;",
])

/// Drancy's second inventory (30/06/2026): D-001 unchanged, D-002 larger and dearer, D-003 gone,
/// D-005 new.
let drancyJune = inventory([
    "D-001;Drancy;1 rue de la République;bureau;50;500",
    "D-002;Drancy;2 avenue Jean Jaurès;commerce;110;1100",
    "D-005;Drancy;5 place de la Libération;salle;200;0",
])

/// The import options of one step of `Imports/demo.json`: its CSV or XML profile, and the XSD.
func sampleOptions(_ directory: URL, source: String, date: CivilDate, profile: String?) throws -> InventoryImportOptions {
    var options = InventoryImportOptions(sourceID: source, asOf: date)
    options.schemaPath = directory.appendingPathComponent("inventaire-bailleur.xsd").path
    if let profile = profile.map({ directory.appendingPathComponent($0).path }) {
        if XMLMappingProfile.isXMLProfile(path: profile) {
            options.xmlProfile = try XMLMappingProfile.load(path: profile)
        } else {
            options.profile = try MappingProfile.load(path: profile)
        }
    }
    return options
}

/// Creates the sources `Imports/demo.json` declares besides the communes (the landlords).
func addDemoSources(_ db: BourseDatabase, _ directory: URL) throws {
    let data = try Data(contentsOf: directory.appendingPathComponent("demo.json"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    for entry in object?["sources"] as? [[String: String]] ?? [] {
        guard let id = entry["identifiant"], let name = entry["nom"], let kind = entry["type"].flatMap(SourceKind.init(rawValue:)) else { continue }
        try db.addSource(Source(id: id, name: name, kind: kind))
    }
}

