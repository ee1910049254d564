import BourseCore
import BourseStore
import Foundation
import BourseImport
import HummingbirdBcrypt

/// The portal's accounts, sign-in and audit log.
extension Exchange {
    /// bcrypt's work factor for new passwords (2¹² rounds, about a quarter of a second here).
    public static let passwordCost: UInt8 = 12
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Adds an account.
    /// - Parameters:
    ///   - source: the source a commune or landlord account acts for (identifier, or a commune's
    ///     name); none for the Direction.
    ///   - cost: bcrypt's work factor (tests lower it; never below 12 in use).
    /// - Throws: `ServiceError` (address, name, password, source), `StoreError`.
    @discardableResult
    public func addAccount(
        email: String, name: String, role: AccountRole, source: String?, password: String, cost: UInt8 = passwordCost
    ) throws -> Account {
        let email = try Self.checkedEmail(email)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ServiceError.emptyName }
        try Self.checkPassword(password)
        let sourceID = try accountSource(role: role, source: source)
        let hash = Bcrypt.hash(password, cost: cost)
        guard let account = try database.insertAccount(email: email, name: name, role: role, sourceID: sourceID, passwordHash: hash) else {
            throw ServiceError.accountExists(email)
        }
        return account
    }

    /// Every account, by e-mail.
    public func accounts() throws -> [Account] {
        try database.accounts()
    }

    /// The account with this id (a session's), if it exists and is not disabled.
    public func activeAccount(id: Int64) throws -> Account? {
        guard let account = try database.account(id: id), !account.disabled else { return nil }
        return account
    }

    /// Disables an account (its sessions end at their next request) or enables it again.
    public func setAccountDisabled(email: String, _ disabled: Bool) throws {
        guard try database.setAccountDisabled(email: email, disabled) else { throw ServiceError.unknownAccount(email) }
    }

    /// Gives an account a new password.
    public func resetPassword(email: String, password: String, cost: UInt8 = passwordCost) throws {
        try Self.checkPassword(password)
        guard try database.setAccountPassword(email: email, passwordHash: Bcrypt.hash(password, cost: cost)) else {
            throw ServiceError.unknownAccount(email)
        }
    }

    /// The account these credentials open, or `nil` (unknown address, wrong password, disabled
    /// account: the caller cannot tell which, nor can a stranger by timing, since an unknown
    /// address costs a bcrypt check as well).
    public func authenticate(email: String, password: String) throws -> Account? {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard password.utf8.count <= 72, let stored = try database.storedAccount(email: email) else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        guard Bcrypt.verify(password, hash: stored.passwordHash), !stored.account.disabled else { return nil }
        return stored.account
    }

    /// Writes a line of the audit log: who (`email`), from where, did what.
    public func audit(_ action: String, by email: String?, address: String? = nil, detail: String = "") throws {
        try database.audit(email: email, address: address, action: action, detail: detail)
    }

    /// The audit log, newest first.
    public func auditLog(limit: Int = 100, before: Int64? = nil) throws -> [AuditEntry] {
        try database.auditLog(limit: limit, before: before)
    }

    /// A consistent copy of the bourse into `path` while it is in use (SQLite's online backup),
    /// written beside it under a temporary name and renamed over it once complete. `path` may be
    /// an earlier backup of a bourse (a nightly copy replaces last night's); never the bourse
    /// itself or its companions, nor any other file.
    public func backup(to path: String) throws {
        try BackupTarget.check(path, database: self.path)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).copie-\(getpid())").path
        unlink(temporary)
        do {
            try database.backup(to: temporary)
            try BackupTarget.check(path, database: self.path)
            guard rename(temporary, path) == 0 else {
                throw ServiceError.backupTarget("\(path) : \(SystemError.french(errno))")
            }
        } catch {
            unlink(temporary)
            unlink(temporary + "-wal")
            unlink(temporary + "-shm")
            throw error
        }
    }

    /// A hash checked when the address is unknown, so that an unknown address takes as long as a
    /// wrong password (its text is no one's password).
    static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: passwordCost)

    static func checkedEmail(_ text: String) throws -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              email.utf8.count <= 254, !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
        else { throw ServiceError.invalidEmail(text) }
        return email
    }

    static func checkPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength else { throw ServiceError.weakPassword(minimum: minimumPasswordLength) }
        guard password.utf8.count <= 72 else { throw ServiceError.passwordTooLong }
    }

    private func accountSource(role: AccountRole, source: String?) throws -> String? {
        guard let kind = role.sourceKind else {
            guard source == nil else { throw ServiceError.accountSource("un compte de la Direction ESS n'est lié à aucune source : retirez --source") }
            return nil
        }
        guard let source else {
            throw ServiceError.accountSource("un compte \(role.rawValue) agit pour une source : ajoutez --source (voir bourse sources list)")
        }
        let resolved = try database.resolveSource(source)
        guard resolved.kind == kind else {
            throw ServiceError.accountSource(
                "la source « \(resolved.id) » est de type \(resolved.kind.label) : un compte \(role.rawValue) demande une source de type \(kind.label)")
        }
        return resolved.id
    }
}
