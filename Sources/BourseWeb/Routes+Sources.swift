import BourseCore
import BourseImport
import BourseReports
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging

/// The Direction's pages of sources and registers (the route group checks the role).
extension Portal {
    func addSourceRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/sources") { request, context in
            try await sourcesPage(request: request, context: context, error: nil, notice: nil)
        }
        group.post("/sources") { request, context in
            let account = try context.account()
            let form = try await FormInput.read(request, context: context)
            let id = (form["identifiant"] ?? "").trimmingCharacters(in: .whitespaces)
            let name = (form["nom"] ?? "").trimmingCharacters(in: .whitespaces)
            let kind: SourceKind = form["type"] == "autre" ? .other : .landlord
            guard !id.isEmpty, id.utf8.count <= 60, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
                  !id.hasPrefix("-") else {
                return try await sourcesPage(
                    request: request, context: context,
                    error: "Identifiant « \(id) » invalide : lettres minuscules sans accent, chiffres et tirets.", notice: nil, status: .unprocessableContent)
            }
            guard !name.isEmpty else {
                return try await sourcesPage(request: request, context: context, error: "Donnez le nom de la source.", notice: nil, status: .unprocessableContent)
            }
            let exchange = exchange
            do {
                try await blocking { try exchange.addSource(Source(id: id, name: name, kind: kind)) }
            } catch let error as any LocalizedError {
                return try await sourcesPage(request: request, context: context, error: error.errorDescription, notice: nil, status: .unprocessableContent)
            }
            await audit("source ajoutée", account: account, request: request, context: context, detail: "\(id) (\(kind.label)) : \(name)")
            return try await sourcesPage(request: request, context: context, error: nil, notice: "Source « \(name) » ajoutée.")
        }
        group.get("/registres") { request, context in
            try await page(
                "registers", title: "Registres des structures et des besoins",
                ["csrf": context.sessions.session?.csrfToken ?? "", "limit": "\(configuration.uploadLimit / 1_048_576) Mo"],
                request: request, context: context)
        }
        group.post("/registres") { request, context in
            try await importRegister(request: request, context: context)
        }
    }

    func sourcesPage(request: Request, context: PortalContext, error: String?, notice: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let exchange = exchange
        let sources = try await blocking { try exchange.sources() }
        var values: [String: Any] = [
            "csrf": context.sessions.session?.csrfToken ?? "",
            "sources": sources.map { summary -> [String: Any] in
                ["id": summary.source.id, "name": summary.source.name, "kind": summary.source.kind.label, "inventories": summary.inventories,
                 "last": summary.lastInventory?.french ?? "aucun", "available": FrenchNumber.format(summary.available)]
            },
        ]
        if let error { values["error"] = error }
        return try await page("sources", title: "Sources", values, request: request, context: context, notice: notice, status: status)
    }

    func importRegister(request: Request, context: PortalContext) async throws -> Response {
        let account = try context.account()
        try FormInput.checkOrigin(request)
        let (token, folder) = try work.newDeposit()
        let upload = try await UploadReceiver.receive(
            request, folder: folder, limit: configuration.uploadLimit, csrfToken: context.sessions.session?.csrfToken)
        guard let file = upload.file else { throw PortalError(.badRequest, "Choisissez un fichier non vide.") }
        let structures = upload.fields["registre"] != "besoins"
        let options = RegisterImportOptions(date: CivilDate.today(), dryRun: upload.fields["verification"] == "1")
        let rejects = RejectsOutput(path: folder + "/lignes-refusees.csv", enabled: true, inputs: [file.path], shown: 500)
        let exchange = exchange
        let outcome: Result<(report: RegisterImportReport, feedback: ImportFeedbackSummary), any Error> = await Result(catching: {
            try await blocking(long: true) {
                structures
                    ? try exchange.importStructures(path: file.path, options: options, rejects: rejects)
                    : try exchange.importNeeds(path: file.path, options: options, rejects: rejects)
            }
        })
        try? FileManager.default.removeItem(atPath: file.path)
        let label = structures ? "structures" : "besoins"
        var values: [String: Any] = ["againLink": "/registres"]
        let feedback: ImportFeedbackSummary
        switch outcome {
        case .success(let (report, summary)):
            feedback = summary
            switch report.outcome {
            case .imported:
                values["headline"] = "Registre des \(label) importé : « \(file.name) »."
                await audit("registre importé", account: account, request: request, context: context, detail: "\(label) : \(file.name)")
            case .dryRun:
                values["headline"] = "Vérification du registre des \(label) terminée : rien n'a été enregistré."
            case .alreadyImported:
                values["headline"] = "Ce fichier a déjà été importé. Rien n'a changé."
            }
            var counts = Self.readCounts(records: report.read?.records, accepted: report.read?.accepted, rejected: report.read?.rejected)
            counts.append(["value": FrenchNumber.format(report.added), "label": "nouvelles"])
            counts.append(["value": FrenchNumber.format(report.changed), "label": "modifiées"])
            values["counts"] = counts
        case .failure(let error):
            values["headline"] = "Le registre « \(file.name) » n'a pas été importé."
            feedback = Self.failure(error, into: &values, context: context)
        }
        addFeedback(feedback, token: token, account: account, to: &values)
        let failed = values["failed"] as? Bool ?? false
        return try await page(
            "depositResult", title: failed ? "Import refusé" : "Résultat de l'import", values, request: request, context: context,
            status: failed ? .unprocessableContent : .ok)
    }
}
