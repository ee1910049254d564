import BourseCore
import BourseStore
import Foundation

/// A stored round read back once for the landlord reports: its date and parameters, proposals,
/// each premises' ranked candidates, and the needs and structures they name.
public struct LandlordRound: Sendable {
    public var id: Int64
    public var date: CivilDate
    public var parameters: MatchingParameters
    public var proposals: [ProposalListing]
    /// The round's ranked lists (each premises' candidates by priority, with scores).
    public var preferences: RoundPreferences
    /// Need reference → its structure's name and contact.
    public var structures: [String: StructureContact]
    /// Need reference → the need, to explain scores: as the round saw it when the round kept its
    /// inputs, else as it is today.
    public var needs: [String: Need]
    /// Premises number (as text) → the premises as the round saw it (empty for a round stored
    /// before its inputs were kept: today's premises are then used).
    public var roundPremises: [String: Premises] = [:]

    public struct Ranked: Sendable, Hashable {
        public var need: String
        public var score: Double
    }

    public struct StructureContact: Sendable, Hashable {
        public var name: String
        public var contact: String?
    }

    /// Reads round `id`.
    /// - Throws: `StoreError.unknownRound`, a database error, or `ReportError.unreadableRound`
    ///   when its stored preferences or parameters do not decode.
    public static func load(_ database: BourseDatabase, id: Int64) throws -> LandlordRound {
        let (record, proposals) = try database.round(id)
        let decoder = JSONDecoder()
        guard let parameters = try? decoder.decode(MatchingParameters.self, from: Data(record.parameters.utf8)),
              let date = CivilDate(iso: record.date)
        else { throw ReportError.unreadableRound(id) }
        // From round_lists, or the JSON text of a round stored before that table.
        let preferences: RoundPreferences
        do {
            preferences = try database.roundPreferences(id)
        } catch {
            throw ReportError.unreadableRound(id)
        }
        let byID = Dictionary(uniqueKeysWithValues: try database.structures().map { ($0.id, $0.structure) })
        var structures: [String: StructureContact] = [:]
        var needs: [String: Need] = [:]
        for listing in try database.needs() {
            needs[listing.record.reference] = listing.need
            if let structure = byID[listing.record.structureID] {
                structures[listing.record.reference] = StructureContact(name: structure.name, contact: structure.contact)
            }
        }
        var round = LandlordRound(id: id, date: date, parameters: parameters, proposals: proposals, preferences: preferences,
                                  structures: structures, needs: needs)
        // A decision is explained as it was taken: the scores' reasons come from the inputs the
        // round stored, not from today's need and premises.
        if let stored = try database.roundInputs(id) {
            for (reference, need) in stored.needs { round.needs[reference] = need.need }
            round.roundPremises = stored.premises.mapValues(\.premises)
        }
        return round
    }

    /// Premises number (as text) → needs in the premises' priority order, with scores. Builds
    /// every pair: for small rounds; reports read `preferences` premises by premises.
    public var candidates: [String: [Ranked]] {
        preferences.premisesCandidates.mapValues { list in list.map { Ranked(need: $0.need, score: $0.score) } }
    }

    /// `stratégie stable, graine 1, tolérance de surface 10 %`.
    public var description: String {
        let strategy = parameters.strategy == .stable ? "stable (acceptation différée)" : "optimale (score total maximal)"
        return "stratégie \(strategy), graine \(parameters.seed), tolérance de surface \(FrenchNumber.format(parameters.surfaceTolerance * 100))\u{A0}%"
    }

    /// The report of one landlord: its own premises only.
    /// - Throws: a database error.
    public func report(for source: Source, in database: BourseDatabase, nextCount: Int = 3) throws -> LandlordReport {
        let premises = try database.premises(PremisesFilter(sourceID: source.id))
        var own: [String: [(need: String, score: Double)]] = [:]
        for listing in premises {
            if let list = preferences.candidates(ofPremises: String(listing.id)) { own[String(listing.id)] = list }
        }
        return LandlordReport.build(
            source: source, roundID: id, roundDate: date, roundDescription: description, premises: premises,
            candidates: own,
            proposals: proposals.filter { $0.sourceID == source.id },
            structures: structures.mapValues { (name: $0.name, contact: $0.contact) },
            needs: needs, roundPremises: roundPremises, weights: parameters.weights, proposedNeeds: Set(proposals.map(\.needReference)),
            nextCount: nextCount)
    }
}
