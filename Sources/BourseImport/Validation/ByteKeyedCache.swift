import Foundation

/// FNV-1a over bytes, then a 64-bit finaliser (MurmurHash3 fmix64) so that nearby keys spread
/// over the table. Stable across runs (unlike `Hasher`), and cheap on short cells.
@inline(__always)
func byteHash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    hash ^= hash >> 33
    hash = hash &* 0xff51_afd7_ed55_8ccd
    hash ^= hash >> 33
    hash = hash &* 0xc4ce_b9fe_1a85_ec53
    hash ^= hash >> 33
    return hash
}

/// Whether two byte runs of the same length are equal (`memcmp`: the generic `elementsEqual` went
/// byte by byte through a sequence iterator: 6 % of the helper validator's time in a
/// million-row import).
@inline(__always)
func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0, let left = a.baseAddress, let right = b.baseAddress else { return true }
    return memcmp(left, right, a.count) == 0
}

/// Remembers a value computed from a cell's bytes, so repeated cells ("Drancy", "bureau", "RDC",
/// "oui") are decoded and recognised once per file. Open addressing on `byteHash`; bounded: past
/// `limit` distinct cells, values are computed without being stored.
struct ByteKeyedCache<Value> {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    private let mask: Int
    let limit: Int

    init(limit: Int = 4096) {
        self.limit = limit
        var capacity = 16
        while capacity < limit * 2 { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
    }

    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, compute: () -> Value) -> Value {
        let hash = byteHash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if hashes[entry] == hash, keys[entry].count == bytes.count,
               keys[entry].withUnsafeBufferPointer({ sameBytes($0, bytes) }) {
                return values[entry]
            }
            slot = (slot + 1) & mask
        }
        let value = compute()
        if values.count < limit {
            slots[slot] = Int32(values.count)
            hashes.append(hash)
            keys.append(Array(bytes))
            values.append(value)
        }
        return value
    }
}

// Arrays only: a copy on another thread writes to buffers of its own (copy on write).
extension ByteKeyedCache: Sendable where Value: Sendable {}
