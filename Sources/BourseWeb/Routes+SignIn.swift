import BourseCore
import BourseService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

extension Portal {
    static let signInCookie = "bourse_connexion"

    func addSignInRoutes(to router: Router<PortalContext>) {
        router.get("/connexion") { request, context in
            if context.identity != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return signInPage(request: request, context: context, error: nil, email: "")
        }
        router.post("/connexion") { request, context in
            try await signIn(request: request, context: context)
        }
        router.post("/deconnexion") { request, context in
            _ = try await FormInput.read(request, context: context)
            await audit("déconnexion", account: context.identity, request: request, context: context)
            context.sessions.clearSession()
            return Response(status: .seeOther, headers: [.location: "/connexion"])
        }
    }

    /// The sign-in form, with a fresh token in a cookie of its own (no session exists yet).
    func signInPage(request: Request, context: PortalContext, error: String?, email: String, status: HTTPResponse.Status = .ok) -> Response {
        let token = FormInput.newToken()
        var values: [String: Any] = ["csrf": token, "email": email, "suite": request.uri.queryParameters.get("suite") ?? ""]
        if let error { values["error"] = error }
        var response = pages.page("signIn", title: "Connexion", context: values, account: nil, csrf: nil, path: "/connexion", status: status)
        let cookie = Cookie(
            name: Self.signInCookie, value: token, maxAge: 3600, path: "/connexion", secure: configuration.secureCookies,
            httpOnly: true, sameSite: .strict)
        response.setCookie(cookie)
        return response
    }

    func signIn(request: Request, context: PortalContext) async throws -> Response {
        guard let token = request.cookies[Self.signInCookie]?.value else {
            return signInPage(request: request, context: context, error: "Votre navigateur doit accepter les cookies de ce site pour vous connecter.", email: "", status: .forbidden)
        }
        let form = try await FormInput.read(request, context: context, signInToken: String(token))
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form["password"] ?? ""
        let address = address(of: request, context: context)
        guard throttle.allows(email: email, address: address) else {
            await audit("connexion refusée (trop d'essais)", account: nil, request: request, context: context, detail: email)
            return signInPage(
                request: request, context: context,
                error: "Trop d'essais infructueux : la connexion est suspendue pour quelques minutes. Réessayez plus tard.",
                email: email, status: .tooManyRequests)
        }
        let exchange = exchange
        guard let account = try await blocking({ try exchange.authenticate(email: email, password: password) }) else {
            throttle.recordFailure(email: email, address: address)
            await audit("connexion échouée", account: nil, request: request, context: context, detail: email)
            return signInPage(request: request, context: context, error: "Adresse ou mot de passe incorrect.", email: email, status: .unauthorized)
        }
        throttle.recordSuccess(email: email)
        // A new session, hence a new id, at every sign-in.
        context.sessions.createSession(
            PortalSession(accountID: account.id, csrfToken: FormInput.newToken(), touchedAt: Date().timeIntervalSince1970),
            expiresIn: configuration.idleTimeout)
        await audit("connexion", account: account, request: request, context: context)
        var target = "/"
        // Only a path of this site: never `//other.site` or `/\other.site`.
        if let next = form["suite"], next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
           !next.contains(where: { $0.isNewline || $0 == "\\" }) {
            target = next
        }
        var response = Response(status: .seeOther, headers: [.location: target])
        response.setCookie(Cookie(name: Self.signInCookie, value: "", maxAge: 0, path: "/connexion"))
        return response
    }
}
