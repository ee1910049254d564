import BourseImport
import BourseReports

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal: messages on standard error, progress only when it is a terminal.
enum Terminal {
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Prints a line on standard error, its control characters escaped (`TerminalText`). A write
    /// error is ignored: there is nowhere left to tell it.
    static func error(_ text: String) {
        StandardOutput.flush()
        writeError(TerminalText.escaped(text, keepingLineBreaks: true) + "\n")
    }

    /// A progress reporter for long reads, or `nil` when standard error is not a terminal.
    static func progress(label: String) -> ((Int, Int) -> Void)? {
        guard errorIsTerminal else { return nil }
        let label = TerminalText.escaped(label)
        var lastPercent = -1
        return { done, total in
            guard total > 4 << 20 else { return }
            let percent = total > 0 ? min(100, done * 100 / total) : 100
            guard percent != lastPercent else { return }
            lastPercent = percent
            let end = percent == 100 ? "\r\u{1B}[K" : ""
            writeError("\r\(label) : \(percent) %\(end)")
        }
    }

    private static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { _ = SystemError.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}
