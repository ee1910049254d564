import BourseService
import BourseStore
import Foundation
import HTTPTypes
import Hummingbird

/// Sessions kept in the bourse's database (`portal_sessions`), so that a restart signs nobody
/// out. Values are JSON; an expired value reads as absent and is removed with the next removal.
struct DatabaseSessionStore: PersistDriver {
    let exchange: Exchange

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await set(key: key, value: value, expires: expires)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let expiresAt = expires.map { Date().timeIntervalSince1970 + Double($0.components.seconds) }
        try await blocking { [exchange] in
            try exchange.database.setSessionValue(key: key, value: data, expiresAt: expiresAt)
        }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let now = Date().timeIntervalSince1970
        guard let stored = try await blocking({ [exchange] in try exchange.database.sessionValue(key: key, now: now) }) else { return nil }
        do {
            let object = try JSONDecoder().decode(Object.self, from: stored.value)
            return (object, stored.expiresAt.map { .seconds(max(0, $0 - now)) })
        } catch {
            throw PersistError.invalidConversion
        }
    }

    func remove(key: String) async throws {
        let now = Date().timeIntervalSince1970
        try await blocking { [exchange] in try exchange.database.removeSessionValue(key: key, now: now) }
    }
}
