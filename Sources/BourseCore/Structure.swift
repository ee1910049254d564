/// An ESS structure of the register: who may be placed in a premises.
public struct Structure: Sendable, Hashable {
    /// The register's own reference (`S012`), unique.
    public var reference: String
    public var name: String
    /// 14 digits, checked (see `Siret`).
    public var siret: String?
    public var legalForm: LegalForm
    /// The legal form as written when it was not a known label (kept).
    public var legalFormLabel: String?
    public var sector: Sector
    /// The sector as written when it was not a known label (kept).
    public var sectorLabel: String?
    /// Jobs in full-time equivalents.
    public var jobs: Double?
    /// Year of the call for projects the structure won, if any.
    public var laureateYear: Int?
    public var contact: String?
    /// INSEE code of the commune where it is based.
    public var communeInsee: String?
    public var remarks: String?

    public init(
        reference: String, name: String, siret: String? = nil, legalForm: LegalForm = .other,
        legalFormLabel: String? = nil, sector: Sector = .other, sectorLabel: String? = nil, jobs: Double? = nil,
        laureateYear: Int? = nil, contact: String? = nil, communeInsee: String? = nil, remarks: String? = nil
    ) {
        self.reference = reference
        self.name = name
        self.siret = siret
        self.legalForm = legalForm
        self.legalFormLabel = legalFormLabel
        self.sector = sector
        self.sectorLabel = sectorLabel
        self.jobs = jobs
        self.laureateYear = laureateYear
        self.contact = contact
        self.communeInsee = communeInsee
        self.remarks = remarks
    }
}

/// A structure's request for premises.
public struct Need: Sendable, Hashable {
    /// The register's own reference (`B031`), unique.
    public var reference: String
    /// Reference of the structure that asks.
    public var structureReference: String
    /// Surface range in m² (min ≤ max).
    public var surfaceMin: Double
    public var surfaceMax: Double
    /// Maximum monthly rent in euros, excluding charges.
    public var budgetMonthly: Double?
    /// Maximum rent in euros per m² per year, when the budget was given that way.
    public var budgetPerSquareMetreYear: Double?
    /// INSEE codes in order of preference; empty means any commune of the territory.
    public var communes: [String]
    /// Acceptable types; empty means any.
    public var types: [PremisesType]
    public var wantedFrom: CivilDate?
    public var minimumDurationMonths: Int?
    public var accessibleRequired: Bool
    /// Acceptable lease kinds; empty means any.
    public var leaseKinds: [LeaseKind]
    public var requestedOn: CivilDate?
    public var status: NeedStatus
    public var remarks: String?

    public init(
        reference: String, structureReference: String, surfaceMin: Double, surfaceMax: Double,
        budgetMonthly: Double? = nil, budgetPerSquareMetreYear: Double? = nil, communes: [String] = [],
        types: [PremisesType] = [], wantedFrom: CivilDate? = nil, minimumDurationMonths: Int? = nil,
        accessibleRequired: Bool = false, leaseKinds: [LeaseKind] = [], requestedOn: CivilDate? = nil,
        status: NeedStatus = .active, remarks: String? = nil
    ) {
        self.reference = reference
        self.structureReference = structureReference
        self.surfaceMin = surfaceMin
        self.surfaceMax = surfaceMax
        self.budgetMonthly = budgetMonthly
        self.budgetPerSquareMetreYear = budgetPerSquareMetreYear
        self.communes = communes
        self.types = types
        self.wantedFrom = wantedFrom
        self.minimumDurationMonths = minimumDurationMonths
        self.accessibleRequired = accessibleRequired
        self.leaseKinds = leaseKinds
        self.requestedOn = requestedOn
        self.status = status
        self.remarks = remarks
    }
}
