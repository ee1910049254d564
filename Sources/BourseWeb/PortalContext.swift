import BourseCore
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import NIOCore

/// What a session remembers: who signed in, the token its forms carry, and when it was last
/// extended (so that an idle session expires without a write on every request).
struct PortalSession: Codable, Sendable, Equatable {
    var accountID: Int64
    var csrfToken: String
    var touchedAt: Double
}

/// The request context of every portal route: the session, and the account it opens.
struct PortalContext: AuthRequestContext, SessionRequestContext, RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Account?
    let sessions: SessionContext<PortalSession>
    /// The peer of the connection (the reverse proxy, when there is one).
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.identity = nil
        self.sessions = .init()
    }

    /// The signed-in account; a 401 (turned into the sign-in page) when there is none.
    func account() throws -> Account {
        guard let identity else { throw HTTPError(.unauthorized) }
        return identity
    }

    /// The signed-in account when it may act for `source`; a 403 otherwise.
    func account(actingFor source: String) throws -> Account {
        let account = try account()
        guard account.mayActFor(source: source) else { throw HTTPError(.forbidden) }
        return account
    }
}

extension Account: RoleProviding {
    public var roles: Set<AccountRole> { [role] }
}
