import BourseCore
import Foundation
import GRDB

extension BourseDatabase {
    /// Loads the territory's communes and creates one source per commune (idempotent: known communes
    /// are updated, their sources kept).
    /// - Returns: the number of communes and of sources created.
    @discardableResult
    public func initialise(communes: [Commune]) throws(StoreError) -> (communes: Int, newSources: Int) {
        do {
            _ = try Territory(communes: communes)
        } catch {
            throw .territory(error.description)
        }
        do {
            return try writer.write { db in
                var created = 0
                for commune in communes {
                    try CommuneRecord(
                        insee: commune.inseeCode, name: commune.name,
                        postalCodes: commune.postalCodes.joined(separator: "|"),
                        variants: commune.variants.joined(separator: "|")
                    ).upsert(db)
                    let source = Source.commune(commune)
                    if try SourceRecord.fetchOne(db, key: source.id) == nil {
                        try SourceRecord(
                            id: source.id, name: source.name, kind: source.kind.rawValue,
                            communeInsee: commune.inseeCode, createdAt: Timestamp.now()
                        ).insert(db)
                        created += 1
                    }
                }
                return (communes.count, created)
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// The territory stored by `initialise`.
    /// - Throws: `StoreError.notInitialised` when no commune is stored.
    public func territory() throws(StoreError) -> Territory {
        let records: [CommuneRecord]
        do {
            records = try writer.read { db in try CommuneRecord.order(Column("insee")).fetchAll(db) }
        } catch {
            throw .database(describe(error))
        }
        guard !records.isEmpty else { throw .notInitialised }
        let split: (String) -> [String] = { $0.split(separator: "|").map(String.init) }
        do {
            return try Territory(communes: records.map {
                Commune(inseeCode: $0.insee, postalCodes: split($0.postalCodes), name: $0.name, variants: split($0.variants))
            })
        } catch {
            throw .territory(error.description)
        }
    }

    /// A summary line of each source: the source, its inventories and its premises by status.
    public struct SourceSummary: Sendable, Hashable {
        public var source: Source
        public var inventories: Int
        public var lastInventory: CivilDate?
        public var available: Int
        public var availableSurface: Double
        public var total: Int
    }

    /// Every source with its counts, ordered by kind then identifier.
    public func sources() throws(StoreError) -> [SourceSummary] {
        do {
            return try writer.read { db in
                // The premises' counts in one pass over the table (three correlated subqueries read
                // each source's premises three times).
                let rows = try Row.fetchAll(db, sql: """
                    WITH counts AS (
                      SELECT source_id, count(*) AS total,
                        sum(status = 'disponible') AS available,
                        sum(CASE WHEN status = 'disponible' THEN surface ELSE 0 END) AS surface
                      FROM premises GROUP BY source_id)
                    SELECT s.id, s.name, s.kind, s.commune_insee,
                      (SELECT count(*) FROM inventories i WHERE i.source_id = s.id) AS inventories,
                      (SELECT max(as_of) FROM inventories i WHERE i.source_id = s.id) AS last_inventory,
                      coalesce(c.available, 0) AS available, coalesce(c.surface, 0) AS surface, coalesce(c.total, 0) AS total
                    FROM sources s LEFT JOIN counts c ON c.source_id = s.id
                    ORDER BY s.kind, s.id
                    """)
                return rows.map { row in
                    SourceSummary(
                        source: Source(
                            id: row["id"], name: row["name"], kind: SourceKind(rawValue: row["kind"]) ?? .other,
                            communeInsee: row["commune_insee"]),
                        inventories: row["inventories"],
                        lastInventory: (row["last_inventory"] as String?).flatMap(CivilDate.init(iso:)),
                        available: row["available"], availableSurface: row["surface"], total: row["total"])
                }
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// Every source, without counts, ordered by kind then identifier (`sources()` counts each
    /// source's premises: a scan of the whole table, seconds on a large database).
    public func sourceList() throws(StoreError) -> [Source] {
        do {
            return try writer.read { db in
                try SourceRecord.fetchAll(db, sql: "SELECT * FROM sources ORDER BY kind, id").map { record in
                    Source(id: record.id, name: record.name, kind: SourceKind(rawValue: record.kind) ?? .other, communeInsee: record.communeInsee)
                }
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// Adds a source (a landlord, the EPT, a private owner…).
    /// - Throws: `StoreError.sourceExists` when the identifier is taken.
    public func addSource(_ source: Source) throws(StoreError) {
        do {
            try writer.write { db in
                if try SourceRecord.fetchOne(db, key: source.id) != nil { throw StoreError.sourceExists(source.id) }
                try SourceRecord(
                    id: source.id, name: source.name, kind: source.kind.rawValue,
                    communeInsee: source.communeInsee, createdAt: Timestamp.now()
                ).insert(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(describe(error))
        }
    }

    /// Finds a source by identifier, or a commune's source by the commune's name or code.
    /// - Throws: `StoreError.unknownSource` listing the known identifiers.
    public func resolveSource(_ text: String) throws(StoreError) -> Source {
        let all = try sourceList()
        if let exact = all.first(where: { $0.id == text }) ?? all.first(where: { $0.id == TextFolding.slug(text) }) {
            return exact
        }
        if let territory = try? territory(), let commune = territory.resolve(text),
           let source = all.first(where: { $0.kind == .commune && $0.communeInsee == commune.inseeCode }) {
            return source
        }
        if all.isEmpty { throw .notInitialised }
        throw .unknownSource(text, known: all.map(\.id))
    }
}

/// Timestamps stored as ISO 8601 text in UTC.
enum Timestamp {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
