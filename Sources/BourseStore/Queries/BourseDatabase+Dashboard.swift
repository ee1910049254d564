import BourseCore
import Foundation
import GRDB

/// What the portal's dashboard shows of each commune.
public struct CommuneOffer: Sendable, Hashable {
    public var insee: String
    public var name: String
    /// Premises available today, of every source, in this commune.
    public var available: Int
    public var availableSurface: Double
}

extension BourseDatabase {
    /// Every commune of the territory with the premises available in it, by name.
    public func offerByCommune() throws -> [CommuneOffer] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.insee, c.name, count(p.id) AS available, coalesce(sum(p.surface), 0) AS surface
                FROM communes c LEFT JOIN premises p ON p.commune_insee = c.insee AND p.status = 'disponible'
                GROUP BY c.insee ORDER BY c.name
                """).map { row in
                CommuneOffer(insee: row["insee"], name: row["name"], available: row["available"], availableSurface: row["surface"])
            }
        }
    }
}

extension BourseDatabase {
    /// The rounds whose proposals were accepted (some placement refers to them), with the date of
    /// their first placement.
    public func acceptedRounds() throws -> [Int64: String] {
        try writer.read { db in
            var accepted: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT round_id, min(date) AS date FROM placements WHERE round_id IS NOT NULL GROUP BY round_id") {
                accepted[row["round_id"]] = row["date"]
            }
            return accepted
        }
    }
}

extension BourseDatabase {
    /// A value that changes whenever the database may have changed, by this process or another:
    /// every commit grows or rewrites the -wal file, and a checkpoint rewrites the database file,
    /// so their sizes and modification times say so. What is computed from the database can be
    /// kept while it stays the same. (`nil` for a database in memory: nothing can be kept.)
    public func changeMark() -> [Int64]? {
        guard let path else { return nil }
        var mark: [Int64] = []
        for file in [path, path + "-wal"] {
            var info = stat()
            if stat(file, &info) == 0 {
                mark += [Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec), Int64(info.st_ino)]
            } else {
                mark += [-1]
            }
        }
        return mark
    }
}


extension BourseDatabase {
    /// Whether round `id` exists (without reading its stored lists, which are large).
    public func roundExists(_ id: Int64) throws -> Bool {
        try writer.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM rounds WHERE id = ?", arguments: [id]) ?? false }
    }
}
