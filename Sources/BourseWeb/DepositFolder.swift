import Foundation
import HTTPTypes
import Synchronization

/// A private folder (mode 0700) for the files deposited through the portal and the rejects of
/// each deposit. A deposit's rejects file is served only to the account that made it.
final class DepositFolder: Sendable {
    let path: String
    /// Deposit token → the account that made it and its rejects file.
    private let deposits = Mutex<[String: (account: Int64, rejects: String, at: Date)]>([:])

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/bourse-portail-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw PortalError(.internalServerError, "dossier temporaire du portail impossible à créer")
        }
        path = String(cString: made)
    }

    /// A new deposit's own folder, and its token.
    func newDeposit() throws -> (token: String, folder: String) {
        let token = FormInput.newToken()
        let folder = path + "/" + token
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return (token, folder)
    }

    func register(token: String, account: Int64, rejects: String) {
        deposits.withLock { table in
            // A day is long enough to download the rejects of a deposit.
            let old = table.filter { $0.value.at < Date().addingTimeInterval(-86_400) }
            for (key, entry) in old {
                try? FileManager.default.removeItem(atPath: (entry.rejects as NSString).deletingLastPathComponent)
                table.removeValue(forKey: key)
            }
            table[token] = (account, rejects, Date())
        }
    }

    /// The rejects file of deposit `token`, if `account` made it.
    func rejects(token: String, account: Int64) -> String? {
        deposits.withLock { table in
            guard let entry = table[token], entry.account == account else { return nil }
            return entry.rejects
        }
    }
}
