import BourseCore
import BourseReports
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Landlords' match reports: a landlord reads its own, the Direction every one; anyone else gets
/// a 404, as if the report did not exist.
extension Portal {
    func addReportRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/rapports") { request, context in
            let account = try context.account()
            guard account.role != .commune else { throw HTTPError(.forbidden) }
            if account.role == .direction {
                return try await page("reportsIndex", title: "Rapports", ["year": CivilDate.today().year], request: request, context: context)
            }
            let exchange = exchange
            let landlord = account.role == .bailleur ? account.sourceID : nil
            let (rounds, name) = try await blocking {
                (try exchange.rounds(), try landlord.map { try exchange.source(named: $0).name } ?? "tous les bailleurs")
            }
            var rows: [[String: Any]] = []
            if let landlord {
                for round in rounds {
                    let base = "/bailleurs/\(Self.queryValue(landlord))/tours/\(round.id ?? 0)/rapport"
                    rows.append(["round": round.id ?? 0, "date": Self.frenchDate(round.date), "html": base + ".html", "csv": base + ".csv", "json": base + ".json"])
                }
            }
            return try await page("reports", title: "Rapports d'appariement", ["rows": rows, "landlord": name], request: request, context: context)
        }
        for format in ["html", "csv", "json"] {
            group.get("/bailleurs/:source/tours/:round/rapport.\(format)") { request, context in
                let account = try context.account()
                guard let source = context.parameters.get("source"), let round = context.parameters.get("round", as: Int64.self) else {
                    throw HTTPError(.notFound)
                }
                guard account.mayActFor(source: source) else { throw HTTPError(.notFound) }
                let exchange = exchange
                let report: LandlordReport? = try await blocking {
                    guard try exchange.roundExists(round) else { return nil }
                    return try exchange.landlordReports(round: round, landlord: source).first { $0.source.id == source }
                }
                guard let report else { throw HTTPError(.notFound) }
                let name = "tour-\(round)-\(source)"
                switch format {
                case "csv":
                    return Self.download(report.table(csv: true).renderCSV(), type: "text/csv; charset=utf-8", name: name + ".csv")
                case "json":
                    return Self.download(try jsonText(report.json()) + "\n", type: "application/json", name: name + ".json")
                default:
                    return Pages.report(try report.html(generatedOn: CivilDate.today()))
                }
            }
        }
    }

    /// The Direction's reports: the evolution and the year's indicators, in every format.
    func addDirectionReportRoutes(to group: RouterGroup<PortalContext>) {
        for format in ["html", "csv", "json"] {
            group.get("/rapports/evolution.\(format)") { _, _ in
                let exchange = exchange
                let today = CivilDate.today()
                let (rows, indicators) = try await blocking {
                    (try exchange.evolution(period: .month, today: today), try exchange.indicators(year: today.year, today: today))
                }
                switch format {
                case "csv": return Self.download(Evolution.table(rows, csv: true).renderCSV(), type: "text/csv; charset=utf-8", name: "evolution.csv")
                case "json": return Self.download(try jsonText(Evolution.json(rows)) + "\n", type: "application/json", name: "evolution.json")
                default:
                    return Pages.report(try HTMLReport.render(
                        title: "Bourse foncière ESS — évolution", generatedOn: today, rows: rows, period: .month, indicators: indicators))
                }
            }
            group.get("/rapports/indicateurs.\(format)") { _, _ in
                let exchange = exchange
                let today = CivilDate.today()
                let (rows, indicators) = try await blocking {
                    (try exchange.evolution(period: .month, from: CivilDate(year: today.year, month: 1, day: 1), today: today),
                     try exchange.indicators(year: today.year, today: today))
                }
                switch format {
                case "csv": return Self.download(indicators.table(csv: true).renderCSV(), type: "text/csv; charset=utf-8", name: "indicateurs.csv")
                case "json": return Self.download(try jsonText(indicators.json()) + "\n", type: "application/json", name: "indicateurs.json")
                default:
                    return Pages.report(try HTMLReport.render(
                        title: "Bourse foncière ESS — indicateurs \(indicators.year)", generatedOn: today, rows: rows, period: .month, indicators: indicators))
                }
            }
        }
    }

    static func download(_ text: String, type: String, name: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
