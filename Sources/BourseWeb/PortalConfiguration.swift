/// How the portal serves: where it listens, its cookies, its limits.
public struct PortalConfiguration: Sendable {
    /// The address to listen on (`127.0.0.1`: behind a reverse proxy on the same machine).
    public var host: String
    public var port: Int
    /// Cookies marked `Secure` (served over HTTPS, through a TLS reverse proxy).
    public var secureCookies: Bool
    /// The largest file a deposit accepts, in bytes.
    public var uploadLimit: Int
    /// A session ends after this long without a request.
    public var idleTimeout: Duration
    /// bcrypt's work factor for passwords set in the portal (tests lower it).
    public var passwordCost: UInt8
    /// Failed sign-ins (per account, per address) before sign-in is refused for `throttleWindow`.
    public var throttleLimit: Int
    public var throttleWindow: Duration
    /// Requests come through a reverse proxy, which names the client in X-Forwarded-For.
    public var behindProxy: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, uploadLimit: Int = 200 * 1024 * 1024,
        idleTimeout: Duration = .seconds(2 * 3600), passwordCost: UInt8 = 12, throttleLimit: Int = 5,
        throttleWindow: Duration = .seconds(15 * 60), behindProxy: Bool = false
    ) {
        self.behindProxy = behindProxy
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.uploadLimit = uploadLimit
        self.idleTimeout = idleTimeout
        self.passwordCost = passwordCost
        self.throttleLimit = throttleLimit
        self.throttleWindow = throttleWindow
    }
}
