/// A score from 0 to 100 explained criterion by criterion (see the MatchingRules article).
public struct Score: Sendable, Hashable {
    /// One criterion: its value from 0 to 1, its weight and the points it gives.
    public struct Criterion: Sendable, Hashable {
        public var name: String
        public var value: Double
        public var weight: Double
        public var points: Double
        public var detail: String
    }

    public var total: Double
    public var criteria: [Criterion]

    /// Scores an eligible pair.
    ///
    /// - surface: 1 at the middle of the need's range, 0.5 at its ends, 0.25 inside the tolerance;
    /// - price: 1 − 0.5 × rent/budget (free premises 1, at the budget 0.5); 0.75 without budget;
    /// - commune: 1 for the first commune asked, down to 1/n for the n-th; 1 when any commune;
    /// - accessibility: 1 accessible, 0.5 unknown, 0 not;
    /// - discount: the solidarity discount (market rent − rent) / market rent, 0 when unknown.
    /// The total is Σ weight × value, scaled to 100 by the sum of the weights, rounded to 0.1.
    public static func of(_ need: Need, _ premises: Premises, weights: MatchingParameters.Weights) -> Score {
        var score = explained(need, premises, weights: weights)
        // The total comes from `total`, so rounds (which only use it) and explanations agree.
        score.total = total(need, premises, weights: weights)
        return score
    }

    /// The criteria's values (surface, prix, commune, accessibilité, remise solidaire), without the
    /// sentences: what rounds compute for every eligible pair.
    @inline(__always)
    static func values<P: MatchablePremises>(_ need: Need, _ premises: P) -> (surface: Double, price: Double, commune: Double, accessibility: Double, discount: Double) {
        let middle = (need.surfaceMin + need.surfaceMax) / 2
        let half = max((need.surfaceMax - need.surfaceMin) / 2, 1)
        let surface = premises.surface >= need.surfaceMin && premises.surface <= need.surfaceMax
            ? 1 - 0.5 * min(abs(premises.surface - middle) / half, 1) : 0.25
        var price = 0.75
        if let budget = need.budgetMonthly, budget > 0, let rent = premises.rent {
            price = 1 - 0.5 * min(rent.monthly / budget, 1)
        } else if let budget = need.budgetPerSquareMetreYear, budget > 0, let rent = premises.rent {
            price = 1 - 0.5 * min(rent.perSquareMetreYear / budget, 1)
        } else if let rent = premises.rent, rent.monthly == 0 {
            price = 1
        }
        var commune = 1.0
        if !need.communes.isEmpty {
            commune = need.communes.firstIndex(of: premises.communeInsee).map { 1 - Double($0) / Double(need.communes.count) } ?? 0
        }
        let accessibility = premises.accessible.map { $0 ? 1.0 : 0.0 } ?? 0.5
        var discount = 0.0
        if let market = premises.marketRent, market > 0, let rent = premises.rent, rent.monthly < market {
            discount = (market - rent.monthly) / market
        }
        return (surface, price, commune, accessibility, discount)
    }

    /// The total score only (no sentences), rounded to 0.1.
    @inline(__always)
    public static func total<P: MatchablePremises>(_ need: Need, _ premises: P, weights: MatchingParameters.Weights) -> Double {
        let v = values(need, premises)
        let sum = v.surface * weights.surface + v.price * weights.price + v.commune * weights.commune
            + v.accessibility * weights.accessibility + v.discount * weights.discount
        return (sum * 100 / max(weights.total, 1e-9) * 10).rounded() / 10
    }

    /// The score with its sentences, for explanations.
    static func explained(_ need: Need, _ premises: Premises, weights: MatchingParameters.Weights) -> Score {
        var criteria: [Criterion] = []
        func add(_ name: String, _ value: Double, _ weight: Double, _ detail: String) {
            criteria.append(Criterion(name: name, value: value, weight: weight, points: 0, detail: detail))
        }
        // Surface.
        let middle = (need.surfaceMin + need.surfaceMax) / 2
        let half = max((need.surfaceMax - need.surfaceMin) / 2, 1)
        let surfaceValue: Double
        let surfaceDetail: String
        if premises.surface >= need.surfaceMin && premises.surface <= need.surfaceMax {
            surfaceValue = 1 - 0.5 * min(abs(premises.surface - middle) / half, 1)
            surfaceDetail = "\(FrenchNumber.format(premises.surface)) m² dans la fourchette \(FrenchNumber.format(need.surfaceMin))–\(FrenchNumber.format(need.surfaceMax)) m²"
        } else {
            surfaceValue = 0.25
            surfaceDetail = "\(FrenchNumber.format(premises.surface)) m² hors de la fourchette \(FrenchNumber.format(need.surfaceMin))–\(FrenchNumber.format(need.surfaceMax)) m², dans la tolérance"
        }
        add("surface", surfaceValue, weights.surface, surfaceDetail)
        // Price.
        if let budget = need.budgetMonthly, budget > 0, let rent = premises.rent {
            add("prix", 1 - 0.5 * min(rent.monthly / budget, 1), weights.price, "loyer \(FrenchNumber.euros(rent.monthly))/mois pour un budget de \(FrenchNumber.euros(budget))")
        } else if let budget = need.budgetPerSquareMetreYear, budget > 0, let rent = premises.rent {
            add("prix", 1 - 0.5 * min(rent.perSquareMetreYear / budget, 1), weights.price, "loyer \(FrenchNumber.format(rent.perSquareMetreYear)) €/m²/an pour un budget de \(FrenchNumber.format(budget)) €/m²/an")
        } else if let rent = premises.rent, rent.monthly == 0 {
            add("prix", 1, weights.price, "local gratuit")
        } else {
            add("prix", 0.75, weights.price, "pas de budget à comparer")
        }
        // Commune preference.
        if need.communes.isEmpty {
            add("commune", 1, weights.commune, "toute commune du territoire convient")
        } else if let rank = need.communes.firstIndex(of: premises.communeInsee) {
            add("commune", 1 - Double(rank) / Double(need.communes.count), weights.commune, "commune n° \(rank + 1) sur \(need.communes.count) dans l'ordre de préférence")
        } else {
            add("commune", 0, weights.commune, "commune non demandée")
        }
        // Accessibility.
        switch premises.accessible {
        case .some(true): add("accessibilité", 1, weights.accessibility, "accessible PMR")
        case .some(false): add("accessibilité", 0, weights.accessibility, "non accessible PMR")
        case .none: add("accessibilité", 0.5, weights.accessibility, "accessibilité non renseignée")
        }
        // Solidarity discount.
        if let market = premises.marketRent, market > 0, let rent = premises.rent, rent.monthly < market {
            let discount = (market - rent.monthly) / market
            add("remise solidaire", discount, weights.discount, "loyer inférieur de \(FrenchNumber.format(discount * 100, decimals: 0)) % au loyer de marché")
        } else {
            add("remise solidaire", 0, weights.discount, "pas de remise connue")
        }
        let totalWeight = max(weights.total, 1e-9)
        var total = 0.0
        for index in criteria.indices {
            criteria[index].points = criteria[index].value * criteria[index].weight * 100 / totalWeight
            total += criteria[index].points
        }
        return Score(total: (total * 10).rounded() / 10, criteria: criteria)
    }
}
