/// A table of text cells rendered for a terminal (aligned columns) or for French Excel (CSV).
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Columns padded to their widest cell, a rule under the titles, two spaces between columns.
    /// Cells are cut to `maxWidth` characters (with `…`) so one long remark does not wreck the page;
    /// their control characters are shown escaped (`TerminalText`).
    public func renderText(maxWidth: Int = 60) -> String {
        let cut: (String) -> String = { cell in
            let flat = TerminalText.escaped(cell.replacingNewlines())
            return flat.count > maxWidth ? String(flat.prefix(maxWidth - 1)) + "…" : flat
        }
        let body = rows.map { $0.map(cut) }
        var widths = columns.map { $0.title.count }
        for row in body {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, column) in columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                parts.append(column.alignment == .right ? padding + cell : cell + padding)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var lines = [line(columns.map(\.title))]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines.append(contentsOf: body.map(line))
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV for French Excel: `;`, CRLF, UTF-8 with BOM, formula-like cells neutralised.
    public func renderCSV() -> String {
        var text = FrenchCSV.bom + FrenchCSV.line(columns.map(\.title))
        for row in rows { text += FrenchCSV.line(row) }
        return text
    }
}

extension String {
    func replacingNewlines() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var lastWasSpace = false
        for character in self {
            if character.isNewline {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = character == " "
            }
        }
        return out
    }
}
