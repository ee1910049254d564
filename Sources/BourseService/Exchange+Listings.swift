import BourseCore
import BourseStore

/// What the users look up: sources, inventories, premises, structures and needs, with their
/// histories. Plain reads of the store, in one place so that the command line and the portal list
/// the same things.
extension Exchange {
    /// Every source with its inventories and its available m².
    public func sources() throws -> [BourseDatabase.SourceSummary] {
        try database.sources()
    }

    /// The source a user names (identifier, commune name, INSEE code).
    public func source(named text: String) throws -> Source {
        try database.resolveSource(text)
    }

    /// The imported inventories, newest first; of one source when given.
    public func inventories(source: String? = nil, limit: Int? = nil, offset: Int = 0) throws -> [InventoryRecord] {
        try database.inventories(sourceID: try source.map { try database.resolveSource($0).id }, limit: limit, offset: offset)
    }

    /// The premises that pass `filter`, one at a time (a million would not fit in memory as
    /// listings).
    public func forEachPremises(_ filter: PremisesFilter, _ body: (PremisesListing) throws -> Void) throws {
        try database.forEachPremises(filter, body)
    }

    /// One premises and the events of its history.
    public func premises(id: Int64) throws -> (PremisesListing, [PremisesEventRecord]) {
        try database.premises(id: id)
    }

    /// The register of structures.
    public func structures() throws -> [StructureListing] {
        try database.structures()
    }

    /// One structure (reference or SIRET), its needs and its history.
    public func structure(_ key: String) throws -> (StructureListing, [NeedListing], [RegisterEventRecord]) {
        try database.structure(key)
    }

    /// The needs, of one status when given.
    public func needs(status: NeedStatus? = nil) throws -> [NeedListing] {
        try database.needs(status: status)
    }

    /// One need and its history.
    public func need(_ reference: String) throws -> (NeedListing, [RegisterEventRecord]) {
        try database.need(reference)
    }

    /// INSEE code → commune name, for the listings.
    public func communeNamesByCode() throws -> [String: String] {
        try communeNames()
    }
}

extension Exchange {
    /// Every commune with the premises available in it today (the portal's map).
    public func offerByCommune() throws -> [CommuneOffer] {
        try database.offerByCommune()
    }
}

extension Exchange {
    /// An inventory and the records it rejected (its rejects, kept in the bourse).
    public func inventoryRejects(id: Int64) throws -> (InventoryRecord, [ImportRejectRecord])? {
        try database.inventoryRejects(id: id)
    }
}

extension Exchange {
    /// The rounds accepted, with the date of their placements.
    public func acceptedRounds() throws -> [Int64: String] {
        try database.acceptedRounds()
    }
}

extension Exchange {
    /// A value that changes whenever the bourse may have changed (what a cache is kept by).
    public func changeMark() -> [Int64]? {
        database.changeMark()
    }
}

extension Exchange {
    /// Every source, without its counts (a form's choices).
    public func sourceList() throws -> [Source] {
        try database.sourceList()
    }
}

extension Exchange {
    /// Whether round `id` exists.
    public func roundExists(_ id: Int64) throws -> Bool {
        try database.roundExists(id)
    }
}
