/// A commune of the territory, recognised by INSEE code, postal code or name.
public struct Commune: Sendable, Hashable, Codable {
    /// INSEE code (5 characters, text: `2A004` exists).
    public let inseeCode: String
    /// Postal codes (most communes have one; large ones several).
    public let postalCodes: [String]
    /// Official name, for display.
    public let name: String
    /// Other spellings users write (`Aulnay`, `Tremblay`).
    public let variants: [String]

    public init(inseeCode: String, postalCodes: [String], name: String, variants: [String] = []) {
        self.inseeCode = inseeCode
        self.postalCodes = postalCodes
        self.name = name
        self.variants = variants
    }

    /// Identifier of the commune's own source of inventories (`le-blanc-mesnil`).
    public var sourceID: String { TextFolding.slug(name) }
}
