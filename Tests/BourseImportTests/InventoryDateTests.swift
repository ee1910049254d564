import BourseCore
import BourseImport
import Testing

@Suite("InventoryDate")
struct InventoryDateTests {
    @Test("A date in a file name", arguments: [
        ("drancy-2026-03-31.csv", "2026-03-31"),
        ("aulnay-sous-bois-2026-09-30.csv", "2026-09-30"),
        ("inventaire_20260331.csv", "2026-03-31"),
        ("locaux 31-03-2026.csv", "2026-03-31"),
        ("locaux_31.03.2026.csv", "2026-03-31"),
        ("inventaire.csv", nil),
        ("drancy-2026-02-30.csv", nil),
        ("lot 12.csv", nil),
        ("export-123456789.csv", nil),
    ] as [(String, String?)])
    func fileName(name: String, expected: String?) {
        #expect(InventoryDate.fromFileName(name)?.iso == expected)
    }

    @Test("Given date, then title line, then file name, then the fallback")
    func precedence() throws {
        let given = try #require(CivilDate(iso: "2026-01-01"))
        let title = try #require(CivilDate(iso: "2026-04-30"))
        let today = try #require(CivilDate(iso: "2026-12-25"))
        let named = try #require(CivilDate(iso: "2026-03-31"))
        #expect(InventoryDate.resolve(given: given, titleDate: title, fileName: "x-2026-03-31.csv", fallback: today) == (given, .given))
        #expect(InventoryDate.resolve(given: nil, titleDate: title, fileName: "x-2026-03-31.csv", fallback: today) == (title, .titleLine))
        #expect(InventoryDate.resolve(given: nil, titleDate: nil, fileName: "x-2026-03-31.csv", fallback: today) == (named, .fileName))
        #expect(InventoryDate.resolve(given: nil, titleDate: nil, fileName: "x.csv", fallback: today) == (today, .fallback))
    }
}
