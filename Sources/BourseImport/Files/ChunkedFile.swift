import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read in chunks through POSIX calls, so memory stays flat whatever its size.
public final class ChunkedFile {
    private let descriptor: Int32
    public let path: String

    /// Opens a file for reading: a regular file, or a symbolic link to one.
    /// - Throws: `InputFileError` when it cannot be opened, or is a folder, a device, a FIFO or a
    ///   socket (reading `/dev/zero` or a pipe would never end).
    public init(path: String) throws(InputFileError) {
        // Non-blocking, so that opening a FIFO with no writer returns at once (its refusal
        // follows); the flag is dropped for a regular file, whose reads it does not change anyway.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        // Checked on what was opened (fstat), not on the path, so that nothing can swap it between.
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .cannotOpen(path: path, reason: reason)
        }
        if let refusal = Self.refusal(mode: status.st_mode, path: path) {
            close(fd)
            throw refusal
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        self.descriptor = fd
        self.path = path
    }

    /// Why a file of this mode cannot be read as an input, or `nil` for a regular file.
    static func refusal(mode: mode_t, path: String) -> InputFileError? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .isDirectory(path: path)
        case S_IFCHR, S_IFBLK: return .notRegularFile(path: path, kind: "périphérique")
        case S_IFIFO: return .notRegularFile(path: path, kind: "tube nommé (FIFO)")
        case S_IFSOCK: return .notRegularFile(path: path, kind: "socket")
        default: return .notRegularFile(path: path, kind: "fichier spécial")
        }
    }

    deinit { close(descriptor) }

    /// The file's size in bytes as the system reports it now (0 if it cannot tell).
    public var size: Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    /// Moves the reading position to `offset` bytes from the start.
    /// - Throws: `InputFileError.readFailed` when the file cannot seek there.
    public func seek(to offset: Int) throws(InputFileError) {
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw .readFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// The next `count` bytes, fewer only at the end of the file (a read may return less than
    /// asked: it is repeated until `count` or the end).
    public func readBytes(upTo count: Int) throws(InputFileError) -> [UInt8] {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count, 1))
        defer { buffer.deallocate() }
        var filled = 0
        while filled < count {
            let n = try read(into: buffer + filled, count: count - filled)
            if n == 0 { break }
            filled += n
        }
        return Array(UnsafeBufferPointer(start: buffer, count: filled))
    }

    /// Reads up to `count` bytes into `buffer` at `offset`.
    /// - Returns: the number of bytes read, 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(InputFileError) -> Int {
        while true {
            let result = posixRead(descriptor, buffer, count)
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw .readFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Fingerprints the file and detects its encoding: UTF-8 when every byte after an optional BOM
    /// is strict UTF-8, else Windows-1252. With `detectEncoding` false (an XML file, whose parser
    /// decodes and checks the text itself), only the fingerprint is computed and the encoding says
    /// UTF-8. From a megabyte on, the fingerprint is computed on a helper thread while this one
    /// checks the encoding (each reads the file: it is in the page cache after the first).
    ///
    /// With `hash` false the SHA-256 is left empty (`sha256(path:byteCount:)` computes it later).
    public static func facts(path: String, detectEncoding: Bool = true, hash: Bool = true) throws(InputFileError) -> FileFacts {
        let file = try ChunkedFile(path: path)
        let size = file.size
        if !hash {
            // Only the encoding's pass, if asked for; else the size from the file and the BOM from
            // its first three bytes.
            var found: Fingerprint
            if detectEncoding && size >= splitCheckFrom {
                found = try splitCheck(path: path, size: size)
            } else if detectEncoding {
                found = try scan(file, path: path, hash: false, validate: true)
            } else {
                found = Fingerprint(byteCount: size)
                if try file.readBytes(upTo: 3) == [0xEF, 0xBB, 0xBF] { found.bomLength = 3 }
            }
            return FileFacts(
                sha256: "", byteCount: found.byteCount, encoding: found.isUTF8 ? .utf8 : .windows1252, bomLength: found.bomLength,
                mixedEncoding: try mixedEncoding(path: path, found))
        }
        // The fingerprint's pass, on a thread of its own for a large file: one item, then the end.
        let hashing = detectEncoding && size >= 1 << 20
            ? BackgroundProducer<Fingerprint>(depth: 1) { push in try push(fingerprint(path: path, hash: true)) }
            : nil
        defer { hashing?.cancel() }
        let scan = try scan(file, path: path, hash: hashing == nil, validate: detectEncoding)
        let hashed: Fingerprint
        do {
            hashed = try hashing?.next() ?? scan
        } catch let error as InputFileError {
            throw error
        } catch {
            throw .readFailed(path: path, reason: "\(error)")
        }
        // Two passes over a file written meanwhile would describe two different files.
        guard hashed.byteCount == scan.byteCount else {
            throw .readFailed(path: path, reason: "le fichier a changé pendant sa lecture ; relancez quand il ne bouge plus")
        }
        return FileFacts(
            sha256: hashed.digest, byteCount: scan.byteCount,
            encoding: scan.isUTF8 ? .utf8 : .windows1252,
            bomLength: scan.bomLength, mixedEncoding: try mixedEncoding(path: path, scan))
    }

    /// From this size on, the encoding check without a hash runs on two threads, a half each (a
    /// dry run waits for it before anything else starts: 0.14 s alone for 150 MB).
    static let splitCheckFrom = 8 << 20

    /// The UTF-8 check of a file in two halves on two threads: the second half starts at the first
    /// byte at or after the middle that is not a continuation byte (10xxxxxx), so that no
    /// sequence is cut; more than three continuation bytes there are invalid UTF-8 anyway.
    static func splitCheck(path: String, size: Int) throws(InputFileError) -> Fingerprint {
        let probe = try ChunkedFile(path: path)
        let middle = size / 2
        try probe.seek(to: middle)
        let bytes = try probe.readBytes(upTo: 4)
        // Continuation bytes up to the end: the first half runs to the end.
        guard let skip = bytes.firstIndex(where: { $0 & 0xC0 != 0x80 }) ?? (bytes.count < 4 ? bytes.count : nil) else {
            // Four continuation bytes in a row: not UTF-8, which the whole file's check finds.
            return try scan(ChunkedFile(path: path), path: path, hash: false, validate: true)
        }
        let boundary = middle + skip
        let second = BackgroundProducer<Fingerprint>(depth: 1) { push in
            let file = try ChunkedFile(path: path)
            try file.seek(to: boundary)
            try push(scan(file, path: path, hash: false, validate: true, atStart: false))
        }
        defer { second.cancel() }
        var first = try scan(ChunkedFile(path: path), path: path, hash: false, validate: true, limit: boundary)
        let rest: Fingerprint
        do {
            guard let found = try second.next() else { throw InputFileError.readFailed(path: path, reason: "lecture interrompue") }
            rest = found
        } catch let error as InputFileError {
            throw error
        } catch {
            throw .readFailed(path: path, reason: "\(error)")
        }
        first.isUTF8 = first.isUTF8 && rest.isUTF8
        first.firstInvalid = first.firstInvalid ?? rest.firstInvalid.map { $0 + boundary }
        first.firstSequence = first.firstSequence ?? rest.firstSequence.map { $0 + boundary }
        first.byteCount += rest.byteCount
        return first
    }

    /// What one pass over a file found.
    struct Fingerprint: Sendable {
        var digest = ""
        var byteCount = 0
        var bomLength = 0
        var isUTF8 = true
        /// File offsets of the first byte that is not UTF-8 and of the first valid multi-byte
        /// sequence, when the encoding was checked.
        var firstInvalid: Int?
        var firstSequence: Int?
    }

    /// The lines where a file read as Windows-1252 has its first invalid byte and its first
    /// UTF-8 character, when it has both (the lines are counted only then).
    private static func mixedEncoding(path: String, _ found: Fingerprint) throws(InputFileError) -> MixedEncoding? {
        guard !found.isUTF8, let invalid = found.firstInvalid, let sequence = found.firstSequence else { return nil }
        let lines = try lineNumbers(path: path, offsets: [invalid, sequence])
        return MixedEncoding(invalidLine: lines[0], utf8Line: lines[1])
    }

    /// The physical line (1-based; CR, LF and CRLF each end one) of each byte offset.
    static func lineNumbers(path: String, offsets: [Int]) throws(InputFileError) -> [Int] {
        let file = try ChunkedFile(path: path)
        let last = offsets.max() ?? 0
        var lines = offsets.map { _ in 1 }
        var line = 1
        var offset = 0
        var afterCR = false
        let chunkSize = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while offset <= last {
            let n = try file.read(into: buffer, count: chunkSize)
            if n == 0 { break }
            for index in 0..<n {
                for (k, wanted) in offsets.enumerated() where wanted == offset { lines[k] = line }
                let byte = buffer[index]
                if byte == 0x0A {
                    if !afterCR { line += 1 }
                    afterCR = false
                } else if byte == 0x0D {
                    line += 1
                    afterCR = true
                } else {
                    afterCR = false
                }
                offset += 1
                if offset > last { break }
            }
        }
        return lines
    }

    /// The lower-case hex SHA-256 of a file whose facts were taken without it.
    /// - Throws: `InputFileError.readFailed` when the file is unreadable or no longer `byteCount` long.
    public static func sha256(path: String, byteCount: Int) throws(InputFileError) -> String {
        let hashed = try fingerprint(path: path, hash: true)
        guard hashed.byteCount == byteCount else {
            throw .readFailed(path: path, reason: "le fichier a changé pendant sa lecture ; relancez quand il ne bouge plus")
        }
        return hashed.digest
    }

    private static func fingerprint(path: String, hash: Bool) throws(InputFileError) -> Fingerprint {
        try scan(ChunkedFile(path: path), path: path, hash: hash, validate: false)
    }

    /// Reads the file to its end (or `limit` bytes), hashing and/or checking UTF-8 as asked; a BOM
    /// is looked for only `atStart`.
    private static func scan(
        _ file: ChunkedFile, path: String, hash: Bool, validate: Bool, limit: Int = .max, atStart: Bool = true
    ) throws(InputFileError) -> Fingerprint {
        var hasher = SHA256()
        var validator = UTF8Validator()
        var result = Fingerprint()
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { throw .readFailed(path: path, reason: "mémoire") }
        while result.byteCount < limit {
            let n = try file.read(into: base, count: min(chunkSize, limit - result.byteCount))
            if n == 0 { break }
            let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: n)
            if hash { hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes)) }
            var toValidate = bytes
            if atStart && result.byteCount == 0 && n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                result.bomLength = 3
                toValidate = UnsafeBufferPointer(rebasing: bytes[3...])
            }
            if validate { validator.update(toValidate) }
            result.byteCount += n
        }
        validator.finish()
        result.isUTF8 = validator.isValid
        // Offsets in the file: past the BOM the validator did not see.
        result.firstInvalid = validator.firstInvalidOffset.map { $0 + result.bomLength }
        result.firstSequence = validator.firstSequenceOffset.map { $0 + result.bomLength }
        if hash {
            result.digest = hasher.finalize().map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
        }
        return result
    }
}

@inline(__always)
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
