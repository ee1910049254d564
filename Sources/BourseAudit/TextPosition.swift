/// A position in a text, for messages: 1-based line and column (columns count characters, a tab
/// counts one).
public struct TextPosition: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    /// The line and column of a byte offset in UTF-8 bytes. Lines end at LF, CRLF or a lone CR.
    public init(offset: Int, in bytes: UnsafeRawBufferPointer) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        // Characters, not bytes: continuation bytes 10xxxxxx do not start one.
        var column = 1
        for position in lineStart..<end where bytes[position] & 0xC0 != 0x80 { column += 1 }
        self.line = line
        self.column = column
    }

    public var description: String { "ligne \(line), colonne \(column)" }
}
