import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text files in UTF-16 with a byte-order mark: what Excel writes for « Texte Unicode (*.txt) »
/// (tab-separated, UTF-16LE) and what some other tools export. The CSV reader reads a temporary
/// UTF-8 copy of such a file; its SHA-256 and size stay those of the file as sent.
enum UTF16Text {
    enum ByteOrder: String, Sendable {
        case littleEndian = "UTF-16LE"
        case bigEndian = "UTF-16BE"
    }

    /// The byte order announced by the file's byte-order mark; `nil` without a UTF-16 one.
    static func byteOrder(path: String) throws(InputFileError) -> ByteOrder? {
        let head = try ChunkedFile(path: path).readBytes(upTo: 4)
        guard head.count >= 2 else { return nil }
        switch (head[0], head[1]) {
        case (0xFF, 0xFE):
            // FF FE 00 00 is UTF-32LE's mark, not text this reader knows.
            if head == [0xFF, 0xFE, 0, 0] { return nil }
            return .littleEndian
        case (0xFE, 0xFF):
            return .bigEndian
        default:
            return nil
        }
    }

    /// Writes the text of `path` (after its 2-byte mark) as UTF-8, without a mark, to the new file
    /// `destination`. An unpaired surrogate or a last odd byte becomes U+FFFD, as when a text
    /// editor opens the file; lines and characters are otherwise kept exactly.
    /// - Parameter chunkSize: bytes read at a time (tests use small ones).
    /// - Throws: `InputFileError` naming `path` when it cannot be read or the copy cannot be written.
    static func transcode(path: String, order: ByteOrder, to destination: String, chunkSize: Int = 1 << 20) throws(InputFileError) {
        let input = try ChunkedFile(path: path)
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            throw .readFailed(path: path, reason: "copie UTF-8 temporaire impossible (\(String(cString: strerror(errno))))")
        }
        defer { close(output) }
        func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputFileError) {
            var done = 0
            while done < bytes.count {
                let n = posixWrite(output, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .readFailed(path: path, reason: "copie UTF-8 temporaire impossible (\(String(cString: strerror(errno))))")
                }
                done += n
            }
        }
        func emit(_ text: String) throws(InputFileError) {
            var text = text
            let outcome = text.withUTF8 { bytes in Result { () throws(InputFileError) in try emit(bytes) } }
            try outcome.get()
        }

        let size = max(chunkSize & ~1, 2)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var units: [UInt16] = []
        units.reserveCapacity(size / 2 + 2)
        var odd: UInt8?            // a byte left over from the previous chunk
        var pendingHigh: UInt16?   // a high surrogate whose low half is in the next chunk
        var skip = 2               // the byte-order mark
        while true {
            let count = try input.read(into: buffer, count: size)
            if count == 0 { break }
            units.removeAll(keepingCapacity: true)
            if let high = pendingHigh {
                units.append(high)
                pendingHigh = nil
            }
            var index = min(skip, count)
            skip -= index
            while index < count {
                let byte = buffer[index]
                index += 1
                guard let first = odd else {
                    odd = byte
                    continue
                }
                odd = nil
                units.append(order == .littleEndian ? UInt16(first) | UInt16(byte) << 8 : UInt16(first) << 8 | UInt16(byte))
            }
            if let last = units.last, (0xD800...0xDBFF).contains(last) {
                pendingHigh = units.removeLast()
            }
            try emit(String(decoding: units, as: UTF16.self))
        }
        var tail: [UInt16] = []
        if let high = pendingHigh { tail.append(high) }
        if odd != nil { tail.append(0xFFFD) }
        if !tail.isEmpty { try emit(String(decoding: tail, as: UTF16.self)) }
    }
}

@inline(__always)
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
