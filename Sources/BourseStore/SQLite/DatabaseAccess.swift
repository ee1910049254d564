import CSQLiteSetup
import Foundation
import GRDB

/// What a command does with the database file, which decides what `BourseDatabase.open` accepts.
public enum DatabaseAccess: Sendable {
    /// `bourse init` and the demo: a missing or empty file (0 bytes, or an SQLite file without a
    /// single table) becomes a new database. Such a file holds nothing to lose (`mktemp` makes
    /// one, so does a setup interrupted before its first migration).
    case create
    /// The commands that write: the database must exist; it is migrated and marked on open.
    case write
    /// The commands that only read: nothing is written, migrated or left beside the file.
    case read
    /// The portal: like `write`, with readers that work beside the writer (pages are read while a
    /// deposit is stored) instead of waiting for it.
    case serve
}
