import Foundation

/// A record that was not imported: where it is, what it said, and why (one or more reasons).
public struct Reject: Sendable, Hashable {
    /// One reason: the field (column header as written) and the message in French.
    public struct Issue: Sendable, Hashable {
        public var field: String?
        public var message: String

        public init(field: String?, message: String) {
            self.field = field.map { QuotedText.cut($0, to: QuotedText.limit) }
            self.message = QuotedText.bounded(message)
        }
    }

    public var file: String
    /// Physical line (1-based) where the record starts.
    public var line: Int
    /// The record as written in the file (decoded, line terminator excluded).
    public var raw: String
    public var issues: [Issue]

    /// Issues kept per reject: past it, one more says how many were left out (a hostile record
    /// could otherwise carry one per attribute or column).
    public static let maximumIssues = 20
    /// Characters of the raw record kept (then « … »).
    public static let maximumRawLength = 4096

    public init(file: String, line: Int, raw: String, issues: [Issue]) {
        self.file = file
        self.line = line
        // A NUL shown as such (␀): it would cut the line in a terminal, a CSV file or a C string.
        let visible = raw.utf8.contains(0) ? raw.replacingOccurrences(of: "\u{0}", with: "\u{2400}") : raw
        self.raw = QuotedText.cut(visible, to: Self.maximumRawLength)
        if issues.count > Self.maximumIssues {
            let left = issues.count - Self.maximumIssues
            self.issues = Array(issues.prefix(Self.maximumIssues))
                + [Issue(field: nil, message: left == 1 ? "… et 1 autre erreur" : "… et \(left) autres erreurs")]
        } else {
            self.issues = issues
        }
    }

    /// Fields of the issues, comma-separated.
    public var fields: String { issues.compactMap(\.field).joined(separator: ", ") }
    /// Messages of the issues, `; `-separated.
    public var reason: String { issues.map(\.message).joined(separator: " ; ") }

    /// The reject as compiler-style lines.
    public var diagnostics: [Diagnostic] {
        issues.map { Diagnostic(.error, $0.message, file: file, line: line, field: $0.field) }
    }
}
