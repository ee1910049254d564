import BourseCore
import Foundation

/// Counts of one read of a register.
public struct RegisterReadSummary: Sendable {
    public var facts: FileFacts
    public var dialect: CSVDialect
    public var headerLine: Int
    public var records = 0
    public var blankRecords = 0
    public var accepted = 0
    public var rejected = 0
    public var warnings = 0
}
