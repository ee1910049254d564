import Foundation

/// CSV as French Excel opens it with a double click: `;` delimiter, CRLF, UTF-8 with a BOM,
/// decimal comma, and cells that a spreadsheet would run as formulas neutralised.
///
/// Every check works on the UTF-8 bytes or on Unicode scalars, never on `Character`s: a grapheme
/// cluster hides the bytes it is made of (`"\r\n"` is one `Character` equal to neither `"\r"` nor
/// `"\n"`; `"=\u{301}"` is one `Character` that is not `"="`), so a check on `Character`s lets a
/// line break through unquoted, splitting the row, or a formula through unneutralised.
public enum FrenchCSV {
    public static let bom = "\u{FEFF}"

    /// One cell, quoted when needed; a cell starting like a formula gets a leading apostrophe.
    public static func cell(_ value: String) -> String {
        var value = value
        let wanted = value.withUTF8 { needs(for: $0) }
        guard wanted.neutralise || wanted.quote else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + wanted.quoteCount + 3)
        value.withUTF8 { append($0, wanted, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A number cell: decimal comma, no thousands separator (Excel reads it as a number), never
    /// neutralised (a negative number stays a number).
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text.replacingOccurrences(of: ".", with: ",")
    }

    /// A line of cells, CRLF-terminated.
    public static func line(_ cells: [String]) -> String {
        var bytes: [UInt8] = []
        var capacity = 2 + cells.count
        for cell in cells { capacity += cell.utf8.count + 2 }
        bytes.reserveCapacity(capacity)
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(semicolon) }
            var cell = cell
            cell.withUTF8 { append($0, needs(for: $0), to: &bytes) }
        }
        bytes.append(cr)
        bytes.append(lf)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Bytes

    private static let semicolon = UInt8(ascii: ";")
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    /// What a cell needs: a leading apostrophe, quotes (and how many `"` it holds, each doubled).
    struct Needs {
        var neutralise = false
        var quote = false
        var quoteCount = 0
    }

    /// One pass over the bytes for the quoting; the neutralising looks at the first scalars only.
    /// `;` `"` CR and LF are ASCII: in UTF-8 their bytes never occur inside another scalar, so a
    /// byte test finds them whatever scalars or grapheme clusters surround them.
    static func needs(for utf8: UnsafeBufferPointer<UInt8>) -> Needs {
        var needs = Needs()
        for byte in utf8 where byte <= semicolon {
            switch byte {
            case quote: needs.quote = true; needs.quoteCount += 1
            case semicolon, cr, lf: needs.quote = true
            default: break
            }
        }
        needs.neutralise = startsLikeFormula(utf8)
        return needs
    }

    /// Appends one cell's bytes: apostrophe, quotes and doubled `"` as `needs` says.
    static func append(_ utf8: UnsafeBufferPointer<UInt8>, _ needs: Needs, to bytes: inout [UInt8]) {
        if needs.quote { bytes.append(quote) }
        if needs.neutralise { bytes.append(apostrophe) }
        if needs.quoteCount == 0 {
            bytes.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                bytes.append(byte)
                if byte == quote { bytes.append(quote) }
            }
        }
        if needs.quote { bytes.append(quote) }
    }

    /// Whether a spreadsheet could read the cell as a formula: its first scalar, once invisible
    /// ones are skipped, is a formula start.
    static func startsLikeFormula(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first else { return false }
        // Fast path, almost every cell: a visible ASCII first byte that starts no formula.
        if first > 0x20 && first < 0x7F {
            return first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
        }
        var iterator = utf8.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if isFormulaStart(scalar) { return true }
            if !isInvisible(scalar) { return false }
        }
        return false
    }

    /// `=` `+` `-` `@` start a formula in Excel and LibreOffice; a tab, CR or LF first is how
    /// known payloads slip past filters that look at the first visible character (OWASP's list
    /// has tab and CR; LF is the same trick). The fullwidth and small-form variants
    /// (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠, U+FE66 ﹦, U+FE62 ﹢, U+FE63 ﹣, U+FE6B ﹫) are
    /// neutralised too: Excel's East-Asian input and any NFKC or width folding on the way
    /// (a downstream script, a "clean-up" macro) turn them into the ASCII signs, and French
    /// records never start with them, so the apostrophe costs nothing.
    static func isFormulaStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0x0A: true
        case 0xFF1D, 0xFF0B, 0xFF0D, 0xFF20, 0xFE66, 0xFE62, 0xFE63, 0xFE6B: true
        default: false
        }
    }

    /// Scalars a reader does not see and that trimming or clean-up removes: whitespace (space,
    /// no-break spaces), controls, and format or default-ignorable scalars (a BOM in the middle
    /// of the file, zero-width space and joiners, bidirectional marks). A cell such as
    /// `"\u{200B}=cmd"` is not a formula in Excel as it is, but becomes one as soon as anything
    /// trims it (LibreOffice's « Supprimer les espaces » import option, a script's `strip()`),
    /// so the formula start is looked for past them; the apostrophe is put before them.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }
}
