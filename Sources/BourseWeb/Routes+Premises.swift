import BourseCore
import BourseReports
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// One premises, its history and, for the Direction, its status.
extension Portal {
    func addPremisesRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/locaux/:id") { request, context in
            try await premisesPage(request: request, context: context, notice: nil)
        }
        group.post("/locaux/:id/statut") { request, context in
            let account = try context.account()
            guard account.role == .direction else { throw HTTPError(.forbidden) }
            let form = try await FormInput.read(request, context: context)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            guard let status = PremisesStatus(rawValue: form["statut"] ?? "") else { throw PortalError(.badRequest, "Statut inconnu.") }
            let reason = (form["motif"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let exchange = exchange
            do {
                try await blocking {
                    _ = try exchange.premises(id: id)
                    try exchange.setStatus(premises: id, to: status, on: CivilDate.today(), reason: reason.isEmpty ? nil : reason)
                }
            } catch StoreError.unknownPremises {
                throw HTTPError(.notFound)
            } catch let error as any LocalizedError {
                throw PortalError(.unprocessableContent, error.errorDescription ?? "Changement de statut impossible.")
            }
            await audit("statut changé", account: account, request: request, context: context, detail: "local \(id) : \(status.label)\(reason.isEmpty ? "" : " (\(reason))")")
            return try await premisesPage(request: request, context: context, notice: "Statut changé : \(status.label).")
        }
    }

    func premisesPage(request: Request, context: PortalContext, notice: String?) async throws -> Response {
        let account = try context.account()
        guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        let exchange = exchange
        let found: (PremisesListing, [PremisesEventRecord])
        do {
            found = try await blocking { try exchange.premises(id: id) }
        } catch StoreError.unknownPremises {
            throw HTTPError(.notFound)
        }
        let (listing, events) = found
        // Another source's premises reads as absent.
        guard account.mayActFor(source: listing.record.sourceID) else { throw HTTPError(.notFound) }
        let premises = listing.premises
        var facts: [(String, String)] = [
            ("Référence", premises.reference), ("Source", listing.sourceName), ("Commune", listing.communeName),
            ("Adresse", premises.address ?? "–"), ("Type", premises.typeLabel ?? premises.type.label),
            ("Surface", FrenchNumber.squareMetres(premises.surface)), ("Statut", premises.status.label),
        ]
        if let rent = premises.rent {
            facts.append(("Loyer", FrenchNumber.format(rent.monthly) + " € par mois (" + FrenchNumber.format(rent.perSquareMetreYear) + " € le m² par an)"))
        }
        if let from = premises.availableFrom { facts.append(("Disponible le", from.french)) }
        if let until = premises.availableUntil { facts.append(("Disponible jusqu'au", until.french)) }
        if let accessible = premises.accessible { facts.append(("Accessible PMR", accessible ? "oui" : "non")) }
        if let contact = premises.contact { facts.append(("Contact", contact)) }
        if let remarks = premises.remarks { facts.append(("Remarques", remarks)) }
        for extra in premises.extra { facts.append((extra.header, extra.value)) }
        let values: [String: Any] = [
            "id": id, "csrf": context.sessions.session?.csrfToken ?? "", "isDirection": account.role == .direction,
            "facts": facts.map { ["label": $0.0, "value": $0.1] },
            "statuses": PremisesStatus.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == premises.status] },
            "events": events.map { event -> [String: Any] in
                ["date": Self.frenchDate(event.date), "field": event.field, "old": event.oldValue ?? "", "new": event.newValue ?? "", "cause": event.cause]
            },
        ]
        return try await page(
            "premisesDetail", title: "Local \(id) – \(premises.reference), \(listing.communeName)", values, request: request,
            context: context, notice: notice)
    }
}
