import BourseCore
import BourseStore
import Foundation

/// One landlord's premises in a round: the proposed structure and the next candidates, with
/// scores and the structures' contacts. A landlord's report holds only its own premises.
public struct LandlordReport: Sendable {
    public struct Candidate: Sendable, Hashable {
        public var needReference: String
        public var structureName: String
        public var contact: String?
        public var score: Double
        /// Position in the premises' priority order.
        public var rank: Int
    }

    public struct Line: Sendable, Hashable {
        public var premisesID: Int64
        public var reference: String
        public var communeName: String
        public var address: String?
        public var surface: Double
        public var status: PremisesStatus
        public var proposed: Candidate?
        public var next: [Candidate]
        /// Why nothing was proposed, when nothing was.
        public var note: String?
    }

    public var source: Source
    public var roundID: Int64
    public var roundDate: CivilDate
    public var lines: [Line]

    /// Builds the report of `source` for a stored round.
    /// - Parameters:
    ///   - candidates: the round's stored candidates per premises (identifier → [(need, score)]),
    ///     in the premises' priority order.
    ///   - proposals: the round's proposals.
    ///   - premises: the landlord's premises (its own only).
    ///   - structures: structures by need reference (name, contact).
    public static func build(
        source: Source, roundID: Int64, roundDate: CivilDate, premises: [PremisesListing],
        candidates: [String: [(need: String, score: Double)]], proposals: [ProposalListing],
        structures: [String: (name: String, contact: String?)], nextCount: Int = 3
    ) -> LandlordReport {
        let proposedByPremises = Dictionary(proposals.map { ($0.premisesID, $0) }, uniquingKeysWith: { a, _ in a })
        let lines = premises.filter { $0.record.sourceID == source.id }.sorted { $0.id < $1.id }.map { listing -> Line in
            let list = candidates[String(listing.id)] ?? []
            func candidate(_ entry: (need: String, score: Double), _ rank: Int) -> Candidate {
                let structure = structures[entry.need]
                return Candidate(needReference: entry.need, structureName: structure?.name ?? entry.need, contact: structure?.contact, score: entry.score, rank: rank)
            }
            var proposed: Candidate?
            if let proposal = proposedByPremises[listing.id], let rank = list.firstIndex(where: { $0.need == proposal.needReference }) {
                proposed = candidate(list[rank], rank + 1)
            }
            let next = list.enumerated().filter { $0.element.need != proposed?.needReference }.prefix(nextCount).map { candidate($0.element, $0.offset + 1) }
            var note: String?
            if proposed == nil {
                note = list.isEmpty ? "aucune structure dont le besoin correspond à ce local" : "les structures intéressées ont reçu un local qu'elles préféraient"
            }
            return Line(premisesID: listing.id, reference: listing.premises.reference, communeName: listing.communeName,
                        address: listing.premises.address, surface: listing.premises.surface, status: listing.premises.status,
                        proposed: proposed, next: Array(next), note: note)
        }
        return LandlordReport(source: source, roundID: roundID, roundDate: roundDate, lines: lines)
    }

    /// The report as a table (text or CSV).
    public func table(csv: Bool) -> TextTable {
        let number: (Double) -> String = { csv ? FrenchCSV.number($0) : FrenchNumber.format($0, decimals: 1) }
        return TextTable(
            columns: [
                .init("Local", .right), .init("Référence"), .init("Commune"), .init("Adresse"), .init("Surface (m²)", .right),
                .init("Structure proposée"), .init("Score", .right), .init("Contact"), .init("Candidates suivantes"), .init("Remarque"),
            ],
            rows: lines.map { line in
                [String(line.premisesID), line.reference, line.communeName, line.address ?? "", number(line.surface),
                 line.proposed.map { "\($0.structureName) (\($0.needReference))" } ?? "", line.proposed.map { number($0.score) } ?? "",
                 line.proposed?.contact ?? "",
                 line.next.map { "\($0.rank). \($0.structureName) (\($0.needReference), score \(number($0.score)))" }.joined(separator: " | "),
                 line.note ?? ""]
            })
    }
}
