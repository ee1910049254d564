import BourseCore
import Foundation

/// Checks one record of the register of structures: reference and name required; SIRET checked
/// when present (Luhn on the SIRET and the SIREN, La Poste's exception); legal form from its label
/// or its INSEE legal category; ETP a number ≥ 0; laureate year between 2000 and 2100. Unknown
/// legal forms and sectors are kept as "autre" with their label, with a warning.
public struct StructureRowValidator {
    public let territory: Territory
    public let encoding: TextEncoding
    private let headers: [StructureField: String]

    public init(territory: Territory, encoding: TextEncoding, headers: [StructureField: String]) {
        self.territory = territory
        self.encoding = encoding
        self.headers = headers
    }

    private func header(_ field: StructureField) -> String { headers[field] ?? field.label }

    public func validate(_ row: RawRow<StructureField>) -> RecordOutcome<Structure> {
        var issues: [Reject.Issue] = []
        var warnings: [Reject.Issue] = []
        let text = { (field: StructureField) in row.text(field, encoding: encoding) }

        let reference = text(.reference)
        if reference == nil { issues.append(.init(field: header(.reference), message: "référence manquante")) }
        let name = text(.name)
        if name == nil { issues.append(.init(field: header(.name), message: "nom de la structure manquant")) }

        var siret: String?
        if let written = text(.siret) {
            switch Siret.validate(written) {
            case .success(let digits): siret = digits
            case .failure(let problem): issues.append(.init(field: header(.siret), message: problem.description))
            }
        }

        var legalForm = LegalForm.other
        var legalFormLabel: String?
        var categoryForm: LegalForm?
        if let code = text(.legalCategory) {
            let digits = code.filter(\.isNumber)
            if digits.count == 4, digits.count == code.count, let value = Int(digits) {
                categoryForm = LegalForm.fromINSEECategory(value)
                if categoryForm == nil { legalFormLabel = "catégorie juridique \(digits)" }
            } else {
                issues.append(.init(field: header(.legalCategory), message: "catégorie juridique « \(code) » invalide (code INSEE à 4 chiffres attendu)"))
            }
        }
        if let label = text(.legalForm) {
            if let recognised = LegalForm.recognise(label) {
                legalForm = recognised
                legalFormLabel = nil
                if let categoryForm, categoryForm != recognised {
                    warnings.append(.init(field: header(.legalForm), message: "forme juridique « \(label) » et catégorie INSEE (\(categoryForm.label)) ne concordent pas : la forme écrite est gardée"))
                }
            } else if let categoryForm {
                legalForm = categoryForm
            } else {
                legalFormLabel = label
                warnings.append(.init(field: header(.legalForm), message: "forme juridique « \(label) » non reconnue : classée « autre » (libellé conservé)"))
            }
        } else if let categoryForm {
            legalForm = categoryForm
        }

        var sector = Sector.other
        var sectorLabel: String?
        if let label = text(.sector) {
            if let recognised = Sector.recognise(label) {
                sector = recognised
            } else {
                sectorLabel = label
                warnings.append(.init(field: header(.sector), message: "secteur « \(label) » non reconnu : classé « autre » (libellé conservé)"))
            }
        }

        var jobs: Double?
        switch row.number(.jobs, encoding: encoding) {
        case .missing: break
        case .invalid(let reason): issues.append(.init(field: header(.jobs), message: "ETP : \(reason)"))
        case .value(let value):
            if value >= 0 { jobs = value } else { issues.append(.init(field: header(.jobs), message: "ETP négatif (\(FrenchNumber.format(value)))")) }
        }

        var laureateYear: Int?
        if let written = text(.laureateYear), !["non", "n", "0", "faux", "no"].contains(TextFolding.fold(written)) {
            let words = TextFolding.fold(written).split(separator: " ")
            if let year = words.compactMap({ Int($0) }).first(where: { (2000...2100).contains($0) }) {
                laureateYear = year
            } else {
                issues.append(.init(field: header(.laureateYear), message: "lauréat : année de l'appel à projets attendue (ex. 2024), pas « \(written) »"))
            }
        }

        var communeInsee: String?
        var remarks = text(.remarks)
        if let written = text(.commune) {
            if let commune = territory.resolve(written) {
                communeInsee = commune.inseeCode
            } else {
                // A structure may be based outside the territory: kept in the remarks.
                remarks = [remarks, "commune : \(written)"].compactMap { $0 }.joined(separator: " ; ")
                warnings.append(.init(field: header(.commune), message: "commune « \(written) » hors du territoire : gardée dans les remarques"))
            }
        }

        guard issues.isEmpty, let reference, let name else { return .rejected(issues) }
        let structure = Structure(
            reference: reference, name: name, siret: siret, legalForm: legalForm, legalFormLabel: legalFormLabel,
            sector: sector, sectorLabel: sectorLabel, jobs: jobs, laureateYear: laureateYear, contact: text(.contact),
            communeInsee: communeInsee, remarks: remarks)
        return .accepted(structure, key: reference, warnings: warnings)
    }
}
