import BourseCore
import BourseImport
import BourseStore
import Foundation
import GRDB
import Testing

// MARK: - Data

/// Four premises in Drancy (inventory of 31/03/2026).
private let matchInventory = inventory([
    "D-001;Drancy;1 rue de la République;bureau;50;500",
    "D-002;Drancy;2 avenue Jean Jaurès;commerce;100;1000",
    "D-003;Drancy;3 rue Anatole France;atelier;80;",
    "D-004;Drancy;4 rue Roger Salengro;bureau;45;450",
])

private let matchStructures = """
    Référence;Nom;SIRET;Forme juridique;Catégorie juridique;Secteur;ETP;Lauréat AAP;Contact;Commune;Remarques
    S001;Ressourcerie La Trame;;Association;;Réemploi;5;2025;;Drancy;
    S002;Épicerie Le Panier;;Association;;Alimentation;10;;;Drancy;
    S003;Atelier vélo Roue Libre;;Association;;Mobilité;2;;;Drancy;

    """

/// B001 (laureate), B002 (10 ETP), B005 (2 ETP) want offices in Drancy; B003 is satisfied; B004
/// wants 300–400 m², which nothing offers.
private let matchNeeds = """
    Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Disponible à partir du;Durée minimale (mois);PMR requis;Baux acceptés;Date de la demande;Statut;Remarques
    B001;S001;40;60;800;Drancy;bureau;;;;;01/02/2025;Actif;
    B002;S002;40;120;1200;Drancy;bureau|commerce;;;;;01/03/2025;Actif;
    B003;S003;40;60;800;Drancy;bureau;;;;;;Satisfait;
    B004;S003;300;400;;Drancy;;;;;;;Actif;
    B005;S003;40;60;600;Drancy;bureau;;;;;;Actif;

    """

private let roundDay = day("2026-06-01")

/// A database with the territory, the four premises and both registers.
private func matchDatabase() throws -> (BourseDatabase, TemporaryFolder) {
    let db = try freshDatabase()
    let folder = try TemporaryFolder()
    let run = try runImport(db, path: folder.write("drancy.csv", matchInventory), date: "2026-03-31")
    try #require(run.inventoryID != nil, "inventory imported: \(run.report)")
    let options = RegisterImportOptions(date: day("2026-04-01"))
    _ = try db.importStructures(path: folder.write("structures.csv", matchStructures), options: options, onReject: { _ in }, onWarning: { _ in })
    _ = try db.importNeeds(path: folder.write("besoins.csv", matchNeeds), options: options, onReject: { _ in }, onWarning: { _ in })
    try #require(try db.needs().count == 5)
    return (db, folder)
}

private func premisesID(_ db: BourseDatabase, _ reference: String) throws -> Int64 {
    try #require(try premisesRecord(db, reference)?.id, "premises \(reference)")
}

private func needStatus(_ db: BourseDatabase, _ reference: String) throws -> NeedStatus {
    try db.need(reference).0.need.status
}

private func premisesStatus(_ db: BourseDatabase, _ reference: String) throws -> String? {
    try premisesRecord(db, reference)?.status
}

/// Runs and stores a round on the database's current data.
@discardableResult
private func storeRound(
    _ db: BourseDatabase, strategy: MatchingParameters.Strategy = .stable, seed: UInt64 = 1
) throws -> (id: Int64, result: RoundResult, parameters: MatchingParameters, hash: String) {
    let parameters = MatchingParameters(strategy: strategy, seed: seed, date: roundDay)
    let input = try db.roundInput()
    let result = MatchingRound.run(needs: input.needs, premises: input.premises, parameters: parameters)
    let hash = BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: parameters)
    let id = try db.saveRound(result, input: input, parameters: parameters, inputHash: hash)
    return (id, result, parameters, hash)
}

private func isPlacement(_ error: StoreError, containing text: String) -> Bool {
    if case .placement(let message) = error { return message.contains(text) }
    return false
}

// MARK: - Tests

/// SHA-256 of `RoundInputEncoding`'s bytes for the input of `fingerprintIsPinned`. The same value
/// came out of a separate Python implementation of the encoding as its documentation describes it
/// (struct.pack of each field, hashlib.sha256): a change means the encoding changed, which needs a
/// new version.
private let pinnedFingerprint = "a57469305132437e490ebfc8fc0c9223c316279a1c9b61103293db34953ea01f"

/// The store side of the MatchingRules article: round inputs, fingerprints, stored rounds, placements.
@Suite("Appariement : base de données (MatchingRules › Audit)")
struct MatchingStoreTests {
    // MARK: roundInput

    @Test("roundInput: the active needs with their structures and the disponible premises with their numbers")
    func roundInputContents() throws {
        let (db, _) = try matchDatabase()
        try db.setStatus(premisesID: try premisesID(db, "D-003"), to: .withdrawn, on: day("2026-04-15"), reason: "travaux")
        let input = try db.roundInput()

        #expect(Set(input.needs.map(\.need.reference)) == ["B001", "B002", "B004", "B005"], "B003 is satisfied")
        #expect(input.needs.allSatisfy { $0.need.status == .active })
        let b001 = try #require(input.needs.first { $0.need.reference == "B001" })
        #expect(b001.structure.reference == "S001")
        #expect(b001.structure.laureateYear == 2025)
        #expect(b001.structure.jobs == 5)
        #expect(b001.need.communes == ["93029"])
        #expect(b001.need.types == [.office])
        #expect(b001.need.budgetMonthly == 800)
        #expect(b001.need.requestedOn == day("2025-02-01"))
        let b002 = try #require(input.needs.first { $0.need.reference == "B002" })
        #expect(b002.structure.jobs == 10)
        #expect(b002.structure.laureateYear == nil)
        #expect(b002.need.types == [.office, .retail])

        #expect(Set(input.premises.map(\.premises.reference)) == ["D-001", "D-002", "D-004"], "D-003 is withdrawn")
        #expect(input.premises.allSatisfy { $0.status == .available })
        for entry in input.premises {
            let id = try premisesID(db, entry.premises.reference)
            #expect(entry.id == String(id))
            #expect(input.premisesIDs[entry.id] == id)
        }
        let d001 = try #require(input.premises.first { $0.premises.reference == "D-001" })
        #expect(d001.premises.surface == 50)
        #expect(d001.premises.rent?.monthly == 500)
        #expect(d001.premises.type == .office)
        #expect(d001.premises.communeInsee == "93029")
        #expect(Set(input.needIDs.keys) == ["B001", "B002", "B004", "B005"])
        for (reference, id) in input.needIDs {
            #expect(try db.need(reference).0.id == id)
        }
    }

    // MARK: inputHash

    @Test("MatchingRules (Audit): the input hash is the same for the same inputs, in any order")
    func inputHashIsStable() throws {
        let (db, _) = try matchDatabase()
        let parameters = MatchingParameters(seed: 5, date: roundDay)
        let first = try db.roundInput()
        let second = try db.roundInput()
        let hash = BourseDatabase.inputHash(needs: first.needs, premises: first.premises, parameters: parameters)
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(BourseDatabase.inputHash(needs: second.needs, premises: second.premises, parameters: parameters) == hash)
        #expect(BourseDatabase.inputHash(needs: first.needs.reversed(), premises: first.premises.reversed(), parameters: parameters) == hash)
        // The same data in another database gives the same hash.
        let (other, _) = try matchDatabase()
        let third = try other.roundInput()
        #expect(BourseDatabase.inputHash(needs: third.needs, premises: third.premises, parameters: parameters) == hash)
    }

    @Test("MatchingRules (Audit): the input hash changes with one premises, one need, the seed or a parameter")
    func inputHashChanges() throws {
        let (db, folder) = try matchDatabase()
        let parameters = MatchingParameters(seed: 5, date: roundDay)
        let input = try db.roundInput()
        let hash = BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: parameters)

        var seed = parameters
        seed.seed = 6
        #expect(BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: seed) != hash)
        var tolerance = parameters
        tolerance.surfaceTolerance = 0.2
        #expect(BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: tolerance) != hash)
        var strategy = parameters
        strategy.strategy = .optimal
        #expect(BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: strategy) != hash)

        var premises = input.premises
        premises[0].premises.surface += 1
        #expect(BourseDatabase.inputHash(needs: input.needs, premises: premises, parameters: parameters) != hash)
        var needs = input.needs
        needs[0].structure.jobs = (needs[0].structure.jobs ?? 0) + 1
        #expect(BourseDatabase.inputHash(needs: needs, premises: input.premises, parameters: parameters) != hash)

        // A new inventory where only D-004's rent changed.
        let changed = matchInventory.replacingOccurrences(of: "bureau;45;450", with: "bureau;45;470")
        let run = try runImport(db, path: folder.write("drancy-2.csv", changed), date: "2026-04-30")
        try #require(run.inventoryID != nil)
        let after = try db.roundInput()
        #expect(BourseDatabase.inputHash(needs: after.needs, premises: after.premises, parameters: parameters) != hash)
    }

    // MARK: saveRound, rounds, round

    @Test("A round keeps its inputs in their canonical encoding; a round stored before keeps its old fingerprint, marked, and has none")
    func roundInputsAreStoredAndOldRoundsAreMarked() throws {
        let (db, _) = try matchDatabase()
        let round = try storeRound(db)
        let record = try #require(try db.rounds().first)
        #expect(record.fingerprintKind == "canonique-1")
        #expect(record.inputHash == round.hash && round.hash.count == 64)
        let stored = try #require(try db.roundInputs(round.id))
        let input = try db.roundInput()
        #expect(Set(stored.needs.keys) == Set(input.needs.map(\.need.reference)))
        #expect(Set(stored.premises.keys) == Set(input.premises.map(\.id)))
        for need in input.needs {
            #expect(stored.needs[need.need.reference].map(RoundInputEncoding.encode) == RoundInputEncoding.encode(need))
        }
        // The same inputs give the same fingerprint as the stored one, from the stored records.
        #expect(BourseDatabase.inputHash(needs: Array(stored.needs.values), premises: Array(stored.premises.values), parameters: round.parameters)
            == round.hash)

        // A round as an older version stored it: no inputs, the printed-form fingerprint.
        try db.writer.write { db in
            try db.execute(sql: "DELETE FROM round_inputs WHERE round_id = ?", arguments: [round.id])
            try db.execute(sql: "UPDATE rounds SET fingerprint_kind = 'texte-swift', input_hash = 'ancienne' WHERE id = ?", arguments: [round.id])
        }
        #expect(try db.roundInputs(round.id) == nil)
        #expect(try db.rounds().first?.fingerprintKind == "texte-swift")
        #expect(throws: StoreError.self) { try db.roundInputs(999) }
    }

    @Test("The fingerprint of a fixed input is pinned: the same on every platform and compiler")
    func fingerprintIsPinned() {
        let need = RoundNeed(
            need: Need(reference: "B1", structureReference: "S1", surfaceMin: 40, surfaceMax: 60, budgetMonthly: 800, communes: ["93029"], types: [.office]),
            structure: Structure(reference: "S1", name: "La Trame", jobs: 5, laureateYear: 2025))
        let premises = RoundPremises(
            id: "1", premises: Premises(reference: "L-1", communeInsee: "93029", type: .office, surface: 50, rent: .monthly(500, surface: 50)),
            status: .available)
        let parameters = MatchingParameters(strategy: .stable, surfaceTolerance: 0.1, seed: 1, date: day("2026-06-01"))
        #expect(BourseDatabase.inputHash(needs: [need], premises: [premises], parameters: parameters) == pinnedFingerprint)
    }

    @Test("saveRound stores the round, its parameters and proposals; round(id) lists them")
    func saveRoundAndShowIt() throws {
        let (db, _) = try matchDatabase()
        let (id, result, parameters, hash) = try storeRound(db, seed: 7)
        let d001 = try premisesID(db, "D-001")
        let d004 = try premisesID(db, "D-004")
        #expect(id == 1)
        // Worked by hand: B001 (laureate) takes D-001, B002 (10 ETP) takes D-004 from B005; B004 fits nothing.
        #expect(result.proposals.map(\.need) == ["B001", "B002"])
        #expect(result.proposals.map(\.premises) == [String(d001), String(d004)])
        #expect(result.unmatched.map(\.need) == ["B004", "B005"])

        let rounds = try db.rounds()
        #expect(rounds.count == 1)
        let record = try #require(rounds.first)
        #expect(record.id == 1)
        #expect(record.date == "2026-06-01")
        #expect(record.strategy == "stable")
        #expect(record.seed == 7)
        #expect(record.inputHash == hash)
        #expect(record.needs == 4)
        #expect(record.premises == 4)
        #expect(record.proposals == 2)
        #expect(abs(record.totalScore - result.proposals.reduce(0) { $0 + $1.score }) < 1e-9)
        #expect(try JSONDecoder().decode(MatchingParameters.self, from: Data(record.parameters.utf8)) == parameters)
        let unmatched = try JSONDecoder().decode([String: String].self, from: Data(record.unmatched.utf8))
        #expect(Set(unmatched.keys) == ["B004", "B005"])
        #expect(unmatched["B005"]?.contains("structures prioritaires") == true)
        #expect(unmatched["B004"]?.hasPrefix("aucun") == true)
        // The lists are in round_lists, no longer one JSON text.
        #expect(record.preferences.isEmpty)
        let preferences = try db.roundPreferences(1)
        #expect(preferences.needReferences == ["B001", "B002", "B004", "B005"])
        #expect(preferences.preferences(ofNeed: "B001")?.map(\.premises) == result.needPreferences["B001"]?.map(\.premises))
        #expect(preferences.preferences(ofNeed: "B001")?.map(\.score) == result.needPreferences["B001"]?.map(\.score))
        #expect(preferences.preferences(ofNeed: "B004")?.isEmpty == true)
        #expect(preferences.candidates(ofPremises: String(d001))?.map(\.need) == ["B001", "B002", "B005"])
        #expect(preferences.premisesIDs == result.preferences.premisesIDs)
        #expect(preferences.needLists == result.preferences.needLists && preferences.needScores == result.preferences.needScores)
        #expect(preferences.premisesLists == result.preferences.premisesLists && preferences.premisesScores == result.preferences.premisesScores)

        let (shown, listings) = try db.round(1)
        #expect(shown == record)
        #expect(listings.count == 2)
        let first = try #require(listings.first)
        #expect(first.needReference == "B001")
        #expect(first.structureName == "Ressourcerie La Trame")
        #expect(first.premisesID == d001)
        #expect(first.premisesReference == "D-001")
        #expect(first.communeName == "Drancy")
        #expect(first.sourceID == "drancy")
        #expect(first.surface == 50)
        #expect(first.score == result.proposals[0].score)
        #expect(first.needRank == 1)
        #expect(listings[1].needReference == "B002")
        #expect(listings[1].premisesReference == "D-004")
        #expect(listings[1].structureName == "Épicerie Le Panier")
        #expect(try count(db, "SELECT COUNT(*) FROM proposals WHERE round_id = 1") == 2)

        // Rounds come newest first.
        let second = try storeRound(db, strategy: .optimal, seed: 8)
        #expect(second.id == 2)
        #expect(try db.rounds().map(\.id) == [2, 1])
        #expect(try db.rounds().first?.strategy == "optimal")
        // Nothing was placed by saving rounds.
        #expect(try count(db, "SELECT COUNT(*) FROM placements") == 0)
        #expect(try premisesStatus(db, "D-001") == "disponible")
        expectStoreError(.unknownRound(42)) { _ = try db.round(42) }
    }

    // MARK: place

    @Test("place: the premises becomes attribué, the need satisfait, with events and a placements row")
    func placeRecordsAPlacement() throws {
        let (db, _) = try matchDatabase()
        let d001 = try premisesID(db, "D-001")
        let eventsBefore = try events(db, premisesID: d001).count
        try db.place(needReference: "B001", premisesID: d001, date: day("2026-06-15"), rent: nil)

        let record = try #require(try premisesRecord(db, "D-001"))
        #expect(record.status == "attribue")
        #expect(record.statusSince == "2026-06-15")
        let premisesEvents = try events(db, premisesID: d001)
        #expect(premisesEvents.count == eventsBefore + 1)
        let event = try #require(premisesEvents.last)
        #expect(event.kind == "statut")
        #expect(event.field == "statut")
        #expect(event.oldValue == "disponible")
        #expect(event.newValue == "attribue")
        #expect(event.date == "2026-06-15")
        #expect(event.cause == "implantation : besoin B001")

        let (need, needEvents) = try db.need("B001")
        #expect(need.need.status == .satisfied)
        let needEvent = try #require(needEvents.last)
        #expect(needEvent.field == "statut")
        #expect(needEvent.oldValue == "actif")
        #expect(needEvent.newValue == "satisfait")
        #expect(needEvent.date == "2026-06-15")
        #expect(needEvent.cause == "implanté dans le local \(d001)")

        let placements = try rows(db, "SELECT * FROM placements")
        #expect(placements.count == 1)
        let placement = try #require(placements.first)
        #expect(placement["need_id"] as Int64? == need.id)
        let structureID = try db.structure("S001").0.id
        #expect(placement["structure_id"] as Int64? == structureID)
        #expect(placement["premises_id"] as Int64? == d001)
        #expect(placement["date"] as String? == "2026-06-15")
        #expect(placement["rent_monthly"] as Double? == 500, "the premises' rent by default")
        #expect((placement["round_id"] as DatabaseValue).isNull)

        // A rent given is the one recorded; a reserved premises can be placed too.
        let d004 = try premisesID(db, "D-004")
        try db.setStatus(premisesID: d004, to: .reserved, on: day("2026-06-01"), reason: nil)
        try db.place(needReference: "B002", premisesID: d004, date: day("2026-06-20"), rent: 420)
        #expect(try premisesStatus(db, "D-004") == "attribue")
        #expect(try count(db, "SELECT COUNT(*) FROM placements WHERE premises_id = ? AND rent_monthly = 420", [d004]) == 1)
        // Placed premises and satisfied needs leave the next round's input.
        let input = try db.roundInput()
        #expect(Set(input.needs.map(\.need.reference)) == ["B004", "B005"])
        #expect(Set(input.premises.map(\.premises.reference)) == ["D-002", "D-003"])
    }

    @Test("place refuses a premises that is not disponible (retiré, attribué), and changes nothing")
    func placeRefusesUnavailablePremises() throws {
        let (db, _) = try matchDatabase()
        let d003 = try premisesID(db, "D-003")
        try db.setStatus(premisesID: d003, to: .withdrawn, on: day("2026-04-15"), reason: nil)
        let before = try dump(db)
        expectStoreError({ try db.place(needReference: "B002", premisesID: d003, date: roundDay, rent: nil) },
                         matching: { isPlacement($0, containing: "retiré") })
        #expect(try dump(db) == before)

        let d001 = try premisesID(db, "D-001")
        try db.place(needReference: "B001", premisesID: d001, date: roundDay, rent: nil)
        let placed = try dump(db)
        let error = expectStoreError({ try db.place(needReference: "B005", premisesID: d001, date: roundDay, rent: nil) },
                                     matching: { isPlacement($0, containing: "attribué") })
        #expect(error?.errorDescription?.contains("disponible") == true, "\(String(describing: error))")
        #expect(try dump(db) == placed)
        #expect(try needStatus(db, "B005") == .active)
    }

    @Test("place refuses a need that is not actif, and unknown needs or premises")
    func placeRefusesInactiveNeeds() throws {
        let (db, _) = try matchDatabase()
        let d001 = try premisesID(db, "D-001")
        let before = try dump(db)
        expectStoreError({ try db.place(needReference: "B003", premisesID: d001, date: roundDay, rent: nil) },
                         matching: { isPlacement($0, containing: "satisfait") })
        #expect(try dump(db) == before)
        #expect(try premisesStatus(db, "D-001") == "disponible")
        expectStoreError(.unknownNeed("B999")) { try db.place(needReference: "B999", premisesID: d001, date: roundDay, rent: nil) }
        expectStoreError(.unknownPremises("9999")) { try db.place(needReference: "B001", premisesID: 9999, date: roundDay, rent: nil) }
        #expect(try dump(db) == before)
    }

    // MARK: acceptRound

    @Test("acceptRound places every proposal of the round, with the round's number")
    func acceptRoundPlacesEveryProposal() throws {
        let (db, _) = try matchDatabase()
        let (id, result, _, _) = try storeRound(db)
        let placed = try db.acceptRound(id, date: day("2026-06-10"))
        #expect(placed == result.proposals.count)
        #expect(placed == 2)
        #expect(try count(db, "SELECT COUNT(*) FROM placements WHERE round_id = ?", [id]) == 2)
        #expect(try count(db, "SELECT COUNT(*) FROM placements") == 2)
        for proposal in result.proposals {
            #expect(try needStatus(db, proposal.need) == .satisfied)
            let premises = try #require(Int64(proposal.premises))
            #expect(try db.premises(id: premises).0.premises.status == .placed)
            #expect(try events(db, premisesID: premises).last?.cause == "implantation (tour d'appariement n° \(id)) : besoin \(proposal.need)")
        }
        #expect(try needStatus(db, "B005") == .active)
        // Accepting again fails (already placed) and changes nothing.
        let after = try dump(db)
        expectStoreError({ _ = try db.acceptRound(id, date: day("2026-06-11")) }, matching: { if case .placement = $0 { true } else { false } })
        #expect(try dump(db) == after)
        expectStoreError(.unknownRound(99)) { _ = try db.acceptRound(99, date: roundDay) }
    }

    @Test("acceptRound is all or nothing: one proposal placed by hand first → the whole accept fails, nothing changes")
    func acceptRoundIsAllOrNothing() throws {
        let (db, _) = try matchDatabase()
        let (id, result, _, _) = try storeRound(db)
        // B002's proposal (D-004): place D-004 by hand with B005 first.
        let proposal = try #require(result.proposals.first { $0.need == "B002" })
        let taken = try #require(Int64(proposal.premises))
        try db.place(needReference: "B005", premisesID: taken, date: day("2026-06-05"), rent: nil)
        let before = try dump(db)

        expectStoreError({ _ = try db.acceptRound(id, date: day("2026-06-10")) }, matching: { isPlacement($0, containing: "attribué") })
        #expect(try dump(db) == before, "nothing of the round was placed")
        // B001's proposal, which came first and was valid, was rolled back.
        #expect(try needStatus(db, "B001") == .active)
        #expect(try premisesStatus(db, "D-001") == "disponible")
        #expect(try count(db, "SELECT COUNT(*) FROM placements") == 1)
        #expect(try count(db, "SELECT COUNT(*) FROM placements WHERE round_id IS NOT NULL") == 0)
    }
}
