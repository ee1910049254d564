import BourseCore
import BourseImport
import Foundation
import GRDB

/// Errors that stop a store operation; every message is French and names what to do.
public enum StoreError: Error, Sendable, Equatable {
    case cannotOpen(path: String, reason: String)
    case database(String)
    case notInitialised
    case territory(String)
    case unknownSource(String, known: [String])
    case sourceExists(String)
    case unknownCommune(String)
    case unknownPremises(String)
    case unknownStructure(String)
    case unknownNeed(String)
    case unknownRound(Int64)
    case placement(String)
    case olderThanLatest(file: String, asOf: CivilDate, latest: CivilDate)
    case strictRejected(file: String, rejected: Int)
    case nothingAccepted(file: String, rejected: Int)
    case read(InventoryReadError)
    case statusChange(String)

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return (error as? any LocalizedError)?.errorDescription ?? "\(error)"
    }
}

extension StoreError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case let .cannotOpen(path, reason):
            "impossible d'ouvrir la base « \(path) » : \(reason)"
        case .database(let reason):
            "erreur de la base de données : \(reason)"
        case .notInitialised:
            "la base n'est pas initialisée : lancez d'abord « bourse init »"
        case .territory(let reason):
            reason
        case let .unknownSource(id, known):
            "source « \(id) » inconnue. Sources connues : \(known.joined(separator: ", ")). Ajoutez-la avec « bourse sources add »."
        case .sourceExists(let id):
            "la source « \(id) » existe déjà"
        case .unknownCommune(let text):
            "commune « \(text) » inconnue du territoire"
        case .unknownPremises(let id):
            "local « \(id) » introuvable"
        case .unknownStructure(let key):
            "structure « \(key) » introuvable (référence ou SIRET)"
        case .unknownNeed(let reference):
            "besoin « \(reference) » introuvable"
        case .unknownRound(let id):
            "tour d'appariement n° \(id) introuvable (voir bourse rounds)"
        case .placement(let reason):
            reason
        case let .olderThanLatest(file, asOf, latest):
            "\(file) : inventaire daté du \(asOf.french), antérieur au dernier inventaire de cette source (\(latest.french)) : refusé. Pour l'enregistrer comme inventaire historique (il n'ajoute que les locaux inconnus, ne retire et ne modifie rien), relancez avec --allow-older."
        case let .strictRejected(file, rejected):
            "\(file) : \(rejected) ligne(s) rejetée(s) en mode --strict : rien n'a été importé"
        case let .nothingAccepted(file, rejected):
            "\(file) : aucune ligne acceptée (\(rejected) rejetée(s)) : import annulé, rien n'a été retiré ni modifié"
        case .read(let error):
            error.errorDescription ?? "\(error)"
        case .statusChange(let reason):
            reason
        }
    }
}
