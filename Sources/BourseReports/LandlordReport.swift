import BourseCore
import BourseStore
import Foundation

/// One landlord's premises in a round: the proposed structure and the next candidates, with
/// scores, the reasons of each score and the structures' contacts. A landlord's report holds only
/// its own premises.
public struct LandlordReport: Sendable {
    public struct Candidate: Sendable, Hashable {
        public var needReference: String
        public var structureName: String
        public var contact: String?
        /// The round's score (0–100).
        public var score: Double
        /// Position in the premises' priority order (1 = first).
        public var rank: Int
        /// The score explained criterion by criterion (`surface 26,3 pt : …`); empty when the need
        /// is no longer in the register.
        public var reasons: [String]
        /// Whether the round proposed this need another premises (`nil` when not known): a landlord
        /// then knows whether a next candidate is still looking.
        public var placedElsewhere: Bool?

        public init(needReference: String, structureName: String, contact: String?, score: Double, rank: Int, reasons: [String] = [],
                    placedElsewhere: Bool? = nil) {
            self.needReference = needReference
            self.structureName = structureName
            self.contact = contact
            self.score = score
            self.rank = rank
            self.reasons = reasons
            self.placedElsewhere = placedElsewhere
        }

        /// `a reçu un autre local dans ce tour` or `sans local dans ce tour`, when known.
        public var outcome: String? {
            placedElsewhere.map { $0 ? "a reçu un autre local dans ce tour" : "sans local dans ce tour" }
        }
    }

    public struct Line: Sendable, Hashable {
        public var premisesID: Int64
        public var reference: String
        public var communeName: String
        public var address: String?
        public var type: PremisesType
        public var surface: Double
        public var rentMonthly: Double?
        public var status: PremisesStatus
        public var proposed: Candidate?
        public var next: [Candidate]
        /// Why nothing was proposed, when nothing was.
        public var note: String?
    }

    public var source: Source
    public var roundID: Int64
    public var roundDate: CivilDate
    /// How the round allocated (`stratégie stable, graine 1`), when known.
    public var roundDescription: String?
    public var lines: [Line]

    /// Builds the report of `source` for a stored round.
    /// - Parameters:
    ///   - candidates: the round's stored candidates per premises (identifier → [(need, score)]),
    ///     in the premises' priority order.
    ///   - proposals: the round's proposals.
    ///   - premises: premises of the bourse; only `source`'s are kept, and of these only the ones
    ///     the round could have seen (offered by its date, not withdrawn or placed before it).
    ///   - structures: structures by need reference (name, contact).
    ///   - needs: the needs by reference, to explain each score (`weights` are the round's).
    ///   - proposedNeeds: every need the round proposed a premises to (any landlord's), to tell
    ///     whether a next candidate is still looking; `nil` leaves it unsaid.
    ///   - nextCount: how many candidates to show after the proposed one.
    public static func build(
        source: Source, roundID: Int64, roundDate: CivilDate, roundDescription: String? = nil, premises: [PremisesListing],
        candidates: [String: [(need: String, score: Double)]], proposals: [ProposalListing],
        structures: [String: (name: String, contact: String?)], needs: [String: Need] = [:],
        roundPremises: [String: Premises] = [:], weights: MatchingParameters.Weights = MatchingParameters.Weights(), proposedNeeds: Set<String>? = nil, nextCount: Int = 3
    ) -> LandlordReport {
        let proposedByPremises = Dictionary(proposals.map { ($0.premisesID, $0) }, uniquingKeysWith: { a, _ in a })
        let own = premises.filter { $0.record.sourceID == source.id }.sorted { $0.id < $1.id }
        let lines = own.compactMap { listing -> Line? in
            let list = candidates[String(listing.id)] ?? []
            let proposal = proposedByPremises[listing.id]
            if list.isEmpty && proposal == nil && !couldBeInRound(listing, date: roundDate) { return nil }
            func candidate(_ entry: (need: String, score: Double), _ rank: Int) -> Candidate {
                let structure = structures[entry.need]
                let reasons = needs[entry.need].map { need in
                    Score.of(need, roundPremises[String(listing.id)] ?? listing.premises, weights: weights).criteria.map {
                        "\($0.name) \(FrenchNumber.format($0.points, decimals: 1)) pt : \($0.detail)"
                    }
                } ?? []
                return Candidate(needReference: entry.need, structureName: structure?.name ?? entry.need, contact: structure?.contact,
                                 score: entry.score, rank: rank, reasons: reasons, placedElsewhere: proposedNeeds.map { $0.contains(entry.need) })
            }
            var proposed: Candidate?
            if let proposal {
                if let rank = list.firstIndex(where: { $0.need == proposal.needReference }) {
                    proposed = candidate(list[rank], rank + 1)
                } else {
                    proposed = candidate((proposal.needReference, proposal.score), 1)
                }
                proposed?.placedElsewhere = nil
            }
            let next = list.enumerated().filter { $0.element.need != proposed?.needReference }.prefix(nextCount).map { candidate($0.element, $0.offset + 1) }
            var note: String?
            if proposed == nil {
                note = list.isEmpty ? "aucune structure dont le besoin correspond à ce local" : "les structures intéressées ont reçu un local qu'elles préféraient"
            }
            return Line(premisesID: listing.id, reference: listing.premises.reference, communeName: listing.communeName,
                        address: listing.premises.address, type: listing.premises.type, surface: listing.premises.surface,
                        rentMonthly: listing.premises.rent?.monthly, status: listing.premises.status,
                        proposed: proposed, next: Array(next), note: note)
        }
        return LandlordReport(source: source, roundID: roundID, roundDate: roundDate, roundDescription: roundDescription, lines: lines)
    }

    /// Whether a premises the round gave no candidate could have been offered to it: offered by
    /// the round's date, and not withdrawn or placed before that date.
    static func couldBeInRound(_ listing: PremisesListing, date: CivilDate) -> Bool {
        if let offered = CivilDate(iso: listing.record.offeredOn), offered > date { return false }
        let status = listing.premises.status
        if status == .withdrawn || status == .placed, let since = CivilDate(iso: listing.record.statusSince), since < date { return false }
        return true
    }

    /// The report's title: `Rapport au bailleur SSDH — tour n° 1 du 20/04/2026`.
    public var title: String {
        "Rapport au bailleur \(source.name) — tour n° \(roundID) du \(roundDate.french)"
    }

    /// How many premises got a proposed structure.
    public var proposedCount: Int { lines.filter { $0.proposed != nil }.count }

    /// The report as a table: for a terminal (`csv: false`: a row per candidate, without the
    /// address and the reasons, which do not fit) or for French Excel (a row per premises, every column).
    public func table(csv: Bool) -> TextTable {
        let number: (Double) -> String = { csv ? FrenchCSV.number($0) : FrenchNumber.format($0, decimals: 1) }
        let nextText: (Line) -> String = { line in
            line.next.map { "\($0.rank). \($0.structureName) (\($0.needReference), score \(number($0.score))\($0.outcome.map { ", " + $0 } ?? ""))" }
                .joined(separator: " | ")
        }
        if !csv { return terminalTable() }
        return TextTable(
            columns: [
                .init("Local", .right), .init("Référence"), .init("Commune"), .init("Adresse"), .init("Type"), .init("Surface (m²)", .right),
                .init("Loyer mensuel (€)", .right), .init("Statut"), .init("Structure proposée"), .init("Besoin"), .init("Score", .right),
                .init("Contact"), .init("Raisons du score"), .init("Candidates suivantes"), .init("Remarque"),
            ],
            rows: lines.map { line in
                [String(line.premisesID), line.reference, line.communeName, line.address ?? "", line.type.label, number(line.surface),
                 line.rentMonthly.map(number) ?? "", line.status.label,
                 line.proposed?.structureName ?? "", line.proposed?.needReference ?? "", line.proposed.map { number($0.score) } ?? "",
                 line.proposed?.contact ?? "", line.proposed?.reasons.joined(separator: " ; ") ?? "", nextText(line), line.note ?? ""]
            })
    }

    /// One row per candidate, the proposed one first, so nothing has to be cut: the premises'
    /// cells on its first row only; a premises nobody fits gets one row with the reason.
    func terminalTable() -> TextTable {
        var rows: [[String]] = []
        for line in lines {
            let premises = [String(line.premisesID), line.reference, line.communeName, FrenchNumber.format(line.surface, decimals: 1)]
            let blank = Array(repeating: "", count: premises.count)
            let candidates = (line.proposed.map { [$0] } ?? []) + line.next
            if candidates.isEmpty {
                rows.append(premises + ["", "—", "", "", "", line.note ?? ""])
            }
            for (index, candidate) in candidates.enumerated() {
                let outcome = candidate.needReference == line.proposed?.needReference ? "proposée pour ce local" : candidate.outcome ?? ""
                rows.append((index == 0 ? premises : blank) + [
                    String(candidate.rank), "\(candidate.structureName) (\(candidate.needReference))", FrenchNumber.format(candidate.score, decimals: 1),
                    candidate.contact ?? "", outcome, "",
                ])
            }
        }
        return TextTable(
            columns: [
                .init("Local", .right), .init("Référence"), .init("Commune"), .init("Surface (m²)", .right), .init("Rang", .right),
                .init("Structure (besoin)"), .init("Score", .right), .init("Contact"), .init("Dans ce tour"), .init("Remarque"),
            ],
            rows: rows)
    }

    /// The report for a terminal: a title line, a summary, then the aligned table.
    public func text() -> String {
        var text = title + "\n"
        if let roundDescription { text += roundDescription + "\n" }
        text += "\(lines.count) local(aux), \(proposedCount) avec une structure proposée.\n\n"
        text += lines.isEmpty ? "Aucun local de ce bailleur dans ce tour.\n" : table(csv: false).renderText()
        return text
    }

    /// One self-contained printable HTML page: a summary table, then a section per premises with
    /// the proposed structure, its contact and the reasons of its score, then the next candidates.
    /// - Parameter generatedOn: the date printed as the report's date.
    /// - Throws: `ReportError.template` (a defect of ours, not of the data).
    public func html(generatedOn: CivilDate) throws(ReportError) -> String {
        func candidate(_ c: Candidate) -> [String: Any] {
            var values: [String: Any] = [
                "structure": c.structureName, "need": c.needReference, "score": FrenchNumber.format(c.score, decimals: 1),
                "scoreWidth": String(format: "%.1f", min(max(c.score, 0), 100)), "rank": String(c.rank), "reasons": c.reasons,
            ]
            if let outcome = c.outcome { values["outcome"] = outcome }
            if let contact = c.contact, !contact.isEmpty { values["contact"] = contact }
            return values
        }
        var context: [String: Any] = [
            "title": title, "landlord": source.name, "round": String(roundID), "roundDate": roundDate.french,
            "generated": generatedOn.french,
            "premisesCount": String(lines.count), "proposedCount": String(proposedCount),
            "lines": lines.map { line -> [String: Any] in
                var values: [String: Any] = [
                    "id": String(line.premisesID), "reference": line.reference, "commune": line.communeName,
                    "type": line.type.label, "surface": FrenchNumber.squareMetres(line.surface), "status": line.status.label,
                    "next": line.next.map(candidate), "hasNext": !line.next.isEmpty,
                ]
                if let address = line.address, !address.isEmpty { values["address"] = address }
                if let rent = line.rentMonthly { values["rent"] = FrenchNumber.euros(rent) }
                if let proposed = line.proposed { values["proposed"] = candidate(proposed) }
                if let note = line.note { values["note"] = note }
                return values
            },
        ]
        if let roundDescription { context["strategy"] = roundDescription }
        return try ReportTemplates.render(context, page: .landlord)
    }
}
