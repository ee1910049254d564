/// Text made safe to show on a terminal: the values the bourse stores come from files anyone can
/// write, and a control character in an address (ESC, an OSC sequence, a bare CR, a NUL) would
/// otherwise move the cursor, clear the screen, set the window title or hide what precedes it.
///
/// Control characters are shown as escapes (`\x1B`, `\u{202E}`): C0 controls, DEL, C1 controls,
/// and the bidirectional overrides and isolates that reorder what is displayed. Tabs stay; line
/// breaks (LF, and CR only as part of CRLF) stay when `keepingLineBreaks`. The check runs on UTF-8
/// bytes, never on `Character`s: CRLF is one grapheme cluster that equals neither CR nor LF.
public enum TerminalText {
    /// `text` with its control characters escaped; the same string when there is none.
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var copy = text
        let clean = copy.withUTF8 { bytes in firstUnsafe(bytes, keepingLineBreaks: keepingLineBreaks) == nil }
        if clean { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if isUnsafe(scalar, next: next, keepingLineBreaks: keepingLineBreaks) {
                result.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    /// The offset of the first byte to escape, if any.
    static func firstUnsafe(_ bytes: UnsafeBufferPointer<UInt8>, keepingLineBreaks: Bool) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 {
                if byte == 0x09 {
                } else if keepingLineBreaks && byte == 0x0A {
                } else if keepingLineBreaks && byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A {
                } else {
                    return index
                }
            } else if byte == 0x7F {
                return index
            } else if byte == 0xC2, index + 1 < count, (0x80...0x9F).contains(bytes[index + 1]) {
                return index  // C1 control, U+0080–U+009F
            } else if byte == 0xE2, index + 2 < count {
                let second = bytes[index + 1], third = bytes[index + 2]
                if second == 0x80 && (0xAA...0xAE).contains(third) { return index }  // U+202A–U+202E
                if second == 0x81 && (0xA6...0xA9).contains(third) { return index }  // U+2066–U+2069
            }
            index += 1
        }
        return nil
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar, next: Unicode.Scalar?, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x0A: !keepingLineBreaks
        case 0x0D: !(keepingLineBreaks && next == "\n")
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        if scalar.value < 0x100 {
            return "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
        return "\\u{" + hex + "}"
    }
}
