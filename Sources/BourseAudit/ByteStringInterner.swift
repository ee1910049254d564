/// Gives each distinct byte string a dense number (0, 1, 2… in order of first appearance), keeping
/// the bytes in one arena: interning a string already seen allocates nothing.
///
/// Open addressing with linear probing on a 64-bit hash, at most half full. Strings are compared
/// byte for byte (no Unicode normalisation: "é" precomposed and decomposed are two strings).
struct ByteStringInterner {
    private var arena: [UInt8] = []
    /// Start of each string in the arena; string `i` ends where `i + 1` starts.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Table of string numbers + 1 (0 = empty slot).
    private var slots: [Int32]
    private var mask: Int

    init(expectedCount: Int = 0) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        hashes.reserveCapacity(expectedCount)
        starts.reserveCapacity(expectedCount + 1)
    }

    /// Number of distinct strings.
    var count: Int { hashes.count }

    /// The number of `bytes`, given the first time they are seen.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { break }
            if hashes[entry] == hash && equals(entry, bytes) { return entry }
            slot = (slot + 1) & mask
        }
        let number = hashes.count
        hashes.append(hash)
        if let base = bytes.baseAddress, bytes.count > 0 {
            arena.append(contentsOf: UnsafeBufferPointer(start: base, count: bytes.count))
        }
        starts.append(arena.count)
        slots[slot] = Int32(truncatingIfNeeded: number + 1)
        if hashes.count * 2 > slots.count { grow() }
        return number
    }

    /// The number of `bytes` if they were interned, without adding them.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { return nil }
            if hashes[entry] == hash && equals(entry, bytes) { return entry }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func equals(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry]
        let length = starts[entry + 1] - start
        guard length == bytes.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { arena in
            memoryEquals(arena.baseAddress.unsafelyUnwrapped + start, bytes.baseAddress.unsafelyUnwrapped, length)
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var table = [Int32](repeating: 0, count: capacity)
        let newMask = capacity - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while table[slot] != 0 { slot = (slot + 1) & newMask }
            table[slot] = Int32(truncatingIfNeeded: entry + 1)
        }
        slots = table
        mask = newMask
    }

    /// Calls `body` with the bytes of string `number`.
    func withBytes<Result>(_ number: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = starts[number]
        let length = starts[number + 1] - start
        return try arena.withUnsafeBufferPointer { arena in
            try body(UnsafeBufferPointer(start: arena.baseAddress.map { $0 + start }, count: length))
        }
    }

    /// String `number` as a Swift string.
    func string(_ number: Int) -> String {
        withBytes(number) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether string `a` sorts before string `b`, byte by byte (for UTF-8, the order of code
    /// points; for text in NFC, the order of Swift's `String <`).
    func precedes(_ a: Int, _ b: Int) -> Bool {
        let startA = starts[a], lengthA = starts[a + 1] - startA
        let startB = starts[b], lengthB = starts[b + 1] - startB
        return arena.withUnsafeBufferPointer { arena in
            let base = arena.baseAddress.unsafelyUnwrapped
            let common = min(lengthA, lengthB)
            var index = 0
            while index < common {
                let x = base[startA + index], y = base[startB + index]
                if x != y { return x < y }
                index += 1
            }
            return lengthA < lengthB
        }
    }

    /// A 64-bit hash of bytes, eight at a time (a multiply-xorshift mix; stable across runs).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var index = 0
        let count = bytes.count
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        if index < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                word |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ word) &* 0x94D0_49BB_1331_11EB
            hash ^= hash >> 29
        }
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return hash
    }
}

@inline(__always)
private func memoryEquals(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var index = 0
    while index + 8 <= count {
        if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: index, as: UInt64.self)
            != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
        index += 8
    }
    while index < count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}
