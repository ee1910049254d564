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

extension Portal {
    func addDepositRoutes(to group: RouterGroup<PortalContext>) {
        group.get("/depot") { request, context in
            try await depositForm(request: request, context: context, error: nil)
        }
        group.post("/depot") { request, context in
            try await deposit(request: request, context: context)
        }
        group.get("/depots/:token/rejets.csv") { request, context in
            let account = try context.account()
            guard let token = context.parameters.get("token"), let path = work.rejects(token: token, account: account.id),
                  let data = FileManager.default.contents(atPath: path) else { throw HTTPError(.notFound) }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lignes-refusees.csv\""],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    func depositForm(request: Request, context: PortalContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let account = try context.account()
        var values: [String: Any] = ["csrf": context.sessions.session?.csrfToken ?? "", "limit": "\(configuration.uploadLimit / 1_048_576) Mo"]
        if let error { values["error"] = error }
        if writesInProgress.busy {
            values["busy"] = "Un dépôt ou un tour est en cours d'enregistrement : le vôtre attendra son tour, quelques secondes."
        }
        if account.role == .direction {
            let exchange = exchange
            let sources = try await blocking { try exchange.sourceList() }
            values["chooseSource"] = true
            values["sources"] = sources.map { ["id": $0.id, "name": $0.name, "kind": $0.kind.label] }
        } else if let id = account.sourceID {
            let exchange = exchange
            values["sourceName"] = (try? await blocking { try exchange.source(named: id).name }) ?? id
        }
        return try await page("deposit", title: "Déposer un inventaire", values, request: request, context: context, status: status)
    }

    func deposit(request: Request, context: PortalContext) async throws -> Response {
        let account = try context.account()
        try FormInput.checkOrigin(request)
        let (token, folder) = try work.newDeposit()
        let upload = try await UploadReceiver.receive(
            request, folder: folder, limit: configuration.uploadLimit, csrfToken: context.sessions.session?.csrfToken)
        guard let file = upload.file else {
            return try await depositForm(request: request, context: context, error: "Choisissez un fichier non vide à déposer.", status: .badRequest)
        }
        // The source is the account's own; only the Direction chooses it.
        let sourceID: String
        if account.role == .direction {
            guard let chosen = upload.fields["source"], !chosen.isEmpty else {
                return try await depositForm(request: request, context: context, error: "Choisissez la source de l'inventaire.", status: .badRequest)
            }
            sourceID = chosen
        } else {
            guard let own = account.sourceID else { throw HTTPError(.forbidden) }
            sourceID = own
        }
        var asOf: CivilDate?
        if let text = upload.fields["date"], !text.isEmpty {
            guard let date = CivilDate(iso: text) ?? Self.frenchDate(parsing: text) else {
                return try await depositForm(request: request, context: context, error: "Date « \(text) » invalide (attendu JJ/MM/AAAA).", status: .badRequest)
            }
            asOf = date
        }
        let dryRun = upload.fields["verification"] == "1"
        let rejectsPath = folder + "/lignes-refusees.csv"
        var options = InventoryImportOptions(sourceID: sourceID, asOf: asOf, fallbackDate: CivilDate.today(), dryRun: dryRun)
        options.schemaPath = ShippedFiles.inventorySchemaPath()
        options.knownXMLProfiles = ShippedFiles.xmlProfiles()
        let exchange = exchange
        let chosen = options
        let (outcome, waited): (Result<(report: InventoryImportReport, feedback: ImportFeedbackSummary), any Error>, Bool) = await writesInProgress.run { waited in
            (await Result(catching: { try await blocking(long: true) {
                try exchange.importInventory(
                    path: file.path, options: chosen,
                    rejects: RejectsOutput(path: rejectsPath, enabled: true, inputs: [file.path], shown: 500))
            } }), waited)
        }
        try? FileManager.default.removeItem(atPath: file.path)
        var values: [String: Any] = [:]
        if waited {
            values["waited"] = "Un autre dépôt ou un tour était en cours d'enregistrement : le vôtre a attendu son tour."
        }
        let feedback: ImportFeedbackSummary
        switch outcome {
        case .success(let (report, summary)):
            feedback = summary
            let read = report.read
            switch report.outcome {
            case .imported(let id):
                values["headline"] = "Inventaire n° \(id) enregistré : « \(file.name) », au \(report.asOf.french), pour \(report.source.name)."
                await audit("dépôt", account: account, request: request, context: context, detail: "inventaire \(id) de \(sourceID) : \(file.name)")
            case .dryRun:
                values["headline"] = "Vérification de « \(file.name) » terminée : rien n'a été enregistré."
                await audit("vérification", account: account, request: request, context: context, detail: "\(sourceID) : \(file.name)")
            case let .alreadyImported(id, date):
                values["headline"] = "Ce fichier a déjà été déposé : c'est l'inventaire n° \(id) du \(date.french). Rien n'a changé."
            }
            var counts = Self.readCounts(records: read?.records, accepted: read?.accepted, rejected: read?.rejected)
            if case .imported = report.outcome {
                counts.append(["value": FrenchNumber.format(report.added), "label": "nouveaux locaux"])
                counts.append(["value": FrenchNumber.format(report.changed), "label": "modifiés"])
                counts.append(["value": FrenchNumber.format(report.withdrawn), "label": "retirés de l'offre"])
            }
            values["counts"] = counts
        case .failure(let error):
            values["headline"] = "Le fichier « \(file.name) » n'a pas été enregistré."
            feedback = Self.failure(error, into: &values, context: context)
            await audit("dépôt refusé", account: account, request: request, context: context, detail: "\(sourceID) : \(file.name)")
        }
        values["againLink"] = "/depot"
        values["historyLink"] = "/inventaires"
        addFeedback(feedback, token: token, account: account, to: &values)
        let failed = values["failed"] as? Bool ?? false
        return try await page(
            "depositResult", title: failed ? "Dépôt refusé" : "Résultat du dépôt", values, request: request, context: context,
            status: failed ? .unprocessableContent : .ok)
    }

    /// The counts of what was read, for the result page.
    static func readCounts(records: Int?, accepted: Int?, rejected: Int?) -> [[String: Any]] {
        guard let records, let accepted, let rejected else { return [] }
        return [
            ["value": FrenchNumber.format(records), "label": "lignes lues"],
            ["value": FrenchNumber.format(accepted), "label": "acceptées"],
            ["value": FrenchNumber.format(rejected), "label": "refusées"],
        ]
    }

    /// An import refused or failed, for the result page: its reason, and what it had rejected.
    /// An error that is not the user's (it has no French description) is logged.
    static func failure(_ error: any Error, into values: inout [String: Any], context: PortalContext) -> ImportFeedbackSummary {
        values["failed"] = true
        if let failure = error as? ImportFailure {
            values["detail"] = failure.underlying.localizedDescription
            return failure.feedback
        }
        if let described = (error as? any LocalizedError)?.errorDescription {
            values["detail"] = described
        } else {
            values["detail"] = "Erreur inattendue ; elle a été consignée."
            context.logger.error("import : \(error)")
        }
        return ImportFeedbackSummary()
    }

    /// What an import rejected and remarked, for the result page: the first rejected lines, their
    /// count, the link to all of them (for this account only), the warnings.
    func addFeedback(_ feedback: ImportFeedbackSummary, token: String, account: Account, to values: inout [String: Any]) {
        values["rejectCount"] = FrenchNumber.format(feedback.rejectCount)
        values["hasRejects"] = feedback.rejectCount > 0
        values["rejects"] = feedback.shownRejects.map { reject -> [String: Any] in
            ["line": reject.line, "field": reject.fields, "reason": reject.reason, "raw": reject.raw]
        }
        if feedback.rejectCount > feedback.shownRejects.count {
            values["moreRejects"] = FrenchNumber.format(feedback.rejectCount - feedback.shownRejects.count)
        }
        if let written = feedback.rejectsFile, FileManager.default.fileExists(atPath: written) {
            work.register(token: token, account: account.id, rejects: written)
            values["rejectsLink"] = "/depots/\(token)/rejets.csv"
        }
        values["warnings"] = feedback.shownWarnings.map(\.message)
    }
}

extension Portal {
    /// A date typed as a user writes it (`31/03/2026`), when the browser has no date field.
    static func frenchDate(parsing text: String) -> CivilDate? {
        if case .value(.date(let date)) = FieldParsers.date(text: text) { return date }
        return nil
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
