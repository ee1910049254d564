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
    /// Where a file read as Windows-1252 also holds valid multi-byte UTF-8 (both pasted together).
    public var mixedEncoding: MixedEncoding? = nil

    /// The encoding the file was written in, for the user and the inventory's record.
    public var encodingName: String { transcodedFrom ?? encoding.rawValue }
}
