// Over 400 lines: one scanner, every method reads and advances the same cursor and scratch buffer.

/// The kind of the next JSON value, from its first byte.
public enum JSONValueKind: Sendable, Equatable {
    case object, array, string, number, bool, null
}

/// A pull scanner over the bytes of a JSON text (RFC 8259), for readers that must not build a
/// Foundation object per value: one pass, no allocation per value, strings decoded in place
/// when they have no escape.
///
/// Strict: UTF-8 only (a leading BOM is skipped), no trailing commas, no comments, no
/// `NaN`/`Infinity`, no control character inside strings, no lone surrogate in `\u` escapes,
/// invalid UTF-8 refused, duplicate keys refused by `skipValue` (readers of known objects check
/// their own keys), nesting limited to `maximumDepth`. Errors carry the byte offset.
///
/// The scanner reads through a pointer: use it only inside the `withUnsafeBytes` that gave the
/// buffer, and call `release()` when done (it frees the scratch buffer for escaped strings).
public struct JSONByteScanner {
    /// Deepest nesting accepted (arrays and objects), as Foundation's reader.
    public static let maximumDepth = 512

    public let bytes: UnsafeRawBufferPointer
    private let base: UnsafePointer<UInt8>
    private let end: Int
    /// Offset of the next byte to read.
    public private(set) var offset: Int
    /// Containers open around the current position.
    public private(set) var depth = 0
    private var scratch: UnsafeMutablePointer<UInt8>?
    private var scratchCapacity = 0

    /// A scanner at the start of `bytes`, past a UTF-8 byte-order mark if there is one.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.end = bytes.count
        if let address = bytes.baseAddress {
            base = address.assumingMemoryBound(to: UInt8.self)
        } else {
            // An empty buffer: never dereferenced (end == 0).
            base = UnsafePointer(bitPattern: 1).unsafelyUnwrapped
        }
        offset = 0
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { offset = 3 }
    }

    /// A scanner on `bytes` at a given offset (to read a part of a text again), with a scratch
    /// buffer of its own.
    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        self.init(bytes)
        self.offset = min(max(offset, 0), bytes.count)
    }

    /// Frees the scratch buffer. The scanner must not be used afterwards.
    public mutating func release() {
        scratch?.deallocate()
        scratch = nil
        scratchCapacity = 0
    }

    // MARK: Errors

    @inline(never)
    func error(_ reason: String, at position: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: position ?? offset, reason: reason)
    }

    /// "« x »" for a byte met where something else was expected.
    @inline(never)
    func unexpected(at position: Int, expecting what: String) -> JSONSyntaxError {
        guard position < end else { return error("fin du texte inattendue : \(what)", at: position) }
        let byte = base[position]
        let shown: String
        if byte >= 0x21 && byte < 0x7F {
            shown = "« \(Character(Unicode.Scalar(byte))) »"
        } else if byte >= 0x80 {
            shown = "un caractère non ASCII"
        } else {
            shown = "le caractère de code \(byte)"
        }
        return error("\(shown) inattendu : \(what)", at: position)
    }

    // MARK: Structure

    /// Skips JSON whitespace (space, tab, LF, CR) and returns the next byte, or `nil` at the end.
    @inline(__always)
    public mutating func skipWhitespace() -> UInt8? {
        while offset < end {
            let byte = base[offset]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                offset += 1
            } else {
                return byte
            }
        }
        return nil
    }

    /// The byte at the current position (no whitespace skipped), or `nil` at the end.
    @inline(__always)
    public var currentByte: UInt8? { offset < end ? base[offset] : nil }

    /// The kind of the next value (after whitespace), without consuming it.
    /// - Throws: at the end of the text or on a byte that starts no value.
    public mutating func peekKind() throws(JSONSyntaxError) -> JSONValueKind {
        guard let byte = skipWhitespace() else { throw unexpected(at: offset, expecting: "une valeur JSON est attendue") }
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw unexpected(at: offset, expecting: "une valeur JSON est attendue")
        }
    }

    /// Consumes the `{` of an object.
    public mutating func beginObject() throws(JSONSyntaxError) {
        guard skipWhitespace() == UInt8(ascii: "{") else { throw unexpected(at: offset, expecting: "« { » attendu") }
        try enter()
        offset += 1
    }

    /// Consumes the `[` of an array.
    public mutating func beginArray() throws(JSONSyntaxError) {
        guard skipWhitespace() == UInt8(ascii: "[") else { throw unexpected(at: offset, expecting: "« [ » attendu") }
        try enter()
        offset += 1
    }

    @inline(__always)
    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("imbrication trop profonde (plus de \(Self.maximumDepth) niveaux de tableaux et d'objets)")
        }
    }

    /// The next key of the object being read, positioned after its `:`; `nil` (after consuming
    /// the `}`) when the object ends. `first` is true until the first call for this object.
    /// - Returns: the key's bytes and the offset where the key starts (for messages).
    public mutating func nextKey(_ first: inout Bool) throws(JSONSyntaxError) -> (key: JSONStringBytes, at: Int)? {
        var byte = skipWhitespace()
        if first {
            first = false
            if byte == UInt8(ascii: "}") {
                offset += 1
                depth -= 1
                return nil
            }
        } else {
            if byte == UInt8(ascii: "}") {
                offset += 1
                depth -= 1
                return nil
            }
            guard byte == UInt8(ascii: ",") else { throw unexpected(at: offset, expecting: "« , » ou « } » attendu dans un objet") }
            offset += 1
            byte = skipWhitespace()
        }
        guard byte == UInt8(ascii: "\"") else {
            throw unexpected(at: offset, expecting: "une clé entre guillemets est attendue")
        }
        let at = offset
        let key = try readString()
        guard skipWhitespace() == UInt8(ascii: ":") else { throw unexpected(at: offset, expecting: "« : » attendu après une clé") }
        offset += 1
        return (key, at)
    }

    /// Whether the array being read has another element (then positioned on it); consumes the
    /// `]` at its end. `first` is true until the first call for this array.
    @inline(__always)
    public mutating func nextElement(_ first: inout Bool) throws(JSONSyntaxError) -> Bool {
        let byte = skipWhitespace()
        if first {
            first = false
            if byte == UInt8(ascii: "]") {
                offset += 1
                depth -= 1
                return false
            }
            return true
        }
        if byte == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return false
        }
        guard byte == UInt8(ascii: ",") else { throw unexpected(at: offset, expecting: "« , » ou « ] » attendu dans un tableau") }
        offset += 1
        if skipWhitespace() == UInt8(ascii: "]") { throw unexpected(at: offset, expecting: "une valeur est attendue après « , »") }
        return true
    }

    /// Checks that only whitespace follows the value just read.
    public mutating func expectEnd() throws(JSONSyntaxError) {
        if skipWhitespace() != nil { throw unexpected(at: offset, expecting: "le texte JSON devrait s'arrêter après la valeur principale") }
    }

    // MARK: Strings

    /// Reads a string (the scanner is on its opening quote) and returns its decoded bytes.
    public mutating func readString() throws(JSONSyntaxError) -> JSONStringBytes {
        guard offset < end, base[offset] == UInt8(ascii: "\"") else { throw unexpected(at: offset, expecting: "une chaîne entre guillemets est attendue") }
        let open = offset
        var position = offset + 1
        let start = position
        var nonASCII = false
        while position < end {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                offset = position + 1
                if nonASCII { try validateUTF8(start, position) }
                return JSONStringBytes(start: base + start, count: position - start)
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start, escapeAt: position, open: open) }
            if byte < 0x20 { throw controlCharacter(at: position) }
            if byte >= 0x80 { nonASCII = true }
            position += 1
        }
        throw error("chaîne non terminée (guillemet fermant absent)", at: open)
    }

    @inline(never)
    private func controlCharacter(at position: Int) -> JSONSyntaxError {
        error("caractère de contrôle (code \(base[position])) non échappé dans une chaîne", at: position)
    }

    /// The slow path of `readString`: decodes into the scratch buffer from the first backslash.
    @inline(never)
    private mutating func readEscapedString(from start: Int, escapeAt firstEscape: Int, open: Int) throws(JSONSyntaxError) -> JSONStringBytes {
        // The decoded text is never longer than the encoded one.
        var length = firstEscape - start
        var closing = firstEscape
        while closing < end && base[closing] != UInt8(ascii: "\"") { closing += base[closing] == UInt8(ascii: "\\") ? 2 : 1 }
        reserveScratch(closing - start)
        guard let output = scratch else { throw error("mémoire insuffisante", at: open) }
        output.update(from: base + start, count: length)
        var position = firstEscape
        // The bytes before the first escape may already be non-ASCII.
        var nonASCII = false
        for index in start..<firstEscape where base[index] >= 0x80 {
            nonASCII = true
            break
        }
        while true {
            guard position < end else { throw error("chaîne non terminée (guillemet fermant absent)", at: open) }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw controlCharacter(at: position) }
            if byte != UInt8(ascii: "\\") {
                if byte >= 0x80 { nonASCII = true }
                output[length] = byte
                length += 1
                position += 1
                continue
            }
            let rawStart = position
            guard position + 1 < end else { throw error("chaîne non terminée (guillemet fermant absent)", at: open) }
            let escaped = base[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                output[length] = escaped
                length += 1
            case UInt8(ascii: "b"): output[length] = 0x08; length += 1
            case UInt8(ascii: "f"): output[length] = 0x0C; length += 1
            case UInt8(ascii: "n"): output[length] = 0x0A; length += 1
            case UInt8(ascii: "r"): output[length] = 0x0D; length += 1
            case UInt8(ascii: "t"): output[length] = 0x09; length += 1
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: position, escapeAt: rawStart)
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard position + 1 < end, base[position] == UInt8(ascii: "\\"), base[position + 1] == UInt8(ascii: "u") else {
                        throw error("surrogate UTF-16 isolé dans une séquence \\u", at: rawStart)
                    }
                    let low = try hex4(at: position + 2, escapeAt: position)
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("surrogate UTF-16 isolé dans une séquence \\u", at: rawStart) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("surrogate UTF-16 isolé dans une séquence \\u", at: rawStart)
                }
                length += Self.encodeUTF8(scalar, into: output + length)
            default:
                throw error("séquence d'échappement invalide « \\\(Character(Unicode.Scalar(escaped < 0x80 ? escaped : UInt8(ascii: "?")))) »", at: rawStart)
            }
        }
        offset = position + 1
        if nonASCII {
            let decoded = UnsafeBufferPointer(start: UnsafePointer(output), count: length)
            if !Self.isValidUTF8(decoded) { throw error("texte UTF-8 invalide dans une chaîne", at: open) }
        }
        return JSONStringBytes(start: UnsafePointer(output), count: length)
    }

    private mutating func reserveScratch(_ count: Int) {
        guard count > scratchCapacity || scratch == nil else { return }
        scratch?.deallocate()
        let capacity = max(64, count)
        scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        scratchCapacity = capacity
    }

    private func hex4(at position: Int, escapeAt: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= end else { throw error("séquence \\u incomplète (4 chiffres hexadécimaux attendus)", at: escapeAt) }
        var value: UInt32 = 0
        for index in position..<(position + 4) {
            let byte = base[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("séquence \\u incomplète (4 chiffres hexadécimaux attendus)", at: escapeAt)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Writes a scalar as UTF-8; returns the number of bytes.
    static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | (scalar >> 6))
            output[1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | (scalar >> 12))
            output[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            output[2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        default:
            output[0] = UInt8(0xF0 | (scalar >> 18))
            output[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            output[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            output[3] = UInt8(0x80 | (scalar & 0x3F))
            return 4
        }
    }

    private func validateUTF8(_ from: Int, _ to: Int) throws(JSONSyntaxError) {
        if !Self.isValidUTF8(UnsafeBufferPointer(start: base + from, count: to - from)) {
            throw error("texte UTF-8 invalide dans une chaîne", at: from - 1)
        }
    }

    /// Whether bytes are well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF).
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            @inline(__always) func continuation(_ at: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                at < count && bytes[at] >= low && bytes[at] <= high
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(index + 1) else { return false }
                index += 2
            case 0xE0:
                guard continuation(index + 1, 0xA0), continuation(index + 2) else { return false }
                index += 3
            case 0xE1...0xEC, 0xEE...0xEF:
                guard continuation(index + 1), continuation(index + 2) else { return false }
                index += 3
            case 0xED:
                guard continuation(index + 1, 0x80, 0x9F), continuation(index + 2) else { return false }
                index += 3
            case 0xF0:
                guard continuation(index + 1, 0x90), continuation(index + 2), continuation(index + 3) else { return false }
                index += 4
            case 0xF1...0xF3:
                guard continuation(index + 1), continuation(index + 2), continuation(index + 3) else { return false }
                index += 4
            case 0xF4:
                guard continuation(index + 1, 0x80, 0x8F), continuation(index + 2), continuation(index + 3) else { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }

    // MARK: Numbers and literals

    /// Powers of ten exactly representable as a `Double`.
    private static let exactPowers: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Reads a number (RFC 8259 grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
    /// correctly rounded. Out-of-range magnitudes give ±infinity (callers refuse them).
    @inline(__always)
    public mutating func readNumber() throws(JSONSyntaxError) -> Double {
        let start = offset
        var position = offset
        var negative = false
        if position < end && base[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        guard position < end, base[position] &- UInt8(ascii: "0") < 10 else {
            throw unexpected(at: position, expecting: "un chiffre est attendu dans un nombre")
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        if base[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < end {
                let digit = base[position] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { digits += 1 }
                } else {
                    exponent += 1
                    digits += 1
                }
                position += 1
            }
        }
        var exact = digits <= 19
        if position < end && base[position] == UInt8(ascii: ".") {
            position += 1
            guard position < end, base[position] &- UInt8(ascii: "0") < 10 else {
                throw unexpected(at: position, expecting: "un chiffre est attendu après la virgule décimale « . »")
            }
            while position < end {
                let digit = base[position] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else if digit != 0 {
                    exact = false
                }
                position += 1
            }
        }
        if position < end && (base[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            var exponentNegative = false
            if position < end && (base[position] == UInt8(ascii: "+") || base[position] == UInt8(ascii: "-")) {
                exponentNegative = base[position] == UInt8(ascii: "-")
                position += 1
            }
            guard position < end, base[position] &- UInt8(ascii: "0") < 10 else {
                throw unexpected(at: position, expecting: "un chiffre est attendu dans l'exposant")
            }
            var value = 0
            while position < end {
                let digit = base[position] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if value < 100_000 { value = value * 10 + Int(digit) }
                position += 1
            }
            exponent += exponentNegative ? -value : value
        }
        offset = position
        // Exact: a mantissa below 2^53 times or over an exact power of ten rounds once (Clinger).
        if exact && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent > 0 {
                value *= Self.exactPowers[exponent]
            } else if exponent < 0 {
                value /= Self.exactPowers[-exponent]
            }
            return negative ? -value : value
        }
        if mantissa == 0 && exact { return negative ? -0.0 : 0 }
        // Rare: many digits or a large exponent; the standard library rounds correctly.
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
        guard let value = Double(text) else { throw error("nombre illisible", at: start) }
        return value
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool {
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw unexpected(at: offset, expecting: "true ou false attendu")
    }

    /// Reads `null`.
    public mutating func readNull() throws(JSONSyntaxError) {
        guard matchLiteral("null") else { throw unexpected(at: offset, expecting: "null attendu") }
    }

    /// Reads `null` if it comes next (after whitespace).
    public mutating func readNullIfPresent() -> Bool {
        _ = skipWhitespace()
        return matchLiteral("null")
    }

    private mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= end else { return false }
        let text = literal.utf8Start
        for index in 0..<count where base[offset + index] != text[index] { return false }
        // `nullx`, `true1`: the literal must end there.
        if offset + count < end {
            let next = base[offset + count]
            if (next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z") || next &- UInt8(ascii: "0") < 10 { return false }
        }
        offset += count
        return true
    }

    // MARK: Skipping

    /// Reads and checks one whole value of any kind without keeping it (iteratively: deep nesting
    /// cannot overflow the stack). Duplicate keys in its objects are refused.
    public mutating func skipValue() throws(JSONSyntaxError) {
        // For each open container: whether it is an object, whether it has no member yet, and the
        // keys seen (objects only).
        var stack: [(isObject: Bool, first: Bool, keys: Set<[UInt8]>)] = []
        while true {
            // A value starts here.
            switch try peekKind() {
            case .object:
                try beginObject()
                stack.append((true, true, []))
            case .array:
                try beginArray()
                stack.append((false, true, []))
            case .string: _ = try readString()
            case .number: _ = try readNumber()
            case .bool: _ = try readBool()
            case .null: try readNull()
            }
            // Close finished containers, then move to the next value of the innermost open one.
            while let top = stack.last {
                var first = top.first
                stack[stack.count - 1].first = false
                if top.isObject {
                    guard let (key, at) = try nextKey(&first) else {
                        stack.removeLast()
                        continue
                    }
                    guard stack[stack.count - 1].keys.insert(Array(key.buffer)).inserted else {
                        throw error("clé « \(key.string) » en double dans un objet", at: at)
                    }
                    break
                } else {
                    if try nextElement(&first) { break }
                    stack.removeLast()
                }
            }
            if stack.isEmpty { return }
        }
    }
}
