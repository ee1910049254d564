import BourseCore
import Testing

@Suite("Rent")
struct RentTests {
    @Test("A monthly rent derives the rent per m² per year")
    func monthly() {
        let rent = Rent.monthly(142.5, surface: 85.5)
        #expect(rent.basis == .monthly)
        #expect(rent.monthly == 142.5)
        #expect(rent.perSquareMetreYear == 20)
        #expect(rent.annual == 1710)
    }

    @Test("A rent per m² per year derives the monthly rent, rounded to the cent")
    func perSquareMetre() {
        let rent = Rent.perSquareMetreYear(8, surface: 1120)
        #expect(rent.basis == .perSquareMetreYear)
        #expect(rent.perSquareMetreYear == 8)
        #expect(rent.monthly == 746.67)
        let other = Rent.perSquareMetreYear(18, surface: 92)
        #expect(other.monthly == 138)
    }

    @Test("An annual rent derives both forms")
    func annual() {
        let rent = Rent.annual(1872, surface: 78)
        #expect(rent.basis == .annual)
        #expect(rent.monthly == 156)
        #expect(rent.perSquareMetreYear == 24)
        let odd = Rent.annual(1000, surface: 3)
        #expect(odd.monthly == 83.33)
        #expect(odd.perSquareMetreYear == 333.33)
    }

    @Test("Derivation round-trips to the cent", arguments: [
        (383.33, 230.0), (106.67, 64.0), (1042.08, 1250.5), (0.0, 120.0), (516.67, 310.0),
    ])
    func roundTrip(monthly: Double, surface: Double) {
        let rent = Rent.monthly(monthly, surface: surface)
        let back = Rent.perSquareMetreYear(rent.perSquareMetreYear, surface: surface)
        // The per m² value is rounded to the cent, so the monthly amount comes back within
        // surface / 12 cents.
        #expect(abs(back.monthly - monthly) <= surface / 1200 + 0.005)
    }

    @Test("A stored rent is rebuilt as is")
    func stored() {
        let rent = Rent(monthly: 100, perSquareMetreYear: 99, basis: .monthly)
        #expect(rent.monthly == 100 && rent.perSquareMetreYear == 99)
        #expect(Rent.Basis(rawValue: "m2_an") == .perSquareMetreYear)
        #expect(Rent.Basis.annual.rawValue == "annuel")
    }

    @Test("roundCents rounds halves away from zero", arguments: [
        (0.125, 0.13), (-0.125, -0.13), (1.004, 1.0), (746.6666, 746.67), (0.0, 0.0), (12.345678, 12.35),
    ])
    func rounding(value: Double, expected: Double) {
        #expect(roundCents(value) == expected)
    }
}
