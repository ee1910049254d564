import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a first pass over a file tells before it is parsed: its fingerprint, size and encoding.
public struct FileFacts: Sendable, Hashable {
    /// Lower-case hex SHA-256 of the whole file: the same file imported again is recognised by it.
    public var sha256: String
    public var byteCount: Int
    public var encoding: TextEncoding
    /// Length of the byte-order mark to skip (3 for a UTF-8 BOM, else 0).
    public var bomLength: Int
    /// The file's own encoding when it was read through a UTF-8 copy ("UTF-16LE"); `encoding`
    /// then describes the copy.
    public var transcodedFrom: String? = nil

    /// The encoding the file was written in, for the user and the inventory's record.
    public var encodingName: String { transcodedFrom ?? encoding.rawValue }
}

/// Errors that stop the reading of a whole file.
public enum InputFileError: Error, Sendable, Equatable {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case isDirectory(path: String)
}

extension InputFileError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case let .cannotOpen(path, reason): "impossible d'ouvrir « \(path) » : \(reason)"
        case let .readFailed(path, reason): "lecture de « \(path) » impossible : \(reason)"
        case let .isDirectory(path): "« \(path) » est un dossier, pas un fichier"
        }
    }
}

/// A file read in chunks through POSIX calls, so memory stays flat whatever its size.
public final class ChunkedFile {
    private let descriptor: Int32
    public let path: String

    /// Opens a file for reading.
    /// - Throws: `InputFileError` when it cannot be opened or is a folder.
    public init(path: String) throws(InputFileError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .isDirectory(path: path)
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.descriptor = fd
        self.path = path
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
            return FileFacts(sha256: "", byteCount: found.byteCount, encoding: found.isUTF8 ? .utf8 : .windows1252, bomLength: found.bomLength)
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
            bomLength: scan.bomLength)
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
        first.byteCount += rest.byteCount
        return first
    }

    /// What one pass over a file found.
    struct Fingerprint: Sendable {
        var digest = ""
        var byteCount = 0
        var bomLength = 0
        var isUTF8 = true
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

/// A file's SHA-256 computed on a thread of its own while the caller goes on (reading the file).
///
/// A large import used to hash its file before anything else could start (half a second for a
/// 370 MB XML file, one core idle); the hash is only needed before the import's commit.
public final class FileFingerprint: @unchecked Sendable {
    private let producer: BackgroundProducer<String>
    private let path: String

    /// Starts hashing `path`, which must still be `byteCount` bytes long when done.
    public init(path: String, byteCount: Int) {
        self.path = path
        producer = BackgroundProducer(depth: 1) { push in
            try push(ChunkedFile.sha256(path: path, byteCount: byteCount))
        }
    }

    /// The lower-case hex SHA-256, waiting for it.
    /// - Throws: `InventoryReadError.input` when the file could not be read or changed meanwhile.
    public func wait() throws(InventoryReadError) -> String {
        do {
            if let digest = try producer.next() { return digest }
        } catch let error as InputFileError {
            throw .input(error)
        } catch {
            throw .input(.readFailed(path: path, reason: "\(error)"))
        }
        throw .input(.readFailed(path: path, reason: "empreinte SHA-256 non calculée"))
    }

    /// Stops the hashing if it is still running (idempotent).
    public func cancel() { producer.cancel() }

    deinit { producer.cancel() }
}
