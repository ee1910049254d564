/// A premises offered in the exchange, as read from an inventory.
public struct Premises: Sendable, Hashable {
    /// The source's own reference, unique within the source for one commune.
    public var reference: String
    /// INSEE code of its commune.
    public var communeInsee: String
    public var address: String?
    public var type: PremisesType
    /// The type as written in the file when it was not a known label (kept, never lost).
    public var typeLabel: String?
    /// Surface in m² (> 0).
    public var surface: Double
    public var rent: Rent?
    /// Monthly charges in euros.
    public var charges: Double?
    /// Monthly market rent in euros, for the solidarity discount.
    public var marketRent: Double?
    public var leaseKind: LeaseKind?
    /// The lease kind as written when it was not a known label.
    public var leaseLabel: String?
    public var availableFrom: CivilDate?
    public var availableUntil: CivilDate?
    /// Floor: 0 for the ground floor, negative below.
    public var floor: Int?
    /// Accessible to people with reduced mobility.
    public var accessible: Bool?
    /// Status the inventory gives (disponible, or retiré when the file says so).
    public var status: PremisesStatus
    public var contact: String?
    public var remarks: String?
    /// Columns the importer did not know, header → value, in file order (kept, never lost).
    public var extra: [ExtraField]

    public init(
        reference: String, communeInsee: String, address: String? = nil, type: PremisesType = .other,
        typeLabel: String? = nil, surface: Double, rent: Rent? = nil, charges: Double? = nil,
        marketRent: Double? = nil, leaseKind: LeaseKind? = nil, leaseLabel: String? = nil,
        availableFrom: CivilDate? = nil, availableUntil: CivilDate? = nil, floor: Int? = nil,
        accessible: Bool? = nil, status: PremisesStatus = .available, contact: String? = nil,
        remarks: String? = nil, extra: [ExtraField] = []
    ) {
        self.reference = reference
        self.communeInsee = communeInsee
        self.address = address
        self.type = type
        self.typeLabel = typeLabel
        self.surface = surface
        self.rent = rent
        self.charges = charges
        self.marketRent = marketRent
        self.leaseKind = leaseKind
        self.leaseLabel = leaseLabel
        self.availableFrom = availableFrom
        self.availableUntil = availableUntil
        self.floor = floor
        self.accessible = accessible
        self.status = status
        self.contact = contact
        self.remarks = remarks
        self.extra = extra
    }
}

/// A column of an inventory that no alias or profile knew, kept with the premises.
public struct ExtraField: Sendable, Hashable, Codable {
    public var header: String
    public var value: String

    public init(header: String, value: String) {
        self.header = header
        self.value = value
    }
}
