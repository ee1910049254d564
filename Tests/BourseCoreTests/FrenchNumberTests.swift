import BourseCore
import Testing

@Suite("FrenchNumber")
struct FrenchNumberTests {
    @Test("Decimal comma, no-break space between thousands, trailing zeros dropped", arguments: [
        (0.0, "0"), (-45.0, "-45"), (1250.5, "1\u{A0}250,5"), (2730.5, "2\u{A0}730,5"),
        (1_000_000.0, "1\u{A0}000\u{A0}000"), (12.346, "12,35"), (0.1, "0,1"), (-1234.5, "-1\u{A0}234,5"), (999.0, "999"),
        (100.0, "100"),
    ])
    func format(value: Double, expected: String) {
        #expect(FrenchNumber.format(value) == expected)
    }

    @Test("Integers, euros and square metres")
    func units() {
        #expect(FrenchNumber.format(1_234_567) == "1\u{A0}234\u{A0}567")
        #expect(FrenchNumber.format(-12) == "-12")
        #expect(FrenchNumber.euros(1250.5) == "1\u{A0}250,50\u{A0}€")
        #expect(FrenchNumber.euros(0) == "0,00\u{A0}€")
        #expect(FrenchNumber.squareMetres(45.5) == "45,5\u{A0}m²")
        #expect(FrenchNumber.squareMetres(1120) == "1\u{A0}120\u{A0}m²")
    }
}
