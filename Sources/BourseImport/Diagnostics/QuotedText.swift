import Foundation

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
