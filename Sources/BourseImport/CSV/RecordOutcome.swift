import BourseCore
import Foundation

/// What a register validator makes of one record.
public enum RecordOutcome<Value> {
    /// Accepted, with its unique key in the file (the reference) and remarks.
    case accepted(Value, key: String, warnings: [Reject.Issue])
    case rejected([Reject.Issue])
}
