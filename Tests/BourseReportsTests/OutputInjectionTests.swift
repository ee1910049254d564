import BourseCore
import BourseReports
@testable import BourseStore
import BourseTestSupport
import Foundation
import Testing

/// CSV injection and HTML escaping checked on bytes: a grapheme cluster (CRLF, a sign followed by
/// a combining mark, a prepended scalar) must not hide a line break, a formula start, a quote or
/// an angle bracket from the writers.
@Suite("Sorties : injection CSV et échappement HTML sur les octets, pas sur les graphèmes")
struct OutputInjectionTests {
    // MARK: - FrenchCSV, examples

    @Test("Line breaks inside a value are quoted, whatever grapheme they form", arguments: [
        // CRLF is one Character, equal to neither "\r" nor "\n".
        ("Atelier\r\n=cmd|' /C calc'!A0", "\"Atelier\r\n=cmd|' /C calc'!A0\""),
        ("\r\n=cmd|' /C calc'!A0", "\"'\r\n=cmd|' /C calc'!A0\""),
        ("a\rb", "\"a\rb\""), ("a\nb", "\"a\nb\""), ("fin\r\n", "\"fin\r\n\""),
        ("\nretour", "\"'\nretour\""),
        // A combining mark on the CR of a CRLF, on a quote, on a semicolon.
        ("a\r\n\u{301}b", "\"a\r\n\u{301}b\""), ("dit \"\u{301}x", "\"dit \"\"\u{301}x\""), ("a;\u{301}b", "\"a;\u{301}b\""),
    ])
    func lineBreaksAreQuoted(value: String, expected: String) throws {
        #expect(FrenchCSV.cell(value).scalars == expected.scalars)
        let rows = try StrictCSV.read(FrenchCSV.line([value, "suite"]))
        #expect(rows.map { $0.map(\.scalars) } == [[expected.unquotedForTest.scalars, "suite".scalars]])
    }

    @Test("Formula starts are neutralised on the first scalar", arguments: [
        ("=\u{301}cmd|' /C calc'!A0", "'=\u{301}cmd|' /C calc'!A0"), ("+", "'+"), ("-", "'-"), ("@", "'@"),
        ("=", "'="), ("\t", "'\t"), ("\tcaché", "'\tcaché"), ("+\u{20DD}1", "'+\u{20DD}1"),
        ("=👩‍💻", "'=👩‍💻"), ("@\u{200D}👩", "'@\u{200D}👩"),
        // Fullwidth and small-form signs: width or NFKC folding makes them ASCII.
        ("＝1+1", "'＝1+1"), ("＋33", "'＋33"), ("－2", "'－2"), ("＠SOMME(A1)", "'＠SOMME(A1)"), ("﹦1", "'﹦1"),
        // Invisible scalars first (BOM, zero-width space, joiners, bidi marks, no-break space, a
        // space): any trimming brings the sign to the front, so the cell is neutralised, the
        // apostrophe before them.
        ("\u{FEFF}=1+1", "'\u{FEFF}=1+1"), ("\u{200B}=1+1", "'\u{200B}=1+1"), ("\u{200D}-1", "'\u{200D}-1"),
        ("\u{202E}=1", "'\u{202E}=1"), ("\u{A0}+1", "'\u{A0}+1"), (" =1+1", "' =1+1"), ("\u{200B}\u{FEFF} @x", "'\u{200B}\u{FEFF} @x"),
        // Both: a formula start and a quote or a semicolon.
        ("=HYPERLINK(\"http://x\";\"y\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""),
    ])
    func formulaStartsAreNeutralised(value: String, expected: String) {
        #expect(FrenchCSV.cell(value).scalars == expected.scalars)
    }

    @Test("Ordinary values, quotes, semicolons, emoji and ZWJ sequences are written as before", arguments: [
        ("Sevran", "Sevran"), ("", ""), ("Le Blanc-Mesnil", "Le Blanc-Mesnil"), ("45,5", "45,5"), ("L'Atelier", "L'Atelier"),
        ("cafe\u{301}", "cafe\u{301}"), ("é=1", "é=1"), ("1-2", "1-2"), ("a@b.fr", "a@b.fr"), ("'=déjà", "'=déjà"),
        ("👩‍👩‍👧 Famille", "👩‍👩‍👧 Famille"), ("🇫🇷 France", "🇫🇷 France"), ("\u{FFFD}", "\u{FFFD}"),
        ("\u{301}=1", "\u{301}=1"), ("x\u{200B}=1", "x\u{200B}=1"),
        ("Atelier ; vitrine", "\"Atelier ; vitrine\""), ("dit \"le Hangar\"", "\"dit \"\"le Hangar\"\"\""),
        ("\"", "\"\"\"\""), (";", "\";\""), ("👩‍💻;😀", "\"👩‍💻;😀\""),
    ])
    func ordinaryValues(value: String, expected: String) {
        #expect(FrenchCSV.cell(value).scalars == expected.scalars)
    }

    @Test func aLineIsTheCellsJoinedWithSemicolonsAndCRLF() {
        let cells = ["Drancy", "=1", "a;b", "x\r\ny", "", "+"]
        #expect(FrenchCSV.line(cells).scalars == (cells.map(FrenchCSV.cell).joined(separator: ";") + "\r\n").scalars)
        #expect(FrenchCSV.line([]).scalars == "\r\n".scalars)
    }

    // MARK: - FrenchCSV, random values

    /// Random values, many of them hostile, written as lines and read back by a strict RFC 4180
    /// reader: one row per line, the same cells (neutralised ones with their apostrophe), and no
    /// cell read back starts with a formula sign.
    @Test func randomValuesReadBackAsWritten() throws {
        var random = SplitMix64(seed: 0x15_C5F)
        var text = ""
        var written: [[String]] = []
        for _ in 0..<3_000 {
            let row = (0..<random.inRange(1...6)).map { _ in RandomCSVValue.make(&random) }
            written.append(row)
            text += FrenchCSV.line(row)
        }
        let read = try StrictCSV.read(text)
        try #require(read.count == written.count, "\(read.count) lignes relues pour \(written.count) écrites")
        for (rowIndex, (cells, back)) in zip(written, read).enumerated() {
            try #require(cells.count == back.count, "ligne \(rowIndex + 1) : \(back.count) cellules relues pour \(cells.count)")
            for (value, cell) in zip(cells, back) {
                let neutralised = cell.scalars == ("'" + value).scalars
                #expect(cell.scalars == value.scalars || neutralised, "« \(value.debugDescription) » relu « \(cell.debugDescription) »")
                if let first = cell.unicodeScalars.first {
                    #expect(!RandomCSVValue.formulaSigns.contains(first), "« \(cell.debugDescription) » commence par une formule")
                }
                if let first = value.unicodeScalars.first, RandomCSVValue.formulaSigns.contains(first) {
                    #expect(neutralised, "« \(value.debugDescription) » non neutralisé")
                }
                if let first = value.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) {
                    #expect(cell.scalars == value.scalars, "« \(value.debugDescription) » neutralisé sans raison")
                }
            }
        }
    }

    /// Values made of plain text only come out exactly as the naive writer would: no quotes, no
    /// apostrophe (the golden files check the same on real reports).
    @Test func plainValuesAreWrittenAsThey() {
        var random = SplitMix64(seed: 42)
        let pieces = ["Drancy", "Le Blanc-Mesnil", "45,5", "café", "cafe\u{301}", "L'Atelier", " ", "é", "👩‍👩‍👧", "ÉÈÊ", "m²", "1 250", "—", "Œuvre"]
        for _ in 0..<2_000 {
            let row = (0..<random.inRange(1...5)).map { _ in
                (0..<random.inRange(1...4)).map { _ in random.pick(pieces) }.joined()
            }.filter { $0.first != " " }
            #expect(FrenchCSV.line(row).scalars == (row.joined(separator: ";") + "\r\n").scalars)
        }
    }

    // MARK: - HTML

    /// The five entities back to their signs, on bytes.
    static func unescape(_ text: String) -> String {
        let entities: [(String, UInt8)] = [("&lt;", UInt8(ascii: "<")), ("&gt;", UInt8(ascii: ">")), ("&quot;", UInt8(ascii: "\"")),
                                           ("&#39;", UInt8(ascii: "'")), ("&amp;", UInt8(ascii: "&"))]
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        next: while index < bytes.count {
            for (entity, sign) in entities where bytes[index...].starts(with: entity.utf8) {
                out.append(sign)
                index += entity.utf8.count
                continue next
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test("HTML escaping works on bytes", arguments: [
        ("\"\u{301} onmouseover=alert(1) x=\"", "&quot;\u{301} onmouseover=alert(1) x=&quot;"),
        ("\u{600}<script>alert(1)</script>", "\u{600}&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("'\u{308}", "&#39;\u{308}"), ("&\u{301}amp;", "&amp;\u{301}amp;"), ("<\u{200D}img>", "&lt;\u{200D}img&gt;"),
        ("Résidence « Les Tilleuls »", "Résidence « Les Tilleuls »"), ("", ""), ("A & B", "A &amp; B"),
    ])
    func htmlEscaping(value: String, expected: String) {
        #expect(HTMLText.escape(value).scalars == expected.scalars)
    }

    @Test func randomValuesEscapeToHTMLWithoutASign() {
        var random = SplitMix64(seed: 0x4854_4D4C)
        for _ in 0..<3_000 {
            let value = RandomCSVValue.make(&random) + random.pick(["<", ">", "&", "\"", "'", "\u{600}<", "\"\u{301}", ""])
            let escaped = HTMLText.escape(value)
            #expect(!escaped.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") })
            #expect(Self.unescape(escaped).scalars == value.scalars)
        }
    }

    /// The report pages: a hostile title and structure name reach the page escaped.
    @Test func reportPagesEscapeSignsInsideGraphemeClusters() throws {
        let hostile = "\u{600}<script>alert(1)</script>\"\u{301} x=\""
        let day = try #require(CivilDate(iso: "2026-06-01"))
        let page = try HTMLReport.render(title: hostile, generatedOn: day, rows: [], indicators: nil)
        #expect(!page.holdsBytes(of: "<script>alert"), "\(page)")
        #expect(page.holdsBytes(of: "\u{600}&lt;script&gt;alert(1)&lt;/script&gt;&quot;\u{301} x=&quot;"))

        let premises = Premises(reference: "A", communeInsee: "93029", surface: 50)
        let record = PremisesRecord(
            id: 1, sourceID: "ssdh", communeInsee: "93029", reference: "A\u{600}<b>", address: nil, type: "bureau", typeLabel: nil,
            surface: premises.surface, rentMonthly: nil, rentM2Year: nil, rentBasis: nil, charges: nil, marketRent: nil, leaseKind: nil,
            leaseLabel: nil, availableFrom: nil, availableUntil: nil, floor: nil, accessible: nil, status: "disponible",
            initialStatus: "disponible", statusSince: "2026-01-01", contact: nil, remarks: nil, extra: nil, offeredOn: "2026-01-01",
            firstInventoryID: 1, lastInventoryID: 1)
        let report = LandlordReport.build(
            source: Source(id: "ssdh", name: "SSDH\u{600}<i>", kind: .landlord), roundID: 1, roundDate: day,
            premises: [PremisesListing(id: 1, record: record, communeName: "Drancy", sourceName: "ssdh")],
            candidates: ["1": [(need: "B1", score: 80), (need: "B2", score: 70)]],
            proposals: [
                ProposalListing(needReference: "B1", structureName: "S1", premisesID: 1, premisesReference: "A", communeName: "Drancy",
                                sourceID: "ssdh", surface: 50, score: 80, needRank: 1),
            ],
            structures: ["B1": (hostile, "contact\u{600}<u>@s1.fr"), "B2": ("Structure 2", "\"\u{301}>")])
        let landlordPage = try report.html(generatedOn: day)
        for raw in ["<script>", "<b>", "<i>", "<u>", "\"\u{301}"] {
            #expect(!landlordPage.holdsBytes(of: raw), "« \(raw) » brut dans la page du bailleur")
        }
    }
}

private extension String {
    /// The scalars, compared one by one (`String`'s `==` is canonical equivalence: it would take
    /// `"cafe\u{301}"` for `"café"`).
    var scalars: [Unicode.Scalar] { Array(unicodeScalars) }

    /// Whether the UTF-8 bytes of `needle` occur in these (`contains` on `String` matches whole
    /// `Character`s and would miss a `<` glued to the scalar before it).
    func holdsBytes(of needle: String) -> Bool {
        let bytes = Array(utf8), wanted = Array(needle.utf8)
        guard !wanted.isEmpty, bytes.count >= wanted.count else { return wanted.isEmpty }
        return (0...(bytes.count - wanted.count)).contains { bytes[$0..<($0 + wanted.count)].elementsEqual(wanted) }
    }

    /// A quoted cell's content as a reader gives it back, on bytes (Foundation's
    /// `replacingOccurrences` misses a `""` glued to a combining mark).
    var unquotedForTest: String {
        let bytes = Array(utf8), quote = UInt8(ascii: "\"")
        guard bytes.count >= 2, bytes.first == quote, bytes.last == quote else { return self }
        var out: [UInt8] = []
        var index = 1
        while index < bytes.count - 1 {
            out.append(bytes[index])
            index += bytes[index] == quote ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Random cell values: plain text mixed with every sign the writer must handle, scalars that form
/// grapheme clusters with their neighbours (combining marks, ZWJ, prepended scalars, regional
/// indicators, Hangul jamo), U+FFFD (what a lone surrogate becomes), invisible scalars and CRLF.
enum RandomCSVValue {
    /// What no cell read back may start with (its first scalar).
    static let formulaSigns: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    static let pieces: [String] = [
        "Drancy", "a", "Z", "0", "7", " ", "'", "é", "cafe\u{301}", "m²", "—", "«", "»",
        "=", "+", "-", "@", "\t", ";", "\"", "\r", "\n", "\r\n", "\n\r", "=cmd|' /C calc'!A0",
        "\u{301}", "\u{308}", "\u{20DD}", "\u{200D}", "\u{200B}", "\u{FEFF}", "\u{202E}", "\u{A0}", "\u{600}", "\u{FFFD}",
        "👩", "💻", "👩‍💻", "🇫", "🇷", "\u{1100}", "\u{1161}", "\u{11A8}", "＝", "＋", "－", "＠", "\u{0}", "\u{7F}", "\u{85}", "\u{2028}",
    ]

    static func make(_ random: inout SplitMix64) -> String {
        (0..<random.inRange(0...6)).map { _ in random.pick(pieces) }.joined()
    }
}

/// A strict RFC 4180 reader on bytes, `;` as the delimiter: a row ends with CRLF (a lone CR or LF
/// outside quotes is an error), a field is either unquoted (no `"`, CR or LF in it) or quoted from
/// its first byte to a closing `"` followed by `;`, CRLF or the end, with `""` for a quote.
enum StrictCSV {
    struct Malformed: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "CSV mal formé à l'octet \(offset) : \(reason)" }
    }

    static func read(_ text: String) throws -> [[String]] {
        let bytes = Array(text.utf8)
        var rows: [[String]] = []
        var row: [String] = []
        var index = 0
        let semicolon = UInt8(ascii: ";"), quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        while index < bytes.count {
            var field: [UInt8] = []
            if bytes[index] == quote {
                index += 1
                while true {
                    guard index < bytes.count else { throw Malformed(offset: index, reason: "guillemet non fermé") }
                    if bytes[index] == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
            } else {
                while index < bytes.count, bytes[index] != semicolon, bytes[index] != cr {
                    guard bytes[index] != quote, bytes[index] != lf else {
                        throw Malformed(offset: index, reason: "guillemet ou LF dans un champ sans guillemets")
                    }
                    field.append(bytes[index])
                    index += 1
                }
            }
            row.append(String(decoding: field, as: UTF8.self))
            guard index < bytes.count else { throw Malformed(offset: index, reason: "dernière ligne sans CRLF") }
            if bytes[index] == semicolon {
                index += 1
                guard index < bytes.count else { throw Malformed(offset: index, reason: "dernière ligne sans CRLF") }
            } else if bytes[index] == cr, index + 1 < bytes.count, bytes[index + 1] == lf {
                rows.append(row)
                row = []
                index += 2
            } else {
                throw Malformed(offset: index, reason: "octet \(bytes[index]) après un champ")
            }
        }
        guard row.isEmpty else { throw Malformed(offset: index, reason: "dernière ligne sans CRLF") }
        return rows
    }
}
