/// One hard constraint a premises fails for a need, with its reason in French.
public enum Ineligibility: Sendable, Hashable, CustomStringConvertible {
    case commune
    case type(PremisesType)
    case tooSmall(surface: Double, minimum: Double)
    case tooLarge(surface: Double, maximum: Double)
    case overBudget(rent: Double, budget: Double)
    case overBudgetPerSquareMetre(rent: Double, budget: Double)
    case rentUnknown
    case availableTooLate(from: CivilDate, wanted: CivilDate)
    case tooShort(until: CivilDate, needed: CivilDate)
    case notAccessible
    case accessibilityUnknown
    case lease(LeaseKind)
    case status(PremisesStatus)

    /// A short code for counting reasons (`surface`, `loyer`…).
    public var code: String {
        switch self {
        case .commune: "commune"
        case .type: "type"
        case .tooSmall, .tooLarge: "surface"
        case .overBudget, .overBudgetPerSquareMetre, .rentUnknown: "loyer"
        case .availableTooLate, .tooShort: "disponibilite"
        case .notAccessible, .accessibilityUnknown: "pmr"
        case .lease: "bail"
        case .status: "statut"
        }
    }

    public var description: String {
        switch self {
        case .commune: "commune hors de celles demandées"
        case .type(let type): "type « \(type.label) » non demandé"
        case let .tooSmall(surface, minimum): "trop petit : \(FrenchNumber.format(surface)) m² pour \(FrenchNumber.format(minimum)) m² au moins (tolérance comprise)"
        case let .tooLarge(surface, maximum): "trop grand : \(FrenchNumber.format(surface)) m² pour \(FrenchNumber.format(maximum)) m² au plus (tolérance comprise)"
        case let .overBudget(rent, budget): "loyer \(FrenchNumber.euros(rent))/mois au-delà du budget de \(FrenchNumber.euros(budget))"
        case let .overBudgetPerSquareMetre(rent, budget): "loyer \(FrenchNumber.format(rent)) €/m²/an au-delà du budget de \(FrenchNumber.format(budget)) €/m²/an"
        case .rentUnknown: "loyer non renseigné : le budget ne peut être vérifié"
        case let .availableTooLate(from, wanted): "disponible le \(from.french) seulement, souhaité pour le \(wanted.french)"
        case let .tooShort(until, needed): "disponible jusqu'au \(until.french) seulement, il faudrait jusqu'au \(needed.french)"
        case .notAccessible: "non accessible PMR, or l'accessibilité est requise"
        case .accessibilityUnknown: "accessibilité PMR non renseignée, or elle est requise"
        case .lease(let kind): "bail « \(kind.label) » non accepté"
        case .status(let status): "local \(status.label), pas disponible"
        }
    }
}

/// The hard constraints of a (need, premises) pair.
public enum Eligibility {
    /// Whether the premises meets every constraint of the need: `check(...).isEmpty`, without
    /// building the list of failures (what rounds ask for every candidate pair).
    @inline(__always)
    public static func isEligible<P: MatchablePremises>(_ need: Need, _ premises: P, status: PremisesStatus, parameters: MatchingParameters) -> Bool {
        if status != .available { return false }
        if !need.communes.isEmpty && !need.communes.contains(premises.communeInsee) { return false }
        if !need.types.isEmpty && !need.types.contains(premises.type) { return false }
        let minimum = need.surfaceMin * (1 - parameters.surfaceTolerance)
        let maximum = need.surfaceMax * (1 + parameters.surfaceTolerance)
        if premises.surface < minimum - 1e-9 || premises.surface > maximum + 1e-9 { return false }
        if need.budgetMonthly != nil || need.budgetPerSquareMetreYear != nil {
            guard let rent = premises.rent else { return false }
            if let budget = need.budgetMonthly, rent.monthly > budget + 0.005 { return false }
            if let budget = need.budgetPerSquareMetreYear, rent.perSquareMetreYear > budget + 0.005 { return false }
        }
        let wanted = need.wantedFrom ?? parameters.date
        if let from = premises.availableFrom, from > max(wanted, parameters.date) { return false }
        if let months = need.minimumDurationMonths, let until = premises.availableUntil {
            let start = max(premises.availableFrom ?? parameters.date, wanted)
            if until < start.adding(months: months) { return false }
        }
        if need.accessibleRequired && premises.accessible != true { return false }
        if !need.leaseKinds.isEmpty, let lease = premises.leaseKind, !need.leaseKinds.contains(lease) { return false }
        return true
    }

    /// Every constraint the premises fails for the need (empty: eligible).
    /// - Parameters:
    ///   - status: the premises' current status (only `disponible` can be proposed).
    public static func check<P: MatchablePremises>(_ need: Need, _ premises: P, status: PremisesStatus, parameters: MatchingParameters) -> [Ineligibility] {
        var failures: [Ineligibility] = []
        if status != .available { failures.append(.status(status)) }
        if !need.communes.isEmpty && !need.communes.contains(premises.communeInsee) { failures.append(.commune) }
        if !need.types.isEmpty && !need.types.contains(premises.type) { failures.append(.type(premises.type)) }
        let minimum = need.surfaceMin * (1 - parameters.surfaceTolerance)
        let maximum = need.surfaceMax * (1 + parameters.surfaceTolerance)
        if premises.surface < minimum - 1e-9 { failures.append(.tooSmall(surface: premises.surface, minimum: minimum)) }
        if premises.surface > maximum + 1e-9 { failures.append(.tooLarge(surface: premises.surface, maximum: maximum)) }
        if need.budgetMonthly != nil || need.budgetPerSquareMetreYear != nil {
            if let rent = premises.rent {
                if let budget = need.budgetMonthly, rent.monthly > budget + 0.005 {
                    failures.append(.overBudget(rent: rent.monthly, budget: budget))
                }
                if let budget = need.budgetPerSquareMetreYear, rent.perSquareMetreYear > budget + 0.005 {
                    failures.append(.overBudgetPerSquareMetre(rent: rent.perSquareMetreYear, budget: budget))
                }
            } else {
                failures.append(.rentUnknown)
            }
        }
        let wanted = need.wantedFrom ?? parameters.date
        if let from = premises.availableFrom, from > max(wanted, parameters.date) {
            failures.append(.availableTooLate(from: from, wanted: wanted))
        }
        if let months = need.minimumDurationMonths, let until = premises.availableUntil {
            let start = max(premises.availableFrom ?? parameters.date, wanted)
            let needed = start.adding(months: months)
            if until < needed { failures.append(.tooShort(until: until, needed: needed)) }
        }
        if need.accessibleRequired {
            switch premises.accessible {
            case .some(true): break
            case .some(false): failures.append(.notAccessible)
            case .none: failures.append(.accessibilityUnknown)
            }
        }
        if !need.leaseKinds.isEmpty, let lease = premises.leaseKind, !need.leaseKinds.contains(lease) {
            failures.append(.lease(lease))
        }
        return failures
    }
}
