import BourseCore
import BourseReports
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// The Direction's pages of matching rounds (the route group checks the role).
extension Portal {
    func addRoundRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/tours") { request, context in
            let exchange = exchange
            let (rounds, accepted) = try await blocking { (try exchange.rounds(), try exchange.acceptedRounds()) }
            if request.uri.queryParameters.get("format") == "csv" {
                return Self.csv(
                    name: "tours.csv", header: ["Tour", "Date", "Stratégie", "Graine", "Besoins", "Locaux", "Propositions", "Accepté le", "Empreinte"],
                    rows: rounds.map { round in
                        [String(round.id ?? 0), Self.frenchDate(round.date), round.strategy, String(round.seed), String(round.needs), String(round.premises),
                         String(round.proposals), accepted[round.id ?? 0].map(Self.frenchDate) ?? "", round.inputHash]
                    })
            }
            let rows = rounds.map { round -> [String: Any] in
                ["id": round.id ?? 0, "link": "/tours/\(round.id ?? 0)", "date": Self.frenchDate(round.date), "strategy": round.strategy,
                 "needs": round.needs, "premises": round.premises, "proposals": round.proposals,
                 "accepted": accepted[round.id ?? 0].map { "le " + Self.frenchDate($0) } ?? "non"]
            }
            return try await page(
                "rounds", title: "Tours d'appariement",
                ["rounds": rows, "isDirection": true, "csrf": context.sessions.session?.csrfToken ?? ""], request: request, context: context)
        }
        group.post("/tours") { request, context in
            let account = try context.account()
            let form = try await FormInput.read(request, context: context)
            let strategy = MatchingParameters.Strategy(rawValue: form["strategie"] ?? "stable")
            let seed = UInt64(form["graine"] ?? "1")
            let tolerance = Double((form["tolerance"] ?? "10").replacingOccurrences(of: ",", with: "."))
            guard let strategy, let seed, let tolerance, (0...100).contains(tolerance) else {
                throw PortalError(.badRequest, "Paramètres du tour invalides : stratégie stable ou optimal, graine entière positive, tolérance de 0 à 100 %.")
            }
            let parameters = MatchingParameters(strategy: strategy, surfaceTolerance: tolerance / 100, seed: seed, date: CivilDate.today())
            let exchange = exchange
            let outcome = try await writesInProgress.run { _ in
                try await blocking(long: true) { try exchange.runRound(RoundRequest(parameters: parameters)) }
            }
            let id = outcome.id ?? 0
            await audit("tour lancé", account: account, request: request, context: context,
                        detail: "tour \(id) : \(strategy.rawValue), graine \(seed), \(outcome.lines.count) propositions")
            return Response(status: .seeOther, headers: [.location: "/tours/\(id)"])
        }
        group.get("/tours/:id") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            let exchange = exchange
            let (details, accepted, reports, placedNeeds) = try await blocking {
                guard try exchange.roundExists(id) else { throw HTTPError(.notFound) }
                let placed = Set(try exchange.needs(status: .satisfied).map(\.need.reference))
                return (try exchange.round(id), try exchange.acceptedRounds()[id], try exchange.landlordReports(round: id), placed)
            }
            let record = details.record
            if request.uri.queryParameters.get("format") == "csv" {
                return Self.csv(
                    name: "tour-\(id)-propositions.csv", header: ["Besoin", "Structure", "Local", "Référence", "Commune", "Surface (m²)", "Score"],
                    rows: details.proposals.map { proposal in
                        [proposal.needReference, proposal.structureName, String(proposal.premisesID), proposal.premisesReference, proposal.communeName,
                         FrenchCSV.number(proposal.surface), FrenchCSV.number(proposal.score, decimals: 1)]
                    })
            }
            let values: [String: Any] = [
                "id": id, "strategy": record.strategy, "seed": record.seed,
                "tolerance": details.parameters.map { FrenchNumber.format($0.surfaceTolerance * 100) + " %" } ?? "?",
                "fingerprint": record.inputHash, "accepted": accepted != nil, "isDirection": true,
                "csrf": context.sessions.session?.csrfToken ?? "",
                "proposalCount": details.proposals.count,
                "proposals": details.proposals.map { proposal -> [String: Any] in
                    ["round": id, "csrf": context.sessions.session?.csrfToken ?? "", "placed": placedNeeds.contains(proposal.needReference),
                     "need": proposal.needReference, "structure": proposal.structureName, "premises": proposal.premisesID,
                     "reference": proposal.premisesReference, "commune": proposal.communeName,
                     "surface": FrenchNumber.squareMetres(proposal.surface), "score": FrenchNumber.format(proposal.score, decimals: 1),
                     "explain": "/tours/\(id)/explication?besoin=\(Self.queryValue(proposal.needReference))&local=\(proposal.premisesID)"]
                },
                "unmatchedCount": details.unmatched.count,
                "unmatched": details.unmatched.map { entry -> [String: Any] in
                    ["need": entry.need, "reason": entry.reason, "explain": "/tours/\(id)/explication?besoin=\(Self.queryValue(entry.need))"]
                },
                "landlords": reports.map { report -> [String: Any] in
                    let base = "/bailleurs/\(Self.queryValue(report.source.id))/tours/\(id)/rapport"
                    return ["name": report.source.name, "html": base + ".html", "csv": base + ".csv", "json": base + ".json"]
                },
            ]
            return try await page("round", title: "Tour d'appariement n° \(id) du \(Self.frenchDate(record.date))", values, request: request, context: context)
        }
        group.get("/tours/:id/explication") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self), let need = request.uri.queryParameters.get("besoin") else {
                throw HTTPError(.notFound)
            }
            let premises = request.uri.queryParameters.get("local", as: Int64.self)
            let exchange = exchange
            let explanation: RoundExplanation
            do {
                explanation = try await blocking { try exchange.explain(round: id, need: need, premises: premises) }
            } catch let error as any LocalizedError {
                throw PortalError(.notFound, error.errorDescription ?? "Explication introuvable.")
            }
            var paragraphs: [[String]] = [[]]
            for line in explanation.frenchLines() {
                if line.isEmpty {
                    if !(paragraphs.last?.isEmpty ?? true) { paragraphs.append([]) }
                } else {
                    paragraphs[paragraphs.count - 1].append(line)
                }
            }
            let values: [String: Any] = [
                "round": id, "paragraphs": paragraphs.filter { !$0.isEmpty }.map { ["lines": $0] },
            ]
            let title = premises.map { "Besoin \(need) et local \($0) au tour n° \(id)" } ?? "Besoin \(need) au tour n° \(id)"
            return try await page("explanation", title: title, values, request: request, context: context)
        }
        group.post("/tours/:id/placer") { request, context in
            let account = try context.account()
            let form = try await FormInput.read(request, context: context)
            guard let id = context.parameters.get("id", as: Int64.self), let need = form["besoin"],
                  let premises = form["local"].flatMap(Int64.init) else { throw HTTPError(.notFound) }
            let exchange = exchange
            do {
                try await blocking(long: true) {
                    guard try exchange.roundExists(id) else { throw HTTPError(.notFound) }
                    // Only what the round proposed is placed from its page.
                    guard try exchange.round(id).proposals.contains(where: { $0.needReference == need && $0.premisesID == premises }) else {
                        throw PortalError(.unprocessableContent, "Le tour n° \(id) n'a pas proposé le local \(premises) au besoin \(need).")
                    }
                    try exchange.place(need: need, premises: premises, date: CivilDate.today(), rent: nil)
                }
            } catch let error as StoreError {
                throw PortalError(.unprocessableContent, error.localizedDescription)
            }
            await audit("implantation", account: account, request: request, context: context, detail: "tour \(id) : besoin \(need) dans le local \(premises)")
            return Response(status: .seeOther, headers: [.location: "/tours/\(id)"])
        }
        group.post("/tours/:id/accepter") { request, context in
            let account = try context.account()
            _ = try await FormInput.read(request, context: context)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            let exchange = exchange
            let placed = try await blocking(long: true) {
                guard try exchange.roundExists(id) else { throw HTTPError(.notFound) }
                guard try exchange.acceptedRounds()[id] == nil else {
                    throw PortalError(.conflict, "Ce tour a déjà été accepté.")
                }
                return try exchange.acceptRound(id, date: CivilDate.today())
            }
            await audit("tour accepté", account: account, request: request, context: context, detail: "tour \(id) : \(placed) placements")
            return Response(status: .seeOther, headers: [.location: "/tours/\(id)"])
        }
    }
}
