import BourseCore
import BourseImport
import Foundation
import GRDB

/// What a register import did (or would do).
public struct RegisterImportReport: Sendable {
    public var kind: RegisterKind
    public var outcome: InventoryImportReport.Outcome
    public var read: RegisterReadSummary?
    public var notes: [Diagnostic] = []
    public var added = 0
    public var changed = 0
    public var unchanged = 0
    public var fieldChanges = 0
}
