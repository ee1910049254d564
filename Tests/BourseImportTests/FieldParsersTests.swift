import BourseCore
@testable import BourseImport
import Foundation
import Testing

/// What a parser should make of one input.
enum Parsed<Value: Sendable & Equatable>: Sendable, Equatable {
    case value(Value)
    case missing
    case invalid
}

extension FieldValue where Value: Equatable {
    var parsed: Parsed<Value> {
        switch self {
        case .value(let value): .value(value)
        case .missing: .missing
        case .invalid: .invalid
        }
    }
}

private func number(_ text: String, freeIsZero: Bool = false, encoding: TextEncoding = .utf8) -> FieldValue<Double> {
    let bytes = encoding == .utf8 ? Array(text.utf8) : windows1252Bytes(text)
    return bytes.withUnsafeBufferPointer { FieldParsers.number($0, encoding: encoding, freeIsZero: freeIsZero) }
}

private func date(_ text: String) -> FieldValue<FieldParsers.DateReading> {
    Array(text.utf8).withUnsafeBufferPointer { FieldParsers.date($0, encoding: .utf8) }
}

/// Encodes the few characters the tests need in Windows-1252.
private func windows1252Bytes(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar -> UInt8 in
        switch scalar {
        case "€": 0x80
        case "’": 0x92
        case "œ": 0x9C
        default: UInt8(truncatingIfNeeded: scalar.value)
        }
    }
}

@Suite("FieldParsers")
struct FieldParsersTests {
    static let numbers: [(String, Parsed<Double>)] = [
        ("45,5", .value(45.5)),
        ("1 250,50", .value(1250.5)),
        ("1\u{A0}250,5", .value(1250.5)),
        ("1\u{202F}250", .value(1250)),
        ("2\u{202F}730,5", .value(2730.5)),
        ("1.250,5", .value(1250.5)),
        ("1,250.5", .value(1250.5)),
        ("45.5", .value(45.5)),
        ("-3", .value(-3)),
        ("−3", .value(-3)),
        ("+3", .value(3)),
        ("0", .value(0)),
        ("0,00", .value(0)),
        ("1 068,75", .value(1068.75)),
        ("1 000 000", .value(1_000_000)),
        ("1 000 000,25", .value(1_000_000.25)),
        ("1.000.000", .value(1_000_000)),
        (",5", .value(0.5)),
        ("45 m²", .value(45)),
        ("58 m2", .value(58)),
        ("1 200 €", .value(1200)),
        ("30 €", .value(30)),
        ("€ 30", .value(30)),
        ("100 € HC", .value(100)),
        ("100 €/mois", .value(100)),
        ("12,5 €/m²/an", .value(12.5)),
        ("1\u{A0}800 €", .value(1800)),
        ("environ 50", .invalid),
        ("cinquante", .invalid),
        ("à négocier", .invalid),
        ("12 5", .invalid),
        ("1 2345", .invalid),
        ("1234 567", .invalid),
        ("1,2,3", .invalid),
        ("1,5.3", .invalid),
        ("12,", .invalid),
        ("45 kg", .invalid),
        ("gratuit", .invalid),
        ("", .missing),
        ("NA", .missing),
        ("na", .missing),
        ("N/A", .missing),
        ("n/a", .missing),
        ("-", .missing),
        ("nc", .missing),
        ("n.a.", .missing),
    ]

    @Test("Numbers from bytes", arguments: numbers)
    func numberFromBytes(input: String, expected: Parsed<Double>) {
        #expect(number(input).parsed == expected)
    }

    @Test("Numbers from decoded text (the XML and joined-column path) agree with bytes", arguments: numbers)
    func numberFromText(input: String, expected: Parsed<Double>) {
        #expect(FieldParsers.number(text: input).parsed == expected)
    }

    @Test("Free means zero only when asked", arguments: ["gratuit", "Gratuit", "GRATUIT", "gratuite", "à titre gracieux"])
    func free(input: String) {
        #expect(number(input, freeIsZero: true).parsed == .value(0))
        #expect(number(input, freeIsZero: false).isInvalid)
        #expect(FieldParsers.number(text: input, freeIsZero: true).parsed == .value(0))
    }

    @Test("An invalid number says what was read")
    func invalidReason() throws {
        let reason = try #require(number("environ 50").reason)
        #expect(reason.contains("« environ 50 »"))
        #expect(reason.contains("non numérique"))
    }

    @Test("A range is refused as such", arguments: ["45 à 60", "45 à 60 m²", "de 45 à 60 m²", "45-60", "45 – 60 m²", "1 200 à 1 500 €", "de 30 au 40"])
    func range(input: String) throws {
        let reason = try #require(number(input).reason)
        #expect(reason == "fourchette « \(input) » : une seule valeur attendue")
    }

    @Test("Not a range: a negative number, a single value, a date-like text", arguments: ["-45", "- 45", "45 m²", "environ 50", "2026-01-15", "à négocier"])
    func notRange(input: String) {
        #expect(!FieldParsers.isRange(input))
    }

    @Test("Numbers in Windows-1252 bytes")
    func windows1252Numbers() {
        #expect(number("1\u{A0}250,5", encoding: .windows1252).parsed == .value(1250.5))
        #expect(number("1 200 €", encoding: .windows1252).parsed == .value(1200))
        #expect(number("Gratuit", freeIsZero: true, encoding: .windows1252).parsed == .value(0))
    }

    @Test("Missing markers in bytes", arguments: [
        ("", true), ("-", true), ("?", true), ("NA", true), ("na", true), ("Na", true), ("nc", true), ("NC", true),
        ("--", true), ("N/A", true), ("n/a", true), ("n.a.", true), ("N.A.", true),
        ("0", false), ("N", false), ("A", false), ("NAN", false), ("-1", false), ("x", false), ("N/B", false),
        ("AN", false), ("Non", false),
    ])
    func missing(input: String, expected: Bool) {
        #expect(Array(input.utf8).withUnsafeBufferPointer { FieldParsers.isMissing($0) } == expected)
    }

    // MARK: Dates

    enum DateExpectation: Sendable, Equatable {
        case day(String)
        case now
        case missing
        case invalid
    }

    static let dates: [(String, DateExpectation)] = [
        ("01/03/2026", .day("2026-03-01")),
        ("1/3/2026", .day("2026-03-01")),
        ("01.03.2026", .day("2026-03-01")),
        ("01-03-2026", .day("2026-03-01")),
        ("01/03/26", .day("2026-03-01")),
        ("2026-03-01", .day("2026-03-01")),
        ("01/03/2026 00:00:00", .day("2026-03-01")),
        ("01/03/2026 00:00", .day("2026-03-01")),
        ("2026-03-01T10:00:00", .day("2026-03-01")),
        ("2026-03-01T10:00:00Z", .day("2026-03-01")),
        ("2026-03-01 10:00:00.000", .day("2026-03-01")),
        // ISO 8601 with a UTC offset, as some exports write date-times.
        ("2026-03-01T10:00:00+02:00", .day("2026-03-01")),
        ("29/02/2024", .day("2024-02-29")),
        ("31/12/2026", .day("2026-12-31")),
        ("29/02/2026", .invalid),
        ("31/04/2026", .invalid),
        ("31/02/2026", .invalid),
        ("13/13/2026", .invalid),
        ("01/13/2026", .invalid),
        ("32/01/2026", .invalid),
        ("00/01/2026", .invalid),
        ("2026-02-30", .invalid),
        ("2026-13-01", .invalid),
        ("01/03/2026 midi", .invalid),
        ("01/03-2026", .invalid),
        ("01/03/20261", .invalid),
        ("2026", .invalid),
        ("03/2026", .invalid),
        ("1er mars 2026", .day("2026-03-01")),
        ("15 mars 2026", .day("2026-03-15")),
        ("le 15 avril 2026", .day("2026-04-15")),
        ("1er Février 2026", .day("2026-02-01")),
        ("1er FÉVRIER 2026", .day("2026-02-01")),
        ("mars 2026", .day("2026-03-01")),
        ("Septembre 2026", .day("2026-09-01")),
        ("30 février 2026", .invalid),
        ("mars 26", .invalid),
        ("immédiate", .now),
        ("Immédiatement", .now),
        ("de suite", .now),
        ("Dès maintenant", .now),
        ("demain", .invalid),
        ("bientôt", .invalid),
        ("", .missing),
        ("NA", .missing),
        ("N/A", .missing),
        ("-", .missing),
    ]

    private static func expectation(_ value: FieldValue<FieldParsers.DateReading>) -> DateExpectation {
        switch value {
        case .value(.date(let day)): .day(day.iso)
        case .value(.now): .now
        case .missing: .missing
        case .invalid: .invalid
        }
    }

    @Test("Dates from bytes", arguments: dates)
    func dateFromBytes(input: String, expected: DateExpectation) {
        #expect(Self.expectation(date(input)) == expected)
    }

    @Test("Dates from decoded text", arguments: dates)
    func dateFromText(input: String, expected: DateExpectation) {
        #expect(Self.expectation(FieldParsers.date(text: input)) == expected)
    }

    @Test("An impossible day and an unreadable date give different reasons")
    func dateReasons() throws {
        let impossible = try #require(date("31/02/2026").reason)
        #expect(impossible.contains("« 31/02/2026 »"))
        #expect(impossible.contains("n'existe pas"))
        let unreadable = try #require(date("demain").reason)
        #expect(unreadable.contains("« demain »"))
        #expect(unreadable.contains("illisible"))
    }

    // MARK: Yes / no

    @Test("Yes and no", arguments: [
        ("oui", Parsed<Bool>.value(true)), ("Oui", .value(true)), ("OUI", .value(true)), ("o", .value(true)),
        ("x", .value(true)), ("X", .value(true)), ("1", .value(true)), ("vrai", .value(true)),
        ("yes", .value(true)), ("Accessible", .value(true)),
        ("non", .value(false)), ("Non", .value(false)), ("NON", .value(false)), ("n", .value(false)),
        ("0", .value(false)), ("faux", .value(false)), ("no", .value(false)), ("Non accessible", .value(false)),
        ("inaccessible", .value(false)),
        ("", .missing), ("NA", .missing), ("N/A", .missing), ("-", .missing), ("nc", .missing),
        ("peut-être", .invalid), ("partiellement", .invalid), ("2", .invalid), ("ouii", .invalid),
    ])
    func boolean(input: String, expected: Parsed<Bool>) {
        #expect(FieldParsers.boolean(text: input).parsed == expected)
    }

    @Test("An unrecognised yes/no says what was read")
    func booleanReason() throws {
        let reason = try #require(FieldParsers.boolean(text: "peut-être").reason)
        #expect(reason.contains("« peut-être »"))
    }

    // MARK: Floors

    @Test("Floors", arguments: [
        ("RDC", Parsed<Int>.value(0)), ("rdc", .value(0)), ("Rez-de-chaussée", .value(0)),
        ("rez-de-chaussée", .value(0)), ("REZ DE CHAUSSEE", .value(0)), ("0", .value(0)), ("R0", .value(0)),
        ("1er", .value(1)), ("1ER", .value(1)), ("1", .value(1)), ("1er étage", .value(1)), ("2ème", .value(2)),
        ("2e", .value(2)), ("2nd", .value(2)), ("3e étage", .value(3)), ("R+1", .value(1)), ("R+2", .value(2)),
        ("r+2", .value(2)), ("-1", .value(-1)), ("R-1", .value(-1)), ("−1", .value(-1)), ("-2", .value(-2)),
        ("sous-sol", .value(-1)), ("Sous-sol", .value(-1)),
        ("", .missing), ("NA", .missing), ("N/A", .missing), ("-", .missing),
        ("grenier", .invalid), ("toit", .invalid), ("étage", .invalid), ("100", .invalid), ("R+", .invalid),
        ("1er et 2e", .invalid),
    ])
    func floor(input: String, expected: Parsed<Int>) {
        #expect(FieldParsers.floor(text: input).parsed == expected)
    }

    @Test("An unrecognised floor says what was read")
    func floorReason() throws {
        let reason = try #require(FieldParsers.floor(text: "grenier").reason)
        #expect(reason.contains("« grenier »"))
    }
}
