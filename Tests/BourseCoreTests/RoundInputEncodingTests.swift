import BourseCore
import BourseTestSupport
import Testing

/// The canonical encoding of a round's inputs: its bytes are fixed by its documentation (not by
/// Swift's printing), it decodes to what the matching read, and it refuses damaged bytes.
@Suite("Appariement : encodage canonique des entrées d'un tour")
struct RoundInputEncodingTests {
    private static let day = CivilDate(iso: "2026-06-01")!

    private static func need(_ reference: String = "B1", surfaceMin: Double = 40) -> RoundNeed {
        RoundNeed(
            need: Need(
                reference: reference, structureReference: "S1", surfaceMin: surfaceMin, surfaceMax: 60, budgetMonthly: 800,
                communes: ["93029", "93005"], types: [.office, .retail], wantedFrom: CivilDate(iso: "2026-09-01"),
                minimumDurationMonths: 24, accessibleRequired: true, leaseKinds: [.temporary], requestedOn: CivilDate(iso: "2025-02-01"),
                remarks: "pas lu par l'appariement"),
            structure: Structure(reference: "S1", name: "La Trame", jobs: 5.5, laureateYear: 2025))
    }

    private static func premises(_ id: String = "7", surface: Double = 50) -> RoundPremises {
        RoundPremises(
            id: id,
            premises: Premises(
                reference: "L-1", communeInsee: "93029", address: "1 rue", type: .office, surface: surface,
                rent: .monthly(500, surface: surface), marketRent: 650, leaseKind: .commercial, availableFrom: CivilDate(iso: "2026-05-01"),
                availableUntil: nil, accessible: false, contact: "x@y.fr"),
            status: .available)
    }

    @Test func theParametersEncodeToTheDocumentedBytes() {
        let parameters = MatchingParameters(strategy: .stable, surfaceTolerance: 0.5, weights: .init(surface: 1, price: 2, commune: 0, accessibility: -0.0, discount: 4), seed: 3, date: CivilDate(daysSinceEpoch: 2))
        var expected: [UInt8] = [UInt8(ascii: "M"), 6, 0, 0, 0] + Array("stable".utf8)
        func real(_ value: Double) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt64($0))) } }
        expected += real(0.5) + real(1) + real(2) + real(0) + real(0) + real(4)
        expected += [3, 0, 0, 0, 0, 0, 0, 0] + [2, 0, 0, 0, 0, 0, 0, 0]
        #expect(RoundInputEncoding.encode(parameters) == expected, "−0 is written as 0")
    }

    @Test func needsAndPremisesDecodeToWhatTheMatchingReads() throws {
        let need = Self.need()
        let decoded = try RoundInputEncoding.decodeNeed(RoundInputEncoding.encode(need))
        #expect(decoded.need.reference == "B1")
        #expect(decoded.need.communes == ["93029", "93005"])
        #expect(decoded.need.types == [.office, .retail])
        #expect(decoded.need.leaseKinds == [.temporary])
        #expect(decoded.need.wantedFrom == need.need.wantedFrom && decoded.need.requestedOn == need.need.requestedOn)
        #expect(decoded.need.minimumDurationMonths == 24 && decoded.need.accessibleRequired && decoded.need.budgetMonthly == 800)
        #expect(decoded.need.remarks == nil, "what the matching does not read is not kept")
        #expect(decoded.structure.laureateYear == 2025 && decoded.structure.jobs == 5.5)

        let premises = Self.premises()
        let back = try RoundInputEncoding.decodePremises(RoundInputEncoding.encode(premises))
        #expect(back.id == "7" && back.status == .available)
        #expect(PremisesFacts(back.premises) == PremisesFacts(premises.premises))
        let parameters = MatchingParameters(date: Self.day)
        #expect(Score.of(decoded.need, back.premises, weights: parameters.weights) == Score.of(need.need, premises.premises, weights: parameters.weights))
        #expect(Eligibility.check(decoded.need, back.premises, status: .available, parameters: parameters).map(\.description)
            == Eligibility.check(need.need, premises.premises, status: .available, parameters: parameters).map(\.description))
    }

    @Test func theFingerprintBytesIgnoreOrderButNotAnInputTheMatchingReads() {
        let parameters = MatchingParameters(date: Self.day)
        let needs = [Self.need("B1"), Self.need("B2")], premises = [Self.premises("7"), Self.premises("10")]
        let bytes = RoundInputEncoding.fingerprintBytes(needs: needs, premises: premises, parameters: parameters)
        #expect(bytes.starts(with: Array("bourse-tour-entrees/1\n".utf8)))
        #expect(RoundInputEncoding.fingerprintBytes(needs: needs.reversed(), premises: premises.reversed(), parameters: parameters) == bytes)
        var remarked = needs
        remarked[0].need.remarks = "autre remarque"
        remarked[0].structure.name = "autre nom"
        #expect(RoundInputEncoding.fingerprintBytes(needs: remarked, premises: premises, parameters: parameters) == bytes)
        #expect(RoundInputEncoding.fingerprintBytes(needs: [Self.need("B1", surfaceMin: 41), Self.need("B2")], premises: premises, parameters: parameters) != bytes)
        #expect(RoundInputEncoding.fingerprintBytes(needs: needs, premises: [Self.premises("7", surface: 51), Self.premises("10")], parameters: parameters) != bytes)
        var seeded = parameters
        seeded.seed = 2
        #expect(RoundInputEncoding.fingerprintBytes(needs: needs, premises: premises, parameters: seeded) != bytes)
    }

    @Test func damagedBytesAreRefusedNeverTrapped() {
        let good = RoundInputEncoding.encode(Self.need())
        for length in 0..<good.count {
            #expect(throws: RoundInputEncoding.DecodingError.self) { try RoundInputEncoding.decodeNeed(Array(good.prefix(length))) }
        }
        #expect(throws: RoundInputEncoding.DecodingError.self) { try RoundInputEncoding.decodeNeed(good + [0]) }
        #expect(throws: RoundInputEncoding.DecodingError.self) { try RoundInputEncoding.decodePremises(good) }
        var random = SplitMix64(state: 11)
        for _ in 0..<2_000 {
            var bytes = good
            bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            _ = try? RoundInputEncoding.decodeNeed(bytes)
        }
    }
}
