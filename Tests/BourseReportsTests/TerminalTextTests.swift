import BourseReports
import Testing

@Suite("texte pour le terminal : caractères de contrôle échappés")
struct TerminalTextTests {
    @Test func plainTextIsUnchanged() {
        for text in ["", "12 rue de la République", "Aulnay-sous-Bois\t93600", "👩‍👩‍👧 é\u{301}", "ligne 1\nligne 2\r\n"] {
            #expect(TerminalText.escaped(text, keepingLineBreaks: true) == text)
        }
    }

    @Test func controlsAreEscaped() {
        #expect(TerminalText.escaped("\u{1B}]0;titre\u{07}rue") == #"\x1B]0;titre\x07rue"#)
        #expect(TerminalText.escaped("a\u{0}b") == #"a\x00b"#)
        #expect(TerminalText.escaped("x\u{7F}\u{9B}31m") == #"x\x7F\x9B31m"#)
        #expect(TerminalText.escaped("abc\u{202E}fed") == #"abc\u{202E}fed"#)
        #expect(TerminalText.escaped("\u{2066}x\u{2069}") == #"\u{2066}x\u{2069}"#)
    }

    @Test func lineBreaksStayOnlyWhenAskedAndOnlyAsLineBreaks() {
        #expect(TerminalText.escaped("a\nb") == #"a\x0Ab"#)
        #expect(TerminalText.escaped("a\r\nb", keepingLineBreaks: true) == "a\r\nb")
        // A lone CR returns to the start of the line and hides what precedes it.
        #expect(TerminalText.escaped("vrai\rfaux", keepingLineBreaks: true) == #"vrai\x0Dfaux"#)
        #expect(TerminalText.escaped("fin\r", keepingLineBreaks: true) == #"fin\x0D"#)
    }

    @Test func noRawControlSurvivesRandomText() {
        var generator = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = ["a", "é", "\u{301}", "\r", "\n", "\u{1B}", "\u{0}", "\u{9B}", "\u{202E}", "\t", "€", "\u{7F}"]
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &generator) { scalars.append(pool.randomElement(using: &generator)!) }
            let escaped = TerminalText.escaped(String(scalars), keepingLineBreaks: true)
            let raw = Array(escaped.unicodeScalars)
            for (index, scalar) in raw.enumerated() {
                switch scalar.value {
                case 0x0A, 0x09: continue
                case 0x0D: #expect(index + 1 < raw.count && raw[index + 1] == "\n")
                case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: Issue.record("raw U+\(String(scalar.value, radix: 16)) in \(escaped.debugDescription)")
                default: continue
                }
            }
        }
    }
}
