import BourseCore
import Foundation

/// Checks one record against the rules of an inventory and builds the premises, or says why not.
///
/// Rules: reference, commune and surface required; surface > 0; amounts numeric and ≥ 0; commune in
/// the territory, consistent across its columns; real calendar dates, the end not before the start;
/// known yes/no and floor spellings. Unknown type or lease labels are kept, with a warning.
public struct PremisesRowValidator: Sendable {
    public let territory: Territory
    public let encoding: TextEncoding
    /// Header shown in messages for each field (by ordinal).
    private let headers: [String]
    /// Commune index in the territory (-1: unknown) by cell, for the INSEE, postal and name columns.
    private var communeCaches: [ByteKeyedCache<Int>] = Array(repeating: ByteKeyedCache(), count: 3)
    private var typeCache = ByteKeyedCache<(String, PremisesType?)?>()
    private var leaseCache = ByteKeyedCache<(String, LeaseKind?)?>()
    private var statusCache = ByteKeyedCache<(String, PremisesStatus?)?>()
    private var floorCache = ByteKeyedCache<(String, FieldValue<Int>)?>()
    private var accessibleCache = ByteKeyedCache<(String, FieldValue<Bool>)?>()

    /// Leaves address, contact and remarks out (nothing checks them): for a dry run that only
    /// counts, where decoding them would be wasted work.
    public var skipsFreeText = false

    /// The commune every record must be in (the file is that commune's inventory), by INSEE code;
    /// `nil` for a source that may hold several communes. A record of another commune is rejected
    /// (`Outcome.otherCommune`).
    public var expectedCommuneInsee: String? {
        didSet {
            let insee = expectedCommuneInsee
            expectedCommune = insee.flatMap { code in territory.communes.firstIndex { $0.inseeCode == code } } ?? -1
        }
    }
    /// The identifier of the source, for the reason of a record of another commune.
    public var expectedSourceID = ""
    /// The position in the territory of `expectedCommuneInsee`; -1: any commune.
    private var expectedCommune = -1

    public init(territory: Territory, encoding: TextEncoding, headers: [PremisesField: String]) {
        self.territory = territory
        self.encoding = encoding
        self.headers = PremisesField.allCases.map { headers[$0] ?? $0.label }
    }

    /// The outcome of one record.
    public enum Outcome: Sendable {
        case accepted(Premises, warnings: [Reject.Issue])
        case rejected([Reject.Issue])
        /// Rejected, among other reasons because the record is in another commune than
        /// `expectedCommuneInsee`: the one at this position in the territory.
        case otherCommune([Reject.Issue], commune: Int)
    }

    private func header(_ field: PremisesField) -> String { headers[field.ordinal] }

    private func text(_ row: RawPremisesRow, _ field: PremisesField) -> String? {
        row.text(field, encoding: encoding)
    }

    private func number(_ row: RawPremisesRow, _ field: PremisesField, freeIsZero: Bool = false) -> FieldValue<Double> {
        row.number(field, encoding: encoding, freeIsZero: freeIsZero)
    }

    private func date(_ row: RawPremisesRow, _ field: PremisesField) -> FieldValue<FieldParsers.DateReading> {
        row.date(field, encoding: encoding)
    }

    /// Resolves the commune from the commune, INSEE and postal code cells: each given cell must name
    /// a commune of the territory, and all of them the same one.
    /// - Returns: its position in the territory.
    private mutating func commune(_ row: RawPremisesRow, issues: inout [Reject.Issue]) -> Int? {
        // Positions in the territory: no commune is copied, no text decoded, until one is needed.
        var first: (field: PremisesField, commune: Int)?
        for field in [PremisesField.inseeCode, .postalCode, .commune] {
            guard let resolved = resolveCommune(row, field) else { continue }
            guard resolved >= 0 else {
                let text = cellText(row, field)
                let what = field == .commune ? "commune « \(text) » inconnue" : "\(field.label) « \(text) » inconnu"
                issues.append(.init(field: header(field), message: "\(what) du territoire"))
                return nil
            }
            guard let found = first else {
                first = (field, resolved)
                continue
            }
            if found.commune != resolved {
                let earlier = territory.communes[found.commune].name
                let this = territory.communes[resolved].name
                issues.append(.init(
                    field: header(field),
                    message: "commune incohérente : « \(cellText(row, found.field)) » (\(header(found.field))) désigne \(earlier), « \(cellText(row, field)) » (\(header(field))) désigne \(this)"))
                return nil
            }
        }
        guard let first else {
            let fields = [PremisesField.commune, .inseeCode, .postalCode].filter { headers[$0.ordinal] != $0.label }
            issues.append(.init(field: header(fields.first ?? .commune), message: "commune manquante"))
            return nil
        }
        return first.commune
    }

    /// The reason of a record of another commune than the source's.
    private func otherCommuneIssue(_ position: Int) -> Reject.Issue {
        let found = territory.communes[position]
        let expected = territory.communes[expectedCommune]
        let fields = [PremisesField.commune, .inseeCode, .postalCode].filter { headers[$0.ordinal] != $0.label }
        return .init(
            field: header(fields.first ?? .commune),
            message: "local \(found.withDe) (\(found.inseeCode)) : la source « \(expectedSourceID) » est l'inventaire \(expected.withDe)")
    }

    /// `nil` when the cell is empty; otherwise the position of its commune in the territory, or -1
    /// when it names none.
    private mutating func resolveCommune(_ row: RawPremisesRow, _ field: PremisesField) -> Int? {
        if row.texts[field.ordinal] != nil {
            guard let text = text(row, field) else { return nil }
            return PremisesRowValidator.position(of: text, as: field, in: territory)
        }
        guard let bytes = row.bytes[field.ordinal], !FieldParsers.isMissing(bytes) else { return nil }
        let index = field == .inseeCode ? 0 : field == .postalCode ? 1 : 2
        let territory = self.territory
        let encoding = self.encoding
        return communeCaches[index].value(for: bytes) {
            PremisesRowValidator.position(of: encoding.decode(bytes).trimmingCharacters(in: .whitespacesAndNewlines), as: field, in: territory)
        }
    }

    /// The position in the territory of the commune a commune, INSEE or postal code cell names; -1
    /// for none.
    private static func position(of text: String, as field: PremisesField, in territory: Territory) -> Int {
        let commune = field == .postalCode ? territory.commune(postalCode: text)
            : field == .inseeCode ? territory.commune(insee: text) : territory.resolve(text)
        return commune.flatMap { commune in territory.communes.firstIndex { $0.inseeCode == commune.inseeCode } } ?? -1
    }

    /// A commune cell's text for a message.
    private func cellText(_ row: RawPremisesRow, _ field: PremisesField) -> String {
        if row.texts[field.ordinal] != nil { return text(row, field) ?? "" }
        guard let bytes = row.bytes[field.ordinal] else { return "" }
        return encoding.decode(bytes).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text of a cell and what `transform` makes of it, computed once per distinct cell.
    private static func cached<Value>(
        _ row: RawPremisesRow, _ field: PremisesField, _ encoding: TextEncoding,
        _ cache: inout ByteKeyedCache<(String, Value)?>, _ transform: (String) -> Value
    ) -> (String, Value)? {
        if let text = row.texts[field.ordinal] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !FieldParsers.isMissing(text: trimmed) else { return nil }
            return (trimmed, transform(trimmed))
        }
        guard let bytes = row.bytes[field.ordinal], !FieldParsers.isMissing(bytes) else { return nil }
        let result = cache.value(for: bytes) { () -> (String, Value)? in
            let text = encoding.decode(bytes).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : (text, transform(text))
        }
        return result
    }

    /// What a total row's first cell says (folded).
    static let totalWords: Set<String> = ["total", "totaux", "sous total", "total general", "somme", "total m2", "total surface"]

    /// Validates one record.
    public mutating func validate(_ row: RawPremisesRow) -> Outcome {
        var issues: [Reject.Issue] = []
        var warnings: [Reject.Issue] = []

        let reference = text(row, .reference)
        if reference == nil {
            issues.append(.init(field: header(.reference), message: "référence manquante"))
        }
        let position = commune(row, issues: &issues)
        // The source's commune: one comparison of positions per record.
        var otherCommune = -1
        if expectedCommune >= 0, let position, position != expectedCommune {
            otherCommune = position
            issues.append(otherCommuneIssue(position))
        }
        let commune = position.map { territory.communes[$0] }

        var surface: Double?
        switch number(row, .surface) {
        case .missing:
            issues.append(.init(field: header(.surface), message: "surface manquante"))
        case .invalid(let reason):
            issues.append(.init(field: header(.surface), message: "surface : \(reason)"))
        case .value(let value):
            if value > 0 && value.isFinite {
                surface = value
            } else {
                issues.append(.init(field: header(.surface), message: "surface nulle ou négative (\(FrenchNumber.format(value)))"))
            }
        }

        func amount(_ field: PremisesField, _ name: String, freeIsZero: Bool = false) -> Double? {
            switch number(row, field, freeIsZero: freeIsZero) {
            case .missing: return nil
            case .invalid(let reason):
                issues.append(.init(field: header(field), message: "\(name) : \(reason)"))
                return nil
            case .value(let value):
                guard value >= 0, value.isFinite else {
                    issues.append(.init(field: header(field), message: "\(name) négatif (\(FrenchNumber.format(value)))"))
                    return nil
                }
                return value
            }
        }
        let monthly = amount(.monthlyRent, "loyer mensuel", freeIsZero: true)
        let annual = amount(.annualRent, "loyer annuel", freeIsZero: true)
        let perSquareMetre = amount(.rentPerSquareMetreYear, "loyer au m²", freeIsZero: true)
        let charges = amount(.charges, "charges", freeIsZero: true)
        let marketRent = amount(.marketRent, "loyer de marché")

        var availableFrom: CivilDate?
        var availableUntil: CivilDate?
        for field in [PremisesField.availableFrom, .availableUntil] {
            switch date(row, field) {
            case .missing, .value(.now): break
            case .value(.date(let day)):
                if field == .availableFrom { availableFrom = day } else { availableUntil = day }
            case .invalid(let reason): issues.append(.init(field: header(field), message: reason))
            }
        }
        if let from = availableFrom, let until = availableUntil, until < from {
            issues.append(.init(
                field: header(.availableUntil),
                message: "fin de disponibilité (\(until.french)) antérieure au début (\(from.french))"))
        }

        var floor: Int?
        if let (_, reading) = Self.cached(row, .floor, encoding, &floorCache, FieldParsers.floor(text:)) {
            switch reading {
            case .missing: break
            case .value(let value): floor = value
            case .invalid(let reason): issues.append(.init(field: header(.floor), message: reason))
            }
        }
        var accessible: Bool?
        if let (_, reading) = Self.cached(row, .accessible, encoding, &accessibleCache, FieldParsers.boolean(text:)) {
            switch reading {
            case .missing: break
            case .value(let value): accessible = value
            case .invalid(let reason): issues.append(.init(field: header(.accessible), message: "PMR : \(reason)"))
            }
        }
        var status = PremisesStatus.available
        if let (text, reading) = Self.cached(row, .status, encoding, &statusCache, PremisesStatus.recognise) {
            if let recognised = reading {
                if recognised.isSetByUser {
                    status = .withdrawn
                    warnings.append(.init(
                        field: header(.status),
                        message: "statut « \(text) » : seule la bourse réserve ou attribue un local ; il est enregistré comme retiré"))
                } else {
                    status = recognised
                }
            } else {
                issues.append(.init(field: header(.status), message: "statut « \(text) » non reconnu (attendu disponible ou retiré)"))
            }
        }

        guard issues.isEmpty, let reference, let commune, let surface else {
            // A spreadsheet's total row ("TOTAL", "Sous-total") under the premises: said as such,
            // before the reasons it fails for.
            if let reference, commune == nil, Self.totalWords.contains(TextFolding.fold(reference)) {
                issues.insert(.init(field: header(.reference), message: "ligne de total « \(reference) », pas un local"), at: 0)
            }
            return otherCommune >= 0 ? .otherCommune(issues, commune: otherCommune) : .rejected(issues)
        }

        var type = PremisesType.other
        var typeLabel: String?
        if let (text, reading) = Self.cached(row, .type, encoding, &typeCache, PremisesType.recognise) {
            if let recognised = reading {
                type = recognised
            } else {
                typeLabel = text
                warnings.append(.init(field: header(.type), message: "type « \(text) » non reconnu : classé « autre » (libellé conservé)"))
            }
        }
        var lease: LeaseKind?
        var leaseLabel: String?
        if let (text, reading) = Self.cached(row, .lease, encoding, &leaseCache, LeaseKind.recognise) {
            if let recognised = reading {
                lease = recognised
            } else {
                lease = .other
                leaseLabel = text
                warnings.append(.init(field: header(.lease), message: "bail « \(text) » non reconnu : classé « autre » (libellé conservé)"))
            }
        }

        var rent: Rent?
        if let monthly {
            rent = perSquareMetre.map { Rent(monthly: monthly, perSquareMetreYear: $0, basis: .monthly) }
                ?? .monthly(monthly, surface: surface)
        } else if let annual {
            rent = .annual(annual, surface: surface)
        } else if let perSquareMetre {
            rent = .perSquareMetreYear(perSquareMetre, surface: surface)
        }

        let premises = Premises(
            reference: reference, communeInsee: commune.inseeCode, address: skipsFreeText ? nil : text(row, .address), type: type,
            typeLabel: typeLabel, surface: surface, rent: rent, charges: charges, marketRent: marketRent,
            leaseKind: lease, leaseLabel: leaseLabel, availableFrom: availableFrom,
            availableUntil: availableUntil, floor: floor, accessible: accessible, status: status,
            contact: skipsFreeText ? nil : text(row, .contact), remarks: skipsFreeText ? nil : text(row, .remarks))
        return .accepted(premises, warnings: warnings)
    }
}
