import Foundation

/// CSV as French Excel opens it with a double click: `;` delimiter, CRLF, UTF-8 with a BOM,
/// decimal comma, and cells that a spreadsheet would run as formulas neutralised.
public enum FrenchCSV {
    public static let bom = "\u{FEFF}"

    /// Characters that make a spreadsheet read a cell as a formula (CSV injection).
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// One cell, quoted when needed; a cell starting like a formula gets a leading apostrophe.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, formulaStarts.contains(first) {
            text = "'" + text
        }
        if text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// A number cell: decimal comma, no thousands separator (Excel reads it as a number), never
    /// neutralised (a negative number stays a number).
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text.replacingOccurrences(of: ".", with: ",")
    }

    /// A line of cells, CRLF-terminated.
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ";") + "\r\n"
    }
}
