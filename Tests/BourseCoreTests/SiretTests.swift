import BourseTestSupport
import BourseCore
import Testing

/// An independent Luhn, written for the tests: from the right, every second digit is doubled
/// (a doubled digit above 9 loses 9), and the total is a multiple of 10.
private enum TestLuhn {
    static let doubled = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]

    static func digits(_ text: String) -> [Int] {
        text.compactMap { $0.wholeNumberValue }
    }

    static func isValid(_ text: String) -> Bool {
        let values = digits(text)
        guard values.count == text.count, !values.isEmpty else { return false }
        var total = 0
        for (offset, digit) in values.reversed().enumerated() {
            total += offset.isMultiple(of: 2) ? digit : doubled[digit]
        }
        return total % 10 == 0
    }

    /// The digit that, appended to `prefix`, makes the whole Luhn-valid.
    static func checkDigit(for prefix: String) -> Int {
        for candidate in 0...9 where isValid(prefix + String(candidate)) { return candidate }
        fatalError("no Luhn check digit for \(prefix)")
    }

    /// Appends the check digit.
    static func complete(_ prefix: String) -> String {
        prefix + String(checkDigit(for: prefix))
    }

    static func digitSum(_ text: String) -> Int {
        digits(text).reduce(0, +)
    }
}

/// A small seeded generator: the same vectors on every run.
private typealias SplitMix = SplitMix64

extension SplitMix64 {
    fileprivate mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int(next() % 10))) })
    }
}

/// Valid SIRETs built in the test: a Luhn-valid SIREN, a 4-digit establishment number, then the
/// SIRET check digit. La Poste's SIREN is left out (its own rule).
private func generatedSirets(count: Int, seed: UInt64) -> [String] {
    var random = SplitMix(state: seed)
    var sirets: [String] = []
    while sirets.count < count {
        let siren = TestLuhn.complete(random.digits(8))
        guard siren != "356000000" else { continue }
        sirets.append(TestLuhn.complete(siren + random.digits(4)))
    }
    return sirets
}

private extension Result where Success == String, Failure == Siret.Problem {
    var value: String? {
        if case .success(let value) = self { return value }
        return nil
    }

    var problem: Siret.Problem? {
        if case .failure(let problem) = self { return problem }
        return nil
    }
}

@Suite("SIRET et SIREN")
struct SiretTests {
    // MARK: The test's own Luhn, checked on textbook values

    @Test("The test's Luhn agrees with textbook values")
    func testLuhnIsSound() {
        #expect(TestLuhn.isValid("79927398713"))
        #expect(!TestLuhn.isValid("79927398710"))
        #expect(TestLuhn.checkDigit(for: "7992739871") == 3)
        #expect(TestLuhn.isValid("0"))
    }

    // MARK: Valid SIRETs

    @Test("Generated SIRETs (Luhn on SIREN and SIRET) are valid and returned as 14 digits")
    func generatedAreValid() {
        let sirets = generatedSirets(count: 300, seed: 2026)
        for siret in sirets {
            #expect(siret.count == 14)
            #expect(TestLuhn.isValid(siret) && TestLuhn.isValid(String(siret.prefix(9))))
            #expect(Siret.validate(siret).value == siret, "\(siret)")
            #expect(Siret.isValidSiren(String(siret.prefix(9))), "\(siret.prefix(9))")
        }
    }

    @Test("Generated SIRETs written with spaces, dots or non-breaking spaces are valid")
    func generatedWithSeparators() {
        for siret in generatedSirets(count: 50, seed: 93) {
            let chars = Array(siret)
            let siren = String(chars[0..<9])
            let groups = [String(chars[0..<3]), String(chars[3..<6]), String(chars[6..<9]), String(chars[9..<14])]
            for written in [
                groups.joined(separator: " "), groups.joined(separator: "."), siren + " " + String(chars[9...]),
                groups.joined(separator: "\u{A0}"), groups.joined(separator: "\u{202F}"), " " + siret + " ",
            ] {
                #expect(Siret.validate(written).value == siret, "\(written.debugDescription)")
            }
        }
    }

    /// Real-shaped SIRETs, kept only because the test's Luhn says they are valid.
    @Test("Real-shaped valid SIRETs", arguments: [
        "732 829 320 00074",
        "73282932000074",
        "537 205 791 00099",
        "806.108.288.00051",
        "35600000000048",
    ])
    func realShapedValid(written: String) throws {
        let digits = written.filter(\.isNumber)
        try #require(TestLuhn.isValid(digits) && TestLuhn.isValid(String(digits.prefix(9))), "the vector itself must be Luhn-valid")
        #expect(Siret.validate(written).value == digits)
    }

    // MARK: Invalid SIRETs

    @Test("Changing any one digit of the establishment part breaks the SIRET checksum")
    func oneDigitInNIC() {
        for siret in generatedSirets(count: 40, seed: 7) {
            var chars = Array(siret)
            for position in 9..<14 {
                let original = chars[position]
                let digit = original.wholeNumberValue!
                chars[position] = Character(String((digit + 1 + position % 9) % 10))
                let mutated = String(chars)
                #expect(!TestLuhn.isValid(mutated))
                #expect(Siret.validate(mutated).problem == .siretChecksum(mutated), "\(mutated)")
                chars[position] = original
            }
        }
    }

    @Test("Changing any one digit of the SIREN breaks the SIREN checksum, reported first")
    func oneDigitInSIREN() {
        for siret in generatedSirets(count: 40, seed: 11) {
            var chars = Array(siret)
            for position in 0..<9 {
                let original = chars[position]
                let digit = original.wholeNumberValue!
                chars[position] = Character(String((digit + 3) % 10))
                let mutated = String(chars)
                let siren = String(mutated.prefix(9))
                if siren == "356000000" { chars[position] = original; continue }
                #expect(!TestLuhn.isValid(siren))
                #expect(Siret.validate(mutated).problem == .sirenChecksum(siren), "\(mutated)")
                chars[position] = original
            }
        }
    }

    @Test("A SIRET whose 14 digits pass Luhn but whose SIREN does not is refused")
    func sirenInvalidSiretValid() throws {
        // SIREN 732829321 fails Luhn; choose the last digit so that the 14 digits pass.
        let siren = "732829321"
        try #require(!TestLuhn.isValid(siren))
        let siret = TestLuhn.complete(siren + "0007")
        try #require(TestLuhn.isValid(siret))
        #expect(Siret.validate(siret).problem == .sirenChecksum(siren))
    }

    @Test("Real-shaped SIRET 552 100 554 00024: SIREN valid, 14-digit Luhn fails")
    func realShapedInvalid() throws {
        let digits = "55210055400024"
        try #require(TestLuhn.isValid("552100554") && !TestLuhn.isValid(digits))
        #expect(Siret.validate("552 100 554 00024").problem == .siretChecksum(digits))
    }

    @Test("Wrong lengths", arguments: [
        ("719 909 582 0095", 13),
        ("7199095820095", 13),
        ("732829320000740", 15),
        ("732 829 320", 9),
        ("1", 1),
        ("", 0),
        ("  ", 0),
    ])
    func wrongLength(written: String, count: Int) {
        #expect(Siret.validate(written).problem == .wrongLength(count))
    }

    @Test("Not only digits", arguments: [
        "4O9 137 700 00087",
        "73282932000O74",
        "SIRET 73282932000074",
        "732-829-320-00074",
        "732829320/00074",
        "+73282932000074",
        "abc",
    ])
    func notDigits(written: String) {
        #expect(Siret.validate(written).problem == .notDigits(written))
    }

    @Test("Problems are described in French")
    func descriptions() {
        #expect(Siret.Problem.wrongLength(13).description.contains("13 chiffres au lieu de 14"))
        #expect(Siret.Problem.notDigits("4O9").description.contains("« 4O9 »"))
        #expect(Siret.Problem.sirenChecksum("732829321").description.contains("SIREN 732829321"))
        #expect(Siret.Problem.siretChecksum("55210055400024").description.contains("SIRET 55210055400024"))
    }

    // MARK: La Poste

    @Test("La Poste's head office 35600000000048 follows Luhn and is valid (digit sum 26)")
    func laPosteHeadOffice() {
        #expect(TestLuhn.isValid("35600000000048"))
        #expect(TestLuhn.digitSum("35600000000048") == 26)
        #expect(Siret.validate("35600000000048").value == "35600000000048")
        #expect(Siret.validate("356 000 000 00048").value == "35600000000048")
    }

    @Test("La Poste establishments with a digit sum multiple of 5 are valid, even when Luhn fails", arguments: [
        "35600000001000",
        "356 000 000 01000",
        "356.000.000.01000",
        "35600000000010",
        "35600000012300",
        "35600000099990",
        "35600000000006",
    ])
    func laPosteValid(written: String) throws {
        let digits = written.filter(\.isNumber)
        try #require(TestLuhn.digitSum(digits) % 5 == 0)
        #expect(Siret.validate(written).value == digits)
    }

    @Test("Every La Poste establishment number 00000–00999: valid exactly when the digit sum is a multiple of 5")
    func laPosteExhaustive() {
        for number in 0..<1000 {
            let nic = String(repeating: "0", count: 5 - String(number).count) + String(number)
            let siret = "356000000" + nic
            guard siret != "35600000000048" else { continue }
            let expected = TestLuhn.digitSum(siret) % 5 == 0
            if expected {
                #expect(Siret.validate(siret).value == siret, "\(siret)")
            } else {
                #expect(Siret.validate(siret).problem == .siretChecksum(siret), "\(siret)")
            }
        }
    }

    @Test("A La Poste SIRET whose digit sum is not a multiple of 5 is invalid", arguments: [
        "35600000001001",
        "35600000000049",
        "356 000 000 01234",
    ])
    func laPosteInvalid(written: String) throws {
        let digits = written.filter(\.isNumber)
        try #require(TestLuhn.digitSum(digits) % 5 != 0 && !TestLuhn.isValid(digits))
        #expect(Siret.validate(written).problem == .siretChecksum(digits))
    }

    @Test("For La Poste the digit-sum rule replaces Luhn: Luhn-valid 35600000000014 (sum 19) is invalid")
    func laPosteLuhnAloneIsNotEnough() throws {
        try #require(TestLuhn.isValid("35600000000014") && TestLuhn.digitSum("35600000000014") == 19)
        #expect(Siret.validate("35600000000014").problem == .siretChecksum("35600000000014"))
    }

    @Test("The digit-sum rule is La Poste's only: another SIREN with a sum multiple of 5 still needs Luhn")
    func otherSirenDigitSumNotEnough() throws {
        // SIREN 732829320 (valid), establishment chosen so that the sum is a multiple of 5 and Luhn fails.
        var found: String?
        for nic in 0..<1000 {
            let text = String(nic)
            let siret = "732829320" + String(repeating: "0", count: 5 - text.count) + text
            if TestLuhn.digitSum(siret) % 5 == 0 && !TestLuhn.isValid(siret) {
                found = siret
                break
            }
        }
        let siret = try #require(found)
        #expect(Siret.validate(siret).problem == .siretChecksum(siret))
    }

    // MARK: normalise

    @Test("normalise removes spaces, dots, tabs and non-breaking spaces only")
    func normalise() {
        #expect(Siret.normalise("732 829 320 00074") == "73282932000074")
        #expect(Siret.normalise("732.829.320.00074") == "73282932000074")
        #expect(Siret.normalise("732\u{A0}829\u{202F}320\t00074") == "73282932000074")
        #expect(Siret.normalise("732-829") == "732-829")
    }

    // MARK: SIREN

    @Test("Valid SIRENs", arguments: ["732829320", "732 829 320", "732.829.320", "552100554", "356000000", "537205791", "477229439"])
    func validSiren(written: String) throws {
        try #require(TestLuhn.isValid(written.filter(\.isNumber)))
        #expect(Siret.isValidSiren(written))
    }

    @Test("Generated SIRENs are valid; one changed digit makes them invalid")
    func generatedSirens() {
        var random = SplitMix(state: 42)
        for _ in 0..<200 {
            let siren = TestLuhn.complete(random.digits(8))
            #expect(Siret.isValidSiren(siren), "\(siren)")
            var chars = Array(siren)
            let position = Int(random.next() % 9)
            chars[position] = Character(String((chars[position].wholeNumberValue! + 5) % 10))
            #expect(!Siret.isValidSiren(String(chars)), "\(String(chars))")
        }
    }

    @Test("Invalid SIRENs", arguments: ["732829321", "73282932", "7328293200", "73282932O", "", "abcdefghi", "73282932000074", "-73282932"])
    func invalidSiren(written: String) {
        #expect(!Siret.isValidSiren(written))
    }

    @Test("Siret.luhn agrees with the test's Luhn on generated digit strings")
    func luhnAgrees() {
        var random = SplitMix(state: 5)
        for length in 1...16 {
            for _ in 0..<50 {
                let text = random.digits(length)
                let digits = text.map { $0.wholeNumberValue! }
                #expect(Siret.luhn(digits[...]) == TestLuhn.isValid(text), "\(text)")
            }
        }
    }
}
