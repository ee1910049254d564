import BourseCore
import BourseImport
import BourseWeb
import BourseService
import BourseStore
import BourseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A bourse with two communes' agents, two landlords and the Direction, premises of both
/// landlords, needs, and one stored round: what the portal's tests sign in to.
final class PortalFixture: Sendable {
    let folder: URL
    let exchange: Exchange
    let roundID: Int64
    static let password = "mot-de-passe-de-test"

    /// The accounts, by the name the tests give them.
    static let accounts: [(key: String, email: String, role: AccountRole, source: String?)] = [
        ("direction", "direction@ept.fr", .direction, nil),
        ("communeA", "agent@drancy.fr", .commune, "drancy"),
        ("communeB", "agent@sevran.fr", .commune, "sevran"),
        ("bailleurX", "contact@ssdh.fr", .bailleur, "ssdh"),
        ("bailleurY", "contact@oph.fr", .bailleur, "oph"),
    ]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-portail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        exchange = try Exchange.open(path: folder.appendingPathComponent("bourse.sqlite").path, access: .create)
        _ = try exchange.initialise(communes: ptdeCommunes)
        try exchange.addSource(Source(id: "ssdh", name: "Seine-Saint-Denis Habitat", kind: .landlord))
        try exchange.addSource(Source(id: "oph", name: "OPH Terres d'Envol", kind: .landlord))
        for (source, references) in [("ssdh", ["X-1", "X-2"]), ("oph", ["Y-1", "Y-2"])] {
            let lines = references.enumerated().map { index, reference in
                "\(reference);Drancy;\(index + 1) rue de la République;bureau;\(50 + index * 5);\(500 + index * 100)"
            }
            let path = try Self.write(folder, "\(source)-2026-03-31.csv", (["Référence;Commune;Adresse;Type;Surface;Loyer mensuel"] + lines).joined(separator: "\n") + "\n")
            _ = try exchange.importInventory(path: path, options: InventoryImportOptions(sourceID: source, asOf: CivilDate(iso: "2026-03-31")))
        }
        let registered = RegisterImportOptions(date: CivilDate(iso: "2026-04-01")!)
        _ = try exchange.importStructures(path: try Self.write(folder, "structures.csv", """
            Référence;Nom;Forme juridique;Secteur;ETP;Lauréat AAP
            S1;Ressourcerie La Trame;Association;Réemploi;5;2025
            S2;Épicerie Le Panier;Association;Alimentation;10;
            S3;Atelier Vélo;Association;Mobilité;3;

            """), options: registered)
        _ = try exchange.importNeeds(path: try Self.write(folder, "besoins.csv", """
            Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Date de la demande;Statut
            B1;S1;40;60;800;Drancy;bureau;01/02/2025;Actif
            B2;S2;40;70;900;Drancy;bureau;01/03/2025;Actif
            B3;S3;45;65;900;Drancy;bureau;01/04/2025;Actif

            """), options: registered)
        roundID = try exchange.runRound(RoundRequest(parameters: MatchingParameters(seed: 1, date: CivilDate(iso: "2026-06-01")!))).id ?? 0
        for account in Self.accounts {
            try exchange.addAccount(
                email: account.email, name: account.key, role: account.role, source: account.source, password: Self.password, cost: 4)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ name: String, _ text: String) throws -> String {
        try Self.write(folder, name, text)
    }

    static func write(_ folder: URL, _ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func portal(_ configuration: PortalConfiguration = PortalConfiguration(passwordCost: 4)) throws -> Portal {
        try Portal(exchange: exchange, configuration: configuration)
    }

    static func email(_ key: String) -> String {
        accounts.first { $0.key == key }!.email
    }
}

/// A browser's cookies, as far as the tests need them.
struct CookieJar {
    var cookies: [String: String] = [:]

    mutating func take(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") {
                cookies.removeValue(forKey: name)
            } else {
                cookies[name] = value
            }
        }
    }

    var header: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }
}

/// What a browser does on the portal: keeps its cookies, reads the form tokens of the pages.
struct Browser {
    let client: any TestClientProtocol
    var jar = CookieJar()
    /// The last form token seen on a page.
    var token = ""

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: jar.header, body: nil)
        jar.take(response)
        if let found = Self.token(in: String(buffer: response.body)) { token = found }
        return response
    }

    @discardableResult
    mutating func post(_ uri: String, form: [String: String], withToken: Bool = true, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var fields = form
        if withToken { fields["_csrf"] = token }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = jar.header
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: extra)
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        jar.take(response)
        if let found = Self.token(in: String(buffer: response.body)) { token = found }
        return response
    }

    /// Posts a deposit as a browser sends it: the token, the fields, then the file.
    @discardableResult
    mutating func deposit(
        fileName: String, contents: [UInt8], fields: [String: String] = [:], withToken: Bool = true, uri: String = "/depot"
    ) async throws -> TestResponse {
        let boundary = "----bourse\(UUID().uuidString)"
        var body: [UInt8] = []
        func part(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if withToken { part("_csrf", token) }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { part(name, value) }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += contents
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        var headers = jar.header
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        jar.take(response)
        return response
    }

    /// Signs in through the form; the response of the form's post.
    @discardableResult
    mutating func signIn(_ email: String, password: String = PortalFixture.password) async throws -> TestResponse {
        try await get("/connexion")
        return try await post("/connexion", form: ["email": email, "password": password])
    }

    static func token(in page: String) -> String? {
        guard let range = page.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.*"))) ?? ""
    }
}
