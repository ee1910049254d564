import BourseCore
import BourseImport
import Foundation
import GRDB

/// Errors that stop a store operation; every message is French and names what to do.
public enum StoreError: Error, Sendable, Equatable {
    case cannotOpen(path: String, reason: String)
    case database(String)
    case notInitialised
    /// A 0-byte file, or an SQLite file without a table, given to a command that does not create.
    case emptyDatabase(path: String)
    /// A file that is not an SQLite database.
    case notSQLite(path: String)
    /// Another application's SQLite database.
    case foreignDatabase(path: String, detail: String)
    /// A database that a newer version of bourse migrated (`unknown`: the migrations it applied).
    case newerDatabase(path: String, unknown: [String])
    /// A database from an older version, given to a command that only reads.
    case needsUpgrade(path: String)
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

    /// SQLite's error in French, with the database's path when known; any other error's own
    /// description.
    static func describe(_ error: any Error, path: String? = nil) -> String {
        guard let error = error as? DatabaseError else {
            return (error as? any LocalizedError)?.errorDescription ?? "\(error)"
        }
        let base = path.map { "la base « \($0) »" } ?? "la base"
        let file = path.map { "le fichier « \($0) »" } ?? "le fichier de la base"
        let message = error.message ?? ""
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "une autre commande écrit dans \(base) en ce moment (un import, un tour…) et ne l'a pas libérée à temps : réessayez quand elle aura fini"
        case .SQLITE_READONLY:
            return "\(base) est en lecture seule (droits du fichier, de son dossier ou de ses fichiers -wal et -shm) : cette commande doit y écrire ; rendez-la modifiable ou lancez la commande avec un compte qui en a le droit"
        case .SQLITE_IOERR:
            return "erreur d'entrée-sortie du disque sur \(base) (disque débranché, partage réseau coupé, fichier -wal ou -shm illisible ?) : vérifiez le support et relancez"
        case .SQLITE_FULL:
            return "le disque est plein : \(base) n'a pas pu s'agrandir ; libérez de la place et relancez (l'opération interrompue n'a rien enregistré)"
        case .SQLITE_NOTADB:
            return "\(file) n'est pas une base SQLite (ou elle est chiffrée)"
        case .SQLITE_CANTOPEN:
            return "impossible d'ouvrir \(file) (dossier absent ou droits insuffisants)"
        case .SQLITE_CORRUPT:
            return "\(base) est endommagée : restaurez sa dernière sauvegarde"
        case .SQLITE_PERM, .SQLITE_AUTH:
            return "accès refusé à \(base)"
        case .SQLITE_NOMEM:
            return "mémoire insuffisante pour la base de données"
        case .SQLITE_TOOBIG:
            return "une donnée est trop grande pour la base de données"
        case .SQLITE_CONSTRAINT:
            return constraint(message)
        default:
            return message.isEmpty ? "erreur SQLite \(error.resultCode.rawValue)" : "erreur SQLite \(error.resultCode.rawValue) : \(message)"
        }
    }

    /// A constraint SQLite reports ("UNIQUE constraint failed: sources.id", …), in French.
    private static func constraint(_ message: String) -> String {
        func detail(after prefix: String) -> String? {
            message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : nil
        }
        if let columns = detail(after: "UNIQUE constraint failed: ") {
            return "cet élément existe déjà (valeur en double : \(columns))"
        }
        if let columns = detail(after: "NOT NULL constraint failed: ") {
            return "valeur obligatoire manquante (\(columns))"
        }
        if let rule = detail(after: "CHECK constraint failed: ") {
            return "valeur refusée par la règle « \(rule) »"
        }
        if message.hasPrefix("FOREIGN KEY constraint failed") {
            return "référence à un élément absent de la base (ou élément encore utilisé ailleurs)"
        }
        return message.isEmpty ? "contrainte de la base non respectée" : "contrainte de la base non respectée : \(message)"
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
        case .emptyDatabase(let path):
            "« \(path) » est vide : ce n'est pas encore une base de la bourse. Créez-la avec « bourse init --db \(path) », ou indiquez la bonne base avec --db ou $BOURSE_DB."
        case .notSQLite(let path):
            "« \(path) » n'est pas une base de données SQLite : indiquez la base de la bourse avec --db ou $BOURSE_DB (le fichier n'a pas été modifié)."
        case let .foreignDatabase(path, detail):
            "« \(path) » est la base SQLite d'une autre application (\(detail)) : bourse ne l'ouvre pas, pour ne pas la modifier. Indiquez la base de la bourse avec --db ou $BOURSE_DB, ou créez-en une dans un nouveau fichier avec « bourse init --db FICHIER »."
        case let .newerDatabase(path, unknown):
            "la base « \(path) » a été mise à jour par une version plus récente de bourse (étape(s) inconnue(s) de celle-ci : \(unknown.joined(separator: ", "))) : utilisez cette version plus récente ; cette version-ci n'a pas modifié la base."
        case .needsUpgrade(let path):
            "la base « \(path) » vient d'une version antérieure de bourse et doit être mise à jour, ce qu'une commande de consultation ne fait pas : lancez d'abord une commande qui écrit dans la base (« bourse init --db \(path) » avec le territoire de la base, un import…), puis relancez celle-ci."
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
