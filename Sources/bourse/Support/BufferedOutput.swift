import BourseReports

/// Data (CSV, JSON) written to standard output in blocks of 64 KiB (one `print` per line of a
/// million-line export costs more than making the lines). What `print` buffered is flushed first,
/// so the order of the two is kept; write errors are kept by `StandardOutput`; on a terminal, the
/// control characters of the values are escaped.
struct BufferedOutput {
    private var buffer: [UInt8] = []
    private let blockSize = 64 << 10
    private let escapes = StandardOutput.isTerminal

    init() { buffer.reserveCapacity(blockSize + 4096) }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: (escapes ? TerminalText.escaped(text, keepingLineBreaks: true) : text).utf8)
        if buffer.count >= blockSize { flush() }
    }

    /// Writes what is held; call once at the end.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { StandardOutput.writeUnbuffered($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
