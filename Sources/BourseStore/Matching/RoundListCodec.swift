import BourseCore

/// The packed form of a round's ranked lists in `round_lists`: `members` holds little-endian
/// Int32 positions (into the round's `need_index` or `premises_index`); `scores` holds, per
/// member, little-endian Int16 tenths of a point when every score of the list is a multiple of
/// 0.1 between 0 and 100 (as `Score.total` gives), else little-endian Float64 values. The length
/// of `scores` tells which (2 or 8 bytes per member).
enum RoundListCodec {
    enum DecodingError: Error {
        case badLength(members: Int, scores: Int)
    }

    /// The bytes of a list's members.
    static func members(_ members: ArraySlice<Int32>, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(members.count * 4)
        for member in members {
            let value = UInt32(bitPattern: member)
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            bytes.append(UInt8(truncatingIfNeeded: value >> 16))
            bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        }
    }

    /// The bytes of a list's scores (tenths when they all are, else doubles).
    static func scores(_ scores: ArraySlice<Double>, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        var tenths = true
        for score in scores {
            let scaled = (score * 10).rounded()
            if !(scaled >= 0 && scaled <= 1000 && scaled / 10 == score) {
                tenths = false
                break
            }
        }
        if tenths {
            bytes.reserveCapacity(scores.count * 2)
            for score in scores {
                let value = UInt16((score * 10).rounded())
                bytes.append(UInt8(truncatingIfNeeded: value))
                bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            }
        } else {
            bytes.reserveCapacity(scores.count * 8)
            for score in scores {
                let value = score.bitPattern
                for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            }
        }
    }

    /// Appends a stored list to `members` and `scores`.
    /// - Throws: `DecodingError` when the lengths do not fit each other.
    static func decode(members memberBytes: UnsafeRawBufferPointer, scores scoreBytes: UnsafeRawBufferPointer,
                       into members: inout [Int32], _ scores: inout [Double]) throws {
        guard memberBytes.count % 4 == 0 else { throw DecodingError.badLength(members: memberBytes.count, scores: scoreBytes.count) }
        let count = memberBytes.count / 4
        for index in 0..<count {
            let offset = index * 4
            let value = UInt32(memberBytes[offset]) | UInt32(memberBytes[offset + 1]) << 8 | UInt32(memberBytes[offset + 2]) << 16 | UInt32(memberBytes[offset + 3]) << 24
            members.append(Int32(bitPattern: value))
        }
        if scoreBytes.count == count * 2 {
            for index in 0..<count {
                let value = UInt16(scoreBytes[index * 2]) | UInt16(scoreBytes[index * 2 + 1]) << 8
                scores.append(Double(value) / 10)
            }
        } else if scoreBytes.count == count * 8 {
            for index in 0..<count {
                var value: UInt64 = 0
                for byte in 0..<8 { value |= UInt64(scoreBytes[index * 8 + byte]) << UInt64(byte * 8) }
                scores.append(Double(bitPattern: value))
            }
        } else {
            throw DecodingError.badLength(members: memberBytes.count, scores: scoreBytes.count)
        }
    }
}
