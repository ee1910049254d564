import Foundation

/// An element or attribute name: a namespace URI (`nil`: no namespace) and a local name.
/// Namespaces are compared by URI, never by prefix.
public struct XMLName: Sendable, Hashable, CustomStringConvertible {
    public var uri: String?
    public var local: String

    public init(uri: String?, local: String) {
        self.uri = uri
        self.local = local
    }

    public var description: String {
        if let uri { return "{\(uri)}\(local)" }
        return local
    }
}

/// Where a value is read, relative to a record element.
///
/// Written in profiles in a small subset of XPath:
/// - `surface`, `h:surfaces/h:utile`: the text of a child (or a deeper descendant along the path);
/// - `@numero`, `@h:numero`, `h:loyer/@periodicite`: an attribute of the record or of a child;
/// - `ancestor::h:programme/@commune`, `ancestor::h:programme/h:adresse`: an attribute or a child
///   of the nearest enclosing element of that name (a child must come before the records, since
///   the file is read in one pass).
public struct XMLPath: Sendable, Hashable, CustomStringConvertible {
    /// The enclosing element the path starts from; `nil` for the record itself.
    public var ancestor: XMLName?
    /// Child elements to walk down, in order (empty for an attribute of the start element).
    public var steps: [XMLName]
    /// The attribute read at the end of the path; `nil` for the text of the last element.
    public var attribute: XMLName?
    /// The path as written in the profile, for messages.
    public var written: String

    public var description: String { written }

    /// Parses a path.
    /// - Parameters:
    ///   - namespaces: prefix → URI, from the profile.
    ///   - defaultNamespace: the URI of unprefixed element names (`nil`: no namespace). Unprefixed
    ///     attributes are in no namespace, as in XML.
    /// - Throws: a French reason.
    public static func parse(_ text: String, namespaces: [String: String], defaultNamespace: String?) throws(XMLProfileSyntaxError) -> XMLPath {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { throw XMLProfileSyntaxError(reason: "chemin vide") }
        func name(_ qualified: Substring, attribute: Bool) throws(XMLProfileSyntaxError) -> XMLName {
            let parts = qualified.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.allSatisfy({ isNCName($0) }) else {
                throw XMLProfileSyntaxError(reason: "nom « \(qualified) » invalide dans le chemin « \(text) »")
            }
            if parts.count == 2 {
                guard let uri = namespaces[String(parts[0])] else {
                    throw XMLProfileSyntaxError(reason: "préfixe « \(parts[0]) » non déclaré dans « espaces_de_noms » (chemin « \(text) »)")
                }
                return XMLName(uri: uri, local: String(parts[1]))
            }
            return XMLName(uri: attribute ? nil : defaultNamespace, local: String(parts[0]))
        }
        var ancestor: XMLName?
        if rest.hasPrefix("ancestor::") {
            rest = rest.dropFirst("ancestor::".count)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            ancestor = try name(rest[..<end], attribute: false)
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            guard !rest.isEmpty else {
                throw XMLProfileSyntaxError(reason: "« \(text) » : après ancestor::NOM, donnez un attribut (@nom) ou un élément enfant")
            }
        }
        var steps: [XMLName] = []
        var attribute: XMLName?
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part.hasPrefix("@") {
                guard index == parts.count - 1 else {
                    throw XMLProfileSyntaxError(reason: "« \(text) » : un attribut (@…) ne peut être que la fin du chemin")
                }
                attribute = try name(part.dropFirst(), attribute: true)
            } else {
                guard !part.isEmpty else { throw XMLProfileSyntaxError(reason: "« \(text) » : étape vide dans le chemin") }
                steps.append(try name(part, attribute: false))
            }
        }
        if ancestor != nil && steps.count > 1 {
            throw XMLProfileSyntaxError(reason: "« \(text) » : sous un ancêtre, lisez un attribut ou un enfant direct")
        }
        return XMLPath(ancestor: ancestor, steps: steps, attribute: attribute, written: text)
    }

    private static func isNCName(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0 == "." || $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}

/// A malformed path or name in a profile.
public struct XMLProfileSyntaxError: Error, Sendable, Equatable {
    public var reason: String
}

/// How one premises field is read from a record.
public struct XMLFieldSpec: Sendable, Hashable {
    public var path: XMLPath
    /// Where the period of an amount is written (`mensuel`, `trimestriel`, `annuel`…), for rents,
    /// charges and market rents.
    public var period: XMLPath?
    /// Where its unit is written (`euros`, `€/m²`…): a rent per m² is read as €/m²/year.
    public var unit: XMLPath?

    public init(path: XMLPath, period: XMLPath? = nil, unit: XMLPath? = nil) {
        self.path = path
        self.period = period
        self.unit = unit
    }
}

/// How to read a landlord's XML export: which element is a premises and where each field is.
///
/// ```json
/// {
///   "description": "Export patrimoine de Habitat Exemple",
///   "espaces_de_noms": { "h": "http://exemple.fr/patrimoine/2" },
///   "racine": "h:patrimoine",
///   "enregistrement": "h:local",
///   "date": "@dateExtraction",
///   "champs": {
///     "reference": "@numero",
///     "commune": "ancestor::h:programme/@commune",
///     "surface": "h:surface",
///     "loyer_mensuel": { "chemin": "h:loyer", "periodicite": "h:loyer/@periodicite" }
///   }
/// }
/// ```
public struct XMLMappingProfile: Sendable, Hashable {
    public var description: String?
    /// The expected root element; `nil` accepts any.
    public var root: XMLName?
    public var record: XMLName
    /// Where the inventory date is, relative to the root element.
    public var date: XMLPath?
    /// Where the file names its landlord (identifier or name), relative to the root element: the
    /// file is then refused for another source.
    public var landlord: XMLPath?
    public var fields: [PremisesField: XMLFieldSpec]
    /// Validate against this XSD while reading (our own format).
    public var schemaPath: String?
    /// A short name for messages ("format de la bourse", "profil habitat.json").
    public var name: String

    public init(name: String, description: String? = nil, root: XMLName?, record: XMLName, date: XMLPath?, fields: [PremisesField: XMLFieldSpec], schemaPath: String? = nil, landlord: XMLPath? = nil) {
        self.name = name
        self.description = description
        self.root = root
        self.record = record
        self.date = date
        self.landlord = landlord
        self.fields = fields
        self.schemaPath = schemaPath
    }

    /// Whether a JSON profile file describes an XML shape (it names its record element).
    public static func isXMLProfile(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["enregistrement"] != nil
    }

    /// Reads a profile file.
    /// - Throws: `MappingProfileError` naming the file and what is wrong, in French.
    public static func load(path: String) throws(MappingProfileError) -> XMLMappingProfile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .invalid(path: path, reason: "JSON invalide : syntaxe incorrecte (vérifiez guillemets, virgules, crochets et accolades)")
        }
        guard let root = object as? [String: Any] else { throw .invalid(path: path, reason: "un objet JSON est attendu") }
        do {
            return try parse(root, name: "profil \(URL(fileURLWithPath: path).lastPathComponent)")
        } catch {
            throw .invalid(path: path, reason: error.reason)
        }
    }

    /// Builds a profile from its decoded JSON object.
    public static func parse(_ root: [String: Any], name: String) throws(XMLProfileSyntaxError) -> XMLMappingProfile {
        let known = ["description", "espaces_de_noms", "espace_de_noms_par_defaut", "racine", "enregistrement", "date", "bailleur", "champs"]
        if let unknown = root.keys.sorted().first(where: { !known.contains($0) }) {
            throw XMLProfileSyntaxError(reason: "clé « \(unknown) » inconnue (clés admises : \(known.joined(separator: ", ")))")
        }
        var namespaces: [String: String] = [:]
        if let declared = root["espaces_de_noms"] {
            guard let object = declared as? [String: Any] else {
                throw XMLProfileSyntaxError(reason: "« espaces_de_noms » doit être un objet préfixe → URI")
            }
            for (prefix, uri) in object {
                guard let uri = uri as? String, !uri.isEmpty else {
                    throw XMLProfileSyntaxError(reason: "l'espace de noms du préfixe « \(prefix) » doit être une URI non vide")
                }
                namespaces[prefix] = uri
            }
        }
        var defaultNamespace: String?
        if let value = root["espace_de_noms_par_defaut"] {
            guard let uri = value as? String, !uri.isEmpty else {
                throw XMLProfileSyntaxError(reason: "« espace_de_noms_par_defaut » doit être une URI")
            }
            defaultNamespace = uri
        }
        func elementName(_ key: String) throws(XMLProfileSyntaxError) -> XMLName? {
            guard let value = root[key] else { return nil }
            guard let text = value as? String else { throw XMLProfileSyntaxError(reason: "« \(key) » doit être un nom d'élément") }
            let path = try XMLPath.parse(text, namespaces: namespaces, defaultNamespace: defaultNamespace)
            guard path.ancestor == nil, path.attribute == nil, path.steps.count == 1 else {
                throw XMLProfileSyntaxError(reason: "« \(key) » doit être un nom d'élément, pas un chemin (« \(text) »)")
            }
            return path.steps[0]
        }
        guard let record = try elementName("enregistrement") else {
            throw XMLProfileSyntaxError(reason: "la clé « enregistrement » (l'élément qui décrit un local) est obligatoire")
        }
        let rootName = try elementName("racine")
        func path(_ value: Any, what: String) throws(XMLProfileSyntaxError) -> XMLPath {
            guard let text = value as? String else { throw XMLProfileSyntaxError(reason: "\(what) : un chemin (texte) est attendu") }
            do {
                return try XMLPath.parse(text, namespaces: namespaces, defaultNamespace: defaultNamespace)
            } catch {
                throw XMLProfileSyntaxError(reason: "\(what) : \(error.reason)")
            }
        }
        var date: XMLPath?
        if let value = root["date"] {
            date = try path(value, what: "« date »")
            if date?.ancestor != nil {
                throw XMLProfileSyntaxError(reason: "« date » se lit depuis la racine : attribut (@date) ou élément enfant")
            }
        }
        var landlord: XMLPath?
        if let value = root["bailleur"] {
            landlord = try path(value, what: "« bailleur »")
            if landlord?.ancestor != nil {
                throw XMLProfileSyntaxError(reason: "« bailleur » se lit depuis la racine : attribut (@bailleur) ou élément enfant (Entete/Societe)")
            }
        }
        guard let fieldsObject = root["champs"] as? [String: Any] else {
            throw XMLProfileSyntaxError(reason: "la clé « champs » (objet champ → chemin) est obligatoire")
        }
        var fields: [PremisesField: XMLFieldSpec] = [:]
        for (key, value) in fieldsObject {
            guard let field = PremisesField(rawValue: key) else {
                let names = PremisesField.allCases.map(\.rawValue).joined(separator: ", ")
                throw XMLProfileSyntaxError(reason: "champ « \(key) » inconnu (champs : \(names))")
            }
            if let object = value as? [String: Any] {
                let allowed = ["chemin", "periodicite", "unite"]
                if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                    throw XMLProfileSyntaxError(reason: "champ « \(key) » : clé « \(unknown) » inconnue (clés admises : chemin, periodicite, unite)")
                }
                guard let main = object["chemin"] else {
                    throw XMLProfileSyntaxError(reason: "champ « \(key) » : la clé « chemin » est obligatoire")
                }
                var spec = XMLFieldSpec(path: try path(main, what: "champ « \(key) »"))
                if let period = object["periodicite"] { spec.period = try path(period, what: "champ « \(key) », periodicite") }
                if let unit = object["unite"] { spec.unit = try path(unit, what: "champ « \(key) », unite") }
                if (spec.period != nil || spec.unit != nil) && !XMLAmount.convertible.contains(field) {
                    throw XMLProfileSyntaxError(reason: "champ « \(key) » : periodicite et unite ne valent que pour les loyers et les charges")
                }
                fields[field] = spec
            } else {
                fields[field] = XMLFieldSpec(path: try path(value, what: "champ « \(key) »"))
            }
        }
        let missing = PremisesField.missingRequired(in: fields.mapValues { _ in [0] })
        if !missing.isEmpty {
            throw XMLProfileSyntaxError(reason: "champs obligatoires sans chemin : \(missing.joined(separator: ", "))")
        }
        if let description = root["description"], !(description is String) {
            throw XMLProfileSyntaxError(reason: "« description » doit être un texte")
        }
        return XMLMappingProfile(
            name: name, description: root["description"] as? String, root: rootName, record: record, date: date,
            fields: fields, landlord: landlord)
    }

    /// Our own documented format (`Imports/inventaire-bailleur.xsd`), validated against its schema.
    public static let bourseNamespace = "urn:bourse-fonciere-ess:inventaire:1"

    /// The profile of our own format; `schemaPath` is the XSD to validate against.
    public static func bourseFormat(schemaPath: String?) -> XMLMappingProfile {
        let object: [String: Any] = [
            "espace_de_noms_par_defaut": bourseNamespace,
            "racine": "inventaire",
            "enregistrement": "local",
            "date": "@date",
            "bailleur": "@bailleur",
            "champs": [
                "reference": "@reference",
                "commune": "commune",
                "code_insee": "commune/@insee",
                "code_postal": "commune/@code_postal",
                "adresse": "adresse",
                "type": "type",
                "surface": "surface",
                "loyer_mensuel": ["chemin": "loyer", "periodicite": "loyer/@periodicite", "unite": "loyer/@unite"],
                "charges": ["chemin": "charges", "periodicite": "charges/@periodicite"],
                "loyer_marche": ["chemin": "loyer_marche", "periodicite": "loyer_marche/@periodicite"],
                "bail": "bail",
                "disponible_le": "disponible_le",
                "disponible_jusqu_au": "disponible_jusqu_au",
                "etage": "etage",
                "pmr": "pmr",
                "statut": "statut",
                "contact": "contact",
                "remarques": "remarques",
            ] as [String: Any],
        ]
        // The object above is fixed: parsing it cannot fail.
        var profile = try! parse(object, name: "format de la bourse")
        profile.schemaPath = schemaPath
        return profile
    }
}

/// Amounts given per period or per m².
enum XMLAmount {
    static let convertible: Set<PremisesField> = [.monthlyRent, .annualRent, .rentPerSquareMetreYear, .charges, .marketRent]

    enum Period { case month, quarter, half, year }

    /// Reads a period label; `nil` when unknown.
    static func period(_ text: String) -> Period? {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            .trimmingCharacters(in: .whitespaces)
        switch folded {
        case "mensuel", "mensuelle", "mois", "par mois", "mensualite", "monthly", "month", "m", "1": return .month
        case "trimestriel", "trimestrielle", "trimestre", "par trimestre", "quarterly", "t", "3": return .quarter
        case "semestriel", "semestrielle", "semestre", "par semestre", "6": return .half
        case "annuel", "annuelle", "an", "annee", "par an", "yearly", "annual", "year", "a", "12": return .year
        default: return nil
        }
    }

    /// Whether a unit label means "per m²".
    static func isPerSquareMetre(_ text: String) -> Bool? {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: " ", with: "")
        if folded.contains("m2") || folded.contains("m²") || folded.contains("metrecarre") || folded.contains("parm") { return true }
        switch folded {
        case "€", "eur", "euro", "euros", "e", "": return false
        default: return nil
        }
    }
}
