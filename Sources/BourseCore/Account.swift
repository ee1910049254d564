/// What a portal account may do: the Direction ESS everything; a commune agent or a landlord
/// only for the one source the account is bound to.
public enum AccountRole: String, Sendable, Hashable, Codable, CaseIterable {
    case direction
    case commune
    case bailleur

    /// The kind of source an account of this role is bound to (`nil`: the Direction, bound to none).
    public var sourceKind: SourceKind? {
        switch self {
        case .direction: nil
        case .commune: .commune
        case .bailleur: .landlord
        }
    }

    /// The role as a user reads it.
    public var label: String {
        switch self {
        case .direction: "Direction ESS"
        case .commune: "Commune"
        case .bailleur: "Bailleur"
        }
    }
}

/// A person who signs in to the portal. The password's hash never leaves the store and the
/// application layer.
public struct Account: Sendable, Hashable, Codable {
    public var id: Int64
    /// The sign-in name, compared without regard to case.
    public var email: String
    public var name: String
    public var role: AccountRole
    /// The source a commune or landlord account acts for.
    public var sourceID: String?
    public var disabled: Bool
    public var createdAt: String

    public init(id: Int64, email: String, name: String, role: AccountRole, sourceID: String?, disabled: Bool, createdAt: String) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.sourceID = sourceID
        self.disabled = disabled
        self.createdAt = createdAt
    }

    /// Whether this account may act for `source` (deposit its inventories, read its premises and
    /// its landlord reports).
    public func mayActFor(source: String) -> Bool {
        role == .direction || sourceID == source
    }
}
