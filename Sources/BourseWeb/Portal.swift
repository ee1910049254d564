import BourseCore
import BourseImport
import BourseService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import Synchronization
import NIOCore

/// The web portal: communes and landlords deposit their inventories and read their results,
/// landlords fetch their match reports, the Direction ESS runs and accepts rounds and manages
/// accounts. Every page calls the application layer (`Exchange`), as the command line does.
public struct Portal: Sendable {
    public let exchange: Exchange
    public let configuration: PortalConfiguration
    let pages: Pages
    let throttle: SignInThrottle
    /// Deposited files and the rejects of each deposit, until the portal stops.
    let work: DepositFolder
    let map: CommuneMap?
    let dashboardCache = DashboardCache()
    /// Deposits and rounds being stored now: the database has one writer, so a new one waits its
    /// turn, and its page says so.
    let writesInProgress = WritesInProgress()

    public init(exchange: Exchange, configuration: PortalConfiguration = PortalConfiguration()) throws {
        self.exchange = exchange
        self.configuration = configuration
        self.pages = try Pages()
        self.throttle = SignInThrottle(limit: configuration.throttleLimit, window: configuration.throttleWindow)
        self.work = try DepositFolder()
        self.map = CommuneMap.shipped()
    }

    /// The HTTP application, listening where the configuration says.
    public func application(logger: Logger? = nil) -> some ApplicationProtocol {
        var logger = logger ?? Logger(label: "bourse-portail")
        logger.logLevel = .warning
        return Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            logger: logger)
    }

    /// Serves until the process is interrupted.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "bourse-portail")
        logger.logLevel = .warning
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        // The dashboard's figures are computed before the first visitor (a second on years of
        // history), not while the first ones wait.
        _ = try? await dashboardFigures(today: CivilDate.today())
        do {
            try await app.runService()
        } catch let error as IOError {
            throw PortalStartError(host: configuration.host, port: configuration.port, code: error.errnoCode)
        }
    }

    func router() -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("/static/portail.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: PortalStyle.css)))
        }
        router.add(middleware: SessionMiddleware(
            storage: DatabaseSessionStore(exchange: exchange),
            configuration: .init(
                sessionCookieParameters: .init(
                    name: "bourse_session", path: "/", secure: configuration.secureCookies, sameSite: .lax),
                keyPrefix: "session.", defaultSessionExpiration: configuration.idleTimeout)))
        let exchange = exchange
        router.add(middleware: SessionAuthenticator(context: PortalContext.self) { (session: PortalSession, _) in
            try await blocking { try exchange.activeAccount(id: session.accountID) }
        })
        router.add(middleware: IdleExpiryMiddleware(idleTimeout: configuration.idleTimeout))
        addSignInRoutes(to: router)

        let signedIn = router.group().add(middleware: IsAuthenticatedMiddleware())
        addDashboardRoutes(to: signedIn)
        addDepositRoutes(to: signedIn)
        addListRoutes(to: signedIn)
        addPremisesRoutes(to: signedIn)
        addReportRoutes(to: signedIn)

        let direction = router.group().add(middleware: AuthorizationPolicyMiddleware(RolePolicy<Account>(.direction), context: PortalContext.self))
        addRoundRoutes(to: direction)
        addAccountRoutes(to: direction)
        addDirectionReportRoutes(to: direction)
        addSourceRoutes(to: direction)
        return router
    }

    /// The address a request came from, for the audit log and sign-in throttling.
    func address(of request: Request, context: PortalContext) -> String {
        // Behind a reverse proxy every request comes from the proxy: the client is the last
        // address the proxy appended to X-Forwarded-For. Trusted only when told (`--behind-proxy`),
        // since a client talking to the portal directly could write anything there.
        if configuration.behindProxy, let name = HTTPField.Name("X-Forwarded-For"),
           let forwarded = request.headers[name]?.split(separator: ",").last {
            return String(forwarded).trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress.map { "\($0.ipAddress ?? "?")" } ?? "?"
    }

    /// Writes a line of the audit log; a failure to write it is logged, never shown.
    func audit(_ action: String, account: Account?, request: Request, context: PortalContext, detail: String = "") async {
        let address = self.address(of: request, context: context)
        let exchange = exchange
        do {
            try await blocking { try exchange.audit(action, by: account?.email, address: address, detail: detail) }
        } catch {
            context.logger.error("journal d'audit : \(error)")
        }
    }

    /// A page whose content is already rendered, for the signed-in account of `context`.
    func page(content: String, title: String, request: Request, context: PortalContext) async throws -> Response {
        let sourceName = try await accountSourceName(context)
        return pages.page(
            content: content, title: title, account: context.identity, sourceName: sourceName,
            csrf: context.sessions.session?.csrfToken, path: request.uri.path)
    }

    /// The name of the source the signed-in account acts for.
    func accountSourceName(_ context: PortalContext) async throws -> String? {
        guard let id = context.identity?.sourceID else { return nil }
        let exchange = exchange
        return try? await blocking { try exchange.source(named: id).name }
    }

    /// The page of `template` for the signed-in account of `context`.
    func page(
        _ template: String, title: String, _ values: [String: Any], request: Request, context: PortalContext,
        notice: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let account = context.identity
        let sourceName = try await accountSourceName(context)
        return pages.page(
            template, title: title, context: values, account: account, sourceName: sourceName,
            csrf: context.sessions.session?.csrfToken, path: request.uri.path, notice: notice, status: status)
    }
}

/// Extends a session that is used: its expiry moves forward at most every five minutes, so that
/// an idle session ends `idleTimeout` after its last request without a write on each one.
struct IdleExpiryMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    let idleTimeout: Duration

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        if context.identity != nil, var session = context.sessions.session {
            let now = Date().timeIntervalSince1970
            if now - session.touchedAt > 300 {
                session.touchedAt = now
                _ = context.sessions.updateSession(session, expiresIn: idleTimeout)
            }
        }
        return try await next(request, context)
    }
}

/// The portal could not listen where it was told.
public struct PortalStartError: Error, LocalizedError {
    public var host: String
    public var port: Int
    public var code: Int32

    public var errorDescription: String? {
        switch code {
        case EADDRINUSE: "le port \(port) est déjà utilisé sur \(host) (un autre portail ?) : choisissez-en un autre avec --port"
        case EACCES: "écoute sur le port \(port) refusée : les ports en dessous de 1024 demandent des droits d'administrateur"
        case EADDRNOTAVAIL: "l'adresse \(host) n'est pas une adresse de cette machine (--host)"
        default: "écoute impossible sur \(host):\(port) : \(SystemError.french(code))"
        }
    }
}

/// The count of deposits and rounds being stored.
final class WritesInProgress: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one more while `body` runs; `waited` tells `body` whether another was under way when
    /// it began.
    func run<Value>(_ body: (_ waited: Bool) async throws -> Value) async rethrows -> Value {
        let before = count.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
        defer { count.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
        return try await body(before > 0)
    }

    var busy: Bool { count.load(ordering: .acquiring) > 0 }
}
