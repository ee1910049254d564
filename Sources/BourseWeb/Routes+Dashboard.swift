import BourseCore
import BourseReports
import BourseService
import BourseStore
import HTTPTypes
import Hummingbird
import Synchronization
import HummingbirdAuth

extension Portal {
    func addDashboardRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/") { request, context in
            let account = try context.account()
            let exchange = exchange
            let today = CivilDate.today()
            let cache = dashboardCache
            let (offer, sources, rounds, accepted, evolution) = try await blocking {
                let mark = try exchange.changeMark() + [Int64(today.daysSinceEpoch)]
                if let kept = cache.value(for: mark) { return kept }
                let figures = DashboardFigures(
                    offer: try exchange.offerByCommune(), sources: try exchange.sources(), rounds: try exchange.rounds(),
                    accepted: try exchange.acceptedRounds(), evolution: try exchange.evolution(period: .month, today: today))
                cache.keep(figures, for: mark)
                return figures
            }.tuple
            if request.uri.queryParameters.get("format") == "csv" {
                return Self.csv(
                    name: "locaux-disponibles-par-commune.csv", header: ["Commune", "Code INSEE", "Locaux disponibles", "Surface disponible (m²)"],
                    rows: offer.map { [$0.name, $0.insee, String($0.available), FrenchCSV.number($0.availableSurface)] })
            }
            let maximum = offer.map(\.availableSurface).max() ?? 0
            let values: [String: Any] = [
                "totalAvailable": FrenchNumber.format(offer.reduce(0) { $0 + $1.available }),
                "totalSurface": FrenchNumber.squareMetres(offer.reduce(0) { $0 + $1.availableSurface }),
                "sourceCount": sources.count,
                "roundCount": rounds.count,
                "map": map?.svg(offer: offer) ?? "",
                "evolution": EvolutionChart.svg(evolution),
                "isDirection": account.role == .direction,
                "legend": CommuneMap.legend(maximum: maximum),
                "communes": offer.map { ["name": $0.name, "available": FrenchNumber.format($0.available), "surface": FrenchNumber.squareMetres($0.availableSurface)] },
                "sources": sources.map { summary -> [String: Any] in
                    ["name": summary.source.name, "kind": summary.source.kind.label, "last": summary.lastInventory?.french ?? "aucun",
                     "available": FrenchNumber.format(summary.available), "surface": FrenchNumber.squareMetres(summary.availableSurface)]
                },
                "rounds": rounds.prefix(5).map { round -> [String: Any] in
                    var entry: [String: Any] = [
                        "id": round.id ?? 0, "date": Self.frenchDate(round.date), "strategy": round.strategy,
                        "proposals": round.proposals, "accepted": accepted[round.id ?? 0].map { "le " + Self.frenchDate($0) } ?? "non",
                    ]
                    if account.role == .direction { entry["link"] = "/tours/\(round.id ?? 0)" }
                    return entry
                },
            ]
            return try await page("dashboard", title: "Tableau de bord", values, request: request, context: context)
        }
    }

    /// A French-Excel CSV download (UTF-8 with its mark, `;`, CRLF, cells neutralised).
    static func csv(name: String, header: [String], rows: [[String]]) -> Response {
        var text = FrenchCSV.bom + FrenchCSV.line(header)
        for row in rows { text += FrenchCSV.line(row) }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// `2026-03-31` or `2026-03-31T10:12:00Z` as « 31/03/2026 ».
    static func frenchDate(_ iso: String) -> String {
        CivilDate(iso: String(iso.prefix(10)))?.french ?? iso
    }
}

/// What the dashboard shows, computed once per state of the database.
struct DashboardFigures: Sendable {
    var offer: [CommuneOffer]
    var sources: [BourseDatabase.SourceSummary]
    var rounds: [RoundRecord]
    var accepted: [Int64: String]
    var evolution: [EvolutionRow]

    var tuple: ([CommuneOffer], [BourseDatabase.SourceSummary], [RoundRecord], [Int64: String], [EvolutionRow]) {
        (offer, sources, rounds, accepted, evolution)
    }
}

/// The dashboard's figures, kept until the database changes (a deposit, a round, a command run
/// meanwhile): browsing costs no recomputation of the evolution over years of history.
final class DashboardCache: Sendable {
    private let kept = Mutex<(mark: [Int64], figures: DashboardFigures)?>(nil)

    func value(for mark: [Int64]) -> DashboardFigures? {
        kept.withLock { $0?.mark == mark ? $0?.figures : nil }
    }

    func keep(_ figures: DashboardFigures, for mark: [Int64]) {
        kept.withLock { $0 = (mark, figures) }
    }
}
