import Foundation

/// Errors that stop the reading of a whole file.
public enum InputFileError: Error, Sendable, Equatable {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case isDirectory(path: String)
    /// A device, a FIFO or a socket: reading it may never end (`/dev/zero`, a pipe), so it is
    /// refused at open. `kind` is what it is, in French.
    case notRegularFile(path: String, kind: String)
}

extension InputFileError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case let .cannotOpen(path, reason): "impossible d'ouvrir « \(path) » : \(reason)"
        case let .readFailed(path, reason): "lecture de « \(path) » impossible : \(reason)"
        case let .isDirectory(path): "« \(path) » est un dossier, pas un fichier : donnez le chemin d'un fichier CSV ou XML"
        case let .notRegularFile(path, kind): "\(path) n'est pas un fichier ordinaire (\(kind)) : donnez le chemin d'un fichier CSV ou XML"
        }
    }
}
