/// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
/// resumable across chunks.
///
/// It also says where a file mixes encodings: the offset of the first byte that is not UTF-8 and
/// that of the first complete multi-byte sequence. Past an invalid byte it goes on only while no
/// such sequence was seen (then it looks for one, to tell a file of Windows-1252 from one where
/// both encodings were pasted together); the ASCII fast path is the same in both states.
public struct UTF8Validator: Sendable {
    /// Bytes still expected for the current sequence.
    private var pending = 0
    /// Allowed range of the next continuation byte (narrowed after E0, ED, F0, F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    public private(set) var isValid = true
    /// Whether any non-ASCII byte was seen.
    public private(set) var sawNonASCII = false
    /// Offset, among the bytes fed, of the first byte that is not UTF-8 (the end, for a sequence
    /// cut by the end of the input).
    public private(set) var firstInvalidOffset: Int?
    /// Offset, among the bytes fed, of the first byte of the first complete multi-byte sequence
    /// (when it comes after the first invalid byte, the first one after it).
    public private(set) var firstSequenceOffset: Int?
    /// Bytes fed before the current `update`.
    private var consumed = 0
    /// Offset of the current sequence's first byte.
    private var sequenceStart = 0

    public init() {}

    /// Whether the bytes fed hold both valid multi-byte UTF-8 and bytes that are not UTF-8.
    public var isMixed: Bool { !isValid && firstSequenceOffset != nil }

    /// Feeds the next bytes of the file.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard isValid || firstSequenceOffset == nil, let base = bytes.baseAddress else { return }
        let count = bytes.count
        defer { consumed += count }
        var i = 0
        while i < count {
            if pending == 0 {
                // ASCII fast path, thirty-two bytes at a time, then eight.
                while i + 32 <= count {
                    let raw = UnsafeRawPointer(base + i)
                    let word = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 32
                }
                while i + 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                if i >= count { break }
                let byte = base[i]
                i += 1
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: pending = 1; lower = 0x80; upper = 0xBF
                case 0xE0: pending = 2; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2; lower = 0x80; upper = 0xBF
                case 0xED: pending = 2; lower = 0x80; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: pending = 3; lower = 0x80; upper = 0xBF
                case 0xF4: pending = 3; lower = 0x80; upper = 0x8F
                default:
                    sawNonASCII = true
                    if invalid(at: consumed + i - 1) { return }
                    continue
                }
                sawNonASCII = true
                sequenceStart = consumed + i - 1
            } else {
                let byte = base[i]
                guard byte >= lower && byte <= upper else {
                    // The sequence is broken where it starts; the byte that breaks it is looked
                    // at again as a first byte.
                    pending = 0
                    if invalid(at: sequenceStart) { return }
                    continue
                }
                i += 1
                lower = 0x80
                upper = 0xBF
                pending -= 1
                if pending == 0 && firstSequenceOffset == nil {
                    firstSequenceOffset = sequenceStart
                    if !isValid { return }
                }
            }
        }
    }

    /// Records an invalid byte; returns whether there is nothing more to look for.
    private mutating func invalid(at offset: Int) -> Bool {
        if isValid {
            isValid = false
            firstInvalidOffset = offset
        }
        return firstSequenceOffset != nil
    }

    /// Call at the end of the file: a truncated sequence makes the file invalid.
    public mutating func finish() {
        if pending != 0 {
            pending = 0
            if isValid {
                isValid = false
                firstInvalidOffset = consumed
            }
        }
    }
}
