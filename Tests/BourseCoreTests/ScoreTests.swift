import BourseCore
import Testing

/// The score of the MatchingRules article, section « Score »: five criteria valued 0 to 1, weighted,
/// scaled by the sum of the weights and rounded to 0.1.
@Suite("Score (MatchingRules › Score)")
struct ScoreTests {
    /// 40–60 m² (middle 50), 1 000 €/mois, four communes in order of preference.
    private let need = officeNeed(
        budgetMonthly: 1000, communes: [Insee.drancy, Insee.aulnay, Insee.sevran, Insee.bourget])

    private func score(
        _ need: Need?, _ premises: Premises, weights: MatchingParameters.Weights = .init()
    ) -> Score {
        Score.of(need ?? self.need, premises, weights: weights)
    }

    private func score(_ premises: Premises) -> Score {
        score(nil, premises)
    }

    private func criterion(_ score: Score, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Score.Criterion? {
        let found = score.criteria.first { $0.name == name }
        #expect(found != nil, "no criterion \(name)", sourceLocation: sourceLocation)
        return found
    }

    private func value(_ premises: Premises, _ name: String, need: Need? = nil) -> Double? {
        let score = score(need, premises)
        return score.criteria.first { $0.name == name }?.value
    }

    // MARK: Criteria

    @Test("MatchingRules (surface): 1 at the middle, 0.5 at the ends, linear between, 0.25 inside the tolerance")
    func surfaceValue() throws {
        #expect(value(officePremises(surface: 50), "surface") == 1)
        #expect(value(officePremises(surface: 40), "surface") == 0.5)
        #expect(value(officePremises(surface: 60), "surface") == 0.5)
        // 45 m²: a quarter of the way… half of the half-range from the middle → 1 − 0.5 × 0.5.
        #expect(value(officePremises(surface: 45), "surface") == 0.75)
        #expect(value(officePremises(surface: 57), "surface") == 1 - 0.5 * 0.7)
        // Outside the range, inside the 10 % tolerance (36–66 m²).
        #expect(value(officePremises(surface: 37), "surface") == 0.25)
        #expect(value(officePremises(surface: 65), "surface") == 0.25)
        let inside = try #require(criterion(score(officePremises(surface: 45)), "surface"))
        #expect(inside.detail == "45 m² dans la fourchette 40–60 m²")
        let outside = try #require(criterion(score(officePremises(surface: 65)), "surface"))
        #expect(outside.detail == "65 m² hors de la fourchette 40–60 m², dans la tolérance")
    }

    @Test("MatchingRules (prix): 1 − 0.5 × rent / budget; free premises 1; at the budget 0.5; 0.75 without budget")
    func priceValue() throws {
        #expect(value(officePremises(monthlyRent: 400), "prix") == 1 - 0.5 * 0.4)
        #expect(value(officePremises(monthlyRent: 1000), "prix") == 0.5)
        #expect(value(officePremises(monthlyRent: 0), "prix") == 1)
        let price = try #require(criterion(score(officePremises(monthlyRent: 400)), "prix"))
        #expect(price.value == 0.8)
        #expect(price.detail == "loyer 400,00\u{A0}€/mois pour un budget de 1\u{A0}000,00\u{A0}€")
        // Budget per m² per year: 120 €/m²/an for 200 → 1 − 0.5 × 0.6.
        let perSquareMetre = officeNeed(budgetMonthly: nil, budgetPerSquareMetreYear: 200)
        let byArea = try #require(criterion(score(perSquareMetre, officePremises(rent: .perSquareMetreYear(120, surface: 50))), "prix"))
        #expect(abs(byArea.value - 0.7) < 1e-12)
        #expect(byArea.detail == "loyer 120 €/m²/an pour un budget de 200 €/m²/an")
        // No budget: 0.75, unless the premises is free.
        let noBudget = officeNeed(budgetMonthly: nil)
        let plain = try #require(criterion(score(noBudget, officePremises(monthlyRent: 400)), "prix"))
        #expect(plain.value == 0.75)
        #expect(plain.detail == "pas de budget à comparer")
        #expect(value(officePremises(monthlyRent: nil), "prix", need: noBudget) == 0.75)
        let free = try #require(criterion(score(noBudget, officePremises(monthlyRent: 0)), "prix"))
        #expect(free.value == 1)
        #expect(free.detail == "local gratuit")
    }

    @Test("MatchingRules (commune): 1 − (rank − 1) / n for the rank-th of n communes; 1 when any commune",
          arguments: [(Insee.drancy, 1, 1.0), (Insee.aulnay, 2, 0.75), (Insee.sevran, 3, 0.5), (Insee.bourget, 4, 0.25)])
    func communeValue(commune: String, rank: Int, expected: Double) throws {
        let found = try #require(criterion(score(officePremises(commune: commune)), "commune"))
        #expect(found.value == expected)
        #expect(found.detail == "commune n° \(rank) sur 4 dans l'ordre de préférence")
    }

    @Test("MatchingRules (commune): any commune scores 1")
    func anyCommuneScoresOne() throws {
        let found = try #require(criterion(score(officeNeed(communes: []), officePremises(commune: Insee.tremblay)), "commune"))
        #expect(found.value == 1)
        #expect(found.detail == "toute commune du territoire convient")
    }

    @Test("MatchingRules (accessibilité): 1 accessible, 0.5 unknown, 0 not")
    func accessibilityValue() throws {
        let yes = try #require(criterion(score(officePremises(accessible: true)), "accessibilité"))
        let unknown = try #require(criterion(score(officePremises(accessible: nil)), "accessibilité"))
        let no = try #require(criterion(score(officePremises(accessible: false)), "accessibilité"))
        #expect([yes.value, unknown.value, no.value] == [1, 0.5, 0])
        #expect([yes.detail, unknown.detail, no.detail] == ["accessible PMR", "accessibilité non renseignée", "non accessible PMR"])
    }

    @Test("MatchingRules (remise solidaire): (market rent − rent) / market rent when known, else 0")
    func discountValue() throws {
        let discounted = try #require(criterion(score(officePremises(monthlyRent: 600, marketRent: 1000)), "remise solidaire"))
        #expect(discounted.value == 0.4)
        #expect(discounted.detail == "loyer inférieur de 40 % au loyer de marché")
        #expect(value(officePremises(monthlyRent: 0, marketRent: 1000), "remise solidaire") == 1)
        let none = try #require(criterion(score(officePremises(monthlyRent: 600, marketRent: nil)), "remise solidaire"))
        #expect(none.value == 0)
        #expect(none.detail == "pas de remise connue")
        // At or above the market: no discount.
        #expect(value(officePremises(monthlyRent: 1000, marketRent: 1000), "remise solidaire") == 0)
        #expect(value(officePremises(monthlyRent: 1200, marketRent: 1000), "remise solidaire") == 0)
        // No rent: no discount known.
        #expect(value(officePremises(monthlyRent: nil, marketRent: 1000), "remise solidaire", need: officeNeed(budgetMonthly: nil)) == 0)
    }

    // MARK: Total

    @Test("MatchingRules: the criteria come in the article's order, with value, weight, points and a French sentence")
    func criteriaInOrder() {
        let result = score(officePremises(commune: Insee.aulnay, surface: 45, monthlyRent: 400, marketRent: 500, accessible: nil))
        #expect(result.criteria.map(\.name) == ["surface", "prix", "commune", "accessibilité", "remise solidaire"])
        #expect(result.criteria.map(\.weight) == [35, 30, 25, 5, 5])
        #expect(result.criteria.map(\.detail) == [
            "45 m² dans la fourchette 40–60 m²",
            "loyer 400,00\u{A0}€/mois pour un budget de 1\u{A0}000,00\u{A0}€",
            "commune n° 2 sur 4 dans l'ordre de préférence",
            "accessibilité non renseignée",
            "loyer inférieur de 20 % au loyer de marché",
        ])
        // By hand: 35 × 0.75 + 30 × 0.8 + 25 × 0.75 + 5 × 0.5 + 5 × 0.2 = 26.25 + 24 + 18.75 + 2.5 + 1 = 72.5.
        let expectedPoints = [26.25, 24, 18.75, 2.5, 1]
        for (criterion, expected) in zip(result.criteria, expectedPoints) {
            #expect(abs(criterion.points - expected) < 1e-9, "\(criterion.name): \(criterion.points)")
        }
        #expect(result.total == 72.5)
    }

    @Test("MatchingRules: the total is Σ points rounded to 0.1")
    func totalIsTheRoundedSumOfPoints() {
        // 47 m² → 0.85; 330 € for 1 000 € → 0.835; 3rd of 4 communes → 0.5; accessible → 1; 330 € for a market of 450 € → 0.2667.
        // 29.75 + 25.05 + 12.5 + 5 + 1.3333 = 73.6333 → 73.6.
        let result = score(officePremises(commune: Insee.sevran, surface: 47, monthlyRent: 330, marketRent: 450, accessible: true))
        let values = result.criteria.map(\.value)
        let expectedValues = [0.85, 0.835, 0.5, 1, 120.0 / 450]
        for (value, expected) in zip(values, expectedValues) { #expect(abs(value - expected) < 1e-9) }
        let sum = result.criteria.reduce(0) { $0 + $1.points }
        #expect(abs(sum - 73.6333333) < 1e-6)
        #expect(result.total == (sum * 10).rounded() / 10)
        #expect(result.total == 73.6)
        for criterion in result.criteria {
            #expect(abs(criterion.points - criterion.value * criterion.weight) < 1e-9, "weights summing to 100: points = value × weight")
        }
    }

    @Test("MatchingRules: a perfect pair scores 100, and every score stays within 0–100")
    func perfectPairScoresHundred() {
        // Middle surface, free, first commune, accessible, free against a market rent (discount 1).
        let perfect = score(officePremises(surface: 50, monthlyRent: 0, marketRent: 700, accessible: true))
        #expect(perfect.total == 100)
        let poor = score(officePremises(commune: Insee.bourget, surface: 66, monthlyRent: 1000, accessible: false))
        // 35 × 0.25 + 30 × 0.5 + 25 × 0.25 + 0 + 0 = 8.75 + 15 + 6.25 = 30.
        #expect(poor.total == 30)
    }

    @Test("MatchingRules: weights summing to other than 100 are scaled to 100")
    func weightsAreScaled() {
        let premises = officePremises(commune: Insee.aulnay, surface: 45, monthlyRent: 400, marketRent: 500, accessible: nil)
        let reference = score(premises)
        // The same proportions, summing to 20 or to 200: the same total and points.
        for weights in [MatchingParameters.Weights(surface: 7, price: 6, commune: 5, accessibility: 1, discount: 1),
                        MatchingParameters.Weights(surface: 70, price: 60, commune: 50, accessibility: 10, discount: 10)] {
            let scaled = score(nil, premises, weights: weights)
            #expect(scaled.total == reference.total)
            for (a, b) in zip(scaled.criteria, reference.criteria) {
                #expect(abs(a.points - b.points) < 1e-9, "\(a.name)")
                #expect(a.value == b.value)
            }
            #expect(scaled.criteria.map(\.weight) == [weights.surface, weights.price, weights.commune, weights.accessibility, weights.discount])
        }
        // Only the surface counts (weights 2 + 0…): the total is 100 × the surface value.
        let surfaceOnly = score(nil, premises, weights: .init(surface: 2, price: 0, commune: 0, accessibility: 0, discount: 0))
        #expect(surfaceOnly.total == 75)
        #expect(surfaceOnly.criteria.map(\.points) == [75, 0, 0, 0, 0])
        // Surface 10 and commune 30 (sum 40): (10 × 0.75 + 30 × 0.75) × 100 / 40 = 75.
        let two = score(nil, premises, weights: .init(surface: 10, price: 0, commune: 30, accessibility: 0, discount: 0))
        #expect(two.total == 75)
        #expect(abs(two.criteria[0].points - 18.75) < 1e-9)
        #expect(abs(two.criteria[2].points - 56.25) < 1e-9)
    }
}
