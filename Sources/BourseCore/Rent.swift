/// A rent excluding charges, as given (monthly, annual or per m² per year) and in both usual forms.
///
/// Both forms are kept; the one not given is derived from the other and the surface:
/// `monthly = perSquareMetreYear × surface / 12`, rounded to the cent.
public struct Rent: Sendable, Hashable {
    /// How the source gave the rent.
    public enum Basis: String, Sendable, Hashable, Codable {
        case monthly = "mensuel"
        case annual = "annuel"
        case perSquareMetreYear = "m2_an"
    }

    /// Euros per month, excluding charges.
    public let monthly: Double
    /// Euros per m² per year, excluding charges.
    public let perSquareMetreYear: Double
    public let basis: Basis

    /// A rent given per month.
    public static func monthly(_ amount: Double, surface: Double) -> Rent {
        Rent(monthly: amount, perSquareMetreYear: roundCents(amount * 12 / surface), basis: .monthly)
    }

    /// A rent given per year for the whole premises.
    public static func annual(_ amount: Double, surface: Double) -> Rent {
        Rent(monthly: roundCents(amount / 12), perSquareMetreYear: roundCents(amount / surface), basis: .annual)
    }

    /// A rent given in euros per m² per year.
    public static func perSquareMetreYear(_ amount: Double, surface: Double) -> Rent {
        Rent(monthly: roundCents(amount * surface / 12), perSquareMetreYear: amount, basis: .perSquareMetreYear)
    }

    /// Rebuilds a stored rent.
    public init(monthly: Double, perSquareMetreYear: Double, basis: Basis) {
        self.monthly = monthly
        self.perSquareMetreYear = perSquareMetreYear
        self.basis = basis
    }

    /// Yearly amount for the whole premises.
    public var annual: Double { monthly * 12 }
}

/// Rounds an amount of euros to the cent, halves away from zero.
public func roundCents(_ value: Double) -> Double {
    (value * 100).rounded(.toNearestOrAwayFromZero) / 100
}
