import BourseCore
import BourseReports
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

extension Portal {
    /// Rows of a premises page.
    static let pageSize = 50

    func addListRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/inventaires") { request, context in
            let account = try context.account()
            let exchange = exchange
            let source = account.role == .direction ? nil : account.sourceID ?? "-"
            let csv = request.uri.queryParameters.get("format") == "csv"
            let pageNumber = max(1, request.uri.queryParameters.get("page", as: Int.self) ?? 1)
            // Pages of 50, newest first (ten years of monthly inventories of twenty sources would
            // otherwise make one page of 2,400 rows); one more tells whether a next page exists.
            let inventories = try await blocking {
                csv ? try exchange.inventories(source: source)
                    : try exchange.inventories(source: source, limit: Self.pageSize + 1, offset: (pageNumber - 1) * Self.pageSize)
            }
            if csv {
                return Self.csv(
                    name: "inventaires.csv",
                    header: ["N°", "Source", "Date", "Fichier", "Importé le", "Lignes", "Acceptées", "Refusées", "Nouveaux", "Modifiés", "Inchangés", "Retirés", "Revenus"],
                    rows: inventories.map { inventory in
                        [String(inventory.id ?? 0), inventory.sourceID, Self.frenchDate(inventory.asOf), inventory.fileName, Self.frenchDate(inventory.importedAt),
                         String(inventory.records), String(inventory.accepted), String(inventory.rejected), String(inventory.added),
                         String(inventory.changed), String(inventory.unchanged), String(inventory.withdrawn), String(inventory.reappeared)]
                    })
            }
            let shown = inventories.prefix(Self.pageSize)
            let rows = shown.map { inventory -> [String: Any] in
                var row: [String: Any] = [
                    "id": inventory.id ?? 0, "source": inventory.sourceID, "asOf": Self.frenchDate(inventory.asOf), "file": inventory.fileName,
                    "importedAt": Self.frenchDate(inventory.importedAt), "accepted": FrenchNumber.format(inventory.accepted),
                    "rejected": FrenchNumber.format(inventory.rejected), "added": FrenchNumber.format(inventory.added),
                    "changed": FrenchNumber.format(inventory.changed), "withdrawn": FrenchNumber.format(inventory.withdrawn),
                ]
                if inventory.rejected > 0 { row["rejectsLink"] = "/inventaires/\(inventory.id ?? 0)/rejets.csv" }
                return row
            }
            var values: [String: Any] = ["inventories": Array(rows), "csvLink": "/inventaires?format=csv", "page": pageNumber]
            if inventories.count > Self.pageSize { values["next"] = "/inventaires?page=\(pageNumber + 1)" }
            if pageNumber > 1 { values["previous"] = "/inventaires?page=\(pageNumber - 1)" }
            return try await page("inventories", title: "Inventaires", values, request: request, context: context)
        }
        group.get("/inventaires/:id/rejets.csv") { request, context in
            let account = try context.account()
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            let exchange = exchange
            guard let (inventory, rejects) = try await blocking({ try exchange.inventoryRejects(id: id) }) else { throw HTTPError(.notFound) }
            // Another source's inventory reads as absent: its number says nothing to a stranger.
            guard account.mayActFor(source: inventory.sourceID) else { throw HTTPError(.notFound) }
            return Self.csv(
                name: "inventaire-\(id)-lignes-refusees.csv", header: ["Fichier", "Ligne", "Champ", "Motif", "Contenu brut"],
                rows: rejects.map { [$0.fileName, String($0.line), $0.field ?? "", $0.reason, $0.raw] })
        }
        group.get("/locaux") { request, context in
            let account = try context.account()
            let query = request.uri.queryParameters
            var filter = PremisesFilter()
            if account.role == .direction {
                if let source = query.get("source"), !source.isEmpty { filter.sourceID = source }
            } else {
                filter.sourceID = account.sourceID ?? "-"
            }
            if let status = query.get("statut"), !status.isEmpty {
                guard let parsed = PremisesStatus(rawValue: status) else { throw PortalError(.badRequest, "Statut « \(status) » inconnu.") }
                filter.status = parsed
            }
            let csv = query.get("format") == "csv"
            let sort = query.get("tri").flatMap(PremisesSort.init(rawValue:))
            let descending = query.get("ordre") == "desc"
            let pageNumber = max(1, query.get("page", as: Int.self) ?? 1)
            if !csv {
                filter.limit = Self.pageSize + 1
                if let sort {
                    // Sorted: pages by position. In number order: pages by key (constant time).
                    filter.sort = sort
                    filter.descending = descending
                    filter.offset = (pageNumber - 1) * Self.pageSize
                } else {
                    filter.afterID = query.get("apres", as: Int64.self)
                }
            }
            let exchange = exchange
            let chosen = filter
            let listings = try await blocking {
                var listings: [PremisesListing] = []
                try exchange.forEachPremises(chosen) { listings.append($0) }
                return listings
            }
            if csv {
                return Self.csv(
                    name: "locaux.csv", header: ["N°", "Source", "Commune", "Référence", "Adresse", "Type", "Surface (m²)", "Statut"],
                    rows: listings.map { listing in
                        [String(listing.id), listing.sourceName, listing.communeName, listing.premises.reference, listing.premises.address ?? "",
                         listing.premises.type.label, FrenchCSV.number(listing.premises.surface), listing.premises.status.label]
                    })
            }
            let shown = listings.prefix(Self.pageSize)
            var values: [String: Any] = [
                "page": pageNumber,
                "rows": shown.map { listing -> [String: Any] in
                    ["id": listing.id, "source": listing.sourceName, "commune": listing.communeName, "reference": listing.premises.reference,
                     "address": listing.premises.address ?? "", "type": listing.premises.type.label,
                     "surface": FrenchNumber.squareMetres(listing.premises.surface), "status": listing.premises.status.label]
                },
                "statuses": PremisesStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == filter.status] },
            ]
            var base: [String] = []
            if let source = filter.sourceID, account.role == .direction { base.append("source=" + Self.queryValue(source)) }
            if let status = filter.status { base.append("statut=" + status.rawValue) }
            values["csvLink"] = "/locaux?" + (base + ["format=csv"]).joined(separator: "&")
            values["sortable"] = [(PremisesSort.reference, "Référence", false), (.commune, "Commune", false), (.surface, "Surface", true), (.status, "Statut", false)]
                .map { column, label, numeric -> [String: Any] in
                    let current = sort == column
                    let nextDescending = current && !descending
                    var entry: [String: Any] = [
                        "label": label, "numeric": numeric, "next": nextDescending ? "par ordre décroissant" : "par ordre croissant",
                        "href": "/locaux?" + (base + ["tri=\(column.rawValue)"] + (nextDescending ? ["ordre=desc"] : [])).joined(separator: "&"),
                    ]
                    if current {
                        entry["ariaSort"] = descending ? "descending" : "ascending"
                        entry["arrow"] = descending ? "▼" : "▲"
                    }
                    return entry
                }
            let sorting = sort.map { ["tri=\($0.rawValue)"] + (descending ? ["ordre=desc"] : []) } ?? []
            if listings.count > Self.pageSize, let last = shown.last {
                values["next"] = "/locaux?" + (base + sorting + (sort == nil ? ["apres=\(last.id)"] : []) + ["page=\(pageNumber + 1)"]).joined(separator: "&")
            }
            if sort != nil, pageNumber > 1 {
                values["previous"] = "/locaux?" + (base + sorting + ["page=\(pageNumber - 1)"]).joined(separator: "&")
            } else if filter.afterID != nil {
                values["previous"] = "/locaux" + (base.isEmpty ? "" : "?" + base.joined(separator: "&"))
            }
            if account.role == .direction {
                let sources = try await blocking { try exchange.sourceList() }
                values["chooseSource"] = true
                values["sources"] = sources.map { ["id": $0.id, "name": $0.name, "selected": $0.id == filter.sourceID] }
            }
            return try await page("premises", title: "Locaux", values, request: request, context: context)
        }
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_."))) ?? ""
    }
}
