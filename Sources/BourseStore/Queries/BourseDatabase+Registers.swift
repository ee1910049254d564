import BourseCore
import Foundation
import GRDB

/// A structure with its counts of needs.
public struct StructureListing: Sendable, Hashable {
    public var id: Int64
    public var record: StructureRecord
    public var communeName: String?
    public var needs: Int
    public var activeNeeds: Int
    public var structure: Structure { record.structure }
}

/// A need with its structure's reference and name.
public struct NeedListing: Sendable, Hashable {
    public var id: Int64
    public var record: NeedRecord
    public var structureReference: String
    public var structureName: String
    public var need: Need { record.need(structureReference: structureReference) }
}

extension BourseDatabase {
    /// Every structure, by reference.
    public func structures() throws(StoreError) -> [StructureListing] {
        do {
            return try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.*, c.name AS commune_name,
                      (SELECT count(*) FROM needs n WHERE n.structure_id = s.id) AS need_count,
                      (SELECT count(*) FROM needs n WHERE n.structure_id = s.id AND n.status = 'actif') AS active_count
                    FROM structures s LEFT JOIN communes c ON c.insee = s.commune_insee
                    ORDER BY s.reference
                    """).map { row in
                    let record = try StructureRecord(row: row)
                    return StructureListing(id: record.id ?? 0, record: record, communeName: row["commune_name"], needs: row["need_count"], activeNeeds: row["active_count"])
                }
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// One structure (by reference or SIRET) with its needs and its history.
    public func structure(_ key: String) throws(StoreError) -> (StructureListing, [NeedListing], [RegisterEventRecord]) {
        let all = try structures()
        let siret = Siret.normalise(key)
        guard let listing = all.first(where: { $0.record.reference == key }) ?? all.first(where: { $0.record.siret == siret }) else {
            throw .unknownStructure(key)
        }
        let needs = try needs().filter { $0.record.structureID == listing.id }
        return (listing, needs, try registerEvents(entity: "structure", id: listing.id))
    }

    /// Every need, by reference (optionally of one status).
    public func needs(status: NeedStatus? = nil) throws(StoreError) -> [NeedListing] {
        do {
            return try writer.read { db in
                var sql = """
                    SELECT n.*, s.reference AS structure_reference, s.name AS structure_name
                    FROM needs n JOIN structures s ON s.id = n.structure_id
                    """
                var arguments: StatementArguments = []
                if let status {
                    sql += " WHERE n.status = ?"
                    arguments = [status.rawValue]
                }
                sql += " ORDER BY n.reference"
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    let record = try NeedRecord(row: row)
                    return NeedListing(id: record.id ?? 0, record: record, structureReference: row["structure_reference"], structureName: row["structure_name"])
                }
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// One need with its history.
    public func need(_ reference: String) throws(StoreError) -> (NeedListing, [RegisterEventRecord]) {
        guard let listing = try needs().first(where: { $0.record.reference == reference }) else {
            throw .unknownNeed(reference)
        }
        return (listing, try registerEvents(entity: "besoin", id: listing.id))
    }

    private func registerEvents(entity: String, id: Int64) throws(StoreError) -> [RegisterEventRecord] {
        do {
            return try writer.read { db in
                try RegisterEventRecord.filter(Column("entity") == entity && Column("entity_id") == id).order(Column("date"), Column("id")).fetchAll(db)
            }
        } catch {
            throw .database(describe(error))
        }
    }
}
