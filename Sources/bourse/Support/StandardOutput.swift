import BourseImport
import BourseReports
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every `print` of the tool comes here: this function shadows the standard library's inside the
/// `bourse` target, so that no stored value (an address, a raw line of a rejected record) reaches
/// the terminal with its control characters (`TerminalText`), and so that a failed write (a full
/// disk behind `> file`, `/dev/full`) is noticed and ends the command with an error instead of a
/// cut output and exit code 0.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    StandardOutput.write(TerminalText.escaped(text, keepingLineBreaks: true))
}

/// Standard output with its write errors kept: the tool's own buffer over file descriptor 1
/// (line by line on a terminal, by blocks of 64 KiB otherwise), flushed before anything is
/// written to standard error so that the two keep their order.
enum StandardOutput {
    private struct State {
        var buffer: [UInt8] = []
        /// The first write error (`errno`), if any.
        var failure: Int32?
    }

    private static let state = Mutex(State())
    private static let blockSize = 64 << 10

    static let isTerminal = isatty(STDOUT_FILENO) == 1

    /// Writes human text.
    static func write(_ text: String) {
        state.withLock { state in
            state.buffer.append(contentsOf: text.utf8)
            if state.buffer.count >= blockSize || (isTerminal && text.utf8.last == UInt8(ascii: "\n")) {
                flush(&state)
            }
        }
    }

    /// Writes data (CSV, JSON, HTML) as it is, unless standard output is a terminal: its control
    /// characters are then escaped like those of human text.
    static func writeData(_ text: String) {
        write(isTerminal ? TerminalText.escaped(text, keepingLineBreaks: true) : text)
    }

    /// Writes bytes straight to the file descriptor, after what is held.
    static func writeUnbuffered(_ bytes: UnsafeRawBufferPointer) {
        state.withLock { state in
            flush(&state)
            writeAll(bytes, &state)
        }
    }

    /// Writes what is held.
    static func flush() {
        state.withLock { flush(&$0) }
    }

    private static func flush(_ state: inout State) {
        guard !state.buffer.isEmpty else { return }
        let buffer = state.buffer
        buffer.withUnsafeBytes { writeAll($0, &state) }
        state.buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, _ state: inout State) {
        // After a failure, the rest has nowhere to go.
        guard state.failure == nil else { return }
        state.failure = SystemError.writeAll(STDOUT_FILENO, bytes)
    }

    /// Flushes what is held and tells the first write error, if any, as a French error to show.
    /// A closed pipe (`| head`) is not an error: whoever read the output has all they wanted.
    static func finish() -> String? {
        let failure = state.withLock { state -> Int32? in
            flush(&state)
            return state.failure
        }
        guard let code = failure, code != EPIPE else { return nil }
        return "écriture impossible sur la sortie standard : \(SystemError.french(code)) ; la sortie est incomplète"
    }
}
