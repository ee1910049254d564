import BourseCore
import BourseImport
import Foundation
import GRDB

/// What an import did (or, with `--dry-run`, would do).
public struct InventoryImportReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Stored as inventory `id`.
        case imported(inventoryID: Int64)
        /// Nothing written: not asked to.
        case dryRun
        /// The same file was already imported for this source: nothing changed.
        case alreadyImported(inventoryID: Int64, asOf: CivilDate)
    }

    public var outcome: Outcome
    public var source: Source
    public var asOf: CivilDate
    public var dateOrigin: InventoryDate.Origin
    public var read: InventoryReadSummary?
    public var notes: [Diagnostic] = []
    /// Premises new to the bourse.
    public var added = 0
    /// Known premises with at least one changed field or a status the file changed (including the
    /// `reappeared` ones).
    public var changed = 0
    public var unchanged = 0
    /// Premises absent from this inventory, withdrawn as of its date.
    public var withdrawn = 0
    /// Withdrawn premises listed again (also counted in `changed`).
    public var reappeared = 0
    /// Absent premises kept because a user reserved or placed them.
    public var keptByUserStatus = 0
    /// With `--allow-older`: premises already known, left as they are.
    public var knownLeftAsIs = 0
    /// Field-change events recorded.
    public var fieldChanges = 0
    /// Historical inventory (older than the source's latest).
    public var historical = false
    /// The file was not checked against its source (`forceSource`).
    public var sourceCheckSkipped = false
}
