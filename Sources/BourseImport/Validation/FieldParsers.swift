import BourseCore
import Foundation

/// Parsers for the values of French administrative spreadsheets, working on a field's bytes.
///
/// Each returns a `FieldValue`: missing (empty, `NA`, `N/A`, `-`), a value, or invalid with a
/// French reason. Fast paths read bytes directly; unusual spellings go through decoded text.
public enum FieldParsers {
    /// Whether the bytes mean "no value": empty, `NA`, `N/A`, `-`, `n.a.`, `nc` (non communiqué).
    public static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch bytes.count {
        case 0: return true
        case 1: return bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "?")
        case 2:
            let a = bytes[0] | 0x20, b = bytes[1] | 0x20
            return (a == UInt8(ascii: "n") && b == UInt8(ascii: "a")) || (a == UInt8(ascii: "n") && b == UInt8(ascii: "c"))
                || (bytes[0] == UInt8(ascii: "-") && bytes[1] == UInt8(ascii: "-"))
        case 3:
            let a = bytes[0] | 0x20, b = bytes[1], c = bytes[2] | 0x20
            return a == UInt8(ascii: "n") && b == UInt8(ascii: "/") && c == UInt8(ascii: "a")
        case 4:
            // n.a.
            return bytes[0] | 0x20 == UInt8(ascii: "n") && bytes[1] == UInt8(ascii: ".")
                && bytes[2] | 0x20 == UInt8(ascii: "a") && bytes[3] == UInt8(ascii: ".")
        default: return false
        }
    }

    /// `isMissing` for decoded text (surrounding spaces ignored).
    public static func isMissing(text: String) -> Bool {
        Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8).withUnsafeBufferPointer(isMissing)
    }

    // MARK: Numbers

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Parses a French or English decimal number: `45,5`, `1 250,50` (space, U+00A0 or U+202F between
    /// groups of three), `1.250,5`, `1,250.5`, `45.5`, with an optional sign and unit (`m²`, `€`,
    /// `€/m²/an`, `HT`, `HC`). `gratuit` reads as 0 when `freeIsZero`.
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding, freeIsZero: Bool = false) -> FieldValue<Double> {
        if isMissing(bytes) { return .missing }
        if let value = fastNumber(bytes) { return .value(value) }
        let text = encoding.decode(bytes)
        return number(text: text, freeIsZero: freeIsZero)
    }

    /// The common spellings without allocation: an optional `-`, digits, at most one `,` or `.`
    /// as decimal mark, and thousands separated by a space, U+00A0 (UTF-8 `C2 A0` or Windows-1252
    /// `A0`) or U+202F (`E2 80 AF`) in groups of three. `nil` sends the field to the careful path.
    @inline(__always)
    static func fastNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        var negative = false
        var group = 0
        var separated = false
        var i = 0
        let count = bytes.count
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        while i < count {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                mantissa = mantissa &* 10 &+ Int64(byte &- 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 } else { group += 1 }
                i += 1
                continue
            }
            if (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")) && fraction < 0 {
                if separated && group != 3 { return nil }
                fraction = 0
                i += 1
                continue
            }
            // A thousands separator: one to three digits before the first, exactly three between.
            var width = 0
            if byte == 0x20 || byte == 0xA0 {
                width = 1
            } else if byte == 0xC2, i + 1 < count, bytes[i + 1] == 0xA0 {
                width = 2
            } else if byte == 0xE2, i + 2 < count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xAF {
                width = 3
            }
            guard width > 0, fraction < 0, group >= 1, group <= 3, !separated || group == 3 else { return nil }
            separated = true
            group = 0
            i += width
        }
        guard digits > 0, digits <= 15, fraction != 0, !separated || fraction >= 0 || group == 3 else { return nil }
        if separated && fraction < 0 && group != 3 { return nil }
        var value = Double(mantissa)
        if fraction > 0 { value /= powersOfTen[fraction] }
        return negative ? -value : value
    }

    private static let unitWords: Set<String> = [
        "eur", "euro", "euros", "e", "m2", "m", "2", "an", "ans", "mois", "ht", "hc", "par", "mensuel",
        "mensuels", "annuel", "annuels", "hors", "charges", "env",
    ]

    /// The careful path of `number`, on decoded text.
    public static func number(text: String, freeIsZero: Bool = false) -> FieldValue<Double> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if isMissing(text: trimmed) { return .missing }
        let folded = TextFolding.fold(trimmed)
        if ["na", "n a", "nc", "non communique"].contains(folded) { return .missing }
        if freeIsZero, ["gratuit", "gratuite", "gracieux", "a titre gracieux", "mise a disposition gratuite"].contains(folded) {
            return .value(0)
        }
        var scalars = Array(trimmed.unicodeScalars)
        // Leading currency sign.
        while let first = scalars.first, first == "€" || first == "$" || first.properties.isWhitespace {
            scalars.removeFirst()
        }
        var negative = false
        if let first = scalars.first, first == "-" || first == "−" || first == "+" {
            negative = first != "+"
            scalars.removeFirst()
        }
        // Numeric prefix: digits, separators.
        var index = 0
        while index < scalars.count {
            let s = scalars[index]
            if ("0"..."9").contains(s) || s == "," || s == "." || s == " " || s == "\u{A0}" || s == "\u{202F}" || s == "'" {
                index += 1
            } else {
                break
            }
        }
        let numeric = scalars[..<index]
        let suffix = String(String.UnicodeScalarView(scalars[index...]))
        let suffixWords = TextFolding.fold(suffix).split(separator: " ").map(String.init)
        guard suffixWords.allSatisfy({ unitWords.contains($0) }), let value = groupedNumber(Array(numeric)) else {
            if isRange(trimmed) { return .invalid("fourchette « \(trimmed) » : une seule valeur attendue") }
            return .invalid("valeur non numérique « \(trimmed) »")
        }
        return .value(negative ? -value : value)
    }

    /// Whether the text gives a range: "45 à 60", "de 45 à 60 m²", "45-60", "45 – 60".
    static func isRange(_ text: String) -> Bool {
        let words = TextFolding.fold(text).split(separator: " ")
        func numeric(_ word: Substring) -> Bool { word.first.map { ("0"..."9").contains($0) } ?? false }
        for index in words.indices.dropFirst().dropLast() where words[index] == "a" || words[index] == "au" {
            if numeric(words[index - 1]) && numeric(words[index + 1]) { return true }
        }
        // One dash between two digits (not a leading minus sign; two make a date, 2026-01-15).
        let scalars = Array(text.unicodeScalars)
        var dashes = 0
        var seenDigit = false
        for index in scalars.indices {
            let scalar = scalars[index]
            if ("0"..."9").contains(scalar) {
                seenDigit = true
            } else if seenDigit, scalar == "-" || scalar == "–" || scalar == "—" {
                var next = index + 1
                while next < scalars.count, scalars[next] == " " { next += 1 }
                if next < scalars.count, ("0"..."9").contains(scalars[next]) { dashes += 1 }
            }
        }
        return dashes == 1
    }

    /// Reads digits with thousands groups and one decimal mark; `nil` when the grouping is wrong.
    private static func groupedNumber(_ scalars: [Unicode.Scalar]) -> Double? {
        var text = scalars
        while let last = text.last, last == " " || last == "\u{A0}" || last == "\u{202F}" { text.removeLast() }
        guard !text.isEmpty else { return nil }
        let commas = text.filter { $0 == "," }.count
        let dots = text.filter { $0 == "." }.count
        // Which mark is decimal: the last one when both appear; a single mark of its kind otherwise.
        var decimalMark: Unicode.Scalar?
        if commas > 0 && dots > 0 {
            decimalMark = text.last(where: { $0 == "," || $0 == "." })
            if (decimalMark == "," && commas > 1) || (decimalMark == "." && dots > 1) { return nil }
        } else if commas == 1 {
            decimalMark = ","
        } else if dots == 1 {
            decimalMark = "."
        }
        var integerPart: [Unicode.Scalar] = []
        var fractionPart: [Unicode.Scalar] = []
        var inFraction = false
        var groups: [Int] = [0]
        for s in text {
            if s == decimalMark {
                inFraction = true
            } else if ("0"..."9").contains(s) {
                if inFraction { fractionPart.append(s) } else {
                    integerPart.append(s)
                    groups[groups.count - 1] += 1
                }
            } else if inFraction {
                return nil
            } else {
                // A thousands separator: starts a new group.
                groups.append(0)
            }
        }
        guard !integerPart.isEmpty || !fractionPart.isEmpty else { return nil }
        if inFraction && fractionPart.isEmpty { return nil }
        if groups.count > 1 {
            guard (1...3).contains(groups[0]), groups.dropFirst().allSatisfy({ $0 == 3 }) else { return nil }
        }
        let literal = String(String.UnicodeScalarView(integerPart.isEmpty ? ["0"] : integerPart))
            + (fractionPart.isEmpty ? "" : "." + String(String.UnicodeScalarView(fractionPart)))
        return Double(literal)
    }

    // MARK: Dates

    /// What a date field can say.
    public enum DateReading: Sendable, Equatable {
        case date(CivilDate)
        /// "immédiate", "de suite", "dès maintenant": no date, available at once / open-ended.
        case now
    }

    /// Parses `JJ/MM/AAAA` (also `J/M/AAAA`, `-` or `.` separators, two-digit years as 20AA),
    /// ISO `AAAA-MM-JJ`, an optional time after the date, French month names (`1er mars 2026`,
    /// `mars 2026`) and words meaning "at once". Only real calendar days are accepted.
    public static func date(_ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> FieldValue<DateReading> {
        if isMissing(bytes) { return .missing }
        if let numeric = numericDate(bytes) {
            switch numeric {
            case .some(let date): return .value(.date(date))
            case .none: return .invalid("date invalide « \(encoding.decode(bytes)) » (ce jour n'existe pas)")
            }
        }
        return date(text: encoding.decode(bytes))
    }

    /// `nil`: not a numeric date shape; `.some(nil)`: the shape of a date but not a real day.
    private static func numericDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate?? {
        // Up to three numbers with their widths, and the separator between them.
        var n0 = 0, n1 = 0, current = 0
        var w0 = 0, w1 = 0, width = 0
        var parts = 0
        var separator: UInt8 = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                current = current * 10 + Int(byte - 0x30)
                width += 1
                if width > 4 { return nil }
            } else if (byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")) && parts < 2 && width > 0 {
                if parts == 0 {
                    separator = byte
                    n0 = current
                    w0 = width
                } else {
                    guard byte == separator else { return nil }
                    n1 = current
                    w1 = width
                }
                parts += 1
                current = 0
                width = 0
            } else if (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "T")) && parts == 2 && width > 0 {
                // A time follows: check it is one (digits, colons, a fraction, a zone), then stop.
                var j = i + 1
                while j < count {
                    let b = bytes[j]
                    guard (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ":") || b == UInt8(ascii: ".") || b == UInt8(ascii: "Z")
                        || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") else { return nil }
                    j += 1
                }
                break
            } else {
                return nil
            }
            i += 1
        }
        guard parts == 2, width > 0 else { return nil }
        if w0 == 4 {
            // AAAA-MM-JJ
            guard w1 <= 2, width <= 2 else { return nil }
            return .some(CivilDate(year: n0, month: n1, day: current))
        }
        guard w0 <= 2, w1 <= 2, width == 4 || width == 2 else { return nil }
        let year = width == 2 ? 2000 + current : current
        return .some(CivilDate(year: year, month: n1, day: n0))
    }

    private static let months = [
        "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
        "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
        "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    ]

    private static let nowWords: Set<String> = [
        "immediate", "immediatement", "immediat", "de suite", "des maintenant", "tout de suite",
        "disponible", "libre", "des a present", "maintenant", "indeterminee", "sans limite",
        "illimitee", "sans date", "duree indeterminee",
    ]

    /// The careful path of `date`, on decoded text.
    public static func date(text: String) -> FieldValue<DateReading> {
        let folded = TextFolding.fold(text)
        if folded.isEmpty || folded == "na" || folded == "n a" { return .missing }
        if nowWords.contains(folded) { return .value(.now) }
        let utf8 = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        if let numeric = utf8.withUnsafeBufferPointer({ numericDate($0) }) {
            if let date = numeric { return .value(.date(date)) }
            return .invalid("date invalide « \(text) » (ce jour n'existe pas)")
        }
        // "1er mars 2026", "15 mars 2026", "mars 2026".
        var words = folded.split(separator: " ").map(String.init)
        if words.first == "le" || words.first == "au" || words.first == "du" { words.removeFirst() }
        var day = 1
        if words.count == 3, let d = Int(words[0].hasSuffix("er") ? String(words[0].dropLast(2)) : words[0]) {
            day = d
            words.removeFirst()
        }
        if words.count == 2, let month = months[words[0]], let year = Int(words[1]), words[1].count == 4 {
            if let date = CivilDate(year: year, month: month, day: day) { return .value(.date(date)) }
            return .invalid("date invalide « \(text) » (ce jour n'existe pas)")
        }
        return .invalid("date illisible « \(text) » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)")
    }

    // MARK: Yes / no, floor

    /// Parses yes/no: `oui`, `non`, `o`, `n`, `x` (ticked), `1`, `0`, `vrai`, `faux`, `yes`, `no`,
    /// `accessible`, `non accessible`.
    public static func boolean(text: String) -> FieldValue<Bool> {
        let folded = TextFolding.fold(text)
        switch folded {
        case "": return .missing
        case "oui", "o", "x", "1", "vrai", "true", "yes", "y", "accessible", "oui accessible", "ok": return .value(true)
        case "non", "n", "0", "faux", "false", "no", "non accessible", "inaccessible": return .value(false)
        case "na", "n a", "nc", "non communique": return .missing
        default: return .invalid("valeur « \(text) » non reconnue (attendu oui ou non)")
        }
    }

    /// Parses a floor: `RDC`, `rez-de-chaussée`, `0`, `1`, `1er`, `2e`, `2ème`, `R+1`, `-1`, `R-1`,
    /// `sous-sol`, optionally followed by "étage". Ground floor is 0.
    public static func floor(text: String) -> FieldValue<Int> {
        let raw = text.trimmingCharacters(in: .whitespaces).lowercased()
        if isMissing(text: raw) { return .missing }
        let folded = TextFolding.fold(raw)
        switch folded {
        case "rdc", "rez de chaussee", "rez de jardin", "plain pied", "0", "r 0", "r0", "rez de chaussee surelev", "rdc sureleve":
            return .value(0)
        case "sous sol", "ss", "s sol", "sous sols": return .value(-1)
        case "na", "n a", "nc": return .missing
        default: break
        }
        var s = raw.folding(options: [.diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{2212}", with: "-")
        if s.hasPrefix("r") { s.removeFirst() }
        if s.hasPrefix("+") { s.removeFirst() }
        for word in ["etage", "niveau"] where s.hasSuffix(word) { s.removeLast(word.count) }
        for suffix in ["eme", "ere", "er", "e", "nd"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s.removeLast(suffix.count)
            break
        }
        if let value = Int(s), (-10...80).contains(value) { return .value(value) }
        return .invalid("étage « \(text) » non reconnu (attendu RDC, 1er, R+2, -1…)")
    }
}
