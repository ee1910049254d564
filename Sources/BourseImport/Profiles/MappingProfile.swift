import Foundation

/// A source's own column names mapped to premises fields, read from a JSON file in `Imports/profils/`.
///
/// ```json
/// {
///   "description": "Export du logiciel patrimoine de Villepinte",
///   "colonnes": { "Num. lot": "reference", "Surf. pondérée": "surface" },
///   "ignorer": ["Code gestionnaire"]
/// }
/// ```
/// Headers are compared after normalisation (case, accents, spaces, punctuation).
public struct FieldMappingProfile<Field: ColumnField>: Sendable, Hashable {
    public var description: String?
    /// Header as written → field.
    public var columns: [String: Field]
    /// Headers to leave out, silently (they are not even kept as extra columns).
    public var ignored: [String]

    public init(description: String? = nil, columns: [String: Field], ignored: [String] = []) {
        self.description = description
        self.columns = columns
        self.ignored = ignored
    }

    /// Reads a profile file.
    /// - Throws: `MappingProfileError` naming the file and what is wrong in French.
    public static func load(path: String) throws(MappingProfileError) -> FieldMappingProfile<Field> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .invalid(path: path, reason: "JSON invalide : syntaxe incorrecte (vérifiez guillemets, virgules, crochets et accolades)")
        }
        guard let root = object as? [String: Any] else {
            throw .invalid(path: path, reason: "un objet JSON est attendu")
        }
        let known: Set<String> = ["description", "colonnes", "ignorer"]
        if let unknown = root.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid(path: path, reason: "clé « \(unknown) » inconnue (clés admises : description, colonnes, ignorer)")
        }
        guard let columns = root["colonnes"] as? [String: Any] else {
            throw .invalid(path: path, reason: "la clé « colonnes » (objet en-tête → champ) est obligatoire")
        }
        var mapped: [String: Field] = [:]
        for (header, value) in columns {
            guard let name = value as? String, let field = Field(rawValue: name) else {
                let names = Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalid(path: path, reason: "champ « \(value) » inconnu pour la colonne « \(header) » (champs : \(names))")
            }
            mapped[header] = field
        }
        var ignored: [String] = []
        if let list = root["ignorer"] {
            guard let strings = list as? [String] else {
                throw .invalid(path: path, reason: "« ignorer » doit être une liste d'en-têtes")
            }
            ignored = strings
        }
        if let description = root["description"], !(description is String) {
            throw .invalid(path: path, reason: "« description » doit être un texte")
        }
        return FieldMappingProfile(description: root["description"] as? String, columns: mapped, ignored: ignored)
    }
}

/// The mapping profile of an inventory of premises.
public typealias MappingProfile = FieldMappingProfile<PremisesField>
