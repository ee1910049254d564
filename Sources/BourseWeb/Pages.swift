import BourseCore
import BourseReports
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the portal's pages: a page's own template, then the layout around it.
struct Pages: Sendable {
    private let library: MustacheLibrary

    init() throws {
        HTMLText.registerContentType()
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            try library.register("{{% CONTENT_TYPE: \(HTMLText.contentTypeName) }}" + text, named: name)
        }
        self.library = library
    }

    /// A menu entry.
    struct Link {
        var href: String
        var label: String
    }

    /// The menu of an account: what its role may open.
    static func menu(for account: Account?) -> [Link] {
        guard let account else { return [] }
        var links = [Link(href: "/", label: "Tableau de bord")]
        links.append(Link(href: "/depot", label: "Déposer un inventaire"))
        links.append(Link(href: "/inventaires", label: "Inventaires"))
        links.append(Link(href: "/locaux", label: "Locaux"))
        switch account.role {
        case .direction:
            links.append(Link(href: "/tours", label: "Tours d'appariement"))
            links.append(Link(href: "/rapports", label: "Rapports"))
            links.append(Link(href: "/sources", label: "Sources"))
            links.append(Link(href: "/registres", label: "Registres"))
            links.append(Link(href: "/comptes", label: "Comptes"))
            links.append(Link(href: "/journal", label: "Journal"))
        case .bailleur:
            links.append(Link(href: "/rapports", label: "Rapports d'appariement"))
        case .commune:
            break
        }
        return links
    }

    /// The whole page: `template` rendered with `context`, inside the layout.
    func page(
        _ template: String, title: String, context: [String: Any], account: Account?, sourceName: String? = nil,
        csrf: String?, path: String, notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        page(
            content: render(template, context), title: title, account: account, sourceName: sourceName, csrf: csrf, path: path,
            notice: notice, status: status)
    }

    /// The whole page around `content`, already rendered from these templates.
    func page(
        content: String, title: String, account: Account?, sourceName: String? = nil, csrf: String?, path: String,
        notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        var layout: [String: Any] = [
            "title": title, "content": content,
            "nav": Self.menu(for: account).map { link -> [String: Any] in
                ["href": link.href, "label": link.label, "current": link.href == path || (link.href != "/" && path.hasPrefix(link.href + "/"))]
            },
        ]
        if let account {
            var entry: [String: Any] = ["name": account.name, "roleLabel": account.role.label, "csrf": csrf ?? ""]
            if let sourceName { entry["sourceName"] = sourceName }
            layout["account"] = entry
        }
        if let notice { layout["notice"] = notice }
        return Self.html(render("layout", layout), status: status)
    }

    /// `template` rendered with `context`; every array `xs` also gives a flag `hasXs`.
    func render(_ template: String, _ context: [String: Any]) -> String {
        var context = context
        for (key, value) in context {
            if let array = value as? [Any] {
                context["has" + key.prefix(1).uppercased() + key.dropFirst()] = !array.isEmpty
            }
        }
        return library.render(context, withTemplate: template) ?? ""
    }

    /// A self-contained report page (the command line's HTML reports): its own `<style>` elements
    /// are allowed by their SHA-256 in the page's Content-Security-Policy, nothing else inline.
    static func report(_ text: String) -> Response {
        var hashes: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<style>"), let close = rest[open.upperBound...].range(of: "</style>") {
            let css = rest[open.upperBound..<close.lowerBound]
            hashes.append("'sha256-" + Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString() + "'")
            rest = rest[close.upperBound...]
        }
        var response = html(text)
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware<PortalContext>.policy(styles: (["'self'"] + hashes).joined(separator: " "))
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
