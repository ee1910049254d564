import BourseCore

/// The JSON answers of `bourse solve` (DESIGN.md, Matching, point 5), written straight as UTF-8
/// bytes: keys in the order of the sorted identifiers, one entry per line.
public enum SolverAnswer {
    /// `{"hospital_to_residents": {"P1": ["S1"]}, "resident_to_hospital": {"S1": "P1", "S2": null}}`.
    /// - Parameters:
    ///   - residents: identifiers of the residents, sorted (the profile's order).
    ///   - hospitals: identifiers of the hospitals, sorted.
    public static func hospitalResidents(_ matching: HospitalResidentsMatching, residents: [String], hospitals: [String]) -> [UInt8] {
        var writer = JSONByteWriter()
        writer.reserve(32 * (residents.count + hospitals.count) + 64)
        writer.raw("{\n  \"hospital_to_residents\": {")
        for (index, id) in hospitals.enumerated() {
            writer.raw(index == 0 ? "\n    " : ",\n    ")
            writer.string(id)
            writer.raw(": [")
            for (position, resident) in matching.hospitalToResidents[index].enumerated() {
                if position > 0 { writer.raw(", ") }
                writer.string(residents[resident])
            }
            writer.raw("]")
        }
        writer.raw(hospitals.isEmpty ? "},\n  \"resident_to_hospital\": {" : "\n  },\n  \"resident_to_hospital\": {")
        for (index, id) in residents.enumerated() {
            writer.raw(index == 0 ? "\n    " : ",\n    ")
            writer.string(id)
            writer.raw(": ")
            if let hospital = matching.residentToHospital[index] {
                writer.string(hospitals[hospital])
            } else {
                writer.raw("null")
            }
        }
        writer.raw(residents.isEmpty ? "}\n}\n" : "\n  }\n}\n")
        return writer.bytes
    }

    /// `{"assignment": {"S1": "P2", "S2": null}, "total": 18}`, rows in sorted order.
    /// - Returns: `nil` when the total is not a finite number (it cannot be written in JSON).
    public static func assignment(rows: [String], columns: [String], assignment: [Int?], total: Double) -> [UInt8]? {
        guard total.isFinite else { return nil }
        var writer = JSONByteWriter()
        writer.reserve(32 * rows.count + 64)
        writer.raw("{\n  \"assignment\": {")
        let order = rows.indices.sorted { Array(rows[$0].utf8).lexicographicallyPrecedes(rows[$1].utf8) }
        for (index, row) in order.enumerated() {
            writer.raw(index == 0 ? "\n    " : ",\n    ")
            writer.string(rows[row])
            writer.raw(": ")
            if let column = assignment[row] {
                writer.string(columns[column])
            } else {
                writer.raw("null")
            }
        }
        writer.raw(rows.isEmpty ? "},\n  \"total\": " : "\n  },\n  \"total\": ")
        writer.number(total)
        writer.raw("\n}\n")
        return writer.bytes
    }
}

/// Appends JSON text to a byte array.
struct JSONByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    /// Appends ASCII text as it is.
    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string literal: quotes, backslashes and control characters escaped, the rest
    /// (including non-ASCII text and `/`) as UTF-8.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var clean = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<index]))
                clean = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a finite number: an integer without a fraction when it is one (below 10^15),
    /// else the shortest text that reads back as the same `Double`.
    mutating func number(_ value: Double) {
        if value == value.rounded() && abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }
}
