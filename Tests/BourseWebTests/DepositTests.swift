import BourseCore
@testable import BourseWeb
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("portail : dépôt d'inventaires")
struct DepositTests {
    let fixture: PortalFixture

    init() throws {
        fixture = try PortalFixture()
    }

    static let drancy = """
        Référence;Commune;Adresse;Type;Surface;Loyer mensuel
        D-1;Drancy;10 rue Sadi Carnot;commerce;80;900
        D-2;Drancy;12 rue Sadi Carnot;bureau;-5;400
        D-3;Drancy;14 rue Sadi Carnot;bureau;45;douze

        """

    @Test func aCommuneDepositsItsInventoryAndReadsEachRejectedLine() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("agent@drancy.fr")
            try await browser.get("/depot")
            let response = try await browser.deposit(fileName: "drancy-2026-05-31.csv", contents: Array(Self.drancy.utf8))
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("enregistré"))
            #expect(page.contains("Lignes refusées (2)"))
            #expect(page.contains("<td class=\"n\">3</td>") && page.contains("<td class=\"n\">4</td>"))
            #expect(page.contains("douze"))
            let link = try #require(page.range(of: #"/depots/[^"]+/rejets\.csv"#, options: .regularExpression).map { String(page[$0]) })
            let rejects = try await browser.get(link)
            #expect(rejects.status == .ok)
            let csv = String(buffer: rejects.body)
            #expect(csv.hasPrefix("\u{FEFF}Fichier;Ligne;Champ;Motif;Contenu brut"))
            #expect(csv.contains("drancy-2026-05-31.csv;3;") && csv.contains("drancy-2026-05-31.csv;4;"))
            // Another account cannot fetch that deposit's rejects, even with the link.
            var other = Browser(client)
            try await other.signIn("agent@sevran.fr")
            #expect(try await other.get(link).status == .notFound)
        }
        let inventory = try #require(try fixture.exchange.inventories(source: "drancy").first)
        #expect(inventory.accepted == 1 && inventory.rejected == 2)
        #expect(inventory.asOf == "2026-05-31")
        #expect(try fixture.exchange.auditLog().contains { $0.action == "dépôt" && $0.email == "agent@drancy.fr" })
    }

    @Test func aCheckStoresNothing() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("agent@drancy.fr")
            try await browser.get("/depot")
            let response = try await browser.deposit(fileName: "drancy.csv", contents: Array(Self.drancy.utf8), fields: ["verification": "1"])
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("rien n&#39;a été enregistré"))
        }
        #expect(try fixture.exchange.inventories(source: "drancy").isEmpty)
    }

    @Test func theSourceIsTheAccountsNotTheForms() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("agent@drancy.fr")
            try await browser.get("/depot")
            // A Sevran inventory, sent by Drancy's agent with the form saying « sevran »: checked
            // against Drancy, and refused.
            let sevran = """
                Référence;Commune;Adresse;Type;Surface;Loyer mensuel
                S-1;Sevran;1 rue Gabriel Péri;bureau;60;600
                S-2;Sevran;2 rue Gabriel Péri;bureau;70;700

                """
            let response = try await browser.deposit(fileName: "sevran.csv", contents: Array(sevran.utf8), fields: ["source": "sevran"])
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("Sevran"))
        }
        #expect(try fixture.exchange.inventories(source: "sevran").isEmpty)
        #expect(try fixture.exchange.inventories(source: "drancy").isEmpty)
    }

    @Test func aDepositWithoutTokenOrTooLargeIsRefusedAndNothingIsKept() async throws {
        try await fixture.portal(PortalConfiguration(uploadLimit: 1024, passwordCost: 4)).application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("agent@drancy.fr")
            try await browser.get("/depot")
            let forged = try await browser.deposit(fileName: "drancy.csv", contents: Array(Self.drancy.utf8), withToken: false)
            #expect(forged.status == .forbidden)
            let big = Array(Self.drancy.utf8) + Array(repeating: UInt8(ascii: "x"), count: 4096)
            let tooLarge = try await browser.deposit(fileName: "drancy.csv", contents: big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(String(buffer: tooLarge.body).contains("Fichier trop volumineux"))
            let empty = try await browser.deposit(fileName: "vide.csv", contents: [])
            #expect(empty.status == .badRequest)
        }
        #expect(try fixture.exchange.inventories(source: "drancy").isEmpty)
    }

    @Test func fileNamesAreReducedToASafeLastComponent() {
        #expect(UploadReceiverNames.safe("../../etc/passwd") == "passwd")
        #expect(UploadReceiverNames.safe("C:\\Users\\agent\\drancy-2026-03-31.csv") == "drancy-2026-03-31.csv")
        #expect(UploadReceiverNames.safe(".cache") == "cache")
        #expect(UploadReceiverNames.safe("\u{1}\u{7F}") == "inventaire")
        #expect(UploadReceiverNames.safe(String(repeating: "é", count: 100)).utf8.count <= 120)
    }
}

@Suite("portail : dépôts simultanés")
struct ConcurrentDepositTests {
    @Test func twoDepositsAndARoundAtOnceAllSucceed() async throws {
        let fixture = try PortalFixture()
        let sevran = """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel
            S-1;Sevran;1 rue Gabriel Péri;bureau;60;600

            """
        try await fixture.portal().application().test(.router) { client in
            var drancyAgent = Browser(client)
            try await drancyAgent.signIn("agent@drancy.fr")
            try await drancyAgent.get("/depot")
            var sevranAgent = Browser(client)
            try await sevranAgent.signIn("agent@sevran.fr")
            try await sevranAgent.get("/depot")
            var direction = Browser(client)
            try await direction.signIn("direction@ept.fr")
            try await direction.get("/tours")
            let first = drancyAgent, second = sevranAgent, third = direction
            async let a = { var browser = first; return try await browser.deposit(fileName: "drancy.csv", contents: Array(DepositTests.drancy.utf8)) }()
            async let b = { var browser = second; return try await browser.deposit(fileName: "sevran.csv", contents: Array(sevran.utf8)) }()
            async let c = { var browser = third; return try await browser.post("/tours", form: ["strategie": "stable", "graine": "3", "tolerance": "10"]) }()
            let (drancy, sevranResult, round) = try await (a, b, c)
            #expect(drancy.status == .ok)
            #expect(sevranResult.status == .ok)
            #expect(round.status == .seeOther)
        }
        #expect(try fixture.exchange.inventories(source: "drancy").count == 1)
        #expect(try fixture.exchange.inventories(source: "sevran").count == 1)
        #expect(try fixture.exchange.rounds().count == 2)
    }
}

@Suite("portail : un dépôt qui attend son tour le dit")
struct WaitingDepositTests {
    @Test func aDepositMadeWhileAnotherIsStoredSaysItWaited() async throws {
        let fixture = try PortalFixture()
        let portal = try fixture.portal()
        try await portal.application().test(.router) { client in
            var agent = Browser(client)
            try await agent.signIn("agent@drancy.fr")
            try await agent.get("/depot")
            let calm = try await agent.deposit(fileName: "drancy-2026-05-31.csv", contents: Array(DepositTests.drancy.utf8), fields: ["verification": "1"])
            #expect(!String(buffer: calm.body).contains("attendu son tour"))
            // Another write under way (as a round or a deposit being stored would be).
            try await portal.writesInProgress.run { _ in
                let form = try await agent.get("/depot")
                #expect(String(buffer: form.body).contains("le vôtre attendra son tour"))
                let response = try await agent.deposit(fileName: "drancy-2026-05-31.csv", contents: Array(DepositTests.drancy.utf8))
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("le vôtre a attendu son tour"))
            }
        }
        #expect(try fixture.exchange.inventories(source: "drancy").count == 1)
    }
}
