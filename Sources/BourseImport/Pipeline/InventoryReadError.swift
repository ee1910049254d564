import BourseCore
import Foundation

/// Errors that reject a whole inventory file before or while its records are read.
public enum InventoryReadError: Error, Sendable, Equatable {
    case input(InputFileError)
    case empty(file: String)
    case noDelimiter(file: String)
    /// A binary document sent instead of a CSV file (a workbook, a PDF): what it looks like.
    case notText(file: String, kind: String)
    case headerNotFound(file: String, line: Int?, missing: [String], seen: [String])
    case malformed(file: String, CSVError)
    case xml(file: String, XMLReadError)
    /// A record above the header, or the header, with more columns than a table may have.
    case tooManyColumns(file: String, line: Int, count: Int, limit: Int)
}

extension InventoryReadError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .input(let error):
            return error.errorDescription
        case .empty(let file):
            return "\(file) : fichier vide"
        case .noDelimiter(let file):
            if file.lowercased().hasSuffix(".xml") {
                return "\(file) : ce fichier porte l'extension .xml mais ne commence pas par « < » : ce n'est ni un XML lisible ni un CSV"
            }
            return "\(file) : séparateur introuvable (ni « ; », ni « , », ni tabulation, ni « | ») : est-ce bien un fichier CSV ?"
        case let .notText(file, kind):
            return "\(file) : c'est \(kind), pas un fichier CSV : ouvrez-le et enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) », puis importez ce fichier-là"
        case let .headerNotFound(file, line, missing, seen):
            var text = "\(file)"
            if let line { text += ":\(line)" }
            text += " : ligne d'en-tête introuvable ; colonnes obligatoires absentes : \(missing.joined(separator: ", "))."
            if !seen.isEmpty {
                text += " Colonnes lues : \(seen.map { "« \($0) »" }.joined(separator: ", "))."
            }
            text += " Renommez les colonnes ou donnez un profil de correspondance (--mapping)."
            return text
        case let .xml(file, error):
            return "\(file) : \(error.message)"
        case let .tooManyColumns(file, line, count, limit):
            return "\(file):\(line) : \(count) colonnes, au-delà de la limite de \(limit) : le fichier est rejeté en entier (est-ce bien un inventaire ?)"
        case let .malformed(file, .unclosedQuote(line)):
            return "\(file):\(line) : guillemet ouvert à cette ligne et jamais refermé : le fichier est rejeté en entier"
        case let .malformed(file, .recordTooLong(line, limit)):
            return "\(file):\(line) : enregistrement de plus de \(limit / (1 << 20)) Mio (guillemet jamais refermé ?) : le fichier est rejeté en entier"
        }
    }
}
