import BourseCore
import Testing

// MARK: - Shared support for the matching tests (Eligibility, Score, MatchingRound)

/// A day, trapping on an impossible one (test data only).
func matchDay(_ iso: String) -> CivilDate {
    guard let date = CivilDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return date
}

/// INSEE codes used by the matching tests (Paris Terres d'Envol).
enum Insee {
    static let aulnay = "93005"
    static let blancMesnil = "93007"
    static let bourget = "93013"
    static let drancy = "93029"
    static let dugny = "93030"
    static let sevran = "93071"
    static let tremblay = "93073"
    static let villepinte = "93078"
}

/// The day every matching test round runs on.
let matchRoundDate = matchDay("2026-06-01")

/// Parameters with the documented defaults (stable, 10 %, default weights), seed 1, on `matchRoundDate`.
func matchParameters(
    strategy: MatchingParameters.Strategy = .stable, tolerance: Double = 0.1,
    weights: MatchingParameters.Weights = .init(), seed: UInt64 = 1, date: CivilDate = matchRoundDate
) -> MatchingParameters {
    MatchingParameters(strategy: strategy, surfaceTolerance: tolerance, weights: weights, seed: seed, date: date)
}

/// The reference need of the eligibility tests: 40–60 m² of office in Drancy (then Aulnay),
/// at most 1 000 € a month.
func officeNeed(
    _ reference: String = "B001", structure: String = "S001", surfaceMin: Double = 40, surfaceMax: Double = 60,
    budgetMonthly: Double? = 1000, budgetPerSquareMetreYear: Double? = nil,
    communes: [String] = [Insee.drancy, Insee.aulnay], types: [PremisesType] = [.office],
    wantedFrom: CivilDate? = nil, minimumDurationMonths: Int? = nil, accessibleRequired: Bool = false,
    leaseKinds: [LeaseKind] = [], requestedOn: CivilDate? = nil, status: NeedStatus = .active
) -> Need {
    Need(
        reference: reference, structureReference: structure, surfaceMin: surfaceMin, surfaceMax: surfaceMax,
        budgetMonthly: budgetMonthly, budgetPerSquareMetreYear: budgetPerSquareMetreYear, communes: communes, types: types,
        wantedFrom: wantedFrom, minimumDurationMonths: minimumDurationMonths, accessibleRequired: accessibleRequired,
        leaseKinds: leaseKinds, requestedOn: requestedOn, status: status)
}

/// The reference premises: a 50 m² office in Drancy at 800 € a month, accessible, commercial lease.
func officePremises(
    _ reference: String = "D-001", commune: String = Insee.drancy, type: PremisesType = .office, surface: Double = 50,
    monthlyRent: Double? = 800, rent: Rent? = nil, marketRent: Double? = nil, leaseKind: LeaseKind? = .commercial,
    availableFrom: CivilDate? = nil, availableUntil: CivilDate? = nil, accessible: Bool? = true
) -> Premises {
    Premises(
        reference: reference, communeInsee: commune, type: type, surface: surface,
        rent: rent ?? monthlyRent.map { Rent.monthly($0, surface: surface) }, marketRent: marketRent, leaseKind: leaseKind,
        availableFrom: availableFrom, availableUntil: availableUntil, accessible: accessible)
}

/// A structure with the priority keys of the policy.
func priorityStructure(_ reference: String, laureate: Int? = nil, jobs: Double? = nil) -> Structure {
    Structure(reference: reference, name: "Structure \(reference)", jobs: jobs, laureateYear: laureate)
}

// MARK: - Eligibility

/// The hard constraints of the MatchingRules article, section « Eligibility »: each failed one is named.
@Suite("Éligibilité (MatchingRules › Eligibility)")
struct EligibilityTests {
    private func check(
        _ need: Need = officeNeed(), _ premises: Premises = officePremises(), status: PremisesStatus = .available,
        tolerance: Double = 0.1, date: CivilDate = matchRoundDate
    ) -> [Ineligibility] {
        Eligibility.check(need, premises, status: status, parameters: matchParameters(tolerance: tolerance, date: date))
    }

    @Test("MatchingRules: a pair meeting every constraint is eligible (no reason)")
    func eligiblePairGivesNoReason() {
        #expect(check() == [])
        // Any commune, any type, no budget, no lease preference: still eligible.
        #expect(check(officeNeed(budgetMonthly: nil, communes: [], types: []), officePremises(commune: Insee.sevran, type: .workshop, monthlyRent: nil)) == [])
    }

    // MARK: 1. statut

    @Test("MatchingRules 1 (statut): only a disponible premises can be proposed",
          arguments: [PremisesStatus.reserved, .placed, .withdrawn])
    func statusOtherThanAvailableFails(status: PremisesStatus) {
        let failures = check(status: status)
        #expect(failures == [.status(status)])
        #expect(failures.first?.code == "statut")
        #expect(failures.first?.description == "local \(status.label), pas disponible")
    }

    // MARK: 2. commune

    @Test("MatchingRules 2 (commune): a premises outside the need's communes fails; no commune listed means any")
    func communeOutsideTheListFails() {
        let failures = check(officeNeed(), officePremises(commune: Insee.sevran))
        #expect(failures == [.commune])
        #expect(failures.first?.code == "commune")
        #expect(failures.first?.description == "commune hors de celles demandées")
        // The second commune of the list is still in the list.
        #expect(check(officeNeed(), officePremises(commune: Insee.aulnay)) == [])
        #expect(check(officeNeed(communes: []), officePremises(commune: Insee.sevran)) == [])
    }

    // MARK: 3. type

    @Test("MatchingRules 3 (type): a type the need does not accept fails; no type listed means any")
    func typeNotAcceptedFails() {
        let failures = check(officeNeed(types: [.office, .workshop]), officePremises(type: .retail))
        #expect(failures == [.type(.retail)])
        #expect(failures.first?.code == "type")
        #expect(failures.first?.description == "type « commerce/RDC » non demandé")
        #expect(check(officeNeed(types: [.office, .workshop]), officePremises(type: .workshop)) == [])
        #expect(check(officeNeed(types: []), officePremises(type: .land)) == [])
    }

    // MARK: 4. surface

    @Test("MatchingRules 4 (surface): the lower bound is exactly min × (1 − tolerance)")
    func tooSmallBoundaryIsMinTimesOneMinusTolerance() {
        // 40 m² at least, 10 % tolerance: 36 m² passes, just under fails.
        let minimum = 40 * (1 - 0.1)
        #expect(check(officeNeed(), officePremises(surface: 36)) == [])
        #expect(check(officeNeed(), officePremises(surface: 35.99)) == [.tooSmall(surface: 35.99, minimum: minimum)])
        let failures = check(officeNeed(), officePremises(surface: 30))
        #expect(failures == [.tooSmall(surface: 30, minimum: minimum)])
        #expect(failures.first?.code == "surface")
        #expect(failures.first?.description == "trop petit : 30 m² pour 36 m² au moins (tolérance comprise)")
        // No tolerance: the range itself.
        #expect(check(officeNeed(), officePremises(surface: 40), tolerance: 0) == [])
        #expect(check(officeNeed(), officePremises(surface: 39.9), tolerance: 0) == [.tooSmall(surface: 39.9, minimum: 40)])
        // 25 % tolerance: 30 m² is the bound.
        #expect(check(officeNeed(), officePremises(surface: 30), tolerance: 0.25) == [])
        #expect(check(officeNeed(), officePremises(surface: 29.9), tolerance: 0.25) == [.tooSmall(surface: 29.9, minimum: 40 * (1 - 0.25))])
    }

    @Test("MatchingRules 4 (surface): the upper bound is exactly max × (1 + tolerance)")
    func tooLargeBoundaryIsMaxTimesOnePlusTolerance() {
        // 60 m² at most, 10 % tolerance: 66 m² passes, just over fails. (Rent per m² low enough to stay in budget.)
        let maximum = 60 * (1 + 0.1)
        #expect(check(officeNeed(), officePremises(surface: 66)) == [])
        #expect(check(officeNeed(), officePremises(surface: 66.01)) == [.tooLarge(surface: 66.01, maximum: maximum)])
        let failures = check(officeNeed(), officePremises(surface: 80))
        #expect(failures == [.tooLarge(surface: 80, maximum: maximum)])
        #expect(failures.first?.code == "surface")
        #expect(failures.first?.description == "trop grand : 80 m² pour 66 m² au plus (tolérance comprise)")
        #expect(check(officeNeed(), officePremises(surface: 60), tolerance: 0) == [])
        #expect(check(officeNeed(), officePremises(surface: 60.1), tolerance: 0) == [.tooLarge(surface: 60.1, maximum: 60)])
    }

    // MARK: 5. loyer

    @Test("MatchingRules 5 (loyer): a monthly rent over the monthly budget fails; at the budget passes")
    func overMonthlyBudgetFails() {
        #expect(check(officeNeed(budgetMonthly: 1000), officePremises(monthlyRent: 1000)) == [])
        let failures = check(officeNeed(budgetMonthly: 1000), officePremises(monthlyRent: 1200))
        #expect(failures == [.overBudget(rent: 1200, budget: 1000)])
        #expect(failures.first?.code == "loyer")
        #expect(failures.first?.description == "loyer 1\u{A0}200,00\u{A0}€/mois au-delà du budget de 1\u{A0}000,00\u{A0}€")
        #expect(check(officeNeed(budgetMonthly: 1000), officePremises(monthlyRent: 1000.01)) == [.overBudget(rent: 1000.01, budget: 1000)])
    }

    @Test("MatchingRules 5 (loyer): a rent per m² per year over the per-m² budget fails")
    func overPerSquareMetreBudgetFails() {
        // 50 m² at 240 €/m²/an (1 000 €/mois) for a budget of 200 €/m²/an.
        let need = officeNeed(budgetMonthly: nil, budgetPerSquareMetreYear: 200)
        let dear = officePremises(rent: .perSquareMetreYear(240, surface: 50))
        let failures = check(need, dear)
        #expect(failures == [.overBudgetPerSquareMetre(rent: 240, budget: 200)])
        #expect(failures.first?.code == "loyer")
        #expect(failures.first?.description == "loyer 240 €/m²/an au-delà du budget de 200 €/m²/an")
        #expect(check(need, officePremises(rent: .perSquareMetreYear(200, surface: 50))) == [])
        // Both budgets given: each is checked.
        let both = officeNeed(budgetMonthly: 900, budgetPerSquareMetreYear: 200)
        #expect(check(both, dear) == [.overBudget(rent: 1000, budget: 900), .overBudgetPerSquareMetre(rent: 240, budget: 200)])
    }

    @Test("MatchingRules 5 (loyer): a premises without a rent fails when the need has a budget, passes otherwise")
    func rentUnknownFailsOnlyWithABudget() {
        let failures = check(officeNeed(budgetMonthly: 1000), officePremises(monthlyRent: nil))
        #expect(failures == [.rentUnknown])
        #expect(failures.first?.code == "loyer")
        #expect(failures.first?.description == "loyer non renseigné : le budget ne peut être vérifié")
        #expect(check(officeNeed(budgetMonthly: nil, budgetPerSquareMetreYear: 150), officePremises(monthlyRent: nil)) == [.rentUnknown])
        #expect(check(officeNeed(budgetMonthly: nil), officePremises(monthlyRent: nil)) == [])
    }

    // MARK: 6. disponibilité

    @Test("MatchingRules 6 (disponibilité): available after the wanted date fails, on it passes")
    func availableTooLateVersusWantedDate() {
        let need = officeNeed(wantedFrom: matchDay("2026-09-01"))
        #expect(check(need, officePremises(availableFrom: matchDay("2026-09-01"))) == [])
        #expect(check(need, officePremises(availableFrom: matchDay("2026-08-15"))) == [])
        let failures = check(need, officePremises(availableFrom: matchDay("2026-09-02")))
        #expect(failures == [.availableTooLate(from: matchDay("2026-09-02"), wanted: matchDay("2026-09-01"))])
        #expect(failures.first?.code == "disponibilite")
        #expect(failures.first?.description == "disponible le 02/09/2026 seulement, souhaité pour le 01/09/2026")
    }

    @Test("MatchingRules 6 (disponibilité): with no wanted date, the round's date is the wanted one")
    func availableTooLateVersusRoundDate() {
        // Round on 01/06/2026.
        #expect(check(officeNeed(), officePremises(availableFrom: matchDay("2026-06-01"))) == [])
        #expect(check(officeNeed(), officePremises(availableFrom: matchDay("2025-01-01"))) == [])
        #expect(check(officeNeed(), officePremises(availableFrom: matchDay("2026-06-02")))
            == [.availableTooLate(from: matchDay("2026-06-02"), wanted: matchDay("2026-06-01"))])
        // The same premises in a later round is fine.
        #expect(check(officeNeed(), officePremises(availableFrom: matchDay("2026-06-02")), date: matchDay("2026-06-02")) == [])
    }

    @Test("MatchingRules 6 (disponibilité): a wanted date already past is measured against the round's date")
    func wantedDateInThePastUsesTheRoundDate() {
        // Observed behaviour (`max(wanted, round date)`): a need wanting 01/03/2026 in a round of
        // 01/06/2026 accepts a premises free since 01/05/2026 (it is free now), but not one free on 02/06/2026.
        let need = officeNeed(wantedFrom: matchDay("2026-03-01"))
        #expect(check(need, officePremises(availableFrom: matchDay("2026-05-01"))) == [])
        #expect(check(need, officePremises(availableFrom: matchDay("2026-06-02")))
            == [.availableTooLate(from: matchDay("2026-06-02"), wanted: matchDay("2026-03-01"))])
    }

    @Test("MatchingRules 6 (disponibilité): available until before start + minimum duration fails")
    func tooShortForTheMinimumDuration() {
        // 12 months from the round's date (01/06/2026): until 01/06/2027 at least.
        let need = officeNeed(minimumDurationMonths: 12)
        #expect(check(need, officePremises(availableUntil: matchDay("2027-06-01"))) == [])
        let failures = check(need, officePremises(availableUntil: matchDay("2027-05-31")))
        #expect(failures == [.tooShort(until: matchDay("2027-05-31"), needed: matchDay("2027-06-01"))])
        #expect(failures.first?.code == "disponibilite")
        #expect(failures.first?.description == "disponible jusqu'au 31/05/2027 seulement, il faudrait jusqu'au 01/06/2027")
        // Start is the later of the premises' availability and the wanted date.
        let later = officeNeed(wantedFrom: matchDay("2026-09-01"), minimumDurationMonths: 6)
        #expect(check(later, officePremises(availableFrom: matchDay("2026-07-01"), availableUntil: matchDay("2027-02-28")))
            == [.tooShort(until: matchDay("2027-02-28"), needed: matchDay("2027-03-01"))])
        #expect(check(later, officePremises(availableFrom: matchDay("2026-07-01"), availableUntil: matchDay("2027-03-01"))) == [])
        // No end date, or no minimum duration: nothing to check.
        #expect(check(need, officePremises(availableUntil: nil)) == [])
        #expect(check(officeNeed(), officePremises(availableUntil: matchDay("2026-06-15"))) == [])
    }

    // MARK: 7. PMR

    @Test("MatchingRules 7 (PMR): required accessibility fails on a non-accessible and on an unknown premises")
    func accessibilityRequired() {
        let need = officeNeed(accessibleRequired: true)
        #expect(check(need, officePremises(accessible: true)) == [])
        let no = check(need, officePremises(accessible: false))
        #expect(no == [.notAccessible])
        #expect(no.first?.code == "pmr")
        #expect(no.first?.description == "non accessible PMR, or l'accessibilité est requise")
        let unknown = check(need, officePremises(accessible: nil))
        #expect(unknown == [.accessibilityUnknown])
        #expect(unknown.first?.code == "pmr")
        #expect(unknown.first?.description == "accessibilité PMR non renseignée, or elle est requise")
        // Not required: any accessibility passes.
        #expect(check(officeNeed(), officePremises(accessible: false)) == [])
        #expect(check(officeNeed(), officePremises(accessible: nil)) == [])
    }

    // MARK: 8. bail

    @Test("MatchingRules 8 (bail): a lease kind not accepted fails; an unknown lease or no preference passes")
    func leaseKind() {
        let need = officeNeed(leaseKinds: [.associative, .temporary])
        let failures = check(need, officePremises(leaseKind: .commercial))
        #expect(failures == [.lease(.commercial)])
        #expect(failures.first?.code == "bail")
        #expect(failures.first?.description == "bail « bail commercial » non accepté")
        #expect(check(need, officePremises(leaseKind: .temporary)) == [])
        #expect(check(need, officePremises(leaseKind: nil)) == [])
        #expect(check(officeNeed(leaseKinds: []), officePremises(leaseKind: .other)) == [])
    }

    // MARK: Several at once

    @Test("MatchingRules: every failed constraint is listed, in the article's order")
    func severalFailuresAtOnce() {
        let need = officeNeed(
            budgetMonthly: 500, communes: [Insee.drancy], types: [.office], wantedFrom: matchDay("2026-07-01"),
            minimumDurationMonths: 24, accessibleRequired: true, leaseKinds: [.associative])
        let premises = officePremises(
            commune: Insee.villepinte, type: .retail, surface: 20, monthlyRent: 900, leaseKind: .commercial,
            availableFrom: matchDay("2026-08-01"), availableUntil: matchDay("2027-08-01"), accessible: nil)
        let failures = check(need, premises, status: .withdrawn)
        #expect(failures == [
            .status(.withdrawn), .commune, .type(.retail), .tooSmall(surface: 20, minimum: 40 * (1 - 0.1)),
            .overBudget(rent: 900, budget: 500), .availableTooLate(from: matchDay("2026-08-01"), wanted: matchDay("2026-07-01")),
            .tooShort(until: matchDay("2027-08-01"), needed: matchDay("2028-08-01")), .accessibilityUnknown, .lease(.commercial),
        ])
        #expect(failures.map(\.code) == ["statut", "commune", "type", "surface", "loyer", "disponibilite", "disponibilite", "pmr", "bail"])
        // Every reason reads as French text.
        for failure in failures { #expect(!failure.description.isEmpty) }
        // Too large and no rent at once.
        #expect(check(officeNeed(), officePremises(surface: 100, monthlyRent: nil))
            == [.tooLarge(surface: 100, maximum: 60 * (1 + 0.1)), .rentUnknown])
    }
}
