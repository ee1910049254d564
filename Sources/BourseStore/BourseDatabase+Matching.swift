import BourseCore
import Crypto
import Foundation
import GRDB

/// A stored round.
public struct RoundRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "rounds"

    public var id: Int64?
    public var date: String
    public var runAt: String
    public var strategy: String
    public var seed: Int64
    public var parameters: String
    public var inputHash: String
    public var needs: Int
    public var premises: Int
    public var proposals: Int
    public var totalScore: Double
    /// JSON: `{"besoins": {ref: [[premisesID, score]…]}, "locaux": {id: [[needRef, score]…]}}`.
    public var preferences: String
    /// JSON: `{ref: reason}`.
    public var unmatched: String

    enum CodingKeys: String, CodingKey {
        case id, date
        case runAt = "run_at"
        case strategy, seed, parameters
        case inputHash = "input_hash"
        case needs, premises, proposals
        case totalScore = "total_score"
        case preferences, unmatched
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A proposal with the names a reader needs.
public struct ProposalListing: Sendable, Hashable {
    public var needReference: String
    public var structureName: String
    public var premisesID: Int64
    public var premisesReference: String
    public var communeName: String
    public var sourceID: String
    public var surface: Double
    public var score: Double
    public var needRank: Int
}

extension BourseDatabase {
    /// The active needs with their structures and every premises, as a round sees them.
    public func roundInput() throws(StoreError) -> (needs: [RoundNeed], premises: [RoundPremises], premisesIDs: [String: Int64], needIDs: [String: Int64]) {
        let structures = try structures()
        let byID = Dictionary(uniqueKeysWithValues: structures.map { ($0.id, $0.structure) })
        let needs = try needs(status: .active)
        var roundNeeds: [RoundNeed] = []
        var needIDs: [String: Int64] = [:]
        for listing in needs {
            guard let structure = byID[listing.record.structureID] else { continue }
            roundNeeds.append(RoundNeed(need: listing.need, structure: structure))
            needIDs[listing.record.reference] = listing.id
        }
        let all = try premises(PremisesFilter(status: .available))
        var premisesIDs: [String: Int64] = [:]
        let roundPremises = all.map { listing -> RoundPremises in
            premisesIDs[String(listing.id)] = listing.id
            return RoundPremises(id: String(listing.id), premises: listing.premises, status: listing.premises.status)
        }
        return (roundNeeds, roundPremises, premisesIDs, needIDs)
    }

    /// A fingerprint of a round's inputs: the same needs, structures, premises and parameters give
    /// the same hash, so anyone can tell whether two rounds ran on the same data.
    public static func inputHash(needs: [RoundNeed], premises: [RoundPremises], parameters: MatchingParameters) -> String {
        var hasher = SHA256()
        func add(_ text: String) { hasher.update(data: Data((text + "\u{1E}").utf8)) }
        for entry in needs.sorted(by: { $0.need.reference < $1.need.reference }) {
            add("\(entry.need)")
            add("\(entry.structure)")
        }
        for entry in premises.sorted(by: { $0.id < $1.id }) {
            add(entry.id)
            add("\(entry.premises)")
            add(entry.status.rawValue)
        }
        add("\(parameters)")
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Stores a round and its proposals (one transaction).
    /// - Returns: the round's number.
    public func saveRound(_ result: RoundResult, parameters: MatchingParameters, inputHash: String, needCount: Int, premisesCount: Int,
                          premisesIDs: [String: Int64], needIDs: [String: Int64]) throws(StoreError) -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let preferences: [String: [String: [[String]]]] = [
            "besoins": result.needPreferences.mapValues { $0.map { [$0.premises, PremisesFieldValues.text($0.score)] } },
            "locaux": result.premisesCandidates.mapValues { $0.map { [$0.need, PremisesFieldValues.text($0.score)] } },
        ]
        let unmatched = Dictionary(result.unmatched.map { ($0.need, $0.reason) }, uniquingKeysWith: { a, _ in a })
        do {
            let parametersText = String(decoding: try encoder.encode(parameters), as: UTF8.self)
            let preferencesText = String(decoding: try encoder.encode(preferences), as: UTF8.self)
            let unmatchedText = String(decoding: try encoder.encode(unmatched), as: UTF8.self)
            return try writer.write { db in
                var round = RoundRecord(
                    id: nil, date: parameters.date.iso, runAt: Timestamp.now(), strategy: parameters.strategy.rawValue,
                    seed: Int64(bitPattern: parameters.seed), parameters: parametersText, inputHash: inputHash, needs: needCount,
                    premises: premisesCount, proposals: result.proposals.count,
                    totalScore: result.proposals.reduce(0) { $0 + $1.score }, preferences: preferencesText, unmatched: unmatchedText)
                try round.insert(db)
                let id = round.id ?? 0
                for proposal in result.proposals {
                    guard let needID = needIDs[proposal.need], let premisesID = premisesIDs[proposal.premises] else { continue }
                    try db.execute(sql: "INSERT INTO proposals (round_id, need_id, premises_id, score, need_rank) VALUES (?,?,?,?,?)",
                                   arguments: [id, needID, premisesID, proposal.score, proposal.needRank])
                }
                return id
            }
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// Every round, newest first.
    public func rounds() throws(StoreError) -> [RoundRecord] {
        do {
            return try writer.read { db in try RoundRecord.order(Column("id").desc).fetchAll(db) }
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// One round with its proposals.
    public func round(_ id: Int64) throws(StoreError) -> (RoundRecord, [ProposalListing]) {
        do {
            return try writer.read { db in
                guard let round = try RoundRecord.fetchOne(db, key: id) else { throw StoreError.unknownRound(id) }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT n.reference AS need_reference, s.name AS structure_name, p.id AS premises_id, p.reference AS premises_reference,
                      c.name AS commune_name, p.source_id, p.surface, pr.score, pr.need_rank
                    FROM proposals pr JOIN needs n ON n.id = pr.need_id JOIN structures s ON s.id = n.structure_id
                      JOIN premises p ON p.id = pr.premises_id JOIN communes c ON c.insee = p.commune_insee
                    WHERE pr.round_id = ? ORDER BY n.reference
                    """, arguments: [id])
                return (round, rows.map { row in
                    ProposalListing(
                        needReference: row["need_reference"], structureName: row["structure_name"], premisesID: row["premises_id"],
                        premisesReference: row["premises_reference"], communeName: row["commune_name"], sourceID: row["source_id"],
                        surface: row["surface"], score: row["score"], needRank: row["need_rank"])
                })
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// Records a placement: the premises becomes attribué, the need satisfait, with events.
    /// - Throws: `StoreError.placement` when the premises is not available or the need not active.
    public func place(needReference: String, premisesID: Int64, date: CivilDate, rent: Double?, roundID: Int64? = nil) throws(StoreError) {
        do {
            try writer.write { db in try placeInTransaction(db, needReference: needReference, premisesID: premisesID, date: date, rent: rent, roundID: roundID) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// Confirms every proposal of a round as a placement (one transaction: all or nothing).
    /// - Returns: the number of placements.
    public func acceptRound(_ id: Int64, date: CivilDate) throws(StoreError) -> Int {
        do {
            return try writer.write { db in
                guard try RoundRecord.fetchOne(db, key: id) != nil else { throw StoreError.unknownRound(id) }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT n.reference AS need_reference, pr.premises_id FROM proposals pr JOIN needs n ON n.id = pr.need_id
                    WHERE pr.round_id = ? ORDER BY n.reference
                    """, arguments: [id])
                for row in rows {
                    try placeInTransaction(db, needReference: row["need_reference"], premisesID: row["premises_id"], date: date, rent: nil, roundID: id)
                }
                return rows.count
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    private func placeInTransaction(_ db: Database, needReference: String, premisesID: Int64, date: CivilDate, rent: Double?, roundID: Int64?) throws {
        guard var premises = try PremisesRecord.fetchOne(db, key: premisesID) else { throw StoreError.unknownPremises(String(premisesID)) }
        guard var need = try NeedRecord.filter(Column("reference") == needReference).fetchOne(db), let needID = need.id else {
            throw StoreError.unknownNeed(needReference)
        }
        let status = PremisesStatus(rawValue: premises.status) ?? .available
        guard status == .available || status == .reserved else {
            throw StoreError.placement("le local \(premisesID) est « \(status.label) » : seul un local disponible (ou réservé) peut être attribué")
        }
        guard need.status == NeedStatus.active.rawValue else {
            throw StoreError.placement("le besoin \(needReference) est « \(NeedStatus(rawValue: need.status)?.label ?? need.status) » : seul un besoin actif peut être satisfait")
        }
        let now = Timestamp.now()
        let cause = roundID.map { "implantation (tour d'appariement n° \($0)) : besoin \(needReference)" } ?? "implantation : besoin \(needReference)"
        var event = PremisesEventRecord(
            id: nil, premisesID: premisesID, date: date.iso, kind: "statut", field: "statut", oldValue: premises.status,
            newValue: PremisesStatus.placed.rawValue, cause: cause, inventoryID: nil, recordedAt: now)
        try event.insert(db)
        premises.status = PremisesStatus.placed.rawValue
        premises.statusSince = date.iso
        try premises.update(db)
        try RegisterEventRecord(
            id: nil, entity: "besoin", entityID: needID, date: date.iso, field: "statut", oldValue: need.status,
            newValue: NeedStatus.satisfied.rawValue, cause: "implanté dans le local \(premisesID)", importID: nil, recordedAt: now
        ).insert(db)
        need.status = NeedStatus.satisfied.rawValue
        try need.update(db)
        try db.execute(sql: """
            INSERT INTO placements (need_id, structure_id, premises_id, date, rent_monthly, round_id, recorded_at) VALUES (?,?,?,?,?,?,?)
            """, arguments: [needID, need.structureID, premisesID, date.iso, rent ?? premises.rentMonthly, roundID, now])
    }
}
