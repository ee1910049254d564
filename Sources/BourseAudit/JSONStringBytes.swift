/// A JSON string read by `JSONByteScanner`: its decoded UTF-8 bytes, valid until the scanner
/// reads the next string (they point into the input when the string has no escape, else into
/// the scanner's scratch buffer).
public struct JSONStringBytes {
    public let start: UnsafePointer<UInt8>
    public let count: Int

    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// Whether the bytes are exactly those of `literal` (ASCII keys such as "prefs").
    @inline(__always)
    public func equals(_ literal: StaticString) -> Bool {
        guard literal.utf8CodeUnitCount == count else { return false }
        let other = literal.utf8Start
        for index in 0..<count where start[index] != other[index] { return false }
        return true
    }

    /// The bytes as a Swift string (they are valid UTF-8: the scanner checks).
    public var string: String { String(decoding: buffer, as: UTF8.self) }
}
