/// Errors that make a whole CSV file unreadable.
public enum CSVError: Error, Sendable, Equatable {
    /// A quoted field opened on `line` runs to the end of the file.
    case unclosedQuote(line: Int)
    /// A record longer than the limit (usually a quote never closed).
    case recordTooLong(line: Int, limit: Int)
}
