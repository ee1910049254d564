/// A file's SHA-256 computed on a thread of its own while the caller goes on (reading the file).
///
/// A large import used to hash its file before anything else could start (half a second for a
/// 370 MB XML file, one core idle); the hash is only needed before the import's commit.
public final class FileFingerprint: Sendable {
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
