import BourseCore
import Foundation
import Testing

@Suite("CivilDate")
struct CivilDateTests {
    @Test("Only real calendar days can be built", arguments: [
        (2024, 2, 29, true),
        (2026, 2, 29, false),
        (2000, 2, 29, true),
        (1900, 2, 29, false),
        (2026, 4, 31, false),
        (2026, 4, 30, true),
        (2026, 12, 31, true),
        (2026, 13, 1, false),
        (2026, 0, 1, false),
        (2026, 1, 0, false),
        (2026, 1, 32, false),
        (2026, -1, 10, false),
        (999, 1, 1, false),
        (1000, 1, 1, true),
        (9999, 12, 31, true),
        (10000, 1, 1, false),
    ])
    func validity(year: Int, month: Int, day: Int, valid: Bool) {
        let date = CivilDate(year: year, month: month, day: day)
        #expect((date != nil) == valid)
        if let date {
            #expect(date.year == year && date.month == month && date.day == day)
        }
    }

    @Test("ISO parsing is exact", arguments: [
        ("2026-03-01", "2026-03-01"),
        ("2024-02-29", "2024-02-29"),
        ("2026-02-29", nil),
        ("2026-3-1", nil),
        ("2026-03-1", nil),
        ("20260301", nil),
        ("01/03/2026", nil),
        ("2026-03-01T00:00", nil),
        ("", nil),
        ("2026-03", nil),
        ("2026-03-01-", nil),
        ("abcd-ef-gh", nil),
    ] as [(String, String?)])
    func isoParsing(text: String, expected: String?) {
        #expect(CivilDate(iso: text)?.iso == expected)
    }

    @Test("Formats as ISO and as French")
    func formatting() throws {
        let date = try #require(CivilDate(year: 2026, month: 3, day: 1))
        #expect(date.iso == "2026-03-01")
        #expect(date.french == "01/03/2026")
        #expect(date.description == "2026-03-01")
        let early = try #require(CivilDate(year: 1005, month: 12, day: 9))
        #expect(early.iso == "1005-12-09")
        #expect(early.french == "09/12/1005")
    }

    @Test("Days since the epoch match known values", arguments: [
        ("1970-01-01", 0),
        ("1969-12-31", -1),
        ("2000-03-01", 11017),
        ("2026-03-01", 20513),
        ("1600-02-29", -135_081),
    ])
    func epochDays(iso: String, days: Int) throws {
        let date = try #require(CivilDate(iso: iso))
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
    }

    @Test("Days since the epoch round-trip over centuries, day after day")
    func epochRoundTrip() {
        var failures: [Int] = []
        var previous = CivilDate(daysSinceEpoch: -200_001)
        for days in -200_000...200_000 {
            let date = CivilDate(daysSinceEpoch: days)
            var ok = date.daysSinceEpoch == days && previous < date
                && CivilDate(year: date.year, month: date.month, day: date.day) == date
            if previous.year == date.year && previous.month == date.month {
                ok = ok && date.day == previous.day + 1
            } else {
                ok = ok && date.day == 1
                    && previous.day == CivilDate.daysInMonth(year: previous.year, month: previous.month)
            }
            if !ok { failures.append(days) }
            previous = date
        }
        #expect(failures.isEmpty, "first failing day numbers: \(failures.prefix(5))")
    }

    @Test("ISO and French texts match a plain zero-padded formatting, day after day over centuries")
    func formattingEveryDay() {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var failures: [String] = []
        for days in stride(from: -200_000, through: 200_000, by: 7) {
            let date = CivilDate(daysSinceEpoch: days)
            let iso = padded(date.year, 4) + "-" + padded(date.month, 2) + "-" + padded(date.day, 2)
            let french = padded(date.day, 2) + "/" + padded(date.month, 2) + "/" + padded(date.year, 4)
            if date.iso != iso || date.french != french || CivilDate(iso: date.iso) != date {
                failures.append("\(date.iso) / \(date.french), attendu \(iso) / \(french)")
            }
        }
        #expect(failures.isEmpty, "first failures: \(failures.prefix(5))")
    }

    @Test("Dates computed past year 9999 or before year 1000 still print every digit")
    func formattingOutsideFourDigitYears() {
        let late = CivilDate(daysSinceEpoch: 3_000_000)
        #expect(late.year > 9999)
        #expect(late.iso == "\(late.year)-\(late.month < 10 ? "0" : "")\(late.month)-\(late.day < 10 ? "0" : "")\(late.day)")
        #expect(late.french.hasSuffix("/\(late.year)"))
        let early = CivilDate(daysSinceEpoch: -800_000)
        #expect(early.year < 1000)
        #expect(early.iso.hasPrefix("0\(early.year)-") || early.iso.hasPrefix("-"))
        let negative = CivilDate(daysSinceEpoch: -1_000_000)
        #expect(negative.year < 0)
        #expect(negative.iso.hasPrefix("-"))
    }

    @Test("Adding days crosses months, leap days and years")
    func addingDays() throws {
        let date = try #require(CivilDate(iso: "2024-02-28"))
        #expect(date.adding(days: 1).iso == "2024-02-29")
        #expect(date.adding(days: 2).iso == "2024-03-01")
        #expect(date.adding(days: 366).iso == "2025-02-28")
        #expect(date.adding(days: -59).iso == "2023-12-31")
        #expect(date.adding(days: 0) == date)
    }

    @Test("Adding months clamps the day to the end of the month", arguments: [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-01-15", -1, "2025-12-15"),
        ("2026-05-31", 12, "2027-05-31"),
        ("2026-05-31", -25, "2024-04-30"),
        ("2026-08-31", 1, "2026-09-30"),
        ("2026-03-01", 0, "2026-03-01"),
    ])
    func addingMonths(start: String, months: Int, expected: String) throws {
        let date = try #require(CivilDate(iso: start))
        #expect(date.adding(months: months).iso == expected)
    }

    @Test("Comparison follows the calendar")
    func comparison() throws {
        let a = try #require(CivilDate(iso: "2025-12-31"))
        let b = try #require(CivilDate(iso: "2026-01-01"))
        let c = try #require(CivilDate(iso: "2026-01-02"))
        #expect(a < b && b < c && a < c)
        #expect(!(b < a))
        #expect([c, a, b].sorted() == [a, b, c])
        #expect(CivilDate(iso: "2026-01-01") == b)
    }

    @Test("Leap years and month lengths")
    func calendarRules() {
        #expect(CivilDate.isLeap(2024))
        #expect(!CivilDate.isLeap(2026))
        #expect(!CivilDate.isLeap(1900))
        #expect(CivilDate.isLeap(2000))
        #expect(CivilDate.daysInMonth(year: 2026, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2026, month: 4) == 30)
        #expect(CivilDate.daysInMonth(year: 2026, month: 7) == 31)
        #expect(CivilDate.daysInMonth(year: 2026, month: 13) == 0)
    }

    @Test("Codable as an ISO string; invalid dates refuse to decode")
    func codable() throws {
        let date = try #require(CivilDate(iso: "2026-03-01"))
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-03-01"]"#)
        let decoded = try JSONDecoder().decode([CivilDate].self, from: data)
        #expect(decoded == [date])
        for bad in [#"["2026-02-30"]"#, #"["01/03/2026"]"#, #"[20260301]"#] {
            #expect(throws: DecodingError.self) {
                _ = try JSONDecoder().decode([CivilDate].self, from: Data(bad.utf8))
            }
        }
    }
}
