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
            try await dashboard(request: request, context: context)
        }
    }

    func dashboard(request: Request, context: PortalContext) async throws -> Response {
        let account = try context.account()
        let today = CivilDate.today()
        let cache = dashboardCache
        let isDirection = account.role == .direction
        let csv = request.uri.queryParameters.get("format") == "csv"
        let (figures, mark) = try await dashboardFigures(today: today)
        if !csv, let mark, let content = cache.content(for: mark, direction: isDirection) {
            return try await page(content: content, title: "Tableau de bord", request: request, context: context)
        }
        let (offer, sources, rounds, accepted, evolution) = figures.tuple
        if csv {
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
        let content = pages.render("dashboard", values)
        if let mark { cache.keep(content: content, for: mark, direction: isDirection) }
        return try await page(content: content, title: "Tableau de bord", request: request, context: context)
    }

    /// The dashboard's figures for the database as it is, with the mark they were computed for.
    func dashboardFigures(today: CivilDate) async throws -> (DashboardFigures, [Int64]?) {
        let exchange = exchange
        let cache = dashboardCache
        return try await blocking {
            let mark = exchange.changeMark().map { $0 + [Int64(today.daysSinceEpoch)] }
            if let mark, let kept = cache.value(for: mark) { return (kept, mark) }
            // After a write, one request computes the new figures while the others are shown the
            // last ones (seconds old): on years of history the computation takes a second, and
            // waiting for it would hold every page up.
            if let stale = cache.latest(), !cache.beginRefresh() { return (stale.figures, stale.mark) }
            defer { cache.endRefresh() }
            return try cache.computing {
                if let mark, let kept = cache.value(for: mark) { return (kept, mark) }
                let figures = DashboardFigures(
                    offer: try exchange.offerByCommune(), sources: try exchange.sources(), rounds: try exchange.rounds(),
                    accepted: try exchange.acceptedRounds(), evolution: try exchange.evolution(period: .month, today: today))
                if let mark { cache.keep(figures, for: mark) }
                return (figures, mark)
            }
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

/// The dashboard's figures and its rendered content (one for the Direction, whose rounds are
/// links, one for the others), kept until the database changes (a deposit, a round, a command run
/// meanwhile): browsing costs no recomputation of the evolution over years of history.
final class DashboardCache: Sendable {
    private struct Kept {
        var mark: [Int64]
        var figures: DashboardFigures
        var content: [Bool: String] = [:]
    }

    private let kept = Mutex<Kept?>(nil)
    private let computation = Mutex<Void>(())
    private let refreshing = Atomic<Bool>(false)

    /// The figures last computed, whatever the database's state since.
    func latest() -> (figures: DashboardFigures, mark: [Int64])? {
        kept.withLock { kept in kept.map { ($0.figures, $0.mark) } }
    }

    /// Whether this caller is the one to compute new figures (no other is at it).
    func beginRefresh() -> Bool {
        refreshing.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    func endRefresh() {
        refreshing.store(false, ordering: .releasing)
    }

    /// Runs `body` while no other request computes the figures (called from the thread pool).
    func computing<Value>(_ body: () throws -> Value) rethrows -> Value {
        try computation.withLock { _ in try body() }
    }

    func value(for mark: [Int64]) -> DashboardFigures? {
        kept.withLock { $0?.mark == mark ? $0?.figures : nil }
    }

    func keep(_ figures: DashboardFigures, for mark: [Int64]) {
        kept.withLock { $0 = Kept(mark: mark, figures: figures) }
    }

    func content(for mark: [Int64], direction: Bool) -> String? {
        kept.withLock { $0?.mark == mark ? $0?.content[direction] : nil }
    }

    func keep(content: String, for mark: [Int64], direction: Bool) {
        kept.withLock { kept in
            if kept?.mark == mark { kept?.content[direction] = content }
        }
    }
}
