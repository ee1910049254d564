import Foundation

/// Errors of the application layer itself, in French.
public enum ServiceError: Error, LocalizedError, Equatable {
    case noRound
    case unreadableRound(Int64)
    case notALandlord(String)
    /// An e-mail address that does not look like one.
    case invalidEmail(String)
    case accountExists(String)
    case unknownAccount(String)
    /// A password too short or too long (bcrypt reads 72 bytes at most).
    case weakPassword(minimum: Int)
    case passwordTooLong
    /// A commune or landlord account without its source, a Direction account with one, or a
    /// source of the wrong kind.
    case accountSource(String)
    case emptyName
    /// A backup that would replace what it must not.
    case backupTarget(String)

    public var errorDescription: String? {
        switch self {
        case .noRound:
            "aucun tour d'appariement enregistré : lancez d'abord bourse match"
        case .unreadableRound(let id):
            "les paramètres du tour n° \(id) sont illisibles"
        case .notALandlord(let id):
            "la source « \(id) » n'est pas un bailleur"
        case .invalidEmail(let text):
            "« \(text) » n'est pas une adresse électronique (attendu : nom@domaine.fr)"
        case .accountExists(let email):
            "un compte existe déjà pour « \(email) »"
        case .unknownAccount(let email):
            "aucun compte pour « \(email) » (voir bourse users list)"
        case .weakPassword(let minimum):
            "mot de passe trop court : au moins \(minimum) caractères"
        case .passwordTooLong:
            "mot de passe trop long : 72 octets au plus"
        case .accountSource(let reason):
            reason
        case .backupTarget(let reason):
            "sauvegarde impossible : \(reason)"
        case .emptyName:
            "le nom du titulaire du compte est vide (--name)"
        }
    }
}
