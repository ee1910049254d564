import BourseReports
import Foundation

/// The output side: values made of the fuzzer's bytes go through `FrenchCSV.line` and
/// `HTMLText.escape`, and what comes out is read back on bytes.
///
/// The CSV, read by the strict RFC 4180 reader below (`;`, quotes, CRLF rows), must give one row
/// per line written and the same cells, a neutralised cell with its leading apostrophe; no cell
/// read back may start (first scalar) with a formula sign, and a value that starts with one must
/// come back neutralised. The HTML must hold none of `<` `>` `"` `'` raw and give the value back
/// once its five entities are undone. A broken promise is a finding: the process aborts.
///
/// Each input gives two sets of rows: its bytes decoded as UTF-8 (invalid bytes become U+FFFD, as
/// a lone surrogate does), cells cut at 0x1F and rows at 0x1E; and its bytes taken as indexes into
/// a table of pieces (CRLF, formula signs, combining marks, joiners, prepended and invisible
/// scalars, emoji), so that mutations reach the grapheme clusters that hide bytes.
enum OutputCheck {
    static func run(_ input: UnsafeBufferPointer<UInt8>, outcomes: inout [String]?) {
        for (label, rows) in [("UTF-8", decodedRows(input)), ("morceaux", pieceRows(input))] {
            checkCSV(label: "sortie CSV, \(label)", rows)
            for row in rows {
                for value in row { checkHTML(label: "sortie HTML, \(label)", value) }
            }
            outcomes?.append("sortie CSV et HTML, \(label) : \(rows.count) ligne(s), \(rows.reduce(0) { $0 + $1.count }) cellule(s) relues à l'identique")
        }
    }

    // MARK: - Values

    static func decodedRows(_ input: UnsafeBufferPointer<UInt8>) -> [[String]] {
        input.split(separator: 0x1E, omittingEmptySubsequences: false).map { row in
            row.split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    static let pieces: [String] = [
        "Drancy", "a", "0", " ", "'", "é", "cafe\u{301}", "m²", "«",
        "=", "+", "-", "@", "\t", ";", "\"", "\r", "\n", "\r\n", "=cmd|' /C calc'!A0",
        "\u{301}", "\u{308}", "\u{20DD}", "\u{200D}", "\u{200B}", "\u{FEFF}", "\u{202E}", "\u{A0}", "\u{600}", "\u{FFFD}",
        "👩", "👩‍💻", "🇫", "\u{1100}", "\u{1161}", "＝", "＋", "－", "＠", "\u{0}", "\u{85}", "\u{2028}", "<", ">", "&",
    ]

    /// Bytes as indexes into `pieces`; the two values past the table end a cell and a row.
    static func pieceRows(_ input: UnsafeBufferPointer<UInt8>) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        for byte in input {
            switch Int(byte) % (pieces.count + 2) {
            case pieces.count: row.append(cell); cell = ""
            case pieces.count + 1: row.append(cell); rows.append(row); cell = ""; row = []
            case let index: cell += pieces[index]
            }
        }
        row.append(cell)
        rows.append(row)
        return rows
    }

    // MARK: - CSV

    /// What no cell read back may start with: the ASCII formula signs, tab, CR, LF and the
    /// fullwidth signs.
    static func isFormulaSign(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D, 0x0A, 0xFF1D, 0xFF0B, 0xFF0D, 0xFF20: true
        default: false
        }
    }

    static func checkCSV(label: String, _ rows: [[String]]) {
        var text: [UInt8] = []
        for row in rows { text += FrenchCSV.line(row).utf8 }
        let read: [[[UInt8]]]
        switch StrictCSVReader.read(text) {
        case .success(let rows): read = rows
        case .failure(let error): finding(label, "CSV illisible en RFC 4180 : \(error.message) (octet \(error.offset))")
        }
        guard read.count == rows.count else { finding(label, "\(rows.count) ligne(s) écrite(s), \(read.count) relue(s)") }
        for (number, (row, back)) in zip(rows, read).enumerated() {
            guard row.count == back.count else {
                finding(label, "ligne \(number + 1) : \(row.count) cellule(s) écrite(s), \(back.count) relue(s)")
            }
            for (value, cell) in zip(row, back) {
                let bytes = Array(value.utf8)
                let neutralised = cell.first == UInt8(ascii: "'") && cell.dropFirst().elementsEqual(bytes)
                guard cell == bytes || neutralised else {
                    finding(label, "« \(value.debugDescription) » relu « \(String(decoding: cell, as: UTF8.self).debugDescription) »")
                }
                let readBack = String(decoding: cell, as: UTF8.self)
                if let first = readBack.unicodeScalars.first, isFormulaSign(first) {
                    finding(label, "cellule relue « \(readBack.debugDescription) » : commence par une formule")
                }
                if let first = value.unicodeScalars.first, isFormulaSign(first), !neutralised {
                    finding(label, "« \(value.debugDescription) » non neutralisé")
                }
            }
        }
    }

    // MARK: - HTML

    static func checkHTML(label: String, _ value: String) {
        let escaped = Array(HTMLText.escape(value).utf8)
        if let raw = escaped.first(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            finding(label, "« \(value.debugDescription) » échappé avec « \(Character(Unicode.Scalar(raw))) » brut")
        }
        let entities: [([UInt8], UInt8)] = [
            (Array("&lt;".utf8), UInt8(ascii: "<")), (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\"")),
            (Array("&#39;".utf8), UInt8(ascii: "'")), (Array("&amp;".utf8), UInt8(ascii: "&")),
        ]
        var back: [UInt8] = []
        var index = 0
        next: while index < escaped.count {
            if escaped[index] == UInt8(ascii: "&") {
                for (entity, sign) in entities where escaped[index...].starts(with: entity) {
                    back.append(sign)
                    index += entity.count
                    continue next
                }
                finding(label, "« \(value.debugDescription) » échappé avec un « & » brut")
            }
            back.append(escaped[index])
            index += 1
        }
        guard back.elementsEqual(value.utf8) else { finding(label, "« \(value.debugDescription) » ne se relit pas après échappement") }
    }

    /// Reports a broken promise and aborts, so that libFuzzer saves the input.
    static func finding(_ label: String, _ message: String) -> Never {
        printError("bourse-fuzz : anomalie (\(label)) : \(message)")
        abort()
    }
}

/// A strict RFC 4180 reader on bytes, `;` as the delimiter: a row ends with CRLF (a lone CR or LF
/// outside quotes is an error), a field is either unquoted (no `"`, CR or LF in it) or quoted from
/// its first byte to a closing `"` followed by `;`, CRLF or the end, with `""` for a quote.
enum StrictCSVReader {
    struct Malformed: Error {
        var offset: Int
        var message: String
    }

    static func read(_ bytes: [UInt8]) -> Result<[[[UInt8]]], Malformed> {
        let semicolon = UInt8(ascii: ";"), quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var rows: [[[UInt8]]] = []
        var row: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            var field: [UInt8] = []
            if bytes[index] == quote {
                index += 1
                while true {
                    guard index < bytes.count else { return .failure(Malformed(offset: index, message: "guillemet non fermé")) }
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
                        return .failure(Malformed(offset: index, message: "guillemet ou LF dans un champ sans guillemets"))
                    }
                    field.append(bytes[index])
                    index += 1
                }
            }
            row.append(field)
            guard index < bytes.count else { return .failure(Malformed(offset: index, message: "dernière ligne sans CRLF")) }
            if bytes[index] == semicolon {
                index += 1
                guard index < bytes.count else { return .failure(Malformed(offset: index, message: "dernière ligne sans CRLF")) }
            } else if bytes[index] == cr, index + 1 < bytes.count, bytes[index + 1] == lf {
                rows.append(row)
                row = []
                index += 2
            } else {
                return .failure(Malformed(offset: index, message: "octet \(bytes[index]) après un champ"))
            }
        }
        guard row.isEmpty else { return .failure(Malformed(offset: index, message: "dernière ligne sans CRLF")) }
        return .success(rows)
    }
}
