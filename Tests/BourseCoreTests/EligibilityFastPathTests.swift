import BourseTestSupport
@testable import BourseCore
import Testing

/// The shared seeded generator (independent of the code under test).
private typealias PairRNG = SplitMix64

private let communes = [Insee.aulnay, Insee.drancy, Insee.sevran, Insee.bourget]
private let types: [PremisesType] = [.office, .retail, .workshop, .storage, .hall]
private let leases: [LeaseKind] = [.commercial, .temporary, .associative, .freeLoan, .other]
private let days = ["2026-01-01", "2026-05-31", "2026-06-01", "2026-06-02", "2026-12-31", "2027-06-01", "2028-01-01"].map(matchDay)

/// Random pairs near every boundary of the constraints.
private func randomPair(_ random: inout PairRNG) -> (Need, Premises, PremisesStatus) {
    let minimum = Double(10 * (1 + random.below(10)))
    let need = officeNeed(
        surfaceMin: minimum, surfaceMax: minimum + Double(10 * random.below(6)),
        budgetMonthly: random.maybe(Double(100 * random.below(15))), budgetPerSquareMetreYear: random.chance(30) ? Double(50 * random.below(6)) : nil,
        communes: random.chance(20) ? [] : (0..<(1 + random.below(3))).map { _ in random.pick(communes) },
        types: random.chance(20) ? [] : (0..<(1 + random.below(2))).map { _ in random.pick(types) },
        wantedFrom: random.maybe(random.pick(days)), minimumDurationMonths: random.chance(40) ? random.below(30) : nil,
        accessibleRequired: random.chance(30), leaseKinds: random.chance(50) ? [] : [random.pick(leases), random.pick(leases)])
    let surface = minimum * [0.85, 0.9, 0.95, 1, 1.2, 1.5, 2, 3][random.below(8)]
    let premises = officePremises(
        "P-\(random.below(1000))", commune: random.pick(communes), type: random.pick(types), surface: surface,
        monthlyRent: random.maybe(Double(50 * random.below(30))), marketRent: random.maybe(Double(100 * random.below(20))),
        leaseKind: random.maybe(random.pick(leases)), availableFrom: random.maybe(random.pick(days)),
        availableUntil: random.maybe(random.pick(days)), accessible: random.chance(30) ? nil : random.chance(50))
    let status: PremisesStatus = random.chance(90) ? .available : random.pick([.reserved, .placed, .withdrawn])
    return (need, premises, status)
}

@Suite("Éligibilité : le test rapide des tours (isEligible) et les locaux allégés")
struct EligibilityFastPathTests {
    /// `isEligible` is exactly `check(...).isEmpty`, on pairs near every boundary.
    @Test func isEligibleAgreesWithCheck() {
        var random = PairRNG(state: 2026)
        var eligible = 0
        for _ in 0..<50_000 {
            let (need, premises, status) = randomPair(&random)
            let parameters = matchParameters(tolerance: [0, 0.1, 0.25][random.below(3)])
            let expected = Eligibility.check(need, premises, status: status, parameters: parameters).isEmpty
            #expect(Eligibility.isEligible(need, premises, status: status, parameters: parameters) == expected, "\(need) \(premises)")
            if expected { eligible += 1 }
        }
        #expect(eligible > 500, "enough eligible pairs drawn (\(eligible))")
    }

    /// The facts a round's inner loop reads (no free text) decide and score as the full premises.
    @Test func leanPremisesDecideAndScoreAlike() {
        var random = PairRNG(state: 77)
        for _ in 0..<20_000 {
            var (need, premises, status) = randomPair(&random)
            premises.address = "12 rue de la Paix"
            premises.contact = "contact@example.org"
            premises.remarks = "RDC sur cour"
            premises.typeLabel = "Bureaux"
            premises.leaseLabel = "Bail 3-6-9"
            premises.extra = [ExtraField(header: "Étage", value: "2")]
            let lean = PremisesFacts(premises)
            let parameters = matchParameters(tolerance: [0, 0.1, 0.25][random.below(3)])
            #expect(Eligibility.check(need, lean, status: status, parameters: parameters) == Eligibility.check(need, premises, status: status, parameters: parameters))
            #expect(Eligibility.isEligible(need, lean, status: status, parameters: parameters) == Eligibility.isEligible(need, premises, status: status, parameters: parameters))
            #expect(Score.total(need, lean, weights: parameters.weights).bitPattern == Score.total(need, premises, weights: parameters.weights).bitPattern)
        }
    }

    /// Scores are tenths between 0 and 100: the round's integer sort keys apply to every one.
    @Test func scoresAreTenths() {
        var random = PairRNG(state: 5)
        for _ in 0..<20_000 {
            let (need, premises, _) = randomPair(&random)
            let weights = MatchingParameters.Weights(
                surface: Double(random.below(50)), price: Double(random.below(50)), commune: Double(random.below(50)),
                accessibility: Double(random.below(20)), discount: Double(random.below(20)))
            let score = Score.total(need, premises, weights: weights)
            #expect(MatchingRound.tenths(score) != nil, "\(score)")
        }
        #expect(MatchingRound.tenths(12.34) == nil)
        #expect(MatchingRound.tenths(-0.1) == nil)
        #expect(MatchingRound.tenths(100.1) == nil)
        #expect(MatchingRound.tenths(0) == 0 && MatchingRound.tenths(100) == 1000 && MatchingRound.tenths(72.3) == 723)
    }
}
