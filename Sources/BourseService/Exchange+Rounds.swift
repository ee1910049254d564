import BourseAudit
import BourseCore
import BourseImport
import BourseStore
import Foundation

extension Exchange {
    /// Runs a matching round over the active needs and the available premises, and stores it
    /// with its parameters, fingerprint, proposals, ranked lists and inputs (unless a dry run).
    public func runRound(_ request: RoundRequest) throws -> RoundOutcome {
        let input = try database.roundInput()
        let parameters = request.parameters
        let result = MatchingRound.run(needs: input.needs, premises: input.premises, parameters: parameters)
        let fingerprint = BourseDatabase.inputHash(needs: input.needs, premises: input.premises, parameters: parameters)
        let id = request.dryRun ? nil : try database.saveRound(result, input: input, parameters: parameters, inputHash: fingerprint)
        let communeNames = try communeNames()
        let premisesByID = Dictionary(input.premises.map { ($0.id, $0.premises) }, uniquingKeysWith: { first, _ in first })
        let needs = Dictionary(input.needs.map { ($0.need.reference, $0) }, uniquingKeysWith: { first, _ in first })
        let lines = result.proposals.map { proposal in
            let premises = premisesByID[proposal.premises]
            return RoundOutcome.Line(
                need: proposal.need, structureName: needs[proposal.need]?.structure.name ?? "", premisesID: proposal.premises,
                communeName: premises.map { communeNames[$0.communeInsee] ?? $0.communeInsee } ?? "",
                premisesReference: premises?.reference ?? "", surface: premises?.surface, score: proposal.score, needRank: proposal.needRank)
        }
        return RoundOutcome(id: id, parameters: parameters, fingerprint: fingerprint, needCount: input.needs.count,
                            premisesCount: input.premises.count, lines: lines, unmatched: result.unmatched)
    }

    /// The latest round's number, if any.
    public func latestRoundID() throws -> Int64? {
        try database.rounds().first?.id
    }

    /// A stored round's parameters.
    public func roundParameters(_ id: Int64) throws -> (RoundRecord, MatchingParameters) {
        let (record, _) = try database.round(id)
        guard let parameters = try? JSONDecoder().decode(MatchingParameters.self, from: Data(record.parameters.utf8)) else {
            throw ServiceError.unreadableRound(id)
        }
        return (record, parameters)
    }

    /// Explains a stored round for a need (its candidates, its proposal) and, when `premises` is
    /// given, for that premises: eligibility, score, ranks on both sides and the outcome, from
    /// what the round stored.
    /// - Parameter round: the round; the latest when `nil`.
    public func explain(round: Int64? = nil, need reference: String, premises premisesID: Int64? = nil) throws -> RoundExplanation {
        guard let roundID = try round ?? latestRoundID() else { throw ServiceError.noRound }
        let (record, parameters) = try roundParameters(roundID)
        let (_, proposals) = try database.round(roundID)
        let lists = try database.roundPreferences(roundID)
        let stored = try database.roundInputs(roundID)
        let (needListing, _) = try database.need(reference)
        let structure = try database.structure(needListing.structureReference).0.structure
        let unmatched = (try? JSONDecoder().decode([String: String].self, from: Data(record.unmatched.utf8))) ?? [:]

        let roundNeed: Need?
        if let stored {
            roundNeed = stored.needs[reference]?.need
        } else {
            roundNeed = lists.needPosition(reference) != nil ? needListing.need : nil
        }
        let candidates = lists.needPosition(reference).map { lists.preferences(atNeed: $0) } ?? []
        let proposalListing = proposals.first { $0.needReference == reference }
        var explanation = RoundExplanation(
            roundID: roundID, roundDate: parameters.date, parameters: parameters, fromStoredInputs: stored != nil,
            need: reference, structureName: structure.name, structureReference: needListing.structureReference,
            needStatusNow: needListing.need.status, needInRound: roundNeed != nil, candidates: candidates,
            proposal: proposalListing.map { (String($0.premisesID), $0.score) }, unmatchedReason: unmatched[reference], pair: nil)
        guard let premisesID else { return explanation }

        let (premisesListing, _) = try database.premises(id: premisesID)
        let key = String(premisesID)
        let roundPremises: (premises: Premises, status: PremisesStatus)?
        if let stored {
            roundPremises = stored.premises[key].map { ($0.premises, $0.status) }
        } else {
            // The round's lists name every premises it offered.
            roundPremises = lists.premisesPosition(key) != nil ? (premisesListing.premises, .available) : nil
        }
        let facts = roundPremises?.premises ?? premisesListing.premises
        var pair = RoundExplanation.Pair(
            premisesID: premisesID, reference: premisesListing.premises.reference, communeName: premisesListing.communeName,
            statusNow: premisesListing.premises.status, surface: facts.surface, type: facts.type, inRound: roundPremises != nil,
            failures: [], score: nil, needRank: nil, premisesRank: nil, outcome: .notInRound)
        guard let roundNeed, let roundPremises else {
            explanation.pair = pair
            return explanation
        }
        pair.failures = Eligibility.check(roundNeed, roundPremises.premises, status: roundPremises.status, parameters: parameters).map(\.description)
        if pair.failures.isEmpty {
            pair.score = Score.of(roundNeed, roundPremises.premises, weights: parameters.weights)
            if let position = candidates.firstIndex(where: { $0.premises == key }) {
                pair.needRank = (position + 1, candidates.count)
            }
            let rivals = lists.candidates(ofPremises: key) ?? []
            if let position = rivals.firstIndex(where: { $0.need == reference }) {
                pair.premisesRank = (position + 1, rivals.count)
            }
            if proposalListing?.premisesID == premisesID {
                pair.outcome = .proposed
            } else if let winner = proposals.first(where: { $0.premisesID == premisesID }) {
                pair.outcome = .takenBy(need: winner.needReference, position: rivals.firstIndex { $0.need == winner.needReference }.map { $0 + 1 })
            } else if let proposalListing {
                pair.outcome = .needGotOther(premises: String(proposalListing.premisesID))
            } else {
                pair.outcome = .nothing
            }
        } else {
            pair.outcome = proposalListing.map { .needGotOther(premises: String($0.premisesID)) } ?? .nothing
        }
        explanation.pair = pair
        return explanation
    }

    /// Records one placement.
    public func place(need: String, premises: Int64, date: CivilDate, rent: Double?) throws {
        try database.place(needReference: need, premisesID: premises, date: date, rent: rent)
    }

    /// Confirms every proposal of a round (all or nothing).
    /// - Returns: the number of placements.
    public func acceptRound(_ id: Int64, date: CivilDate) throws -> Int {
        try database.acceptRound(id, date: date)
    }

    /// A round's preference profile (JSON), which `bourse solve` or any solver can solve.
    public func roundProfile(_ id: Int64) throws -> [UInt8] {
        let (round, _) = try database.round(id)
        let lists = try database.roundPreferences(id)
        return round.strategy == MatchingParameters.Strategy.optimal.rawValue
            ? SolverProfileWriter.assignment(lists)
            : SolverProfileWriter.hospitalResidents(lists)
    }

    /// INSEE code → commune name.
    func communeNames() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try database.territory().communes.map { ($0.inseeCode, $0.name) })
    }
}

/// A stored round as a reader sees it: its record, its parameters, its proposals with names, and
/// the needs it left without a proposal with the reason it stored.
public struct RoundDetails: Sendable {
    public var record: RoundRecord
    public var parameters: MatchingParameters?
    public var proposals: [ProposalListing]
    /// Need reference → why nothing fitted, sorted by reference.
    public var unmatched: [(need: String, reason: String)]
}

extension Exchange {
    /// A stored round, its proposals and its needs without a proposal.
    public func round(_ id: Int64) throws -> RoundDetails {
        let (record, proposals) = try database.round(id)
        let unmatched = (try? JSONDecoder().decode([String: String].self, from: Data(record.unmatched.utf8))) ?? [:]
        return RoundDetails(
            record: record, parameters: try? JSONDecoder().decode(MatchingParameters.self, from: Data(record.parameters.utf8)),
            proposals: proposals, unmatched: unmatched.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Every stored round, newest first.
    public func rounds() throws -> [RoundRecord] {
        try database.rounds()
    }
}
