import Foundation

/// Errors of the command line itself (files, arguments), in French.
enum CLIError: Error, LocalizedError {
    case fileNotFound(String)
    case samplesNotFound
    case invalidDate(String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case demoManifest(String)
    case unwritableAnswer(String)
    case portal(String)
    case password(String)

    var errorDescription: String? {
        switch self {
        case .fileNotFound(let path):
            "fichier « \(path) » introuvable"
        case .samplesNotFound:
            "échantillons introuvables : le dossier Imports/ livré avec l'outil est absent (lancez l'outil depuis le dépôt, ou avec swift run)"
        case .invalidDate(let text):
            "date « \(text) » invalide (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"
        case let .cannotWrite(path, reason):
            "impossible d'écrire « \(path) » : \(reason)"
        case let .cannotRead(path, reason):
            "impossible de lire « \(path) » : \(reason)"
        case .demoManifest(let reason):
            "manifeste de démonstration invalide : \(reason)"
        case .unwritableAnswer(let reason):
            "réponse impossible à écrire : \(reason)"
        case .portal(let reason):
            "le portail s'est arrêté : \(reason)"
        case .password(let reason):
            reason
        }
    }
}
