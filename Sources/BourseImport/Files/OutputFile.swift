import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the tool writes (a rejects file, a report, a profile): written beside its target under a
/// temporary name and renamed over it only once complete, so that a failed or interrupted write
/// never leaves a half-written file, and checked first so that an output never replaces what it
/// must not.
///
/// An output never replaces:
/// - anything but a regular file (a symbolic link, a device such as `/dev/null`, a folder, a named
///   pipe): renaming over it would put a regular file in its place;
/// - a protected file: the database and its companions (`-wal`, `-shm`, `-journal`) and the inputs
///   of the same command, recognised by their inode as well as by their path (a companion may
///   not exist yet, and must never be created under that name);
/// - any SQLite database;
/// - an existing, non-empty file the tool did not write, as told by `isOurs` on its first bytes
///   (a report of last month is replaced, a user's own document is not).
public final class OutputFile {
    /// The target, as given.
    public let path: String
    private let protected: ProtectedFiles
    private let isOurs: @Sendable ([UInt8]) -> Bool
    private var descriptor: Int32 = -1
    private var temporaryPath: String?
    private var committed = false

    /// Checks the target now; the temporary file is created on the first write.
    /// - Parameters:
    ///   - database: the bourse's database, if the command has one (it and its companions are
    ///     never replaced).
    ///   - inputs: the files the command reads.
    ///   - isOurs: whether the first bytes (at most 4 KiB) of an existing file are those of a file of
    ///     this kind written by the tool.
    /// - Throws: `OutputFileError` when the target must not be replaced.
    public init(path: String, database: String?, inputs: [String], isOurs: @escaping @Sendable ([UInt8]) -> Bool) throws {
        self.path = path
        self.protected = ProtectedFiles(database: database, inputs: inputs)
        self.isOurs = isOurs
        try Self.check(path, protected: protected, isOurs: isOurs)
    }

    deinit {
        if !committed { discard() }
    }

    /// Checks that `path` may be written as an output (see the type's rules), without writing.
    public static func check(_ path: String, database: String?, inputs: [String], isOurs: @Sendable ([UInt8]) -> Bool) throws {
        try check(path, protected: ProtectedFiles(database: database, inputs: inputs), isOurs: isOurs)
    }

    /// Whether anything was written yet.
    public var isOpen: Bool { descriptor >= 0 }

    /// Appends bytes.
    /// - Throws: `OutputFileError.writeFailed` (disk full, quota, I/O error); the temporary file is
    ///   then removed.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try openIfNeeded()
        if let code = SystemError.writeAll(descriptor, bytes) {
            discard()
            throw OutputFileError.writeFailed(path: path, reason: SystemError.french(code))
        }
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Makes the written file the target: flushed to disk, checked again, then renamed over it.
    /// A file nothing was written to is created empty.
    public func commit() throws {
        try openIfNeeded()
        guard let temporaryPath else { return }
        if fsync(descriptor) != 0 && errno != EINVAL {
            let code = errno
            discard()
            throw OutputFileError.writeFailed(path: path, reason: SystemError.french(code))
        }
        if close(descriptor) != 0 && errno != EINTR {
            let code = errno
            descriptor = -1
            discard()
            throw OutputFileError.writeFailed(path: path, reason: SystemError.french(code))
        }
        descriptor = -1
        do {
            // What was there may have changed while the file was written.
            try Self.check(path, protected: protected, isOurs: isOurs)
        } catch {
            discard()
            throw error
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            discard()
            throw OutputFileError.writeFailed(path: path, reason: SystemError.french(code))
        }
        self.temporaryPath = nil
        committed = true
    }

    /// Removes what was written; the target is untouched.
    public func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if let temporaryPath {
            unlink(temporaryPath)
            self.temporaryPath = nil
        }
    }

    private func openIfNeeded() throws {
        guard descriptor < 0, !committed else { return }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        for _ in 0..<16 {
            let candidate = (directory as NSString).appendingPathComponent(".\(name).\(UInt32.random(in: 0...UInt32.max)).tmp")
            // 0666 less the umask, as the shell's `>` would give.
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                descriptor = fd
                temporaryPath = candidate
                // An existing target keeps its permissions.
                var status = stat()
                if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
                    fchmod(fd, status.st_mode & 0o7777)
                }
                return
            }
            if errno != EEXIST {
                throw OutputFileError.cannotCreate(path: path, reason: SystemError.french(errno))
            }
        }
        throw OutputFileError.cannotCreate(path: path, reason: SystemError.french(EEXIST))
    }

    private static func check(_ path: String, protected: ProtectedFiles, isOurs: ([UInt8]) -> Bool) throws {
        if path.isEmpty { throw OutputFileError.cannotCreate(path: path, reason: "chemin vide") }
        if protected.contains(path: path) { throw OutputFileError.protected(path: path, what: protected.role(of: path)) }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw OutputFileError.cannotCreate(path: path, reason: SystemError.french(errno))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw OutputFileError.notRegular(path: path, what: "un lien symbolique")
        case S_IFDIR: throw OutputFileError.notRegular(path: path, what: "un dossier")
        case S_IFCHR, S_IFBLK: throw OutputFileError.notRegular(path: path, what: "un périphérique")
        case S_IFIFO: throw OutputFileError.notRegular(path: path, what: "un tube nommé (FIFO)")
        case S_IFSOCK: throw OutputFileError.notRegular(path: path, what: "une socket")
        default: throw OutputFileError.notRegular(path: path, what: "un fichier spécial")
        }
        if let role = protected.role(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) {
            throw OutputFileError.protected(path: path, what: role)
        }
        guard status.st_size > 0 else { return }
        let head = try firstBytes(of: path, count: 4096)
        if head.starts(with: Array("SQLite format 3\0".utf8)) {
            throw OutputFileError.protected(path: path, what: "une base de données SQLite")
        }
        if !isOurs(head) { throw OutputFileError.notOurs(path: path) }
    }

    private static func firstBytes(of path: String, count: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw OutputFileError.cannotCreate(path: path, reason: SystemError.french(errno)) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, count - filled) }
            if got > 0 { filled += got } else if got < 0 && errno == EINTR { continue } else { break }
        }
        return Array(bytes[..<filled])
    }
}

/// The paths an output must never replace, by path and by inode.
struct ProtectedFiles {
    private var paths: [(path: String, role: String)] = []
    private var inodes: [(device: UInt64, inode: UInt64, role: String)] = []

    init(database: String?, inputs: [String]) {
        if let database, !database.isEmpty {
            add(database, role: "la base de données de la bourse")
            for companion in ["-wal", "-shm", "-journal"] {
                add(database + companion, role: "un fichier de la base de données (\(companion))")
            }
        }
        for path in inputs where !path.isEmpty {
            add(path, role: "un fichier lu par cette commande")
        }
    }

    private mutating func add(_ path: String, role: String) {
        paths.append((Self.canonical(path), role))
        var status = stat()
        if stat(path, &status) == 0 {
            inodes.append((UInt64(status.st_dev), UInt64(status.st_ino), role))
        }
    }

    func contains(path: String) -> Bool {
        let canonical = Self.canonical(path)
        return paths.contains { $0.path == canonical }
    }

    func role(of path: String) -> String {
        let canonical = Self.canonical(path)
        return paths.first { $0.path == canonical }?.role ?? "un fichier protégé"
    }

    func role(device: UInt64, inode: UInt64) -> String? {
        inodes.first { $0.device == device && $0.inode == inode }?.role
    }

    /// The absolute path with its folder's symbolic links resolved (the file itself may not exist).
    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let directory = url.deletingLastPathComponent().path
        guard let resolved = realpath(directory, nil) else { return url.path }
        defer { free(resolved) }
        return (String(cString: resolved) as NSString).appendingPathComponent(url.lastPathComponent)
    }
}

/// Why an output file was not written, in French.
public enum OutputFileError: Error, LocalizedError, Equatable {
    case notRegular(path: String, what: String)
    case protected(path: String, what: String)
    case notOurs(path: String)
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .notRegular(path, what):
            "« \(path) » est \(what), pas un fichier ordinaire : il n'est pas remplacé (donnez le chemin d'un nouveau fichier)"
        case let .protected(path, what):
            "« \(path) » est \(what) : un fichier de sortie ne le remplace jamais (donnez un autre chemin)"
        case .notOurs(let path):
            "« \(path) » existe déjà et n'a pas été écrit par bourse : il n'est pas remplacé (choisissez un autre nom, ou supprimez-le d'abord)"
        case let .cannotCreate(path, reason):
            "impossible de créer « \(path) » : \(reason)"
        case let .writeFailed(path, reason):
            "écriture de « \(path) » impossible : \(reason) ; le fichier n'a pas été écrit"
        }
    }
}

/// System error numbers in French (`strerror` speaks the C locale's English).
public enum SystemError {
    public static func french(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "disque plein"
        case EDQUOT: "quota de disque dépassé"
        case EACCES, EPERM: "permission refusée"
        case EROFS: "système de fichiers en lecture seule"
        case ENOENT: "dossier introuvable"
        case ENOTDIR: "un élément du chemin n'est pas un dossier"
        case EISDIR: "c'est un dossier"
        case EIO: "erreur d'entrée-sortie du disque"
        case EFBIG: "fichier trop gros"
        case ENAMETOOLONG: "nom trop long"
        case EEXIST: "le fichier existe déjà"
        case EMFILE, ENFILE: "trop de fichiers ouverts"
        case EPIPE: "tube fermé"
        case ELOOP: "trop de liens symboliques"
        case EXDEV: "autre système de fichiers"
        default: "erreur système n° \(code)"
        }
    }
}

extension SystemError {
    /// A file error of Foundation in French (its own descriptions follow the C locale's English).
    public static func french(describing error: any Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return french(Int32(error.code)) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return french(Int32(underlying.code))
        }
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return french(ENOENT)
            case .fileWriteNoPermission, .fileReadNoPermission: return french(EACCES)
            case .fileWriteOutOfSpace: return french(ENOSPC)
            case .fileWriteVolumeReadOnly: return french(EROFS)
            case .fileWriteFileExists: return french(EEXIST)
            default: break
            }
        }
        return "erreur système (\(error.domain) \(error.code))"
    }

    /// Writes all of `bytes` to a file descriptor, going on after interruptions.
    /// - Returns: `nil`, or the `errno` of the write that failed (ENOSPC for a write of nothing).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return written < 0 ? errno : ENOSPC
            }
        }
        return nil
    }
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
