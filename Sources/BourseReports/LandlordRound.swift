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
    /// Premises number (as text) → needs in the premises' priority order, with scores.
    public var candidates: [String: [Ranked]]
    /// Need reference → its structure's name and contact.
    public var structures: [String: StructureContact]
    /// Need reference → the need, to explain scores.
    public var needs: [String: Need]

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
        guard let stored = try? decoder.decode([String: [String: [[String]]]].self, from: Data(record.preferences.utf8)),
              let parameters = try? decoder.decode(MatchingParameters.self, from: Data(record.parameters.utf8)),
              let date = CivilDate(iso: record.date)
        else { throw ReportError.unreadableRound(id) }
        let candidates = (stored["locaux"] ?? [:]).mapValues { list in
            list.compactMap { entry in entry.count == 2 ? Ranked(need: entry[0], score: Double(entry[1]) ?? 0) : nil }
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
        return LandlordRound(id: id, date: date, parameters: parameters, proposals: proposals, candidates: candidates,
                             structures: structures, needs: needs)
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
            if let list = candidates[String(listing.id)] { own[String(listing.id)] = list.map { (need: $0.need, score: $0.score) } }
        }
        return LandlordReport.build(
            source: source, roundID: id, roundDate: date, roundDescription: description, premises: premises,
            candidates: own,
            proposals: proposals.filter { $0.sourceID == source.id },
            structures: structures.mapValues { (name: $0.name, contact: $0.contact) },
            needs: needs, weights: parameters.weights, proposedNeeds: Set(proposals.map(\.needReference)), nextCount: nextCount)
    }
}
