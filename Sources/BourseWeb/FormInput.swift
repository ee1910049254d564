import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// The fields of a posted form (`application/x-www-form-urlencoded`), once its token is checked.
struct FormInput {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// The largest form accepted (forms carry a few short fields; files go through `/depot`).
    static let limit = 64 * 1024

    /// Reads the form of `request` and checks its `_csrf` field against the session's token (or,
    /// before sign-in, the token cookie of the sign-in page). A form posted from another site
    /// carries neither and is refused (403).
    static func read(_ request: Request, context: PortalContext, signInToken: String? = nil) async throws -> FormInput {
        try checkOrigin(request)
        let buffer = try await request.body.collect(upTo: limit)
        let text = String(buffer: buffer)
        let fields = parse(text)
        let expected = signInToken ?? context.sessions.session?.csrfToken
        guard let expected, let given = fields["_csrf"], constantTimeEqual(given, expected) else {
            throw PortalError(.forbidden, "Formulaire expiré ou envoyé d'ailleurs : rechargez la page et recommencez.")
        }
        return FormInput(fields: fields)
    }

    /// A request whose `Origin` names another site is refused, whatever it carries.
    static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin], origin != "null" else { return }
        guard let host = request.head.authority,
              let url = URL(string: origin), let originHost = url.host else {
            throw PortalError(.forbidden, "Formulaire envoyé d'un autre site : refusé.")
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        guard originAuthority == host || originHost == host else {
            throw PortalError(.forbidden, "Formulaire envoyé d'un autre site : refusé.")
        }
    }

    /// `application/x-www-form-urlencoded` fields; a repeated name keeps its first value.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil {
                fields[name] = parts.count > 1 ? decode(parts[1]) : ""
            }
        }
        return fields
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// A random token for a form or a session (256 bits, URL-safe).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
