import BourseCore
import BourseStore

/// The bourse as its users act on it: one call per user action, plain values in and out, never
/// printing. The command line and the portal both drive it; nothing below it knows who called.
///
/// Each call opens nothing and closes nothing: an `Exchange` wraps an open database.
public struct Exchange: Sendable {
    /// The open database.
    public let database: BourseDatabase
    /// Its file (outputs never replace it).
    public let path: String

    public init(database: BourseDatabase, path: String) {
        self.database = database
        self.path = path
    }

    /// Opens the bourse at `path`.
    /// - Parameter access: `.create` for `init` and the demo, `.write` for the commands that
    ///   change it, `.read` for those that only read (nothing written, migrated or left beside).
    /// - Throws: `StoreError` (a missing, foreign, newer or locked database), in French.
    public static func open(path: String, access: Access) throws -> Exchange {
        let store: DatabaseAccess = switch access {
        case .create: .create
        case .write: .write
        case .read: .read
        case .serve: .serve
        }
        return Exchange(database: try BourseDatabase.open(path: path, access: store), path: path)
    }

    /// What a caller does with the bourse, which decides how its database is opened.
    public enum Access: Sendable {
        /// `init` and the demo: a missing or empty file becomes a new bourse.
        case create
        /// Actions that change the bourse: it must exist; it is migrated on open.
        case write
        /// Actions that only read: nothing written, migrated or left beside the file.
        case read
        /// The portal: pages are read while a deposit or a round is being stored.
        case serve
    }
}
