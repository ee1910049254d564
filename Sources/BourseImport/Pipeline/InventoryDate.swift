import BourseCore
import Foundation

/// Finds the date an inventory describes when the user did not give one.
public enum InventoryDate {
    /// Where an inventory's date came from.
    public enum Origin: Sendable, Equatable {
        case given, titleLine, fileName, fallback
    }

    /// The inventory date: the one given, else a date in the title lines, else in the file name,
    /// else the fallback (today).
    public static func resolve(given: CivilDate?, titleDate: CivilDate?, fileName: String, fallback: CivilDate) -> (CivilDate, Origin) {
        if let given { return (given, .given) }
        if let titleDate { return (titleDate, .titleLine) }
        if let named = fromFileName(fileName) { return (named, .fileName) }
        return (fallback, .fallback)
    }

    /// A date written in a file name: `drancy-2026-03-31.csv`, `inventaire_20260331.csv`,
    /// `locaux 31-03-2026.csv`. `nil` when there is none or it is not a real day.
    public static func fromFileName(_ name: String) -> CivilDate? {
        let stem = (name as NSString).deletingPathExtension
        let scalars = Array(stem.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard ("0"..."9").contains(scalars[index]), index == 0 || !("0"..."9").contains(scalars[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == "-" || scalars[end] == "_" || scalars[end] == "." {
                end += 1
            }
            let token = String(String.UnicodeScalarView(scalars[index..<end]))
            let digits = token.filter(\.isNumber)
            let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).map(String.init)
            if parts.count >= 3 {
                for start in 0...(parts.count - 3) {
                    let p = Array(parts[start..<start + 3])
                    if p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), let date = CivilDate(year: y, month: m, day: d) {
                        return date
                    }
                    if p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), let date = CivilDate(year: y, month: m, day: d) {
                        return date
                    }
                }
            }
            if digits.count == 8, parts.count == 1 || token.count == 8 {
                let y = Int(digits.prefix(4)) ?? 0, m = Int(digits.dropFirst(4).prefix(2)) ?? 0, d = Int(digits.suffix(2)) ?? 0
                if let date = CivilDate(year: y, month: m, day: d) { return date }
            }
            index = end
        }
        return nil
    }
}
