import Foundation

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
        self.message = QuotedText.bounded(message)
        self.file = file
        self.line = line
        self.field = field.map { QuotedText.cut($0, to: QuotedText.limit) }
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

/// Bounds on text from a file quoted in a message: a 15 MB header line or a megabyte cell must
/// not become a 15 MB message on a terminal, in the database or in a rejects file.
public enum QuotedText {
    /// Characters (Unicode scalars) of a quoted value shown, then « … ».
    public static let limit = 200
    /// Characters of a whole message.
    public static let messageLimit = 2000

    /// `text` cut to `limit` Unicode scalars (never inside a UTF-8 sequence), then « … ».
    public static func cut(_ text: String, to limit: Int) -> String {
        // At most 4 bytes per scalar: a text of no more bytes than `limit` fits (no count needed).
        guard text.utf8.count > limit else { return text }
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex), end != scalars.endIndex else {
            return text
        }
        return String(scalars[..<end]) + "…"
    }

    /// `message` with every value quoted in « » cut to `limit` characters, and the whole to
    /// `messageLimit`.
    public static func bounded(_ message: String) -> String {
        guard message.utf8.count > limit else { return message }
        var result = ""
        var rest = Substring(message)
        while let open = rest.range(of: "« ") {
            result += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            let close = rest.range(of: " »")?.lowerBound ?? rest.endIndex
            result += cut(String(rest[..<close]), to: limit)
            rest = rest[close...]
        }
        result += rest
        return cut(result, to: messageLimit)
    }
}
