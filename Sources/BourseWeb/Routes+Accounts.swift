import BourseCore
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// The Direction's pages of accounts and of the audit log (the route group checks the role).
extension Portal {
    func addAccountRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/comptes") { request, context in
            if request.uri.queryParameters.get("format") == "csv" {
                let exchange = exchange
                let accounts = try await blocking { try exchange.accounts() }
                return Self.csv(
                    name: "comptes.csv", header: ["Adresse", "Nom", "Rôle", "Source", "État", "Créé le"],
                    rows: accounts.map { [$0.email, $0.name, $0.role.rawValue, $0.sourceID ?? "", $0.disabled ? "désactivé" : "actif", Self.frenchDate($0.createdAt)] })
            }
            return try await accountsPage(request: request, context: context, error: nil, notice: nil)
        }
        group.post("/comptes") { request, context in
            let account = try context.account()
            let form = try await FormInput.read(request, context: context)
            guard let role = AccountRole(rawValue: form["role"] ?? "") else { throw PortalError(.badRequest, "Rôle inconnu.") }
            let email = form["email"] ?? "", name = form["nom"] ?? "", password = form["motdepasse"] ?? ""
            let source = (form["source"] ?? "").isEmpty ? nil : form["source"]
            let exchange = exchange, cost = configuration.passwordCost
            do {
                let created = try await blocking {
                    try exchange.addAccount(email: email, name: name, role: role, source: source, password: password, cost: cost)
                }
                await audit("compte créé", account: account, request: request, context: context,
                            detail: "\(created.email) (\(role.rawValue)\(created.sourceID.map { ", " + $0 } ?? ""))")
                return try await accountsPage(request: request, context: context, error: nil, notice: "Compte créé pour \(created.email).")
            } catch let error as any LocalizedError {
                return try await accountsPage(request: request, context: context, error: error.errorDescription, notice: nil, status: .unprocessableContent)
            }
        }
        group.post("/comptes/etat") { request, context in
            let account = try context.account()
            let form = try await FormInput.read(request, context: context)
            let email = form["email"] ?? ""
            let disable = form["desactive"] == "1"
            guard !(disable && email.caseInsensitiveCompare(account.email) == .orderedSame) else {
                return try await accountsPage(request: request, context: context, error: "Vous ne pouvez pas désactiver votre propre compte.", notice: nil, status: .unprocessableContent)
            }
            let exchange = exchange
            do {
                try await blocking { try exchange.setAccountDisabled(email: email, disable) }
            } catch let error as any LocalizedError {
                return try await accountsPage(request: request, context: context, error: error.errorDescription, notice: nil, status: .unprocessableContent)
            }
            await audit(disable ? "compte désactivé" : "compte réactivé", account: account, request: request, context: context, detail: email)
            return try await accountsPage(request: request, context: context, error: nil, notice: disable ? "Compte \(email) désactivé." : "Compte \(email) réactivé.")
        }
        group.get("/journal") { request, context in
            let before = request.uri.queryParameters.get("avant", as: Int64.self)
            let exchange = exchange
            if request.uri.queryParameters.get("format") == "csv" {
                let entries = try await blocking { try exchange.auditLog(limit: Int.max, before: nil) }
                return Self.csv(
                    name: "journal.csv", header: ["Quand (UTC)", "Qui", "Adresse IP", "Action", "Détail"],
                    rows: entries.map { [$0.at, $0.email ?? "", $0.address ?? "", $0.action, $0.detail] })
            }
            let entries = try await blocking { try exchange.auditLog(limit: 100, before: before) }
            var values: [String: Any] = [
                "entries": entries.map { entry -> [String: Any] in
                    ["at": entry.at.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: ""), "email": entry.email ?? "–",
                     "address": entry.address ?? "", "action": entry.action, "detail": entry.detail]
                },
            ]
            if entries.count == 100, let last = entries.last { values["next"] = "/journal?avant=\(last.id)" }
            return try await page("audit", title: "Journal des actions", values, request: request, context: context)
        }
    }

    func accountsPage(request: Request, context: PortalContext, error: String?, notice: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let exchange = exchange
        let (accounts, sources) = try await blocking { (try exchange.accounts(), try exchange.sourceList()) }
        let csrf = context.sessions.session?.csrfToken ?? ""
        var values: [String: Any] = [
            "csrf": csrf, "minimum": Exchange.minimumPasswordLength,
            "accounts": accounts.map { account -> [String: Any] in
                ["email": account.email, "name": account.name, "role": account.role.label, "source": account.sourceID ?? "–",
                 "state": account.disabled ? "désactivé" : "actif", "csrf": csrf,
                 "toggleValue": account.disabled ? "0" : "1", "toggleLabel": account.disabled ? "Réactiver" : "Désactiver"]
            },
            "roles": AccountRole.allCases.map { ["value": $0.rawValue, "label": $0.label] },
            "sources": sources.filter { $0.kind != .other }.map { ["id": $0.id, "name": $0.name, "kind": $0.kind.label] },
        ]
        if let error { values["error"] = error }
        return try await page("accounts", title: "Comptes", values, request: request, context: context, notice: notice, status: status)
    }
}
