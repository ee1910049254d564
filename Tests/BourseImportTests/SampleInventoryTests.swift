import BourseCore
import BourseImport
import Foundation
import Testing

/// One row of the tables in Imports/README.md ("Rows per file" and "Deliberately bad rows").
struct SampleExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var profile: String?
    var headerLine: Int
    var dataRows: Int
    var accepted: Int
    var rejected: Int
    /// Reject line → fragments of the reason (any one of the alternatives).
    var rejects: [(line: Int, reasons: [String])]

    var testDescription: String { file }
}

@Suite("Sample inventories of Imports/")
struct SampleInventoryTests {
    static let expectations: [SampleExpectation] = [
        SampleExpectation(
            file: "aulnay-sous-bois-2026-03-31.csv", headerLine: 1, dataRows: 16, accepted: 14, rejected: 2,
            rejects: [(15, ["ligne 5"]), (16, ["référence manquante"])]),
        SampleExpectation(
            file: "aulnay-sous-bois-2026-09-30.csv", headerLine: 1, dataRows: 18, accepted: 15, rejected: 3,
            rejects: [(14, ["ligne 5"]), (15, ["référence manquante"]), (20, ["« à négocier »"])]),
        SampleExpectation(
            file: "le-blanc-mesnil-2026-03-31.csv", headerLine: 1, dataRows: 13, accepted: 10, rejected: 3,
            rejects: [(8, ["« 93008 »"]), (10, ["« 31/02/2026 »"]), (11, ["« environ 50 »"])]),
        SampleExpectation(
            file: "drancy-2026-03-31.csv", headerLine: 1, dataRows: 14, accepted: 12, rejected: 2,
            rejects: [(7, ["surface nulle ou négative (0)"]), (8, ["15 au lieu de 16"])]),
        SampleExpectation(
            file: "drancy-2026-10-15.csv", headerLine: 1, dataRows: 14, accepted: 11, rejected: 3,
            rejects: [(6, ["surface nulle ou négative (0)"]), (7, ["15 au lieu de 16"]), (16, ["négatif (-150)"])]),
        SampleExpectation(
            file: "le-bourget-2026-04-15.csv", headerLine: 1, dataRows: 8, accepted: 8, rejected: 0, rejects: []),
        SampleExpectation(
            file: "sevran-2026-04-30.csv", headerLine: 4, dataRows: 14, accepted: 12, rejected: 2,
            rejects: [(12, ["surface manquante"]), (19, ["commune manquante", "total", "TOTAL"])]),
        SampleExpectation(
            file: "dugny-2026-05-04.csv", headerLine: 1, dataRows: 8, accepted: 8, rejected: 0, rejects: []),
        SampleExpectation(
            file: "tremblay-en-france-2026-05-15.csv", headerLine: 1, dataRows: 12, accepted: 10, rejected: 2,
            rejects: [(7, ["nulle ou négative (-45)"]), (9, ["15 au lieu de 14"])]),
        SampleExpectation(
            file: "villepinte-2026-06-01.csv", profile: "villepinte.json", headerLine: 1, dataRows: 11, accepted: 10,
            rejected: 1, rejects: [(7, ["« PARIS »"])]),
    ]

    static func territory() throws -> Territory {
        try Territory(communes: TerritoryFile.read(path: Fixtures.path("samples/territoire.csv")))
    }

    static func read(_ file: String, profile: String? = nil) throws -> InventoryRead {
        let mapping = try profile.map { try MappingProfile.load(path: Fixtures.path("samples/profils/\($0)")) }
        return try readInventory(path: Fixtures.path("samples/communes/\(file)"), profile: mapping, territory: territory())
    }

    @Test("Counts and reject lines match the README tables", arguments: expectations)
    func sample(_ expected: SampleExpectation) throws {
        let read = try Self.read(expected.file, profile: expected.profile)
        #expect(read.summary.headerLine == expected.headerLine)
        #expect(read.summary.records == expected.dataRows)
        #expect(read.summary.accepted == expected.accepted)
        #expect(read.summary.rejected == expected.rejected)
        #expect(read.accepted.count == expected.accepted)
        #expect(read.rejectLines == expected.rejects.map(\.line))
        for (line, reasons) in expected.rejects {
            let reason = read.reject(line: line)?.reason ?? ""
            #expect(reasons.contains { reason.contains($0) }, "line \(line): « \(reason) »")
        }
        // Every reference appears once among the accepted premises of a commune.
        let keys = read.accepted.map { "\($0.premises.communeInsee)/\($0.premises.reference)" }
        #expect(Set(keys).count == keys.count)
    }

    @Test("The totals of the README: 128 data rows, 110 accepted, 18 rejected")
    func totals() throws {
        var rows = 0, accepted = 0, rejected = 0
        for expected in Self.expectations {
            let read = try Self.read(expected.file, profile: expected.profile)
            rows += read.summary.records
            accepted += read.summary.accepted
            rejected += read.summary.rejected
        }
        #expect(rows == 128)
        #expect(accepted == 110)
        #expect(rejected == 18)
    }

    @Test("Villepinte needs its profile")
    func villepinteWithoutProfile() throws {
        let error = inventoryError(path: try Fixtures.path("samples/communes/villepinte-2026-06-01.csv"))
        guard case let .headerNotFound(_, line, missing, _) = error else {
            Issue.record("expected headerNotFound, got \(String(describing: error))")
            return
        }
        #expect(line == 1)
        #expect(missing == ["référence"])
    }

    @Test("Aulnay (Windows-1252, ;, CRLF): values as the README describes them")
    func aulnayValues() throws {
        let read = try Self.read("aulnay-sous-bois-2026-03-31.csv")
        #expect(read.summary.facts.encoding == .windows1252)
        let aul001 = try #require(read.premises("AUL-001"))
        #expect(aul001.surface == 85.5)
        #expect(aul001.rent == Rent(monthly: 142.5, perSquareMetreYear: 20, basis: .monthly))
        #expect(aul001.marketRent == 1068.75)
        #expect(aul001.contact == "Mme Nadia Benali – 01 48 79 63 12 – patrimoine@ville-aulnay-sous-bois.fr")
        #expect(aul001.remarks == "Vitrine sur rue, rideau métallique récent")
        #expect(aul001.type == .retail)
        #expect(aul001.leaseKind == .commercial)
        #expect(read.premises("AUL-002")?.remarks == "Pas d'ascenseur ; sanitaires partagés avec l'étage")
        #expect(read.premises("AUL-002")?.availableUntil == CivilDate(year: 2027, month: 12, day: 31))
        #expect(read.premises("AUL-003")?.communeInsee == "93005")
        #expect(read.premises("AUL-004")?.surface == 64)
        #expect(read.premises("AUL-005")?.rent?.monthly == 0)
        #expect(read.premises("AUL-005")?.communeInsee == "93005")
        #expect(read.premises("AUL-006")?.surface == 1250.5)
        #expect(read.premises("AUL-006")?.type == .storage)
        #expect(read.premises("AUL-006")?.leaseKind == .temporary)
        #expect(read.premises("AUL-008")?.communeInsee == "93005")
        let aul009 = try #require(read.accepted.first { $0.premises.reference == "AUL-009" })
        #expect(aul009.line == 10)
        #expect(aul009.premises.remarks == "Ancienne boutique \"Au Fournil d'Aulnay\"\nTravaux de peinture à prévoir par le preneur")
        #expect(read.accepted.first { $0.premises.reference == "AUL-010" }?.line == 12)
        #expect(read.premises("AUL-010")?.floor == nil)
        #expect(read.premises("AUL-010")?.type == .land)
        #expect(read.premises("AUL-011")?.floor == 2)
        #expect(read.premises("AUL-012")?.communeInsee == "93005")
        #expect(read.premises("AUL-013")?.floor == -1)
    }

    @Test("Le Blanc-Mesnil (BOM, INSEE code, €/m²/an, no-break spaces)")
    func blancMesnilValues() throws {
        let read = try Self.read("le-blanc-mesnil-2026-03-31.csv")
        #expect(read.summary.facts.bomLength == 3)
        let l2501 = try #require(read.premises("L2025-01"))
        #expect(l2501.surface == 1120)
        #expect(l2501.rent == Rent(monthly: 746.67, perSquareMetreYear: 8, basis: .perSquareMetreYear))
        #expect(l2501.communeInsee == "93007")
        #expect(read.premises("L2025-09")?.surface == 1480)
        #expect(read.premises("L2025-09")?.charges == 1050)
        #expect(read.premises("L2024-03")?.contact == "Service Commerce, 01 45 91 70 70, commerce@ville-blancmesnil.fr")
        #expect(read.premises("L2026-02")?.rent?.perSquareMetreYear == 1.5)
        #expect(read.reject(line: 8)?.issues.first?.field == "Code INSEE")
        #expect(read.reject(line: 10)?.issues.first?.field == "Disponible le")
        #expect(read.reject(line: 11)?.issues.first?.field == "Superficie")
    }

    @Test("Drancy (comma, quoted decimals, N/A, NA, -, ISO dates, no final newline)")
    func drancyValues() throws {
        let read = try Self.read("drancy-2026-03-31.csv")
        #expect(read.summary.dialect?.delimiter == UInt8(ascii: ","))
        let dra101 = try #require(read.premises("DRA-101"))
        #expect(dra101.surface == 65.5)
        #expect(dra101.marketRent == 818.75)
        #expect(dra101.availableFrom == CivilDate(year: 2026, month: 4, day: 1))
        #expect(read.premises("DRA-102")?.marketRent == nil)
        #expect(read.premises("DRA-102")?.availableUntil == nil)
        #expect(read.premises("DRA-103")?.marketRent == nil)
        #expect(read.premises("DRA-103")?.availableUntil == CivilDate(year: 2028, month: 4, day: 30))
        #expect(read.premises("DRA-105")?.communeInsee == "93029")
        #expect(read.premises("DRA-108")?.rent?.monthly == 37.5)
        #expect(read.premises("DRA-112")?.communeInsee == "93029")
        let dra113 = try #require(read.accepted.first { $0.premises.reference == "DRA-113" })
        #expect(dra113.line == 14)
        #expect(dra113.premises.remarks == "Local en rez-de-chaussée\nEntrée indépendante, pas de vitrine")
        #expect(read.accepted.last?.premises.reference == "DRA-114")
        #expect(read.accepted.last?.line == 16)
        #expect(read.reject(line: 8)?.raw.hasPrefix("DRA-107,Drancy,15 rue Anatole France") == true)
    }

    @Test("Sevran (titles, upper case, annual rent, U+202F, Indisponible, TOTAL)")
    func sevranValues() throws {
        let read = try Self.read("sevran-2026-04-30.csv")
        #expect(read.reader.titleDate == CivilDate(year: 2026, month: 4, day: 30))
        #expect(read.reader.titleLines.count == 2)
        #expect(read.summary.blankRecords == 1)
        let sev01 = try #require(read.premises("SEV-2026-01"))
        #expect(sev01.rent == Rent(monthly: 156, perSquareMetreYear: 24, basis: .annual))
        let sev05 = try #require(read.premises("SEV-2026-05"))
        #expect(sev05.surface == 1080)
        #expect(sev05.rent?.monthly == 900)
        #expect(read.premises("SEV-2026-11")?.status == .withdrawn)
        #expect(read.premises("SEV-2026-03")?.remarks == "Bureau lumineux ; partage de la salle de réunion")
        #expect(read.premises("TOTAL") == nil)
    }

    @Test("Dugny (units after numbers, gratuit, NA, N/A, -)")
    func dugnyValues() throws {
        let read = try Self.read("dugny-2026-05-04.csv")
        #expect(read.premises("DUG-01")?.surface == 58)
        #expect(read.premises("DUG-01")?.rent == Rent(monthly: 100, perSquareMetreYear: 20.69, basis: .annual))
        #expect(read.premises("DUG-01")?.charges == 30)
        #expect(read.premises("DUG-02")?.rent?.monthly == 0)
        #expect(read.premises("DUG-02")?.charges == nil)
        #expect(read.premises("DUG-03")?.rent?.monthly == 150)
        #expect(read.premises("DUG-05")?.communeInsee == "93030")
        #expect(read.premises("DUG-06")?.rent == nil)
        #expect(read.premises("DUG-07")?.floor == nil)
        #expect(read.premises("DUG-07")?.rent?.monthly == 0)
    }

    @Test("Tremblay (tab, postal code, €/m²/an, empty rent)")
    func tremblayValues() throws {
        let read = try Self.read("tremblay-en-france-2026-05-15.csv")
        #expect(read.summary.dialect?.delimiter == 0x09)
        #expect(read.premises("TEF-26-001")?.communeInsee == "93073")
        #expect(read.premises("TEF-26-001")?.rent?.monthly == 136.67)
        #expect(read.premises("TEF-26-005")?.surface == 1350)
        #expect(read.premises("TEF-26-009")?.rent == nil)
        #expect(read.premises("TEF-26-009")?.floor == -1)
        #expect(read.premises("TEF-26-003")?.availableUntil == CivilDate(year: 2026, month: 12, day: 31))
    }

    @Test("Le Bourget (quote-all, name variants) and Villepinte (profile, upper-case values, Vacant)")
    func bourgetAndVillepinte() throws {
        let bourget = try Self.read("le-bourget-2026-04-15.csv")
        #expect(Set(bourget.accepted.map(\.premises.communeInsee)) == ["93013"])
        #expect(bourget.premises("LB-02")?.surface == 32.5)
        #expect(bourget.premises("LB-06")?.remarks == nil)

        let villepinte = try Self.read("villepinte-2026-06-01.csv", profile: "villepinte.json")
        #expect(villepinte.reader.mapping.ignored == ["Code gestionnaire"])
        let lot0418 = try #require(villepinte.premises("LOT-0418"))
        #expect(lot0418.type == .workshop)
        #expect(lot0418.leaseKind == .temporary)
        #expect(lot0418.status == .available)
        #expect(lot0418.marketRent == 2041.67)
        #expect(lot0418.extra.isEmpty)
        #expect(villepinte.premises("LOT-0444")?.type == .storage)
        #expect(villepinte.premises("LOT-0412")?.contact == "C. Moreau, patrimoine@ville-villepinte.fr, 01 41 52 53 20")
    }
}
