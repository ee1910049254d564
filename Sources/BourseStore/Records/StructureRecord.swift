import BourseCore
import GRDB

/// A row of `structures`.
public struct StructureRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "structures"

    public var id: Int64?
    public var reference: String
    public var name: String
    public var siret: String?
    public var legalForm: String
    public var legalFormLabel: String?
    public var sector: String
    public var sectorLabel: String?
    public var jobs: Double?
    public var laureateYear: Int?
    public var contact: String?
    public var communeInsee: String?
    public var remarks: String?
    public var firstImportID: Int64
    public var lastImportID: Int64

    enum CodingKeys: String, CodingKey {
        case id, reference, name, siret
        case legalForm = "legal_form"
        case legalFormLabel = "legal_form_label"
        case sector
        case sectorLabel = "sector_label"
        case jobs
        case laureateYear = "laureate_year"
        case contact
        case communeInsee = "commune_insee"
        case remarks
        case firstImportID = "first_import_id"
        case lastImportID = "last_import_id"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    init(_ structure: Structure, importID: Int64) {
        id = nil
        reference = structure.reference
        name = structure.name
        siret = structure.siret
        legalForm = structure.legalForm.rawValue
        legalFormLabel = structure.legalFormLabel
        sector = structure.sector.rawValue
        sectorLabel = structure.sectorLabel
        jobs = structure.jobs
        laureateYear = structure.laureateYear
        contact = structure.contact
        communeInsee = structure.communeInsee
        remarks = structure.remarks
        firstImportID = importID
        lastImportID = importID
    }

    /// The core value of this row.
    public var structure: Structure {
        Structure(
            reference: reference, name: name, siret: siret, legalForm: LegalForm(rawValue: legalForm) ?? .other,
            legalFormLabel: legalFormLabel, sector: Sector(rawValue: sector) ?? .other, sectorLabel: sectorLabel,
            jobs: jobs, laureateYear: laureateYear, contact: contact, communeInsee: communeInsee, remarks: remarks)
    }

    /// Field code and stored text, for change events.
    static func values(of s: Structure) -> [(String, String?)] {
        [
            ("nom", s.name), ("siret", s.siret), ("forme_juridique", s.legalForm.rawValue),
            ("forme_juridique_libelle", s.legalFormLabel), ("secteur", s.sector.rawValue), ("secteur_libelle", s.sectorLabel),
            ("etp", s.jobs.map(PremisesFieldValues.text)), ("laureat", s.laureateYear.map { String($0) }),
            ("contact", s.contact), ("commune", s.communeInsee), ("remarques", s.remarks),
        ]
    }
}
