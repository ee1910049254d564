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
    /// A file that names its landlord, imported for another source.
    case otherLandlord(file: String, named: String, source: String)
    /// A commune's inventory whose records are mostly (or, among those accepted, all) of other
    /// communes: `found` the other communes, most records first.
    case otherCommunes(file: String, found: [CommuneRecords], expected: String)

    /// How many records of a file name a commune.
    public struct CommuneRecords: Sendable, Equatable {
        public var name: String
        public var insee: String
        public var records: Int

        public init(name: String, insee: String, records: Int) {
            self.name = name
            self.insee = insee
            self.records = records
        }
    }

    /// « de Drancy (12 lignes) et du Bourget (1 ligne) »: the first three communes, then how many
    /// others.
    static func communeList(_ found: [CommuneRecords]) -> String {
        let shown = found.prefix(3).map { "\(Commune.withDe($0.name)) (\(FrenchNumber.format($0.records)) ligne\($0.records > 1 ? "s" : ""))" }
        if found.count > 3 { return shown.joined(separator: ", ") + " et \(found.count - 3) autre(s) commune(s)" }
        return shown.count > 1 ? shown.dropLast().joined(separator: ", ") + " et " + (shown.last ?? "") : shown.first ?? ""
    }

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
        case let .otherLandlord(file, named, source):
            "\(file) : le fichier est l'inventaire du bailleur « \(named) », pas de la source « \(source) » : import refusé, rien n'a été écrit. Vérifiez --source (--force-source seulement si ce bailleur a repris le patrimoine de l'autre)."
        case let .otherCommunes(file, found, expected):
            "\(file) : ce fichier décrit des locaux \(StoreError.communeList(found)), pas \(Commune.withDe(expected)) : vérifiez --source. Import refusé, rien n'a été écrit ni retiré."
        }
    }
}
