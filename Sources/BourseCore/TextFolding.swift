import Foundation

/// Folds free text for matching names typed by people: case, accents, punctuation and spacing.
public enum TextFolding {
    /// Lower-cases, removes diacritics, turns every non-alphanumeric character into a space and
    /// collapses spaces. `"Tremblay-en-France"`, `"TREMBLAY EN FRANCE"` → `"tremblay en france"`;
    /// `"Surface (m²)"` → `"surface m2"`; `"N° local"` → `"no local"`.
    public static func fold(_ text: String) -> String {
        // Fast path: ASCII only (most headers, codes and labels), no Foundation.
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 {
                let lower = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                    if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                    pendingSpace = false
                    bytes.append(lower)
                } else {
                    pendingSpace = true
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        let decomposed = text.lowercased().decomposedStringWithCompatibilityMapping
        for scalar in decomposed.unicodeScalars {
            let value = scalar.value
            if value >= 0x300 && value <= 0x36F { continue }  // combining marks
            let mapped: Unicode.Scalar?
            switch scalar {
            case "°", "º": mapped = "o"
            case "œ": mapped = nil; appendWord("oe", to: &out, pendingSpace: &pendingSpace); continue
            case "æ": mapped = nil; appendWord("ae", to: &out, pendingSpace: &pendingSpace); continue
            case "ß": mapped = nil; appendWord("ss", to: &out, pendingSpace: &pendingSpace); continue
            case "€": mapped = nil; appendWord(" eur ", to: &out, pendingSpace: &pendingSpace); continue
            default:
                let properties = scalar.properties
                mapped = properties.isAlphabetic || properties.numericType != nil ? scalar : nil
            }
            if let mapped {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(mapped)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    private static func appendWord(
        _ word: String, to out: inout String.UnicodeScalarView, pendingSpace: inout Bool
    ) {
        for scalar in word.unicodeScalars {
            if scalar == " " {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
    }

    /// Folds a place name: `fold`, then "st"/"ste" read as "saint"/"sainte", "s/s" and "ss" as
    /// "sous", and a leading article ("le", "la", "les", "l") dropped. `"LE BOURGET"` →
    /// `"bourget"`, `"St-Denis"` → `"saint denis"`, `"Aulnay-s/s-Bois"` → `"aulnay sous bois"`.
    public static func foldPlaceName(_ text: String) -> String {
        let folded = fold(text).split(separator: " ").map(String.init)
        var words: [String] = []
        words.reserveCapacity(folded.count)
        var index = 0
        while index < folded.count {
            let word = folded[index]
            index += 1
            switch word {
            case "st": words.append("saint")
            case "ste": words.append("sainte")
            case "ss": words.append("sous")
            case "s" where index < folded.count && folded[index] == "s":
                // "s/s", folded to two words.
                words.append("sous")
                index += 1
            default: words.append(word)
            }
        }
        if words.count > 1, ["le", "la", "les", "l"].contains(words[0]) {
            words.removeFirst()
        }
        return words.joined(separator: " ")
    }

    /// A stable identifier from a name: folded words joined by hyphens (`"Le Blanc-Mesnil"` →
    /// `"le-blanc-mesnil"`).
    public static func slug(_ text: String) -> String {
        fold(text).split(separator: " ").joined(separator: "-")
    }
}
