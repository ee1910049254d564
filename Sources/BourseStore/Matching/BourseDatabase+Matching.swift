import BourseCore
import Crypto
import Foundation
import GRDB

extension BourseDatabase {
    /// The active needs with their structures and every available premises, as a round sees them.
    public func roundInput() throws(StoreError) -> RoundInput {
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
        return RoundInput(needs: roundNeeds, premises: roundPremises, premisesIDs: premisesIDs, needIDs: needIDs)
    }

    /// The fingerprint of a round's inputs: SHA-256, in hexadecimal, of their canonical encoding
    /// (`RoundInputEncoding`): the same needs, structures' priority fields, premises and parameters
    /// give the same fingerprint on every platform, whatever the order they are given in.
    public static func inputHash(needs: [RoundNeed], premises: [RoundPremises], parameters: MatchingParameters) -> String {
        let digest = SHA256.hash(data: RoundInputEncoding.fingerprintBytes(needs: needs, premises: premises, parameters: parameters))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The inputs stored with round `id`, or `nil` for a round stored before they were kept.
    public func roundInputs(_ id: Int64) throws(StoreError) -> StoredRoundInputs? {
        do {
            return try writer.read { db in
                guard try RoundRecord.fetchOne(db, key: id) != nil else { throw StoreError.unknownRound(id) }
                var needs: [String: RoundNeed] = [:]
                var premises: [String: RoundPremises] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT side, key, bytes FROM round_inputs WHERE round_id = ?", arguments: [id])
                while let row = try rows.next() {
                    let side: Int = row[0]
                    let bytes = [UInt8]((row[2] as Data?) ?? Data())
                    do {
                        if side == 0 {
                            needs[row[1]] = try RoundInputEncoding.decodeNeed(bytes)
                        } else {
                            premises[row[1]] = try RoundInputEncoding.decodePremises(bytes)
                        }
                    } catch {
                        throw StoreError.database("entrées du tour \(id) illisibles (\(side == 0 ? "besoin" : "local") \(row[1] as String))")
                    }
                }
                if needs.isEmpty && premises.isEmpty {
                    let kind = try String.fetchOne(db, sql: "SELECT fingerprint_kind FROM rounds WHERE id = ?", arguments: [id])
                    if kind != RoundRecord.canonicalFingerprint { return nil }
                }
                return StoredRoundInputs(needs: needs, premises: premises)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(StoreError.describe(error))
        }
    }

    /// Stores a round, its proposals and its ranked lists (one transaction). The lists go to
    /// `round_lists`, one row per need and per premises with candidates, packed by
    /// `RoundListCodec`.
    /// The round's inputs are kept with it (`round_inputs`), in their canonical encoding.
    /// - Returns: the round's number.
    public func saveRound(_ result: RoundResult, input: RoundInput, parameters: MatchingParameters, inputHash: String) throws(StoreError) -> Int64 {
        let premisesIDs = input.premisesIDs, needIDs = input.needIDs
        let needCount = input.needs.count, premisesCount = input.premises.count
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let unmatched = Dictionary(result.unmatched.map { ($0.need, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let lists = result.preferences
        do {
            let parametersText = String(decoding: try encoder.encode(parameters), as: UTF8.self)
            let unmatchedText = String(decoding: try encoder.encode(unmatched), as: UTF8.self)
            let needIndex = String(decoding: try encoder.encode(lists.needReferences), as: UTF8.self)
            let premisesIndex = String(decoding: try encoder.encode(lists.premisesIDs), as: UTF8.self)
            return try writer.write { db in
                var round = RoundRecord(
                    id: nil, date: parameters.date.iso, runAt: Timestamp.now(), strategy: parameters.strategy.rawValue,
                    seed: Int64(bitPattern: parameters.seed), parameters: parametersText, inputHash: inputHash, needs: needCount,
                    premises: premisesCount, proposals: result.proposals.count,
                    totalScore: result.proposals.reduce(0) { $0 + $1.score }, preferences: "", unmatched: unmatchedText,
                    needIndex: needIndex, premisesIndex: premisesIndex, fingerprintKind: RoundRecord.canonicalFingerprint)
                try round.insert(db)
                let id = round.id ?? 0
                var inputRow = RawStatementBinder(try db.makeStatement(sql: "INSERT INTO round_inputs (round_id, side, key, bytes) VALUES (?,?,?,?)"))
                for need in input.needs {
                    inputRow.bind(id)
                    inputRow.bind(Int64(0))
                    inputRow.bind(need.need.reference)
                    RoundInputEncoding.encode(need).withUnsafeBytes { inputRow.bind(blob: $0) }
                    try inputRow.execute(db)
                }
                for premises in input.premises {
                    inputRow.bind(id)
                    inputRow.bind(Int64(1))
                    inputRow.bind(premises.id)
                    RoundInputEncoding.encode(premises).withUnsafeBytes { inputRow.bind(blob: $0) }
                    try inputRow.execute(db)
                }
                var proposal = RawStatementBinder(try db.makeStatement(sql: "INSERT INTO proposals (round_id, need_id, premises_id, score, need_rank) VALUES (?,?,?,?,?)"))
                for entry in result.proposals {
                    guard let needID = needIDs[entry.need], let premisesID = premisesIDs[entry.premises] else { continue }
                    proposal.bind(id)
                    proposal.bind(needID)
                    proposal.bind(premisesID)
                    proposal.bind(entry.score)
                    proposal.bind(entry.needRank)
                    try proposal.execute(db)
                }
                var row = RawStatementBinder(try db.makeStatement(sql: "INSERT INTO round_lists (round_id, side, owner, members, scores) VALUES (?,?,?,?,?)"))
                var memberBytes: [UInt8] = []
                var scoreBytes: [UInt8] = []
                for (side, flat, scores) in [(0, lists.needLists, lists.needScores), (1, lists.premisesLists, lists.premisesScores)] {
                    for owner in 0..<flat.count {
                        let range = flat.range(owner)
                        guard !range.isEmpty else { continue }
                        RoundListCodec.members(flat.members[range], into: &memberBytes)
                        RoundListCodec.scores(scores[range], into: &scoreBytes)
                        row.bind(id)
                        row.bind(side)
                        row.bind(owner)
                        memberBytes.withUnsafeBytes { row.bind(blob: $0) }
                        scoreBytes.withUnsafeBytes { row.bind(blob: $0) }
                        try row.execute(db)
                    }
                }
                return id
            }
        } catch {
            throw .database(describe(error))
        }
    }

    /// A stored round's ranked lists: from `round_lists`, or from the JSON text of a round
    /// stored before that table.
    /// - Throws: `StoreError.unknownRound`, or `.database` when the stored lists are unreadable.
    public func roundPreferences(_ id: Int64) throws(StoreError) -> RoundPreferences {
        do {
            return try writer.read { db in
                guard let round = try RoundRecord.fetchOne(db, key: id) else { throw StoreError.unknownRound(id) }
                guard let needIndex = round.needIndex, let premisesIndex = round.premisesIndex else {
                    return try Self.legacyPreferences(round.preferences)
                }
                let decoder = JSONDecoder()
                let needs = try decoder.decode([String].self, from: Data(needIndex.utf8))
                let premises = try decoder.decode([String].self, from: Data(premisesIndex.utf8))
                func lists(side: Int, count: Int, others: Int) throws -> (FlatLists, [Double]) {
                    var starts = [0]
                    starts.reserveCapacity(count + 1)
                    var members: [Int32] = []
                    var scores: [Double] = []
                    let rows = try Row.fetchCursor(db, sql: "SELECT owner, members, scores FROM round_lists WHERE round_id = ? AND side = ? ORDER BY owner",
                                                   arguments: [id, side])
                    while let row = try rows.next() {
                        let owner: Int = row[0]
                        guard owner >= starts.count - 1 && owner < count else { throw StoreError.database("listes du tour \(id) illisibles (position \(owner))") }
                        while starts.count - 1 < owner { starts.append(members.count) }
                        try row.withUnsafeData(atIndex: 1) { memberData in
                            try row.withUnsafeData(atIndex: 2) { scoreData in
                                try (memberData ?? Data()).withUnsafeBytes { memberBytes in
                                    try (scoreData ?? Data()).withUnsafeBytes { scoreBytes in
                                        try RoundListCodec.decode(members: memberBytes, scores: scoreBytes, into: &members, &scores)
                                    }
                                }
                            }
                        }
                        starts.append(members.count)
                    }
                    while starts.count - 1 < count { starts.append(members.count) }
                    guard members.allSatisfy({ $0 >= 0 && Int($0) < others }) else { throw StoreError.database("listes du tour \(id) illisibles (position hors limites)") }
                    return (FlatLists(starts: starts, members: members), scores)
                }
                let (needLists, needScores) = try lists(side: 0, count: needs.count, others: premises.count)
                let (premisesLists, premisesScores) = try lists(side: 1, count: premises.count, others: needs.count)
                return RoundPreferences(needReferences: needs, premisesIDs: premises, needLists: needLists, needScores: needScores,
                                        premisesLists: premisesLists, premisesScores: premisesScores)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("listes du tour \(id) illisibles : \(describe(error))")
        }
    }

    /// The lists of a round stored as one JSON text (before `round_lists`).
    static func legacyPreferences(_ text: String) throws -> RoundPreferences {
        let stored = try JSONDecoder().decode([String: [String: [[String]]]].self, from: Data(text.utf8))
        let needMap = stored["besoins"] ?? [:]
        let premisesMap = stored["locaux"] ?? [:]
        let needs = needMap.keys.sorted()
        var premisesSet = Set(premisesMap.keys)
        for list in needMap.values { for entry in list where !entry.isEmpty { premisesSet.insert(entry[0]) } }
        for list in premisesMap.values { for entry in list where !entry.isEmpty && needMap[entry[0]] == nil { throw StoreError.database("préférences du tour illisibles") } }
        let premises = premisesSet.sorted()
        let needPosition = Dictionary(uniqueKeysWithValues: needs.enumerated().map { ($1, Int32($0)) })
        let premisesPosition = Dictionary(uniqueKeysWithValues: premises.enumerated().map { ($1, Int32($0)) })
        func flatten(_ keys: [String], _ map: [String: [[String]]], _ positions: [String: Int32]) throws -> (FlatLists, [Double]) {
            var lists = FlatLists()
            var scores: [Double] = []
            for key in keys {
                for entry in map[key] ?? [] {
                    guard entry.count == 2, let position = positions[entry[0]], let score = Double(entry[1]) else {
                        throw StoreError.database("préférences du tour illisibles")
                    }
                    lists.append(position)
                    scores.append(score)
                }
                lists.endList()
            }
            return (lists, scores)
        }
        let (needLists, needScores) = try flatten(needs, needMap, premisesPosition)
        let (premisesLists, premisesScores) = try flatten(premises, premisesMap, needPosition)
        return RoundPreferences(needReferences: needs, premisesIDs: premises, needLists: needLists, needScores: needScores,
                                premisesLists: premisesLists, premisesScores: premisesScores)
    }

    /// Every round, newest first.
    public func rounds() throws(StoreError) -> [RoundRecord] {
        do {
            return try writer.read { db in try RoundRecord.order(Column("id").desc).fetchAll(db) }
        } catch {
            throw .database(describe(error))
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
            throw .database(describe(error))
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
            throw .database(describe(error))
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
            throw .database(describe(error))
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
