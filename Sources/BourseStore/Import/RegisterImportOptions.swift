import BourseCore
import BourseImport
import Foundation
import GRDB

/// What to do with a register file.
public struct RegisterImportOptions: Sendable {
    /// Report what would happen, write nothing.
    public var dryRun = false
    /// Any rejected record cancels the whole file.
    public var strict = false
    /// The date of the change events (today).
    public var date: CivilDate

    public init(date: CivilDate, dryRun: Bool = false, strict: Bool = false) {
        self.date = date
        self.dryRun = dryRun
        self.strict = strict
    }
}
