import HTTPTypes
import Hummingbird

/// The headers every response carries: a Content-Security-Policy that allows no inline script and
/// no framing, no MIME sniffing, no referrer sent to other sites, and no caching of pages that may
/// hold a landlord's premises.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String { policy(styles: "'self'") }

    static func policy(styles: String) -> String {
        "default-src 'none'; style-src \(styles); img-src 'self' data:; script-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(to: &response.headers, path: request.uri.path)
        return response
    }

    /// Sets the headers; a policy the page set itself (a report's, which allows its own style
    /// element by its hash) is kept.
    static func apply(to headers: inout HTTPFields, path: String) {
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = contentSecurityPolicy
        }
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if !path.hasPrefix("/static/") {
            headers[.cacheControl] = "no-store"
        }
    }
}
