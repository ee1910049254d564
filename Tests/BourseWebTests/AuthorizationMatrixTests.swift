import BourseCore
import BourseWeb
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route for every kind of visitor: the status each must get. A landlord asking for
/// another's report, a commune for the rounds, anyone for an id that does not exist.
@Suite("portail : matrice des autorisations")
struct AuthorizationMatrixTests {
    enum Visitor: String, CaseIterable {
        case anonymous, direction, communeA, communeB, bailleurX, bailleurY
    }

    struct Cell {
        var method: HTTPRequest.Method
        var path: String
        var form: [String: String] = [:]
        /// The status for each visitor; a visitor not named gets `otherwise`.
        var statuses: [Visitor: HTTPResponse.Status]
        var otherwise: HTTPResponse.Status
    }

    @Test func everyRouteForEveryVisitor() async throws {
        let fixture = try PortalFixture()
        let round = fixture.roundID
        let inventoryX = try #require(try fixture.exchange.inventories(source: "ssdh").first?.id)
        var premisesX: Int64 = 0
        try fixture.exchange.forEachPremises(PremisesFilter(sourceID: "ssdh")) { premisesX = $0.id }
        let everyone: [Visitor: HTTPResponse.Status] = [.anonymous: .seeOther]
        let directionOnly: [Visitor: HTTPResponse.Status] = [.anonymous: .seeOther, .direction: .ok]
        let cells: [Cell] = [
            Cell(method: .get, path: "/", statuses: everyone, otherwise: .ok),
            Cell(method: .get, path: "/depot", statuses: everyone, otherwise: .ok),
            Cell(method: .get, path: "/inventaires", statuses: everyone, otherwise: .ok),
            Cell(method: .get, path: "/inventaires?format=csv", statuses: everyone, otherwise: .ok),
            Cell(method: .get, path: "/locaux", statuses: everyone, otherwise: .ok),
            Cell(method: .get, path: "/locaux?source=oph&format=csv", statuses: everyone, otherwise: .ok),
            Cell(method: .get, path: "/inventaires/\(inventoryX)/rejets.csv",
                 statuses: [.anonymous: .seeOther, .direction: .ok, .bailleurX: .ok], otherwise: .notFound),
            Cell(method: .get, path: "/inventaires/999999/rejets.csv", statuses: everyone, otherwise: .notFound),
            Cell(method: .get, path: "/rapports", statuses: [.anonymous: .seeOther, .communeA: .forbidden, .communeB: .forbidden], otherwise: .ok),
            Cell(method: .get, path: "/bailleurs/ssdh/tours/\(round)/rapport.html",
                 statuses: [.anonymous: .seeOther, .direction: .ok, .bailleurX: .ok], otherwise: .notFound),
            Cell(method: .get, path: "/bailleurs/ssdh/tours/\(round)/rapport.csv",
                 statuses: [.anonymous: .seeOther, .direction: .ok, .bailleurX: .ok], otherwise: .notFound),
            Cell(method: .get, path: "/bailleurs/oph/tours/\(round)/rapport.json",
                 statuses: [.anonymous: .seeOther, .direction: .ok, .bailleurY: .ok], otherwise: .notFound),
            Cell(method: .get, path: "/bailleurs/ssdh/tours/99999/rapport.html",
                 statuses: [.anonymous: .seeOther], otherwise: .notFound),
            Cell(method: .get, path: "/depots/devine/rejets.csv", statuses: everyone, otherwise: .notFound),
            Cell(method: .get, path: "/locaux/\(premisesX)", statuses: [.anonymous: .seeOther, .direction: .ok, .bailleurX: .ok], otherwise: .notFound),
            Cell(method: .get, path: "/locaux/999999", statuses: everyone, otherwise: .notFound),
            Cell(method: .post, path: "/locaux/\(premisesX)/statut", form: ["statut": "reserve", "motif": "visite"],
                 statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/rapports/evolution.html", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/rapports/evolution.csv", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/rapports/indicateurs.json", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/sources", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .post, path: "/sources", form: ["identifiant": "nouveau-bailleur", "nom": "Nouveau bailleur", "type": "bailleur"],
                 statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/registres", statuses: directionOnly, otherwise: .forbidden),
            // Posted as a plain form, not multipart: refused as malformed once authorized (the
            // multipart journeys are in DepositTests and RegisterPagesTests).
            Cell(method: .post, path: "/registres", statuses: [.anonymous: .seeOther, .direction: .badRequest], otherwise: .forbidden),
            Cell(method: .post, path: "/depot", statuses: [.anonymous: .seeOther], otherwise: .badRequest),
            Cell(method: .get, path: "/rapports/indicateurs.html", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/tours", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/tours/\(round)", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/tours/99999", statuses: [.anonymous: .seeOther, .direction: .notFound], otherwise: .forbidden),
            Cell(method: .get, path: "/tours/\(round)/explication?besoin=B1", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/comptes", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/comptes?format=csv", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/journal?format=csv", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/tours?format=csv", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/tours/\(round)?format=csv", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .get, path: "/journal", statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .post, path: "/tours", form: ["strategie": "stable", "graine": "2", "tolerance": "10"],
                 statuses: [.anonymous: .seeOther, .direction: .seeOther], otherwise: .forbidden),
            Cell(method: .post, path: "/comptes/etat", form: ["email": "contact@oph.fr", "desactive": "0"],
                 statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .post, path: "/comptes", form: ["email": "nouveau@ept.fr", "nom": "Nouveau", "role": "direction", "source": "", "motdepasse": "un-mot-de-passe-long"],
                 statuses: directionOnly, otherwise: .forbidden),
            Cell(method: .post, path: "/tours/\(round)/placer", form: ["besoin": "B9", "local": "1"],
                 statuses: [.anonymous: .seeOther, .direction: .unprocessableContent], otherwise: .forbidden),
            Cell(method: .post, path: "/tours/\(round)/accepter", statuses: [.anonymous: .seeOther, .direction: .seeOther], otherwise: .forbidden),
        ]
        try await fixture.portal().application().test(.router) { client in
            var failures: [String] = []
            for visitor in Visitor.allCases {
                var browser = Browser(client)
                if visitor != .anonymous {
                    #expect(try await browser.signIn(PortalFixture.email(visitor.rawValue)).status == .seeOther)
                    try await browser.get("/")
                }
                for cell in cells {
                    let expected = cell.statuses[visitor] ?? cell.otherwise
                    let response = cell.method == .get
                        ? try await browser.get(cell.path)
                        : try await browser.post(cell.path, form: cell.form)
                    if response.status != expected {
                        failures.append("\(visitor.rawValue) \(cell.method) \(cell.path) : \(response.status.code) au lieu de \(expected.code)")
                    }
                    if visitor == .anonymous, response.status == .seeOther {
                        #expect(response.headers[.location]?.hasPrefix("/connexion") == true)
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
        // Only the Direction's posts took effect: one more round, one account more.
        #expect(try fixture.exchange.rounds().count == 2)
        #expect(try fixture.exchange.accounts().count == PortalFixture.accounts.count + 1)
        #expect(try fixture.exchange.sourceList().filter { $0.id == "nouveau-bailleur" }.count == 1)
        let statusChanges = try fixture.exchange.premises(id: premisesX).1.filter { $0.newValue == "reserve" }
        #expect(statusChanges.count == 1)
    }

    @Test func tablePagesExportTheFrenchExcelCSV() async throws {
        let fixture = try PortalFixture()
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            for (uri, header) in [("/tours?format=csv", "Tour;Date;Stratégie"), ("/tours/\(fixture.roundID)?format=csv", "Besoin;Structure;Local"),
                                  ("/journal?format=csv", "Quand (UTC);Qui"), ("/comptes?format=csv", "Adresse;Nom;Rôle"),
                                  ("/locaux?format=csv", "N°;Source;Commune"), ("/inventaires?format=csv", "N°;Source;Date"), ("/?format=csv", "Commune;Code INSEE")] {
                let response = try await browser.get(uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8", "\(uri)")
                #expect(String(buffer: response.body).hasPrefix("\u{FEFF}" + header), "\(uri)")
            }
        }
    }

    @Test func aLandlordsReportHoldsOnlyItsOwnPremises() async throws {
        let fixture = try PortalFixture()
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("contact@ssdh.fr")
            for format in ["html", "csv", "json"] {
                let response = try await browser.get("/bailleurs/ssdh/tours/\(fixture.roundID)/rapport.\(format)")
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("X-1"), "\(format)")
                #expect(!text.contains("Y-1") && !text.contains("Y-2"), "\(format)")
            }
            let list = try await browser.get("/rapports")
            #expect(String(buffer: list.body).contains("/bailleurs/ssdh/tours/\(fixture.roundID)/rapport.html"))
            #expect(!String(buffer: list.body).contains("/bailleurs/oph/"))
            // Its premises list holds only its own, whatever the query asks.
            let premises = try await browser.get("/locaux?source=oph")
            let text = String(buffer: premises.body)
            #expect(text.contains("X-1") && !text.contains("Y-1"))
        }
    }
}

@Suite("portail : pages de la Direction")
struct DirectionPagesTests {
    @Test func reportPagesAllowTheirOwnStyleByItsHashAndNothingElseInline() async throws {
        let fixture = try PortalFixture()
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            for uri in ["/rapports/evolution.html", "/bailleurs/ssdh/tours/\(fixture.roundID)/rapport.html"] {
                let response = try await browser.get(uri)
                #expect(response.status == .ok, "\(uri)")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(policy.contains("style-src 'self' 'sha256-"), "\(policy)")
                #expect(!policy.contains("unsafe-inline"))
                #expect(policy.contains("script-src 'self'"))
            }
            let dashboard = try await browser.get("/")
            #expect(dashboard.headers[.contentSecurityPolicy]?.contains("sha256-") == false)
            #expect(String(buffer: dashboard.body).contains(#"<svg class="evolution""#))
        }
    }

    @Test func theDashboardIsKeptUntilTheBourseChanges() async throws {
        let fixture = try PortalFixture()
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            let before = String(buffer: try await browser.get("/").body)
            #expect(before.contains("<strong>4</strong> locaux disponibles"))
            // A command run meanwhile (another connection) changes the bourse: the next page shows it.
            let other = try Exchange.open(path: fixture.exchange.path, access: .write)
            var listing: Int64 = 0
            try other.forEachPremises(PremisesFilter(sourceID: "oph")) { listing = $0.id }
            try other.setStatus(premises: listing, to: .withdrawn, on: CivilDate(iso: "2026-07-01")!, reason: "vendu")
            let after = String(buffer: try await browser.get("/").body)
            #expect(after.contains("<strong>3</strong> locaux disponibles"))
        }
    }
}

@Suite("portail : registres et sources")
struct RegisterPagesTests {
    @Test func theDirectionImportsARegisterAndACommuneCannot() async throws {
        let fixture = try PortalFixture()
        let register = """
            Référence;Nom;Forme juridique;Secteur;ETP;Lauréat AAP
            S9;Café associatif Le Lien;Association;Restauration;4;
            S10;Sans SIRET ni secteur;;;;

            """
        try await fixture.portal().application().test(.router) { client in
            var commune = Browser(client)
            try await commune.signIn("agent@drancy.fr")
            try await commune.get("/depot")
            let refused = try await commune.deposit(fileName: "structures.csv", contents: Array(register.utf8), uri: "/registres")
            #expect(refused.status == .forbidden)

            var direction = Browser(client)
            try await direction.signIn("direction@ept.fr")
            try await direction.get("/registres")
            let response = try await direction.deposit(fileName: "structures.csv", contents: Array(register.utf8), fields: ["registre": "structures"], uri: "/registres")
            let page = String(buffer: response.body)
            #expect(response.status == .ok, "\(page)")
            #expect(page.contains("Registre des structures importé"))
        }
        #expect(try fixture.exchange.structures().contains { $0.structure.reference == "S9" })
        #expect(try fixture.exchange.auditLog().contains { $0.action == "registre importé" })
    }
}

@Suite("portail : implantation d'une proposition")
struct SinglePlacementTests {
    @Test func theDirectionPlacesOneProposalOfARound() async throws {
        let fixture = try PortalFixture()
        let proposal = try #require(try fixture.exchange.round(fixture.roundID).proposals.first)
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            let page = String(buffer: try await browser.get("/tours/\(fixture.roundID)").body)
            #expect(page.contains("action=\"/tours/\(fixture.roundID)/placer\""))
            let placed = try await browser.post("/tours/\(fixture.roundID)/placer", form: ["besoin": proposal.needReference, "local": String(proposal.premisesID)])
            #expect(placed.status == .seeOther)
            let after = String(buffer: try await browser.get("/tours/\(fixture.roundID)").body)
            #expect(after.contains("implantée"))
            // Twice is refused: the premises is placed already.
            let again = try await browser.post("/tours/\(fixture.roundID)/placer", form: ["besoin": proposal.needReference, "local": String(proposal.premisesID)])
            #expect(again.status == .unprocessableContent)
        }
        #expect(try fixture.exchange.premises(id: proposal.premisesID).0.premises.status == .placed)
        #expect(try fixture.exchange.need(proposal.needReference).0.record.status == "satisfait")
    }
}

@Suite("portail : listes triées et paginées")
struct SortedListTests {
    @Test func premisesSortByAColumnBothWaysAndPageOnInThatOrder() async throws {
        let fixture = try PortalFixture()
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            func references(_ uri: String) async throws -> [String] {
                let page = String(buffer: try await browser.get(uri).body)
                return page.matches(of: /<td>([XY]-\d)<\/td>/).map { String($0.output.1) }
            }
            // Surfaces: X-1 50, X-2 55, Y-1 50, Y-2 55 (ties broken by number).
            #expect(try await references("/locaux?tri=surface") == ["X-1", "Y-1", "X-2", "Y-2"])
            #expect(try await references("/locaux?tri=surface&ordre=desc") == ["Y-2", "X-2", "Y-1", "X-1"])
            #expect(try await references("/locaux?tri=reference&ordre=desc") == ["Y-2", "Y-1", "X-2", "X-1"])
            let page = String(buffer: try await browser.get("/locaux?tri=surface").body)
            #expect(page.contains(#"aria-sort="ascending""#))
            // An unknown column is ignored (number order), never put into SQL.
            #expect(try await references("/locaux?tri=p.id;DROP") == ["X-1", "X-2", "Y-1", "Y-2"])
        }
    }
}
