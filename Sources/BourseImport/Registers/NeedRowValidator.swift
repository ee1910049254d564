import BourseCore
import Foundation

/// Checks one record of the register of needs: reference, structure (by reference or SIRET, known
/// to the register) and surfaces required, min ≤ max; budgets numbers ≥ 0; communes of the
/// territory in order of preference (`|` or `,` separated; empty for any); known types and lease
/// kinds; real dates; status actif, satisfait or abandonné.
public struct NeedRowValidator {
    public let territory: Territory
    public let encoding: TextEncoding
    private let headers: [NeedField: String]
    /// The reference of the structure a cell names (its reference or its SIRET), or `nil`.
    private let resolveStructure: (String) -> String?

    public init(territory: Territory, encoding: TextEncoding, headers: [NeedField: String], resolveStructure: @escaping (String) -> String?) {
        self.territory = territory
        self.encoding = encoding
        self.headers = headers
        self.resolveStructure = resolveStructure
    }

    private func header(_ field: NeedField) -> String { headers[field] ?? field.label }

    public func validate(_ row: RawRow<NeedField>) -> RecordOutcome<Need> {
        var issues: [Reject.Issue] = []
        let text = { (field: NeedField) in row.text(field, encoding: encoding) }

        let reference = text(.reference)
        if reference == nil { issues.append(.init(field: header(.reference), message: "référence manquante")) }

        var structure: String?
        if let written = text(.structure) {
            structure = resolveStructure(written)
            if structure == nil {
                issues.append(.init(field: header(.structure), message: "structure « \(written) » inconnue du registre (ni sa référence ni son SIRET) : importez d'abord les structures"))
            }
        } else {
            issues.append(.init(field: header(.structure), message: "structure manquante"))
        }

        func surface(_ field: NeedField) -> Double? {
            switch row.number(field, encoding: encoding) {
            case .missing:
                issues.append(.init(field: header(field), message: "\(field.label) manquante"))
            case .invalid(let reason):
                issues.append(.init(field: header(field), message: "\(field.label) : \(reason)"))
            case .value(let value):
                if value > 0 { return value }
                issues.append(.init(field: header(field), message: "\(field.label) nulle ou négative (\(FrenchNumber.format(value)))"))
            }
            return nil
        }
        let surfaceMin = surface(.surfaceMin)
        let surfaceMax = surface(.surfaceMax)
        if let surfaceMin, let surfaceMax, surfaceMin > surfaceMax {
            issues.append(.init(field: header(.surfaceMax), message: "surface minimale (\(FrenchNumber.format(surfaceMin))) supérieure à la maximale (\(FrenchNumber.format(surfaceMax)))"))
        }

        func amount(_ field: NeedField) -> Double? {
            switch row.number(field, encoding: encoding) {
            case .missing: return nil
            case .invalid(let reason):
                issues.append(.init(field: header(field), message: "\(field.label) : \(reason)"))
            case .value(let value):
                if value >= 0 { return value }
                issues.append(.init(field: header(field), message: "\(field.label) négatif (\(FrenchNumber.format(value)))"))
            }
            return nil
        }
        let budgetMonthly = amount(.budgetMonthly)
        let budgetPerSquareMetre = amount(.budgetPerSquareMetreYear)

        var communes: [String] = []
        if let written = text(.communes), !meansAny(written) {
            for item in splitList(written) {
                guard let commune = territory.resolve(item) else {
                    issues.append(.init(field: header(.communes), message: "commune « \(item) » hors du territoire"))
                    continue
                }
                if !communes.contains(commune.inseeCode) { communes.append(commune.inseeCode) }
            }
        }
        func list<Value: FrenchVocabulary>(_ field: NeedField, _ type: Value.Type, _ what: String) -> [Value] {
            guard let written = text(field), !meansAny(written) else { return [] }
            var values: [Value] = []
            for item in splitList(written) {
                guard let value = Value.recognise(item) else {
                    issues.append(.init(field: header(field), message: "\(what) « \(item) » non reconnu"))
                    continue
                }
                if !values.contains(value) { values.append(value) }
            }
            return values
        }
        let types = list(.types, PremisesType.self, "type de local")
        let leases = list(.leaseKinds, LeaseKind.self, "bail")

        func date(_ field: NeedField) -> CivilDate? {
            switch row.date(field, encoding: encoding) {
            case .missing, .value(.now): return nil
            case .value(.date(let day)): return day
            case .invalid(let reason):
                issues.append(.init(field: header(field), message: reason))
                return nil
            }
        }
        let wantedFrom = date(.wantedFrom)
        let requestedOn = date(.requestedOn)

        var duration: Int?
        if let written = text(.minimumDuration) {
            let inYears = TextFolding.fold(written).split(separator: " ").contains { $0 == "an" || $0 == "ans" }
            switch FieldParsers.number(text: written) {
            case .value(let value) where value >= 0 && value == value.rounded():
                duration = Int(value) * (inYears ? 12 : 1)
            case .missing: break
            default:
                issues.append(.init(field: header(.minimumDuration), message: "durée minimale « \(written) » : nombre de mois attendu"))
            }
        }

        var accessible = false
        if let written = text(.accessible) {
            switch FieldParsers.boolean(text: written) {
            case .value(let value): accessible = value
            case .missing: break
            case .invalid(let reason): issues.append(.init(field: header(.accessible), message: "PMR : \(reason)"))
            }
        }

        var status = NeedStatus.active
        if let written = text(.status) {
            if let recognised = NeedStatus.recognise(written) {
                status = recognised
            } else {
                issues.append(.init(field: header(.status), message: "statut « \(written) » non reconnu (actif, satisfait ou abandonné)"))
            }
        }

        guard issues.isEmpty, let reference, let structure, let surfaceMin, let surfaceMax else { return .rejected(issues) }
        let need = Need(
            reference: reference, structureReference: structure, surfaceMin: surfaceMin, surfaceMax: surfaceMax,
            budgetMonthly: budgetMonthly, budgetPerSquareMetreYear: budgetPerSquareMetre, communes: communes, types: types,
            wantedFrom: wantedFrom, minimumDurationMonths: duration, accessibleRequired: accessible, leaseKinds: leases,
            requestedOn: requestedOn, status: status, remarks: text(.remarks))
        return .accepted(need, key: reference, warnings: [])
    }
}
