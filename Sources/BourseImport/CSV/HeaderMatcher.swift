/// The column mapping of an inventory of premises.
public typealias HeaderMapping = ColumnMapping<PremisesField>

/// Header matching for inventories of premises (see `ColumnMatcher`).
public enum HeaderMatcher {
    /// Normalises a header for comparison (see `ColumnMatcher.normalise`).
    public static func normalise(_ header: String) -> String {
        ColumnMatcher.normalise(header)
    }

    /// The premises field a header names through an alias, or `nil`.
    public static func alias(_ header: String) -> PremisesField? {
        PremisesField.aliasTable[normalise(header)]
    }

    /// The premises field a header names through loose rules on its words, or `nil`.
    public static func loose(_ header: String) -> PremisesField? {
        ColumnMatcher.loose(header, as: PremisesField.self)
    }

    /// Maps the header row of an inventory.
    public static func map(_ headers: [String], profile: MappingProfile?) -> HeaderMapping {
        ColumnMatcher.map(headers, profile: profile)
    }
}
