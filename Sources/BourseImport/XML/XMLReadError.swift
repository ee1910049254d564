import Foundation

/// Why a whole XML file is refused. Nothing from such a file is written.
public enum XMLReadError: Error, Sendable, Equatable {
    /// An element still open where the error was found.
    public struct OpenElement: Sendable, Equatable {
        public var name: String
        public var line: Int
    }

    /// A DOCTYPE (and with it any entity declaration) is refused before anything is expanded.
    case doctype(line: Int)
    /// Not well-formed XML.
    case malformed(line: Int, column: Int, message: String, open: [OpenElement])
    case tooDeep(line: Int, limit: Int)
    case textTooLong(line: Int, limit: Int)
    /// An element with more attributes than any inventory needs (an attribute bomb).
    case tooManyAttributes(line: Int, element: String, count: Int, limit: Int)
    /// One tag, comment or processing instruction longer than the limit, refused before libxml2
    /// parses it (its duplicate-attribute check takes time in the square of their number).
    case markupTooLong(line: Int, limit: Int)
    /// Invalid against the bourse's XSD outside any premises record.
    case schema(line: Int, message: String)
    /// The XSD itself cannot be read.
    case schemaUnusable(path: String)
    /// Neither our format nor the profile's shape.
    case unknownShape(root: String, namespace: String?, known: [String] = [])
    case ambiguousShape(root: String, profiles: [String])
    case wrongRoot(expected: String, found: String)
    case noRecord(record: String)
    case unsupportedEncoding(String)
}

extension XMLReadError {
    /// The French message, after the file name.
    public var message: String {
        switch self {
        case .doctype(let line):
            return "ligne \(line) : déclaration DOCTYPE refusée (les entités et DTD ne sont pas admises, par sécurité) : le fichier est rejeté en entier, rien n'est écrit"
        case let .malformed(line, column, message, open):
            var text = "ligne \(line), colonne \(column) : XML mal formé (\(message))"
            if let innermost = open.last {
                text += " ; élément « \(innermost.name) » ouvert ligne \(innermost.line)"
            }
            return text + " : le fichier est rejeté en entier, rien n'est écrit"
        case let .tooDeep(line, limit):
            return "ligne \(line) : plus de \(limit) niveaux d'éléments imbriqués : le fichier est rejeté en entier"
        case let .textTooLong(line, limit):
            return "ligne \(line) : texte de plus de \(limit / 1024) Kio dans un local : le fichier est rejeté en entier"
        case let .tooManyAttributes(line, element, count, limit):
            return "ligne \(line) : \(count) attributs sur l'élément « \(element) », au-delà de la limite de \(limit) : le fichier est rejeté en entier"
        case let .markupTooLong(line, limit):
            return "ligne \(line) : balise, commentaire ou instruction de plus de \(limit / 1024) Kio (attributs par milliers ?) : le fichier est rejeté en entier"
        case let .schema(line, message):
            return "ligne \(line) : non conforme au schéma XSD de la bourse (\(message)) : le fichier est rejeté en entier"
        case .schemaUnusable(let path):
            return "schéma XSD « \(path) » illisible"
        case let .unknownShape(root, namespace, known):
            let ns = namespace.map { " (espace de noms « \($0) »)" } ?? " (sans espace de noms)"
            var text = "élément racine « \(root) »\(ns) : ce n'est pas le format XML de la bourse"
            if !known.isEmpty {
                text += " ni celui d'un profil livré (\(known.map { "« \($0) »" }.joined(separator: ", ")))"
            }
            return text + " ; donnez le profil de correspondance de ce bailleur (--mapping fichier.json)"
        case let .ambiguousShape(root, profiles):
            return "élément racine « \(root) » : plusieurs profils le reconnaissent (\(profiles.map { "« \($0) »" }.joined(separator: ", "))) ; choisissez-en un avec --mapping"
        case let .wrongRoot(expected, found):
            return "élément racine « \(found) » alors que le profil attend « \(expected) » : est-ce le bon profil ?"
        case .noRecord(let record):
            return "aucun élément « \(record) » (un local) dans le fichier : est-ce le bon profil ?"
        case .unsupportedEncoding(let name):
            return "encodage « \(name) » non pris en charge (UTF-8, UTF-16, ISO-8859-1, ISO-8859-15 ou Windows-1252)"
        }
    }
}

/// French wording of libxml2's schema-validation messages, for the common cases.
enum SchemaMessages {
    static func french(_ english: String) -> String {
        var text = english.trimmingCharacters(in: .whitespacesAndNewlines)
        // "Element '{urn:…}surface': …" → "élément « surface » : …", and
        // "Element '{urn:…}loyer', attribute 'unite': …" → "élément « loyer », attribut « unite » : …"
        var element: String?
        var attribute: String?
        if text.hasPrefix("Element '"), let close = text.range(of: "': ") {
            var name = String(text[text.index(text.startIndex, offsetBy: 9)..<close.lowerBound])
            if let split = name.range(of: "', attribute '") {
                attribute = localName(String(name[split.upperBound...]))
                name = String(name[..<split.lowerBound])
            }
            element = localName(name)
            text = String(text[close.upperBound...])
        }
        var french = text
        if let match = text.firstMatch(of: /^'(.*)' is not a valid value of the (?:atomic|local atomic|list) type '(.*)'\.$/) {
            french = "« \(match.1) » n'est pas une valeur valide (type \(shortType(String(match.2))))"
        } else if let match = text.firstMatch(of: /^\[facet '\w+'\] The value '(.*)' is not an element of the set \{(.*)\}\.$/) {
            french = "« \(match.1) » n'est pas une des valeurs admises (\(match.2.replacingOccurrences(of: "'", with: "")))"
        } else if let match = text.firstMatch(of: /^\[facet '(\w+)'\] The value '(.*)' (?:must be|has a length of)(.*)$/) {
            french = "valeur « \(match.2) » hors des limites du schéma (\(match.1)\(match.3))"
        } else if text.hasPrefix("This element is not expected.") {
            let expected = text.firstMatch(of: /Expected is (?:one of )?\( ?(.*?) ?\)/).map { " ; attendu : \(names(String($0.1)))" } ?? ""
            french = "élément inattendu à cet endroit\(expected)"
        } else if text.hasPrefix("Missing child element(s).") {
            let expected = text.firstMatch(of: /Expected is (?:one of )?\( ?(.*?) ?\)/).map { " : \(names(String($0.1)))" } ?? ""
            french = "élément(s) enfant(s) obligatoire(s) manquant(s)\(expected)"
        } else if let match = text.firstMatch(of: /^The attribute '(.*)' is required but missing\.$/) {
            french = "attribut « \(match.1) » obligatoire absent"
        } else if let match = text.firstMatch(of: /^The attribute '(.*)' is not allowed\.$/) {
            french = "attribut « \(match.1) » non prévu"
        } else if text.hasPrefix("No matching global declaration available for the validation root") {
            french = "élément racine non déclaré par le schéma"
        } else if text.hasPrefix("Element content is not allowed, because the content type is a simple type") {
            french = "cet élément ne doit contenir que du texte"
        } else if text.hasPrefix("Character content other than whitespace is not allowed") {
            french = "texte non admis à cet endroit"
        } else if let match = text.firstMatch(of: /^Duplicate key-sequence \[(.*)\]/) {
            french = "valeur en double [\(match.1)] (doit être unique)"
        }
        if let element, let attribute, !french.contains("« \(attribute) »") {
            return "élément « \(element) », attribut « \(attribute) » : \(french)"
        }
        if let element { return "élément « \(element) » : \(french)" }
        return french
    }

    private static func localName(_ name: String) -> String {
        guard let brace = name.lastIndex(of: "}") else { return name }
        return String(name[name.index(after: brace)...])
    }

    private static func shortType(_ type: String) -> String {
        switch localName(type) {
        case "xs:decimal", "decimal": return "nombre décimal avec un point"
        case "xs:date", "date": return "date AAAA-MM-JJ"
        case "xs:integer", "integer", "xs:int", "int": return "nombre entier"
        case "xs:boolean", "boolean": return "booléen"
        default: return localName(type)
        }
    }

    private static func names(_ list: String) -> String {
        list.split(separator: ",").map { "« \(localName($0.trimmingCharacters(in: .whitespaces))) »" }.joined(separator: ", ")
    }
}
