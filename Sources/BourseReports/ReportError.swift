import Foundation

/// Errors that stop a report, in French.
public enum ReportError: Error, Sendable, Equatable {
    /// A template that does not parse: a defect of the tool, not of the data.
    case template(String)
    /// A stored round whose preferences or parameters cannot be read back.
    case unreadableRound(Int64)
}

extension ReportError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .template(let name):
            "modèle de page HTML invalide (\(name)) : défaut de l'outil, à signaler"
        case .unreadableRound(let id):
            "le tour n° \(id) est illisible dans la base (préférences ou paramètres)"
        }
    }
}
