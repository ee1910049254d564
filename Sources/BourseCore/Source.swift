/// A supplier of premises: a commune, a landlord or another owner, with a stable identifier.
public struct Source: Sendable, Hashable, Codable {
    /// Stable identifier users type (`drancy`, `seine-saint-denis-habitat`).
    public var id: String
    public var name: String
    public var kind: SourceKind
    /// INSEE code of the commune when the source is a commune.
    public var communeInsee: String?

    public init(id: String, name: String, kind: SourceKind, communeInsee: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.communeInsee = communeInsee
    }

    /// The source of a commune's own inventories.
    public static func commune(_ commune: Commune) -> Source {
        Source(id: commune.sourceID, name: commune.name, kind: .commune, communeInsee: commune.inseeCode)
    }
}
