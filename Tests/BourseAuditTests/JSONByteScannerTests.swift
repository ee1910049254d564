import BourseTestSupport
@testable import BourseAudit
import Foundation
import Testing

/// A JSON value, to compare what the scanner reads with what Foundation reads.
indirect enum JSONTree: Equatable, CustomStringConvertible {
    case object([String: JSONTree])
    case array([JSONTree])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    var description: String {
        switch self {
        case .object(let members): "{" + members.keys.sorted().map { "\($0.debugDescription): \(members[$0] ?? .null)" }.joined(separator: ", ") + "}"
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .string(let text): text.debugDescription
        case .number(let value): "\(value)"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }

    /// Whether every number in it is finite (Foundation refuses the others).
    var isFinite: Bool {
        switch self {
        case .object(let members): members.values.allSatisfy(\.isFinite)
        case .array(let values): values.allSatisfy(\.isFinite)
        case .number(let value): value.isFinite
        default: true
        }
    }

    /// Equal, numbers within a relative 1e-14 (for Foundation's reading).
    func matches(_ other: JSONTree) -> Bool {
        switch (self, other) {
        case let (.object(a), .object(b)): a.count == b.count && a.allSatisfy { key, value in b[key].map(value.matches) ?? false }
        case let (.array(a), .array(b)): a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        case let (.number(a), .number(b)): a == b || abs(a - b) <= 1e-14 * max(abs(a), abs(b))
        default: self == other
        }
    }

    private static let booleanType = ObjectIdentifier(type(of: NSNumber(value: true)))

    /// What `JSONSerialization` made of a text.
    init(foundation value: Any) {
        switch value {
        case let members as [String: Any]: self = .object(members.mapValues { JSONTree(foundation: $0) })
        case let values as [Any]: self = .array(values.map { JSONTree(foundation: $0) })
        case let text as String: self = .string(text)
        case is NSNull: self = .null
        case let number as NSNumber:
            self = ObjectIdentifier(type(of: number)) == Self.booleanType ? .bool(number.boolValue) : .number(number.doubleValue)
        default: self = .string("?\(type(of: value))")
        }
    }
}

/// Reads a whole text with the scanner into a tree (recursively, as a reader of known
/// documents would), checking that nothing follows the value.
func scan(_ text: [UInt8]) throws(JSONSyntaxError) -> JSONTree {
    let result: Result<JSONTree, JSONSyntaxError> = text.withUnsafeBytes { raw in
        var scanner = JSONByteScanner(raw)
        defer { scanner.release() }
        do throws(JSONSyntaxError) {
            let tree = try readTree(&scanner)
            try scanner.expectEnd()
            return .success(tree)
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}

private func readTree(_ scanner: inout JSONByteScanner) throws(JSONSyntaxError) -> JSONTree {
    switch try scanner.peekKind() {
    case .object:
        try scanner.beginObject()
        var members: [String: JSONTree] = [:]
        var first = true
        while let (key, at) = try scanner.nextKey(&first) {
            let name = key.string
            guard members[name] == nil else { throw JSONSyntaxError(offset: at, reason: "clé en double") }
            members[name] = try readTree(&scanner)
        }
        return .object(members)
    case .array:
        try scanner.beginArray()
        var values: [JSONTree] = []
        var first = true
        while try scanner.nextElement(&first) { values.append(try readTree(&scanner)) }
        return .array(values)
    case .string: return .string(try scanner.readString().string)
    case .number: return .number(try scanner.readNumber())
    case .bool: return .bool(try scanner.readBool())
    case .null:
        try scanner.readNull()
        return .null
    }
}

/// Checks a whole text with `skipValue`.
private func skip(_ text: [UInt8]) throws(JSONSyntaxError) {
    let result: Result<Void, JSONSyntaxError> = text.withUnsafeBytes { raw in
        var scanner = JSONByteScanner(raw)
        defer { scanner.release() }
        do throws(JSONSyntaxError) {
            try scanner.skipValue()
            try scanner.expectEnd()
            return .success(())
        } catch {
            return .failure(error)
        }
    }
    try result.get()
}

private func scan(_ text: String) throws(JSONSyntaxError) -> JSONTree { try scan(Array(text.utf8)) }

private func refused(_ text: String) -> JSONSyntaxError? { refused(Array(text.utf8)) }

/// The error of both the tree reader and `skipValue` (they must agree), or nil when accepted.
private func refused(_ bytes: [UInt8]) -> JSONSyntaxError? {
    var treeError: JSONSyntaxError?
    var skipError: JSONSyntaxError?
    do { _ = try scan(bytes) } catch { treeError = error }
    do { try skip(bytes) } catch { skipError = error }
    // skipValue also refuses repeated keys, which readTree reports itself.
    #expect((treeError == nil) == (skipError == nil), "scan and skip disagree on \(String(decoding: bytes, as: UTF8.self).debugDescription): \(String(describing: treeError)) / \(String(describing: skipError))")
    return treeError ?? skipError
}

private func foundation(_ bytes: [UInt8]) -> JSONTree? {
    (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])).map(JSONTree.init(foundation:))
}

/// The shared seeded generator: the same numbers on every platform.
typealias SeededRandom = SplitMix64

@Suite("Lecteur JSON octet par octet (JSONByteScanner)")
struct JSONByteScannerTests {
    // MARK: Strings and escapes

    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""""#, ""),
        (#""quote \" backslash \\ slash \/""#, "quote \" backslash \\ slash /"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u00e9t\u00C9""#, "étÉ"),
        (#""\u20AC \u0000 \u001f""#, "€ \u{0} \u{1F}"),
        (#""\uD83D\uDE00 rire""#, "😀 rire"),
        (#""\ud834\udd1e""#, "𝄞"),
        (#""é à « » 😀 direct""#, "é à « » 😀 direct"),
        (#""a\nb" "#, "a\nb"),
    ])
    func strings(text: String, expected: String) throws {
        #expect(try scan(text) == .string(expected))
    }

    @Test(arguments: [
        #""\uD83D""#, #""\uD83D rest""#, #""\uDE00""#, #""\uD83D\u0041""#, #""\uD83D\n""#,
        #""\u12G4""#, #""\u12""#, #""\u""#, #""\x41""#, #""\'""#, #""\ ""#,
        "\"tab\there\"", "\"line\nbreak\"", "\"nul\u{0}\"",
        #""unterminated"#, #""ends with backslash\"#, #"""#,
    ])
    func badStrings(text: String) {
        #expect(refused(text) != nil, "\(text.debugDescription)")
        // Foundation may read lone surrogates as U+FFFD; it refuses the rest too.
        if !text.contains("\\uD8"), !text.contains("\\uDE") {
            #expect(foundation(Array(text.utf8)) == nil, "Foundation refuses \(text.debugDescription) too")
        }
    }

    @Test func invalidUTF8IsRefused() {
        let cases: [[UInt8]] = [
            [0x22, 0xC3, 0x28, 0x22],             // a lead byte without its continuation
            [0x22, 0xC0, 0xAF, 0x22],             // overlong "/"
            [0x22, 0xE0, 0x80, 0xAF, 0x22],       // overlong, three bytes
            [0x22, 0xED, 0xA0, 0x80, 0x22],       // an encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
            [0x22, 0xFF, 0x22],
            [0x22, 0x80, 0x22],                   // a lone continuation byte
            [0x22, 0xE2, 0x82, 0x22],             // truncated euro sign
            [0x22, 0x5C, 0x6E, 0xC3, 0x22],       // after an escape (slow path)
        ]
        for bytes in cases {
            #expect(refused(bytes) != nil, "\(bytes)")
            #expect(foundation(bytes) == nil, "Foundation refuses \(bytes) too")
        }
    }

    /// The hand-written UTF-8 check against the standard library's, on random byte strings
    /// biased towards multi-byte sequences.
    @Test func utf8ValidationMatchesTheStandardLibrary() {
        var random = SeededRandom(state: 8)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<random.below(8)).map { _ in random.chance(70) ? interesting[random.below(interesting.count)] : UInt8(random.below(256)) }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let got = bytes.withUnsafeBufferPointer { JSONByteScanner.isValidUTF8($0) }
            #expect(got == expected, "\(bytes)")
        }
        // Every scalar, encoded by the standard library, is valid.
        for value in stride(from: 0, through: 0x10FFFF, by: 97) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let bytes = Array(String(Character(scalar)).utf8)
            #expect(bytes.withUnsafeBufferPointer { JSONByteScanner.isValidUTF8($0) }, "U+\(String(value, radix: 16))")
        }
    }

    // MARK: Numbers

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("7", 7), ("-12", -12), ("12.5", 12.5), ("-0.25", -0.25),
        ("1e3", 1000), ("1E+3", 1000), ("2.5e-3", 0.0025), ("-1.5E2", -150), ("0.1", 0.1), ("0e10", 0),
        ("123456789012345678901234567890", 123456789012345678901234567890.0),
        ("9007199254740993", 9007199254740992), ("1.7976931348623157e308", 1.7976931348623157e308),
        ("5e-324", Double.leastNonzeroMagnitude), ("2.2250738585072014e-308", 2.2250738585072014e-308),
        ("0.000000000000000000000000000001", 1e-30), ("100000000000000000000000", 1e23),
        ("3.141592653589793238462643383279", 3.141592653589793),
    ])
    func numbers(text: String, expected: Double) throws {
        let value = try scan(text)
        #expect(value == .number(expected), "\(text)")
        if case .number(let got) = value, expected == 0 { #expect(got.sign == expected.sign, "\(text): sign of zero") }
    }

    @Test func hugeExponentsGiveInfinityOrZero() throws {
        #expect(try scan("1e400") == .number(.infinity))
        #expect(try scan("-1e400") == .number(-.infinity))
        #expect(try scan("1e-400") == .number(0))
        #expect(try scan("1e99999999999999999999") == .number(.infinity))
    }

    @Test(arguments: ["01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "1.e3", "0x10", "NaN", "Infinity", "-Infinity", "1_000", "1,5", "--1", "1e1.5"])
    func badNumbers(text: String) {
        #expect(refused(text) != nil, "\(text)")
        #expect(foundation(Array(text.utf8)) == nil, "Foundation refuses \(text) too")
    }

    /// Random doubles written by Swift (shortest form) and random decimal texts read back as the
    /// standard library reads them.
    @Test func numbersRoundLikeTheStandardLibrary() throws {
        var random = SeededRandom(state: 99)
        for _ in 0..<20_000 {
            let text: String
            switch random.below(4) {
            case 0: text = "\(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))"
            case 1: text = "\(random.chance(50) ? "-" : "")\(random.below(1_000_000_000)).\(random.below(1_000_000))e\(random.below(40) - 20)"
            case 2: text = "\(Int64(bitPattern: random.next()) >> random.below(60))"
            default: text = "0.\(String(repeating: "0", count: random.below(25)))\(random.below(10_000_000) + 1)"
            }
            let expected = try #require(Double(text), "\(text)")
            #expect(try scan(text) == .number(expected), "\(text)")
        }
    }

    // MARK: Literals, whitespace, structure

    @Test func literals() throws {
        #expect(try scan("true") == .bool(true))
        #expect(try scan("false") == .bool(false))
        #expect(try scan("null") == .null)
        for bad in ["tru", "nul", "True", "NULL", "nulll", "truex", "t", "falsy"] {
            #expect(refused(bad) != nil, "\(bad)")
        }
    }

    @Test func whitespaceVariants() throws {
        let expected = JSONTree.object(["a": .array([.number(1), .number(2)])])
        for text in ["{\"a\":[1,2]}", " \t\n\r{ \"a\" : [ 1 , 2 ] } \r\n", "\r\n{\r\n\t\"a\":\r\n\t[1,\n2]\r\n}\r\n", "{\"a\"\t:\t[1\t,2]}\n\n\n"] {
            #expect(try scan(text) == expected, "\(text.debugDescription)")
        }
        // Form feed, vertical tab, no-break space, NEL are not JSON whitespace.
        for text in ["{\u{0C}}", "{\u{0B}}", "{\u{A0}}", "[1,\u{85}2]", "\u{2028}[]"] {
            #expect(refused(text) != nil, "\(text.debugDescription)")
        }
    }

    @Test func byteOrderMark() throws {
        #expect(try scan(Array("\u{FEFF}{\"a\": 1}".utf8)) == .object(["a": .number(1)]))
        #expect(try scan(Array("\u{FEFF} [ ]".utf8)) == .array([]))
        // Only at the very start, and only the UTF-8 one.
        #expect(refused(Array(" \u{FEFF}{}".utf8)) != nil)
        #expect(refused(Array("[\u{FEFF}]".utf8)) != nil)
        #expect(refused([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]) != nil)
        #expect(refused([0xEF, 0xBB]) != nil)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}",
        "{\"a\":1 \"b\":2}", "[1]]", "{}{}", "[] x", "// comment\n{}", "{/* c */}", "{\"a\":1}garbage", "[\"a\"\"b\"]", "{1:2}", "[\"a\":1]",
    ])
    func malformedStructures(text: String) {
        #expect(refused(text) != nil, "\(text.debugDescription)")
        // Foundation tolerates a trailing comma; the scanner is strict (RFC 8259).
        if text != "[1,]" && text != "{\"a\":1,}" {
            #expect(foundation(Array(text.utf8)) == nil, "Foundation refuses \(text.debugDescription) too")
        }
    }

    @Test func emptyContainersAndFragments() throws {
        #expect(try scan("{}") == .object([:]))
        #expect(try scan("[]") == .array([]))
        #expect(try scan("[[],{},[{}]]") == .array([.array([]), .object([:]), .array([.object([:])])]))
        #expect(try scan("\"x\"") == .string("x"))
        #expect(try scan(" 42 ") == .number(42))
    }

    @Test func repeatedKeysAreRefusedWithTheirPosition() throws {
        let text = "{\"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2}}"
        let error = try #require(refused(text))
        let position = text.utf8.withContiguousStorageIfAvailable { TextPosition(offset: error.offset, in: UnsafeRawBufferPointer($0)) }
        #expect(position == TextPosition(line: 2, column: 16), "\(error)")
        // Keys equal only after decoding escapes are the same key.
        #expect(refused(#"{"a": 1, "\u0061": 2}"#) != nil)
        // The same key in two objects is fine.
        #expect(refused(#"[{"a": 1}, {"a": 2}]"#) == nil)
    }

    // MARK: Nesting and truncation

    @Test func deepNesting() throws {
        let limit = JSONByteScanner.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(refused(deepest) == nil, "\(limit) levels are accepted")
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = try #require(refused(tooDeep))
        #expect(error.reason.contains("imbrication"), "\(error.reason)")
        let objects = String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(refused(objects) != nil)
        // Far deeper than any stack: refused, never a crash.
        var huge = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(refused(huge) != nil)
        huge = Array(String(repeating: "{\"k\":[", count: 200_000).utf8)
        #expect(refused(huge) != nil)
    }

    /// Every strict prefix of a valid text is refused (and never read past its end).
    @Test func everyTruncationIsRefused() throws {
        let text = Array(#"{"kind": "x", "a": [1, -2.5e3, true, false, null, "\u00e9\uD83D\uDE00\n", {"b": []}], "c": "é"}"#.utf8)
        #expect(refused(text) == nil)
        for length in 0..<text.count {
            #expect(refused(Array(text[..<length])) != nil, "prefix of \(length) bytes")
        }
    }

    /// Random bytes and random mutations of valid texts: never a crash, and whatever the scanner
    /// accepts Foundation accepts too, with the same value.
    @Test func garbageNeverCrashes() throws {
        var random = SeededRandom(state: 7)
        let seed = Array(#"{"a": [1, 2.5, "x\u00e9", true, null, {"b": -3e2}], "c": {}}"#.utf8)
        let alphabet = Array(#"{}[],:"\ 0123456789.eE+-truefalsn/u"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF]
        for round in 0..<5_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<random.below(24)).map { _ in alphabet[random.below(alphabet.count)] }
            } else {
                bytes = seed
                for _ in 0..<(1 + random.below(3)) {
                    let at = random.below(bytes.count)
                    switch random.below(3) {
                    case 0: bytes[at] = alphabet[random.below(alphabet.count)]
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet[random.below(alphabet.count)], at: at)
                    }
                }
            }
            if let ours = try? scan(bytes), ours.isFinite {
                #expect(foundation(bytes) == ours, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
        }
    }

    // MARK: Against Foundation

    /// Random documents written with random whitespace, escapes and number forms: the scanner
    /// reads what `JSONSerialization` reads.
    @Test func randomDocumentsReadAsFoundationReadsThem() throws {
        var random = SeededRandom(state: 2026)
        for _ in 0..<400 {
            var text: [UInt8] = []
            let tree = randomTree(&random, depth: 0)
            write(tree, into: &text, &random)
            let expected = try #require(foundation(text), "Foundation refuses \(String(decoding: text, as: UTF8.self))")
            let ours = try scan(text)
            // Exactly the numbers written (Swift's shortest form reads back exactly); Foundation's
            // own reading of long numbers can be a few units in the last place off.
            #expect(ours == tree, "\(String(decoding: text, as: UTF8.self))")
            #expect(ours.matches(expected), "\(String(decoding: text, as: UTF8.self))")
            #expect(refused(text) == nil)
        }
    }

    // MARK: Positions

    @Test func errorPositionsCountLinesAndCharacters() throws {
        let text = "{\r\n  \"é\": 1,\n  \"b\": [1, 2,, 3]\n}"
        let error = try #require(refused(text))
        let position = Array(text.utf8).withUnsafeBytes { TextPosition(offset: error.offset, in: $0) }
        #expect(position.line == 3)
        #expect(position.column == 14, "\(position)")
        #expect(position.description == "ligne 3, colonne 14")
        // A lone CR ends a line too; characters, not bytes, are counted.
        let bytes = Array("é\rà€x".utf8)
        #expect(bytes.withUnsafeBytes { TextPosition(offset: bytes.count - 1, in: $0) } == TextPosition(line: 2, column: 3))
    }
}

extension TextPosition {
    init(line: Int, column: Int) {
        let text = Array((String(repeating: "\n", count: line - 1) + String(repeating: " ", count: column - 1)).utf8)
        self = text.withUnsafeBytes { TextPosition(offset: text.count, in: $0) }
    }
}

// MARK: Random documents

private let sampleStrings = ["", "a", "S00001", "é", "Local n° 3", "quote \" and \\ back", "tab\tnew\nline", "😀 emoji", "𝄞", "\u{0}\u{1F}", "/slash/", "日本語", "\u{7F}\u{80}\u{FFFF}"]

private func randomString(_ random: inout SeededRandom) -> String {
    if random.chance(60) { return sampleStrings[random.below(sampleStrings.count)] }
    let scalars = (0..<random.below(6)).compactMap { _ -> Character? in
        let pick = random.below(4)
        let value = pick == 0 ? 0x20 + random.below(0x5F) : pick == 1 ? random.below(0x800) : pick == 2 ? random.below(0x10000) : 0x10000 + random.below(0x100000)
        return Unicode.Scalar(UInt32(value)).map(Character.init)
    }
    return String(scalars)
}

private func randomTree(_ random: inout SeededRandom, depth: Int) -> JSONTree {
    let kind = depth > 4 ? 2 + random.below(4) : random.below(6)
    switch kind {
    case 0:
        var members: [String: JSONTree] = [:]
        for _ in 0..<random.below(5) { members[randomString(&random)] = randomTree(&random, depth: depth + 1) }
        return .object(members)
    case 1: return .array((0..<random.below(5)).map { _ in randomTree(&random, depth: depth + 1) })
    case 2: return .string(randomString(&random))
    case 3:
        switch random.below(3) {
        case 0: return .number(Double(random.below(2_000_001) - 1_000_000))
        case 1: return .number(Double(random.below(20_001) - 10_000) / 8)
        default: return .number(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (random.chance(50) ? 1 : -1))
        }
    case 4: return .bool(random.chance(50))
    default: return .null
    }
}

func writeJSONWhitespace(_ text: inout [UInt8], _ random: inout SeededRandom) {
    let blanks: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]
    for _ in 0..<(random.chance(70) ? 0 : random.below(3) + 1) { text.append(blanks[random.below(blanks.count)]) }
}

func writeJSONString(_ value: String, into text: inout [UInt8], _ random: inout SeededRandom) {
    text.append(UInt8(ascii: "\""))
    for scalar in value.unicodeScalars {
        let escape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\" || random.chance(15)
        if !escape {
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
            continue
        }
        switch scalar {
        case "\"": text.append(contentsOf: Array(#"\""#.utf8))
        case "\\": text.append(contentsOf: Array(#"\\"#.utf8))
        case "\n" where random.chance(50): text.append(contentsOf: Array(#"\n"#.utf8))
        case "\t" where random.chance(50): text.append(contentsOf: Array(#"\t"#.utf8))
        case "/" where random.chance(50): text.append(contentsOf: Array(#"\/"#.utf8))
        default:
            for unit in String(Character(scalar)).utf16 {
                let hex = String(unit, radix: 16, uppercase: random.chance(50))
                text.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
            }
        }
    }
    text.append(UInt8(ascii: "\""))
}

private func write(_ tree: JSONTree, into text: inout [UInt8], _ random: inout SeededRandom) {
    writeJSONWhitespace(&text, &random)
    switch tree {
    case .object(let members):
        text.append(UInt8(ascii: "{"))
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            writeJSONWhitespace(&text, &random)
            writeJSONString(key, into: &text, &random)
            writeJSONWhitespace(&text, &random)
            text.append(UInt8(ascii: ":"))
            write(members[key] ?? .null, into: &text, &random)
        }
        writeJSONWhitespace(&text, &random)
        text.append(UInt8(ascii: "}"))
    case .array(let values):
        text.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            write(value, into: &text, &random)
        }
        writeJSONWhitespace(&text, &random)
        text.append(UInt8(ascii: "]"))
    case .string(let value): writeJSONString(value, into: &text, &random)
    case .number(let value):
        var form = "\(value)"
        if value == value.rounded() && abs(value) < 1e15 {
            switch random.below(3) {
            case 0: form = String(Int64(value))
            case 1: form = String(Int64(value)) + ".0"
            default: form = String(Int64(value)) + (random.chance(50) ? "e0" : "E+0")
            }
        }
        text.append(contentsOf: Array(form.utf8))
    case .bool(let value): text.append(contentsOf: Array((value ? "true" : "false").utf8))
    case .null: text.append(contentsOf: Array("null".utf8))
    }
    writeJSONWhitespace(&text, &random)
}
