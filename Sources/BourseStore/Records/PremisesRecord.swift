import BourseCore
import Foundation
import GRDB

/// A row of `premises`: a premises of one source, its current fields and status.
public struct PremisesRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "premises"

    public var id: Int64?
    public var sourceID: String
    public var communeInsee: String
    public var reference: String
    public var address: String?
    public var type: String
    public var typeLabel: String?
    public var surface: Double
    public var rentMonthly: Double?
    public var rentM2Year: Double?
    public var rentBasis: String?
    public var charges: Double?
    public var marketRent: Double?
    public var leaseKind: String?
    public var leaseLabel: String?
    public var availableFrom: String?
    public var availableUntil: String?
    public var floor: Int?
    public var accessible: Bool?
    public var status: String
    public var initialStatus: String
    public var statusSince: String
    public var contact: String?
    public var remarks: String?
    public var extra: String?
    public var offeredOn: String
    public var firstInventoryID: Int64
    public var lastInventoryID: Int64

    enum CodingKeys: String, CodingKey {
        case id
        case sourceID = "source_id"
        case communeInsee = "commune_insee"
        case reference, address, type
        case typeLabel = "type_label"
        case surface
        case rentMonthly = "rent_monthly"
        case rentM2Year = "rent_m2_year"
        case rentBasis = "rent_basis"
        case charges
        case marketRent = "market_rent"
        case leaseKind = "lease_kind"
        case leaseLabel = "lease_label"
        case availableFrom = "available_from"
        case availableUntil = "available_until"
        case floor, accessible, status
        case initialStatus = "initial_status"
        case statusSince = "status_since"
        case contact, remarks, extra
        case offeredOn = "offered_on"
        case firstInventoryID = "first_inventory_id"
        case lastInventoryID = "last_inventory_id"
    }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let sourceID = Column(CodingKeys.sourceID)
        public static let communeInsee = Column(CodingKeys.communeInsee)
        public static let reference = Column(CodingKeys.reference)
        public static let status = Column(CodingKeys.status)
        public static let type = Column(CodingKeys.type)
    }

    /// Every column, in the order of the stored properties (and of `init(raw:)`).
    static let columnList = """
        id, source_id, commune_insee, reference, address, type, type_label, surface, rent_monthly, rent_m2_year,
        rent_basis, charges, market_rent, lease_kind, lease_label, available_from, available_until, floor,
        accessible, status, initial_status, status_since, contact, remarks, extra, offered_on,
        first_inventory_id, last_inventory_id
        """

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The core value of this row.
    public var premises: Premises {
        var rent: Rent?
        if let rentMonthly, let rentM2Year {
            rent = Rent(monthly: rentMonthly, perSquareMetreYear: rentM2Year, basis: rentBasis.flatMap(Rent.Basis.init(rawValue:)) ?? .monthly)
        }
        return Premises(
            reference: reference, communeInsee: communeInsee, address: address,
            type: PremisesType(rawValue: type) ?? .other, typeLabel: typeLabel, surface: surface, rent: rent,
            charges: charges, marketRent: marketRent, leaseKind: leaseKind.flatMap(LeaseKind.init(rawValue:)),
            leaseLabel: leaseLabel, availableFrom: availableFrom.flatMap(CivilDate.init(iso:)),
            availableUntil: availableUntil.flatMap(CivilDate.init(iso:)), floor: floor, accessible: accessible,
            status: PremisesStatus(rawValue: status) ?? .available, contact: contact, remarks: remarks,
            extra: PremisesRecord.decodeExtra(extra))
    }

    /// The extra columns as JSON, keys sorted: the same columns always give the same text (the
    /// encoder's key order otherwise changes from one run to the next, and a re-import would see
    /// changes that are not there).
    static func encodeExtra(_ extra: [ExtraField]) -> String? {
        guard !extra.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return (try? encoder.encode(extra)).flatMap { String(decoding: $0, as: UTF8.self) }
    }

    static func decodeExtra(_ text: String?) -> [ExtraField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ExtraField].self, from: data)) ?? []
    }
}

extension PremisesRecord {
    /// The current row of a statement that selects `columnList`, read by position (GRDB's
    /// decoding looks every column up by name: the better part of a large re-import's time).
    init(raw row: RawRowReader) {
        id = Int64(row.int(0))
        sourceID = row.text(1)
        communeInsee = row.text(2)
        reference = row.text(3)
        address = row.text(orNil: 4)
        type = row.text(5)
        typeLabel = row.text(orNil: 6)
        surface = row.double(7)
        rentMonthly = row.double(orNil: 8)
        rentM2Year = row.double(orNil: 9)
        rentBasis = row.text(orNil: 10)
        charges = row.double(orNil: 11)
        marketRent = row.double(orNil: 12)
        leaseKind = row.text(orNil: 13)
        leaseLabel = row.text(orNil: 14)
        availableFrom = row.text(orNil: 15)
        availableUntil = row.text(orNil: 16)
        floor = row.int(orNil: 17)
        accessible = row.int(orNil: 18).map { $0 != 0 }
        status = row.text(19)
        initialStatus = row.text(20)
        statusSince = row.text(21)
        contact = row.text(orNil: 22)
        remarks = row.text(orNil: 23)
        extra = row.text(orNil: 24)
        offeredOn = row.text(25)
        firstInventoryID = Int64(row.int(26))
        lastInventoryID = Int64(row.int(27))
    }
}

/// The comparable fields of a premises, as stored text, for change events.
enum PremisesFieldValues {
    /// Field code (as in mapping profiles) and stored value, in a fixed order.
    static func values(of premises: Premises) -> [(String, String?)] {
        [
            ("adresse", premises.address),
            ("type", premises.type.rawValue),
            ("type_libelle", premises.typeLabel),
            ("surface", text(premises.surface)),
            ("loyer_mensuel", premises.rent.map { text($0.monthly) }),
            ("loyer_m2_an", premises.rent.map { text($0.perSquareMetreYear) }),
            ("charges", premises.charges.map(text)),
            ("loyer_marche", premises.marketRent.map(text)),
            ("bail", premises.leaseKind?.rawValue),
            ("bail_libelle", premises.leaseLabel),
            ("disponible_le", premises.availableFrom?.iso),
            ("disponible_jusqu_au", premises.availableUntil?.iso),
            ("etage", premises.floor.map { String($0) }),
            ("pmr", premises.accessible.map { $0 ? "oui" : "non" }),
            ("contact", premises.contact),
            ("remarques", premises.remarks),
            ("colonnes_supplementaires", PremisesRecord.encodeExtra(premises.extra)),
        ]
    }

    /// Plain decimal text of a number (`45.5`, `1200`).
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
