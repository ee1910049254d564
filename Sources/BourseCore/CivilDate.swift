/// A calendar day without time or time zone (a "date" in French administrative files).
///
/// Stored and printed as ISO 8601 `AAAA-MM-JJ`; only real calendar days can be built.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date when the three numbers name a real day of the proleptic Gregorian calendar.
    /// - Returns: `nil` for 31/02, 29/02 of a common year, month 13, year outside 1000–9999…
    public init?(year: Int, month: Int, day: Int) {
        guard (1000...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `AAAA-MM-JJ` exactly (the storage form).
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Creates the date that is `days` days after 1970-01-01 (negative before).
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Number of days since 1970-01-01.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `count` days later (earlier when negative).
    public func adding(days count: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The date `count` months later, the day clamped to the end of the month.
    public func adding(months count: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + count
        let y = index / 12
        let m = index % 12 + 1
        let d = min(day, CivilDate.daysInMonth(year: y, month: m))
        return CivilDate(unchecked: y, m, d)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `AAAA-MM-JJ`.
    public var iso: String {
        guard (1000...9999).contains(year) else { return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) }
        return CivilDate.text((year, 4), (month, 2), (day, 2), separator: 0x2D)
    }

    /// `JJ/MM/AAAA`, as French users write dates.
    public var french: String {
        guard (1000...9999).contains(year) else { return padded(day, 2) + "/" + padded(month, 2) + "/" + padded(year, 4) }
        return CivilDate.text((day, 2), (month, 2), (year, 4), separator: 0x2F)
    }

    /// Three zero-padded numbers (value, width) joined by a separator, written byte by byte: a
    /// large import formats a date or two per premises. Only for years of four digits (dates
    /// computed by adding days or months may leave them; `padded` writes those).
    private static func text(_ first: (Int, Int), _ second: (Int, Int), _ third: (Int, Int), separator: UInt8) -> String {
        String(unsafeUninitializedCapacity: first.1 + second.1 + third.1 + 2) { bytes in
            digits(first.0, first.1, into: bytes, at: 0)
            bytes[first.1] = separator
            digits(second.0, second.1, into: bytes, at: first.1 + 1)
            bytes[first.1 + second.1 + 1] = separator
            digits(third.0, third.1, into: bytes, at: first.1 + second.1 + 2)
            return first.1 + second.1 + third.1 + 2
        }
    }

    /// The last `width` decimal digits of `value`, zero-padded (years are always four digits).
    private static func digits(_ value: Int, _ width: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for position in stride(from: start + width - 1, through: start, by: -1) {
            bytes[position] = 0x30 + UInt8(rest % 10)
            rest /= 10
        }
    }

    public var description: String { iso }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeap(year) ? 29 : 28
        default: return 0
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "date invalide « \(text) » (attendu AAAA-MM-JJ)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// `value` in decimal, zero-padded to `width` digits (a negative value keeps its sign first).
private func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let zeros = String(repeating: "0", count: max(0, width - digits.count))
    return (value < 0 ? "-" : "") + zeros + digits
}
