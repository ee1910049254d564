import BourseImport
import Foundation
import Testing

private func validate(_ chunks: [[UInt8]]) -> UTF8Validator {
    var validator = UTF8Validator()
    for chunk in chunks {
        chunk.withUnsafeBufferPointer { validator.update($0) }
    }
    validator.finish()
    return validator
}

@Suite("UTF8Validator")
struct UTF8ValidatorTests {
    @Test("Valid sequences", arguments: [
        [UInt8](),
        Array("plain ASCII, longer than eight bytes".utf8),
        Array("é".utf8),
        Array("€".utf8),
        Array("Référence;Surface (m²);Loyer €/m²/an".utf8),
        Array("😀".utf8),
        [0xC2, 0x80],              // U+0080, smallest two-byte
        [0xDF, 0xBF],              // U+07FF
        [0xE0, 0xA0, 0x80],        // U+0800, smallest three-byte
        [0xED, 0x9F, 0xBF],        // U+D7FF, just below the surrogates
        [0xEE, 0x80, 0x80],        // U+E000, just above the surrogates
        [0xEF, 0xBF, 0xBF],        // U+FFFF
        [0xF0, 0x90, 0x80, 0x80],  // U+10000, smallest four-byte
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF, the last code point
        [0xEF, 0xBB, 0xBF],        // a BOM is valid UTF-8
    ])
    func valid(bytes: [UInt8]) {
        let validator = validate([bytes])
        #expect(validator.isValid)
        #expect(validator.sawNonASCII == bytes.contains { $0 >= 0x80 })
    }

    @Test("Invalid sequences", arguments: [
        [0xC0, 0x80],              // overlong NUL
        [0xC1, 0xBF],              // overlong
        [0xE0, 0x80, 0x80],        // overlong three-byte
        [0xE0, 0x9F, 0xBF],        // overlong three-byte
        [0xF0, 0x80, 0x80, 0x80],  // overlong four-byte
        [0xF0, 0x8F, 0xBF, 0xBF],  // overlong four-byte
        [0xED, 0xA0, 0x80],        // U+D800, a surrogate
        [0xED, 0xBF, 0xBF],        // U+DFFF, a surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],
        [0xFF],
        [0xFE],
        [0x80],                    // lone continuation byte
        [0xBF, 0x41],
        [0x41, 0xC3],              // truncated at the end
        [0xE2, 0x82],              // truncated three-byte
        [0xF0, 0x9F, 0x98],        // truncated four-byte
        [0xC3, 0x41],              // continuation missing
        [0xE9],                    // é in Windows-1252
        Array("Loyer mensuel HC;Charges".utf8) + [0x80] + Array(";fin".utf8),   // € in Windows-1252
        Array("abcdefghijklmnop".utf8) + [0xE9] + Array("qrstuvwxyz".utf8),      // after the ASCII fast path
    ] as [[UInt8]])
    func invalid(bytes: [UInt8]) {
        #expect(!validate([bytes]).isValid)
    }

    /// Every position of the fast paths (32 bytes, 8 bytes, the tail): one non-ASCII byte or
    /// sequence anywhere in up to 100 ASCII bytes.
    @Test("A non-ASCII byte at every position of the ASCII fast paths")
    func everyPosition() {
        for length in 0...100 {
            for position in 0...length {
                var bad = [UInt8](repeating: 0x61, count: length)
                bad.insert(0xE9, at: position)
                #expect(!validate([bad]).isValid, "0xE9 at \(position) of \(length + 1)")
                var good = [UInt8](repeating: 0x61, count: length)
                good.insert(contentsOf: [0xC3, 0xA9], at: position)
                let checked = validate([good])
                #expect(checked.isValid && checked.sawNonASCII, "é at \(position) of \(length + 2)")
            }
        }
    }

    /// Random bytes, mostly ASCII with bytes at the edges of UTF-8's ranges, cut into random
    /// chunks: the validator agrees with the standard library's own strict decoding.
    @Test("Agrees with the standard library on random bytes cut anywhere")
    func agreesWithStandardLibrary() {
        var random = XorShift(seed: 0x5EED_0F_B0B5E)
        func next() -> UInt64 { random.next() }
        let edges: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xA9, 0xBF, 0xC0, 0xC2, 0xC3, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        var invalid = 0
        for _ in 0..<5_000 {
            let length = Int(next() % 120)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let roll = next() % 10
                bytes.append(roll < 7 ? UInt8(0x20 + next() % 0x5F) : edges[Int(next() % UInt64(edges.count))])
            }
            var chunks: [[UInt8]] = []
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + 1 + Int(next() % 40))
                chunks.append(Array(bytes[start..<end]))
                start = end
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if !expected { invalid += 1 }
            #expect(validate(chunks).isValid == expected, "\(bytes)")
        }
        // Both outcomes are exercised.
        #expect(invalid > 100 && invalid < 4_900)
    }

    @Test("A sequence split across two update() calls")
    func split() {
        let euro = Array("€".utf8)
        for cut in 1..<euro.count {
            #expect(validate([Array("prix ".utf8) + euro[..<cut], Array(euro[cut...]) + Array(" HT".utf8)]).isValid)
        }
        let emoji = Array("x😀y".utf8)
        for cut in 1..<emoji.count {
            #expect(validate([Array(emoji[..<cut]), Array(emoji[cut...])]).isValid, "cut at \(cut)")
        }
        // Split surrogate: the narrowed range must survive the chunk boundary.
        #expect(!validate([[0xED], [0xA0, 0x80]]).isValid)
        #expect(!validate([[0xE0], [0x80, 0x80]]).isValid)
        #expect(!validate([[0xF4], [0x90], [0x80, 0x80]]).isValid)
        // A sequence left open by the last chunk.
        #expect(!validate([Array("abc".utf8), [0xC3]]).isValid)
        // Three chunks, one byte each.
        #expect(validate([[0xE2], [0x82], [0xAC]]).isValid)
    }

    @Test("Once invalid, always invalid")
    func sticky() {
        #expect(!validate([[0xFF], Array("all ASCII afterwards".utf8)]).isValid)
    }
}

@Suite("TextEncoding")
struct TextEncodingTests {
    @Test("Windows-1252 decoding of the French characters", arguments: [
        ([0xE9] as [UInt8], "é"),
        ([0x80], "€"),
        ([0x9C], "œ"),
        ([0x8C], "Œ"),
        ([0x92], "’"),
        ([0x96], "–"),
        ([0x85], "…"),
        ([0xAB, 0xA0, 0xBB], "«\u{A0}»"),
        ([0xB2], "²"),
        ([0xC9, 0x74, 0x61, 0x67, 0x65], "Étage"),
        ([0x52, 0xE9, 0x66, 0xE9, 0x72, 0x65, 0x6E, 0x63, 0x65], "Référence"),
        ([0x81], "\u{81}"),
        ([0x41, 0x42], "AB"),
    ])
    func windows1252(bytes: [UInt8], expected: String) {
        #expect(TextEncoding.windows1252.decode(bytes) == expected)
    }

    @Test("UTF-8 decoding")
    func utf8() {
        #expect(TextEncoding.utf8.decode(Array("Surface (m²)".utf8)) == "Surface (m²)")
        #expect(TextEncoding.utf8.decode([]) == "")
    }

    @Test("Every Windows-1252 byte decodes to one scalar")
    func windows1252Total() {
        let all = (0...255).map { UInt8($0) }
        let text = TextEncoding.windows1252.decode(all)
        #expect(text.unicodeScalars.count == 256)
        #expect(!text.unicodeScalars.contains("\u{FFFD}"))
    }
}

@Suite("ChunkedFile.facts")
struct FileFactsTests {
    @Test("SHA-256 of known vectors")
    func sha256() throws {
        let abc = try TemporaryFile("abc")
        #expect(try ChunkedFile.facts(path: abc.path).sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty = try TemporaryFile("")
        let facts = try ChunkedFile.facts(path: empty.path)
        #expect(facts.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(facts.byteCount == 0)
        #expect(facts.encoding == .utf8)
        #expect(facts.bomLength == 0)
    }

    @Test("A file larger than one read chunk is fingerprinted whole")
    func largeFile() throws {
        // 1 MiB + 3 bytes of 'a': crosses the 1 MiB chunk and its end holds a split é.
        var bytes = [UInt8](repeating: 0x61, count: (1 << 20) - 1)
        bytes += Array("é€".utf8)
        let file = try TemporaryFile(bytes: bytes)
        let facts = try ChunkedFile.facts(path: file.path)
        #expect(facts.byteCount == bytes.count)
        #expect(facts.encoding == .utf8)
        #expect(facts.sha256.count == 64)
        #expect(facts.sha256.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let again = try TemporaryFile(bytes: bytes)
        #expect(try ChunkedFile.facts(path: again.path).sha256 == facts.sha256)
        bytes[10] = 0x62
        let changed = try TemporaryFile(bytes: bytes)
        #expect(try ChunkedFile.facts(path: changed.path).sha256 != facts.sha256)
    }

    @Test("A file with a BOM is UTF-8 with 3 bytes to skip")
    func bom() throws {
        let facts = try ChunkedFile.facts(path: Fixtures.path("bom.csv"))
        #expect(facts.encoding == .utf8)
        #expect(facts.bomLength == 3)
        let sample = try ChunkedFile.facts(path: Fixtures.path("samples/communes/le-blanc-mesnil-2026-03-31.csv"))
        #expect(sample.encoding == .utf8)
        #expect(sample.bomLength == 3)
    }

    @Test("A Windows-1252 file is detected as such")
    func windows1252() throws {
        let facts = try ChunkedFile.facts(path: Fixtures.path("cp1252.csv"))
        #expect(facts.encoding == .windows1252)
        #expect(facts.bomLength == 0)
        let sample = try ChunkedFile.facts(path: Fixtures.path("samples/communes/aulnay-sous-bois-2026-03-31.csv"))
        #expect(sample.encoding == .windows1252)
    }

    @Test("A pure ASCII file is UTF-8 without BOM")
    func ascii() throws {
        let file = try TemporaryFile("Reference;Commune;Surface\r\nA;Drancy;45\r\n")
        let facts = try ChunkedFile.facts(path: file.path)
        #expect(facts.encoding == .utf8)
        #expect(facts.bomLength == 0)
        #expect(facts.byteCount == 40)
    }

    @Test("UTF-8 without BOM, and a file truncated inside a character")
    func utf8NoBOMAndTruncated() throws {
        let utf8 = try TemporaryFile("Référence;Surface (m²)\n")
        #expect(try ChunkedFile.facts(path: utf8.path).encoding == .utf8)
        let truncated = try TemporaryFile(bytes: Array("Surface m".utf8) + [0xC2])
        #expect(try ChunkedFile.facts(path: truncated.path).encoding == .windows1252)
    }

    @Test("Missing files and folders are errors, not crashes")
    func errors() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).csv").path
        #expect(throws: InputFileError.self) { _ = try ChunkedFile.facts(path: missing) }
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: InputFileError.isDirectory(path: folder)) { _ = try ChunkedFile.facts(path: folder) }
        #expect(InputFileError.isDirectory(path: "/tmp").errorDescription?.contains("dossier") == true)
    }
}
