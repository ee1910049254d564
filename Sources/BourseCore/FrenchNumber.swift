import Foundation

/// Numbers and amounts as French readers expect them on a page or a terminal.
public enum FrenchNumber {
    /// `1 250,5`: a no-break space between thousands, a decimal comma, at most `decimals`
    /// decimals (trailing zeros dropped).
    public static func format(_ value: Double, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return grouped(text)
    }

    /// An integer count with thousands separators.
    public static func format(_ value: Int) -> String {
        grouped(String(value))
    }

    /// `1 250,50 €` (always two decimals).
    public static func euros(_ value: Double) -> String {
        grouped(String(format: "%.2f", value)) + "\u{A0}€"
    }

    /// `45,5 m²`.
    public static func squareMetres(_ value: Double) -> String {
        format(value, decimals: 1) + "\u{A0}m²"
    }

    /// Plain decimal text (`-1234.5`) to French grouping (`-1 234,5`).
    private static func grouped(_ plain: String) -> String {
        var text = plain
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        var integer = parts.first ?? "0"
        var result = ""
        while integer.count > 3 {
            result = "\u{A0}" + integer.suffix(3) + result
            integer.removeLast(3)
        }
        result = integer + result
        return (negative ? "-" : "") + result + (parts.count > 1 ? "," + parts[1] : "")
    }
}
