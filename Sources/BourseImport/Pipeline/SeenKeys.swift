import Foundation

/// The (commune, reference) keys already seen in a file, with the line of their first occurrence.
///
/// Exact: references are compared byte for byte. The first `memoryEntries` keys (or
/// `memoryArenaBytes` of references) stay in memory, about 35 bytes per key; beyond that, new keys
/// go to a temporary SQLite file (`SpilledKeys`), so memory stays flat whatever the file size. A
/// million keys fit in memory, so only larger files pay for the spill (about 1 µs per key).
///
/// Each slot holds the entry and the high half of its key's hash, so that a probe reads one slot
/// per step and compares bytes only when the halves agree (a new key, the usual case, costs one
/// random read of the table, not two); the hashes are not kept, `grow` computes them again.
struct SeenKeys {
    /// `hash >> 32 << 32 | (entry + 1)`; 0 is an empty slot.
    private var slots: [UInt64]
    private var lines: [Int32] = []
    private var offsets: [UInt32] = []
    private var communes: [UInt16] = []
    private var arena: [UInt8] = []
    private var mask: Int
    private let memoryEntries: Int
    private let memoryArenaBytes: Int
    private var spill: SpilledKeys?

    static let defaultMemoryEntries = 1 << 20
    static let defaultMemoryArenaBytes = 16 << 20
    /// Past this many keys, the arrays are given their full size at once rather than doubling
    /// (untouched capacity costs no memory; a doubling copy briefly holds both copies).
    private static let reserveAfter = 1 << 14

    /// - Parameter capacity: the keys expected (the table is sized for them, at most for
    ///   `memoryEntries`).
    init(capacity: Int = 1024, memoryEntries: Int = defaultMemoryEntries, memoryArenaBytes: Int = defaultMemoryArenaBytes) {
        let expected = max(16, min(capacity, memoryEntries))
        var size = 16
        while size * 7 < expected * 10 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        self.memoryEntries = memoryEntries
        self.memoryArenaBytes = memoryArenaBytes
    }

    /// Keys held in memory and in the temporary file.
    var counts: (memory: Int, spilled: Int) { (lines.count, spill?.count ?? 0) }

    /// Slots of the table (tests).
    var tableSize: Int { slots.count }

    /// Records the key, or returns the line where it was first seen.
    /// - Throws: `SpilledKeys.Failure` when the temporary file cannot be written.
    mutating func insert(commune: Int, reference: String, line: Int) throws(SpilledKeys.Failure) -> Int? {
        var reference = reference
        let outcome = reference.withUTF8 { bytes in
            Result { () throws(SpilledKeys.Failure) -> Int? in try insert(commune: commune, reference: bytes, line: line) }
        }
        return try outcome.get()
    }

    private static func tag(_ hash: UInt64) -> UInt64 { hash & 0xFFFF_FFFF_0000_0000 }

    private mutating func insert(commune: Int, reference: UnsafeBufferPointer<UInt8>, line: Int) throws(SpilledKeys.Failure) -> Int? {
        // Seeded with the commune as kept (16 bits), so that `grow` finds the same hash again.
        let hash = byteHash(reference, seed: UInt64(UInt16(truncatingIfNeeded: commune)))
        let tag = Self.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let content = slots[slot]
            if content == 0 { break }
            if content & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(content & 0xFFFF_FFFF) - 1
                if communes[entry] == UInt16(truncatingIfNeeded: commune) {
                    let start = Int(offsets[entry])
                    let end = entry + 1 < offsets.count ? Int(offsets[entry + 1]) : arena.count
                    if end - start == reference.count,
                       arena.withUnsafeBufferPointer({ sameBytes(UnsafeBufferPointer(rebasing: $0[start..<end]), reference) }) {
                        return Int(lines[entry])
                    }
                }
            }
            slot = (slot + 1) & mask
        }
        if spill != nil || lines.count >= memoryEntries || arena.count + reference.count > memoryArenaBytes {
            if spill == nil { spill = try SpilledKeys() }
            return try spill!.insert(commune: commune, reference: reference, line: line)
        }
        if lines.count == Self.reserveAfter {
            lines.reserveCapacity(memoryEntries)
            offsets.reserveCapacity(memoryEntries)
            communes.reserveCapacity(memoryEntries)
            arena.reserveCapacity(memoryArenaBytes)
        }
        slots[slot] = tag | UInt64(lines.count + 1)
        lines.append(Int32(truncatingIfNeeded: line))
        communes.append(UInt16(truncatingIfNeeded: commune))
        offsets.append(UInt32(truncatingIfNeeded: arena.count))
        arena.append(contentsOf: reference)
        // Load factor at most 0.7.
        if lines.count * 10 > slots.count * 7 { grow() }
        return nil
    }

    /// Doubles the table; the hashes are computed again from the keys kept.
    ///
    /// The old table is freed before the new one is made (the keys, not the slots, are read
    /// again): a million keys' table briefly held 8 + 16 MiB, now 16 MiB.
    private mutating func grow() {
        let size = slots.count * 2
        slots = []
        var fresh = [UInt64](repeating: 0, count: size)
        let freshMask = size - 1
        arena.withUnsafeBufferPointer { bytes in
            for entry in 0..<lines.count {
                let start = Int(offsets[entry])
                let end = entry + 1 < offsets.count ? Int(offsets[entry + 1]) : bytes.count
                let hash = byteHash(UnsafeBufferPointer(rebasing: bytes[start..<end]), seed: UInt64(communes[entry]))
                var slot = Int(truncatingIfNeeded: hash) & freshMask
                while fresh[slot] != 0 { slot = (slot + 1) & freshMask }
                fresh[slot] = Self.tag(hash) | UInt64(entry + 1)
            }
        }
        slots = fresh
        mask = freshMask
    }
}
