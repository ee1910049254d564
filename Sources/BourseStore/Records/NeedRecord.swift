import BourseCore
import GRDB

/// A row of `needs`. Lists are stored `|`-separated, in order.
public struct NeedRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "needs"

    public var id: Int64?
    public var reference: String
    public var structureID: Int64
    public var surfaceMin: Double
    public var surfaceMax: Double
    public var budgetMonthly: Double?
    public var budgetM2Year: Double?
    public var communes: String
    public var types: String
    public var wantedFrom: String?
    public var minDurationMonths: Int?
    public var accessibleRequired: Bool
    public var leaseKinds: String
    public var requestedOn: String?
    public var status: String
    public var remarks: String?
    public var firstImportID: Int64
    public var lastImportID: Int64

    enum CodingKeys: String, CodingKey {
        case id, reference
        case structureID = "structure_id"
        case surfaceMin = "surface_min"
        case surfaceMax = "surface_max"
        case budgetMonthly = "budget_monthly"
        case budgetM2Year = "budget_m2_year"
        case communes, types
        case wantedFrom = "wanted_from"
        case minDurationMonths = "min_duration_months"
        case accessibleRequired = "accessible_required"
        case leaseKinds = "lease_kinds"
        case requestedOn = "requested_on"
        case status, remarks
        case firstImportID = "first_import_id"
        case lastImportID = "last_import_id"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(_ need: Need, structureID: Int64, importID: Int64) {
        id = nil
        reference = need.reference
        self.structureID = structureID
        surfaceMin = need.surfaceMin
        surfaceMax = need.surfaceMax
        budgetMonthly = need.budgetMonthly
        budgetM2Year = need.budgetPerSquareMetreYear
        communes = need.communes.joined(separator: "|")
        types = need.types.map(\.rawValue).joined(separator: "|")
        wantedFrom = need.wantedFrom?.iso
        minDurationMonths = need.minimumDurationMonths
        accessibleRequired = need.accessibleRequired
        leaseKinds = need.leaseKinds.map(\.rawValue).joined(separator: "|")
        requestedOn = need.requestedOn?.iso
        status = need.status.rawValue
        remarks = need.remarks
        firstImportID = importID
        lastImportID = importID
    }

    /// The core value of this row, given its structure's reference.
    public func need(structureReference: String) -> Need {
        let split: (String) -> [String] = { $0.split(separator: "|").map(String.init) }
        return Need(
            reference: reference, structureReference: structureReference, surfaceMin: surfaceMin, surfaceMax: surfaceMax,
            budgetMonthly: budgetMonthly, budgetPerSquareMetreYear: budgetM2Year, communes: split(communes),
            types: split(types).compactMap(PremisesType.init(rawValue:)), wantedFrom: wantedFrom.flatMap(CivilDate.init(iso:)),
            minimumDurationMonths: minDurationMonths, accessibleRequired: accessibleRequired,
            leaseKinds: split(leaseKinds).compactMap(LeaseKind.init(rawValue:)), requestedOn: requestedOn.flatMap(CivilDate.init(iso:)),
            status: NeedStatus(rawValue: status) ?? .active, remarks: remarks)
    }

    /// Field code and stored text, for change events (the structure by its reference).
    func values(structureReference: String) -> [(String, String?)] {
        [
            ("structure", structureReference), ("surface_min", PremisesFieldValues.text(surfaceMin)),
            ("surface_max", PremisesFieldValues.text(surfaceMax)), ("budget_mensuel", budgetMonthly.map(PremisesFieldValues.text)),
            ("budget_m2_an", budgetM2Year.map(PremisesFieldValues.text)), ("communes", communes), ("types", types),
            ("disponible_le", wantedFrom), ("duree_min_mois", minDurationMonths.map { String($0) }),
            ("pmr", accessibleRequired ? "oui" : "non"), ("baux", leaseKinds), ("date_demande", requestedOn),
            ("statut", status), ("remarques", remarks),
        ]
    }
}
