import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into a French page with the right status, never a trace: a request without
/// a session goes to the sign-in page; a refusal says so; anything unexpected is logged and shown
/// as a plain apology.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    let pages: Pages

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            if error.status == .unauthorized {
                let target = request.method == .get ? request.uri.path : "/"
                let query = target == "/" ? "" : "?suite=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "")
                var response = Response(status: .seeOther, headers: [.location: "/connexion" + query])
                SecurityHeadersMiddleware<PortalContext>.apply(to: &response.headers, path: request.uri.path)
                return response
            }
            return errorPage(status: error.status, request: request, message: (error as? PortalError)?.message)
        } catch {
            context.logger.error("erreur sur \(request.method) \(request.uri.path) : \(error)")
            return errorPage(status: .internalServerError, request: request, message: nil)
        }
    }

    func errorPage(status: HTTPResponse.Status, request: Request, message: String?) -> Response {
        let (title, text): (String, String) = switch status.code {
        case 403: ("Accès refusé", "Votre compte ne permet pas d'ouvrir cette page ou de faire cette action.")
        case 404: ("Page introuvable", "Cette page n'existe pas, ou plus.")
        case 405: ("Action impossible", "Cette adresse ne s'utilise pas ainsi.")
        case 413: ("Fichier trop volumineux", "Le fichier dépasse la taille permise.")
        case 400..<500: ("Demande invalide", "La demande n'a pas pu être comprise.")
        default: ("Erreur du portail", "Une erreur est survenue ; elle a été consignée. Réessayez plus tard ou prévenez la Direction ESS.")
        }
        var response = pages.page("error", title: title, context: ["message": message ?? text], account: nil, csrf: nil, path: request.uri.path, status: status)
        SecurityHeadersMiddleware<PortalContext>.apply(to: &response.headers, path: request.uri.path)
        return response
    }
}

/// An error a page shows with its own French message and status.
struct PortalError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status)
    }
}
