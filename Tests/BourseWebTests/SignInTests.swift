import BourseCore
import BourseWeb
import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite("portail : connexion, sessions, jetons et en-têtes de sécurité")
struct SignInTests {
    let fixture: PortalFixture

    init() throws {
        fixture = try PortalFixture()
    }

    @Test func anonymousGoesToSignInPageAndBackWhereItWasGoing() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            let page = try await browser.get("/locaux?statut=disponible")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/connexion?suite=/locaux")
            let form = try await browser.get("/connexion?suite=/locaux")
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains(#"name="suite" value="/locaux""#))
            let signedIn = try await browser.post("/connexion", form: ["email": "agent@drancy.fr", "password": PortalFixture.password, "suite": "/locaux"])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/locaux")
        }
    }

    @Test func signInSetsAFreshHttpOnlySessionCookieAndNeverEchoesThePassword() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.get("/connexion")
            let before = browser.jar.cookies["bourse_session"]
            #expect(before == nil)
            let response = try await browser.signIn("direction@ept.fr")
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("bourse_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(!String(buffer: dashboard.body).contains(PortalFixture.password))
            // A session id planted before sign-in (fixation) is never the one signed in.
            var planted = Browser(client)
            planted.jar.cookies["bourse_session"] = "fixe-par-un-tiers"
            try await planted.signIn("direction@ept.fr")
            let given = try #require(planted.jar.cookies["bourse_session"])
            #expect(given != "fixe-par-un-tiers")
            #expect(given != browser.jar.cookies["bourse_session"])
        }
    }

    @Test func secureCookiesWhenAsked() async throws {
        try await fixture.portal(PortalConfiguration(secureCookies: true, passwordCost: 4)).application().test(.router) { client in
            var browser = Browser(client)
            let response = try await browser.signIn("direction@ept.fr")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("bourse_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test func wrongPasswordUnknownAddressAndDisabledAccountAllFailAlike() async throws {
        try fixture.exchange.setAccountDisabled(email: "agent@sevran.fr", true)
        try await fixture.portal().application().test(.router) { client in
            for (email, password) in [("direction@ept.fr", "pas-le-bon-mot"), ("inconnu@ept.fr", PortalFixture.password), ("agent@sevran.fr", PortalFixture.password)] {
                var browser = Browser(client)
                let response = try await browser.signIn(email, password: password)
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("Adresse ou mot de passe incorrect."))
                #expect(browser.jar.cookies["bourse_session"] == nil)
            }
        }
        let log = try fixture.exchange.auditLog()
        #expect(log.filter { $0.action == "connexion échouée" }.count == 3)
    }

    @Test func repeatedFailuresThrottleTheAccountEvenWithTheRightPassword() async throws {
        let configuration = PortalConfiguration(passwordCost: 4, throttleLimit: 3)
        try await fixture.portal(configuration).application().test(.router) { client in
            var browser = Browser(client)
            for _ in 0..<3 {
                #expect(try await browser.signIn("direction@ept.fr", password: "mauvais-mot-de-passe").status == .unauthorized)
            }
            let blocked = try await browser.signIn("direction@ept.fr")
            #expect(blocked.status == .tooManyRequests)
            #expect(String(buffer: blocked.body).contains("Trop d&#39;essais"))
            // Another account from elsewhere is not blocked by this one's failures… but the same
            // address is: the test client has one address.
            var other = Browser(client)
            #expect(try await other.signIn("agent@drancy.fr").status == .tooManyRequests)
        }
    }

    @Test func aFormWithoutItsTokenOrFromAnotherSiteIsRefused() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            let noToken = try await browser.post("/tours", form: ["strategie": "stable", "graine": "1", "tolerance": "10"], withToken: false)
            #expect(noToken.status == .forbidden)
            try await browser.get("/tours")
            let wrongToken = try await browser.post("/tours", form: ["_csrf": "faux", "strategie": "stable"], withToken: false)
            #expect(wrongToken.status == .forbidden)
            let otherSite = try await browser.post(
                "/tours", form: ["strategie": "stable", "graine": "1", "tolerance": "10"], headers: [.origin: "https://attaquant.example"])
            #expect(otherSite.status == .forbidden)
            #expect(try fixture.exchange.rounds().count == 1)
            // A sign-in form without its cookie token is refused too.
            var stranger = Browser(client)
            let forged = try await stranger.post("/connexion", form: ["email": "direction@ept.fr", "password": PortalFixture.password], withToken: false)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func everyPageCarriesTheSecurityHeaders() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            for uri in ["/connexion", "/static/portail.css", "/page-inconnue"] {
                let response = try await browser.get(uri)
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
            }
            try await browser.signIn("direction@ept.fr")
            let dashboard = try await browser.get("/")
            #expect(dashboard.headers[.cacheControl] == "no-store")
            let missing = try await browser.get("/tours/9999")
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains("Page introuvable"))
            #expect(missing.headers[.contentSecurityPolicy] != nil)
        }
    }

    @Test func signOutEndsTheSessionAndARestartKeepsOthers() async throws {
        let kept = Mutex(CookieJar())
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("direction@ept.fr")
            var other = Browser(client)
            try await other.signIn("agent@drancy.fr")
            kept.withLock { $0 = other.jar }
            let stolen = browser.jar
            try await browser.get("/")
            let out = try await browser.post("/deconnexion", form: [:])
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/").status == .seeOther)
            // The old cookie no longer opens anything: the session is gone from the database.
            var replay = Browser(client)
            replay.jar = stolen
            #expect(try await replay.get("/").status == .seeOther)
        }
        // Another portal on the same database (a restart): the agent's session still opens.
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            browser.jar = kept.withLock { $0 }
            let response = try await browser.get("/inventaires")
            #expect(response.status == .ok)
        }
    }

    @Test func aDisabledAccountLosesItsSessionAtItsNextRequest() async throws {
        try await fixture.portal().application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("agent@drancy.fr")
            #expect(try await browser.get("/").status == .ok)
            try fixture.exchange.setAccountDisabled(email: "agent@drancy.fr", true)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }
}
