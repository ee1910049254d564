import BourseCore
import Foundation
import GRDB

/// An account as stored, with its password's hash (which goes no further than the application layer).
public struct StoredAccount: Sendable, Hashable {
    public var account: Account
    public var passwordHash: String
}

/// One line of the audit log.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    /// ISO 8601, UTC.
    public var at: String
    public var email: String?
    public var address: String?
    public var action: String
    public var detail: String

    public init(id: Int64, at: String, email: String?, address: String?, action: String, detail: String) {
        self.id = id
        self.at = at
        self.email = email
        self.address = address
        self.action = action
        self.detail = detail
    }
}

extension BourseDatabase {
    // MARK: Accounts

    /// Adds an account; `nil` when one with this e-mail (in any case) exists already.
    public func insertAccount(email: String, name: String, role: AccountRole, sourceID: String?, passwordHash: String) throws -> Account? {
        try writer.write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE email = ?", arguments: [email]) != nil { return nil }
            let now = Timestamp.now()
            try db.execute(
                sql: """
                    INSERT INTO accounts (email, name, role, source_id, password_hash, created_at, password_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [email, name, role.rawValue, sourceID, passwordHash, now, now])
            return Account(id: db.lastInsertedRowID, email: email, name: name, role: role, sourceID: sourceID, disabled: false, createdAt: now)
        }
    }

    /// Every account, by e-mail.
    public func accounts() throws -> [Account] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY email").compactMap(Self.account(row:))
        }
    }

    /// The account with this e-mail (in any case), with its password's hash.
    public func storedAccount(email: String) throws -> StoredAccount? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE email = ?", arguments: [email]).flatMap { row in
                Self.account(row: row).map { StoredAccount(account: $0, passwordHash: row["password_hash"]) }
            }
        }
    }

    /// The account with this id.
    public func account(id: Int64) throws -> Account? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE id = ?", arguments: [id]).flatMap(Self.account(row:))
        }
    }

    /// Disables or enables an account; `false` when there is none with this e-mail.
    public func setAccountDisabled(email: String, _ disabled: Bool) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE accounts SET disabled = ? WHERE email = ?", arguments: [disabled, email])
            return db.changesCount > 0
        }
    }

    /// Replaces an account's password hash; `false` when there is none with this e-mail.
    public func setAccountPassword(email: String, passwordHash: String) throws -> Bool {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE email = ?",
                arguments: [passwordHash, Timestamp.now(), email])
            return db.changesCount > 0
        }
    }

    private static func account(row: Row) -> Account? {
        guard let role = AccountRole(rawValue: row["role"]) else { return nil }
        return Account(
            id: row["id"], email: row["email"], name: row["name"], role: role, sourceID: row["source_id"],
            disabled: row["disabled"], createdAt: row["created_at"])
    }

    // MARK: Sessions

    /// The value stored under `key`, unless it has expired (`now` in seconds since 1970).
    public func sessionValue(key: String, now: Double) throws -> (value: Data, expiresAt: Double?)? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM portal_sessions WHERE key = ?", arguments: [key]) else { return nil }
            let expiresAt: Double? = row["expires_at"]
            if let expiresAt, expiresAt <= now { return nil }
            return (row["value"], expiresAt)
        }
    }

    /// Stores `value` under `key`; `expiresAt` nil keeps the expiry the key had.
    public func setSessionValue(key: String, value: Data, expiresAt: Double?) throws {
        try writer.write { db in
            if let expiresAt {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO portal_sessions (key, value, expires_at) VALUES (?, ?, ?)",
                    arguments: [key, value, expiresAt])
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO portal_sessions (key, value, expires_at) VALUES (?, ?, NULL)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """,
                    arguments: [key, value])
            }
        }
    }

    /// Removes `key`, and every expired key with it.
    public func removeSessionValue(key: String, now: Double) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM portal_sessions WHERE key = ? OR expires_at <= ?", arguments: [key, now])
        }
    }

    // MARK: Audit log

    /// Appends a line to the audit log.
    public func audit(email: String?, address: String?, action: String, detail: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at, account_email, address, action, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [Timestamp.now(), email, address, action, detail])
        }
    }

    /// The audit log, newest first: `limit` lines before the line `before` (the next page).
    public func auditLog(limit: Int, before: Int64? = nil) throws -> [AuditEntry] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
                arguments: [before ?? Int64.max, limit]
            ).map { row in
                AuditEntry(
                    id: row["id"], at: row["at"], email: row["account_email"], address: row["address"],
                    action: row["action"], detail: row["detail"])
            }
        }
    }

    // MARK: Backup

    /// A consistent copy of the database into `path` (SQLite's online backup), while other
    /// connections go on reading and writing. The file must not exist.
    public func backup(to path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        try destination.close()
    }
}
