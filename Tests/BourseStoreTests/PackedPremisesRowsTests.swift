import BourseTestSupport
import BourseCore
@testable import BourseImport
@testable import BourseStore
import Foundation
import GRDB
import Testing

/// Premises with every optional value present or absent, texts empty, accented, with emoji, NUL,
/// quotes, and now and then far longer than a batch's first block of memory.
private func randomPremises(_ count: Int, seed: UInt64) -> [Premises] {
    var random = SplitMix64(state: seed)
    func maybe<T>(_ value: @autoclosure () -> T) -> T? { Bool.random(using: &random) ? value() : nil }
    func text() -> String {
        let pieces = ["", "a", "Rue de l'Église", "émoji 🏢", "guillemets \"doubles\"", "nul\u{0}dedans", "; , |", "ligne\r\nsuivante"]
        var value = pieces.randomElement(using: &random)!
        if Int.random(in: 0..<200, using: &random) == 0 { value += String(repeating: "é", count: 70_000) }
        return value
    }
    func date() -> CivilDate {
        CivilDate(year: Int.random(in: 1990...2040, using: &random), month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
    }
    let communes = ["93005", "93013", "93027", "93029", "93030", "93032", "93071", "93073"]
    return (0..<count).map { index in
        let surface = Double(Int.random(in: 1...500_000, using: &random)) / 100
        let rent: Rent? = switch Int.random(in: 0..<4, using: &random) {
        case 0: nil
        case 1: .monthly(Double(Int.random(in: 0...900_000, using: &random)) / 100, surface: surface)
        case 2: .annual(Double(Int.random(in: 0...900_000, using: &random)) / 100, surface: surface)
        default: .perSquareMetreYear(Double(Int.random(in: 0...90_000, using: &random)) / 100, surface: surface)
        }
        return Premises(
            reference: "R-\(index)-\(text())", communeInsee: communes.randomElement(using: &random)!,
            address: maybe(text()), type: PremisesType.allCases.randomElement(using: &random)!,
            typeLabel: maybe(text()), surface: surface, rent: rent, charges: maybe(Double(index) / 3),
            marketRent: maybe(-Double(index)), leaseKind: maybe(LeaseKind.allCases.randomElement(using: &random)!),
            leaseLabel: maybe(text()), availableFrom: maybe(date()), availableUntil: maybe(date()),
            floor: maybe(Int.random(in: -3...40, using: &random)), accessible: maybe(Bool.random(using: &random)),
            status: PremisesStatus.allCases.randomElement(using: &random)!, contact: maybe(text()), remarks: maybe(text()),
            extra: Bool.random(using: &random) ? [] : [ExtraField(header: "Colonne \(index % 3)", value: text())])
    }
}

/// The 27 INSERT columns of each premises, as GRDB binds them from the premises' own fields (the
/// reference the packed rows are compared with).
private func expectedArguments(_ premises: Premises, source: String, asOf: String, inventory: Int64) -> StatementArguments {
    let values: [(any DatabaseValueConvertible)?] = [
        source, premises.communeInsee, premises.reference, premises.address, premises.type.rawValue,
        premises.typeLabel, premises.surface, premises.rent?.monthly, premises.rent?.perSquareMetreYear,
        premises.rent?.basis.rawValue, premises.charges, premises.marketRent, premises.leaseKind?.rawValue,
        premises.leaseLabel, premises.availableFrom?.iso, premises.availableUntil?.iso, premises.floor,
        premises.accessible, premises.status.rawValue, premises.status.rawValue, asOf, premises.contact,
        premises.remarks, PremisesRecord.encodeExtra(premises.extra), asOf, inventory, inventory,
    ]
    return StatementArguments(values)
}

@Suite("Lignes d'INSERT préparées sur le fil de lecture")
struct PackedPremisesRowsTests {
    /// A bare table with the INSERT's columns (no constraint: only the values are compared).
    private func table(_ db: Database, _ name: String) throws {
        try db.execute(sql: "CREATE TABLE \(name) (id INTEGER PRIMARY KEY, \(PremisesInsert.columns))")
    }

    /// Premises packed in batches of uneven sizes and inserted through statements of uneven row
    /// counts, runs spanning batches, store exactly what GRDB stores from the premises themselves.
    @Test(arguments: [(1, 1), (63, 7), (64, 64), (65, 1024), (1_000, 100), (3_000, 1_024)])
    func packedRowsStoreWhatTheirPremisesHold(count: Int, batchSize: Int) throws {
        let all = randomPremises(count, seed: UInt64(count * 31 + batchSize))
        let queue = try DatabaseQueue()
        try queue.write { db in
            try table(db, "premises")
            try table(db, "expected")
            for premises in all {
                try db.execute(
                    sql: "INSERT INTO expected (\(PremisesInsert.columns)) VALUES (\(Array(repeating: "?", count: 27).joined(separator: ",")))",
                    arguments: expectedArguments(premises, source: "drancy", asOf: "2026-03-31", inventory: 7))
            }
            // Pack in batches, then insert runs of up to 64 rows that may straddle two batches.
            var batches: [PackedPremisesRows] = []
            for start in stride(from: 0, to: all.count, by: batchSize) {
                let batch = PackedPremisesRows()
                for (offset, premises) in all[start..<min(start + batchSize, all.count)].enumerated() {
                    batch.append(premises, line: start + offset + 2)
                }
                #expect(batch.count == min(batchSize, all.count - start))
                batches.append(batch)
            }
            let flat = batches.flatMap { batch in (0..<batch.count).map { (batch, $0) } }
            var next = 0
            var statementSize = 1
            while next < flat.count {
                let rows = min(statementSize, flat.count - next, PremisesInsert.batchSize)
                var binder = RawStatementBinder(try db.cachedStatement(sql: PremisesInsert.sql(rows: rows)))
                PremisesInsert.bindShared(sourceID: "drancy", asOf: "2026-03-31", inventoryID: 7, to: &binder)
                for (batch, row) in flat[next..<next + rows] { batch.bind(row: row, to: &binder) }
                try binder.execute(db)
                next += rows
                statementSize = statementSize % PremisesInsert.batchSize + 13
            }
            let stored = try Row.fetchAll(db, sql: "SELECT * FROM premises ORDER BY id")
            let expected = try Row.fetchAll(db, sql: "SELECT * FROM expected ORDER BY id")
            #expect(stored.count == all.count)
            #expect(stored == expected)
            // Same storage classes too (a text stays text, an integer is not stored as real).
            let types = "SELECT \(PremisesInsert.columns.split(separator: ",").map { "typeof(\($0.trimmingCharacters(in: .whitespacesAndNewlines)))" }.joined(separator: "||','||")) FROM"
            #expect(try String.fetchAll(db, sql: "\(types) premises ORDER BY id") == String.fetchAll(db, sql: "\(types) expected ORDER BY id"))
        }
    }

    @Test func theCommunesOfABatchAreListedOnceInTheirFirstOrder() {
        let batch = PackedPremisesRows()
        for insee in ["93029", "93029", "93013", "93029", "93005", "93013"] {
            batch.append(Premises(reference: "R", communeInsee: insee, surface: 1), line: 2)
        }
        #expect(batch.communes == ["93029", "93013", "93005"])
        #expect(batch.count == 6)
    }

    /// A pointer-bound statement keeps no pointer once it has run: its parameters read NULL.
    @Test func aStatementBoundByPointerIsClearedAfterItsRun() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try table(db, "premises")
            let statement = try db.cachedStatement(sql: PremisesInsert.sql(rows: 1))
            var binder = RawStatementBinder(statement)
            PremisesInsert.bindShared(sourceID: "drancy", asOf: "2026-03-31", inventoryID: 1, to: &binder)
            do {
                let batch = PackedPremisesRows()
                batch.append(Premises(reference: "R-1", communeInsee: "93029", address: "1 rue", surface: 10), line: 2)
                batch.bind(row: 0, to: &binder)
                try binder.execute(db)
            }
            #expect(try String.fetchOne(db, sql: "SELECT reference FROM premises") == "R-1")
            // Run again without binding: every parameter reads NULL, the freed batch is not read.
            var unbound = RawStatementBinder(statement)
            try unbound.execute(db)
            let second = try #require(try Row.fetchOne(db, sql: "SELECT source_id, commune_insee, reference, address, surface FROM premises WHERE id = 2"))
            let values = second.databaseValues
            #expect(values.allSatisfy { $0.isNull })
        }
    }

    /// New premises reach the store two ways: packed on the reading thread (a source with no
    /// premises yet) or one by one on the storing thread (a source that has some). Both store the
    /// same values, whatever the rejects between them and the lengths of the runs.
    @Test func newPremisesAreStoredAlikeOnEitherPath() throws {
        let folder = try TemporaryFolder()
        let header = "Référence;Commune;Adresse;Type;Surface;Loyer €/m²/an;Charges;Bail;Disponible le;Étage;PMR;Contact;Remarques;Colonne inconnue"
        var lines: [String] = []
        for index in 0..<2_500 {
            let commune = ["Drancy", "93013", "Le Blanc-Mesnil", "tremblay-en-france"][index % 4]
            let surface = index % 97 == 0 ? "zéro" : "\(index % 400 + 1),5"
            let remarks = index % 5 == 0 ? "\"Remarque; avec \"\"guillemets\"\"\"" : ""
            lines.append("R-\(index);\(commune);\(index) rue de l'Église;bureau;\(surface);\(index % 300);\(index % 11 == 0 ? "" : "12,5");bail commercial;\(index % 28 + 1)/03/2027;\(index % 6);\(index % 2 == 0 ? "oui" : "non");x\(index)@exemple.fr;\(remarks);valeur \(index)")
        }
        let everything = try folder.write("tout.csv", ([header] + lines).joined(separator: "\r\n") + "\r\n")
        let firstTen = try folder.write("debut.csv", ([header] + lines.prefix(10)).joined(separator: "\r\n") + "\r\n")

        // An EPT-wide source: a commune's may hold only that commune's premises.
        let ept = Source(id: "ept", name: "EPT Paris Terres d'Envol", kind: .other)
        let packed = try freshDatabase()
        try packed.addSource(ept)
        let direct = try runImport(packed, path: everything, source: "ept", date: "2026-03-31")
        let oneByOne = try freshDatabase()
        try oneByOne.addSource(ept)
        try runImport(oneByOne, path: firstTen, source: "ept", date: "2026-03-01")
        let later = try runImport(oneByOne, path: everything, source: "ept", date: "2026-03-31")
        let rejected = (0..<2_500).filter { $0 % 97 == 0 }.count
        #expect(direct.report.added == 2_500 - rejected)
        #expect(later.report.added == 2_500 - rejected - 9)
        #expect(direct.rejects.count == rejected && later.rejects.count == rejected)

        let values = """
            SELECT commune_insee, reference, address, type, type_label, surface, rent_monthly, rent_m2_year, rent_basis,
              charges, market_rent, lease_kind, lease_label, available_from, available_until, floor, accessible, status,
              initial_status, contact, remarks, extra
            FROM premises ORDER BY id
            """
        let fromPacked = try rows(packed, values).map { Array($0.databaseValues) }
        let fromOneByOne = try rows(oneByOne, values).map { Array($0.databaseValues) }
        // The first inventory's nine premises (R-0 is rejected) come first in the second database:
        // the rest compare in order, those nine as a set.
        #expect(fromPacked.count == 2_500 - rejected)
        #expect(Array(fromPacked.dropFirst(9)) == Array(fromOneByOne.dropFirst(9)))
        #expect(Set(fromPacked.prefix(9).map { "\($0)" }) == Set(fromOneByOne.prefix(9).map { "\($0)" }))
        // A few values read back as the file gave them.
        let sample = try #require(try premisesRecord(packed, "R-5", source: "ept"))
        #expect(sample.remarks == "Remarque; avec \"guillemets\"" && sample.floor == 5 && sample.accessible == false)
        #expect(sample.availableFrom == "2027-03-06" && sample.rentM2Year == 5 && sample.charges == 12.5)
        #expect(sample.extra?.contains("valeur 5") == true)
        #expect(try count(packed, "SELECT count(DISTINCT commune_insee) FROM premises") == 4)
    }
}
