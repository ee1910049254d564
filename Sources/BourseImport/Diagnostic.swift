/// A problem found in an input file, located by file, line and field.
///
/// Printed as `fichier:ligne: erreur: [champ] message`, the form compilers use, so editors and
/// terminals can jump to it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error = "erreur"
        case warning = "avertissement"
        case note = "note"
    }

    public var severity: Severity
    public var message: String
    public var file: String
    /// Physical line (1-based) where the record starts, when the problem belongs to one.
    public var line: Int?
    /// The column header as written in the file, or a field name.
    public var field: String?

    public init(_ severity: Severity, _ message: String, file: String, line: Int? = nil, field: String? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.field = field
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        let prefix = field.map { "[\($0)] " } ?? ""
        return "\(location): \(severity.rawValue) : \(prefix)\(message)"
    }
}

/// A record that was not imported: where it is, what it said, and why (one or more reasons).
public struct Reject: Sendable, Hashable {
    /// One reason: the field (column header as written) and the message in French.
    public struct Issue: Sendable, Hashable {
        public var field: String?
        public var message: String

        public init(field: String?, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var file: String
    /// Physical line (1-based) where the record starts.
    public var line: Int
    /// The record as written in the file (decoded, line terminator excluded).
    public var raw: String
    public var issues: [Issue]

    public init(file: String, line: Int, raw: String, issues: [Issue]) {
        self.file = file
        self.line = line
        self.raw = raw
        self.issues = issues
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
