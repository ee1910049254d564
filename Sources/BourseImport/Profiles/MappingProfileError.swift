import Foundation

/// A mapping profile that cannot be used.
public enum MappingProfileError: Error, Sendable, Equatable {
    case unreadable(path: String)
    case invalid(path: String, reason: String)
}

extension MappingProfileError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case let .unreadable(path): "profil de correspondance « \(path) » illisible ou absent"
        case let .invalid(path, reason): "profil de correspondance « \(path) » : \(reason)"
        }
    }
}
