import Foundation
import Synchronization

/// Refuses sign-in for a while after repeated failures, per account and per address, so that a
/// password cannot be guessed by trying many (bcrypt slows each try; this bounds their number).
final class SignInThrottle: Sendable {
    private let limit: Int
    private let window: Double
    /// Failure times by key (`compte:…`, `adresse:…`), oldest first.
    private let failures = Mutex<[String: [Double]]>([:])

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = Double(window.components.seconds)
    }

    /// Whether a sign-in for `email` from `address` may be tried now.
    func allows(email: String, address: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        failures.withLock { table in
            Self.keys(email: email, address: address).allSatisfy { key in
                (table[key]?.filter { $0 > now - window }.count ?? 0) < limit
            }
        }
    }

    func recordFailure(email: String, address: String, now: Double = Date().timeIntervalSince1970) {
        failures.withLock { table in
            for key in Self.keys(email: email, address: address) {
                var times = table[key, default: []].filter { $0 > now - window }
                times.append(now)
                table[key] = times
            }
            // Forget keys whose failures have all aged out, so a scan of many addresses cannot
            // grow the table without end.
            if table.count > 10_000 {
                table = table.filter { $0.value.contains { $0 > now - window } }
            }
        }
    }

    func recordSuccess(email: String) {
        _ = failures.withLock { $0.removeValue(forKey: "compte:" + email.lowercased()) }
    }

    private static func keys(email: String, address: String) -> [String] {
        ["compte:" + email.lowercased(), "adresse:" + address]
    }
}
