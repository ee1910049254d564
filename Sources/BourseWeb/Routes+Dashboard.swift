import BourseCore
import BourseReports
import BourseService
import BourseStore
import HTTPTypes
import Hummingbird
import HummingbirdAuth

extension Portal {
    func addDashboardRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/") { request, context in
            let account = try context.account()
            let exchange = exchange
            let (offer, sources, rounds, accepted) = try await blocking {
                (try exchange.offerByCommune(), try exchange.sources(), try exchange.rounds(), try exchange.acceptedRounds())
            }
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
