import Foundation

/// Errors of the application layer itself, in French.
public enum ServiceError: Error, LocalizedError, Equatable {
    case noRound
    case unreadableRound(Int64)
    case notALandlord(String)

    public var errorDescription: String? {
        switch self {
        case .noRound:
            "aucun tour d'appariement enregistré : lancez d'abord bourse match"
        case .unreadableRound(let id):
            "les paramètres du tour n° \(id) sont illisibles"
        case .notALandlord(let id):
            "la source « \(id) » n'est pas un bailleur"
        }
    }
}
