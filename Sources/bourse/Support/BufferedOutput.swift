#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Text written to standard output in blocks of 64 KiB (one `print` per line of a million-line
/// export costs more than making the lines). What `print` buffered is flushed first, so the
/// order of the two is kept.
struct BufferedOutput {
    private var buffer: [UInt8] = []
    private let blockSize = 64 << 10

    init() { buffer.reserveCapacity(blockSize + 4096) }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= blockSize { flush() }
    }

    /// Writes what is held; call once at the end.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        fflush(nil)
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = standardOutputWrite(bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // a closed pipe (`| head`): the rest has nowhere to go
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

private func standardOutputWrite(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(1, bytes, count)
    #else
    Darwin.write(1, bytes, count)
    #endif
}
