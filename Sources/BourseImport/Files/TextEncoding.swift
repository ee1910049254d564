/// The character encodings French spreadsheet exports come in.
public enum TextEncoding: String, Sendable, Hashable {
    case utf8 = "UTF-8"
    case windows1252 = "Windows-1252"

    /// Decodes bytes of a file in this encoding.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var allASCII = true
            for byte in bytes where byte >= 0x80 {
                allASCII = false
                break
            }
            if allASCII { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                scalars.append(Windows1252.scalar(byte))
            }
            return String(scalars)
        }
    }

    /// Decodes bytes of a file in this encoding.
    public func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decode($0) }
    }
}
