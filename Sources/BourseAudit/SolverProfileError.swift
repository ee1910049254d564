import Foundation

/// A profile `bourse solve` cannot use.
public enum SolverProfileError: Error, Sendable, Equatable, LocalizedError {
    case malformed(String)
    case unknownIdentifier(owner: String, id: String, expected: String)
    case duplicate(owner: String, id: String)
    case negativeCapacity(id: String, capacity: Int)

    public var errorDescription: String? {
        switch self {
        case .malformed(let reason): "profil invalide : \(reason)"
        case let .unknownIdentifier(owner, id, expected): "profil invalide : « \(owner) » cite « \(id) », \(expected) inconnu"
        case let .duplicate(owner, id): "profil invalide : « \(id) » figure deux fois dans la liste de « \(owner) »"
        case let .negativeCapacity(id, capacity): "profil invalide : capacité négative (\(capacity)) pour l'hôpital « \(id) »"
        }
    }
}
