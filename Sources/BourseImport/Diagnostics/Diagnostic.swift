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
