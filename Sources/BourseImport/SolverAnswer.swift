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

/// Profiles for `bourse solve` written from a round's ranked lists (`bourse round export`),
/// straight as UTF-8 bytes: millions of pairs without a Foundation object each.
public enum SolverProfileWriter {
    /// A Hospitals/Residents profile: every need is a resident listing its eligible premises best
    /// first; every premises some need can take is a hospital of capacity 1 listing its
    /// candidates by priority.
    public static func hospitalResidents(_ lists: RoundPreferences) -> [UInt8] {
        var writer = JSONByteWriter()
        writer.reserve(12 * 2 * lists.pairCount + 64 * (lists.needReferences.count + lists.premisesIDs.count) + 256)
        writer.raw("{\n  \"kind\": \"hospital_residents\",\n  \"optimal\": \"resident\",\n  \"residents\": {")
        for (need, reference) in lists.needReferences.enumerated() {
            writer.raw(need == 0 ? "\n    " : ",\n    ")
            writer.string(reference)
            writer.raw(": {\"prefs\": [")
            for (offset, slot) in lists.needLists.range(need).enumerated() {
                if offset > 0 { writer.raw(", ") }
                writer.string(lists.premisesIDs[Int(lists.needLists.members[slot])])
            }
            writer.raw("]}")
        }
        writer.raw(lists.needReferences.isEmpty ? "},\n  \"hospitals\": {" : "\n  },\n  \"hospitals\": {")
        var first = true
        for (premises, id) in lists.premisesIDs.enumerated() where !lists.premisesLists.range(premises).isEmpty {
            writer.raw(first ? "\n    " : ",\n    ")
            first = false
            writer.string(id)
            writer.raw(": {\"capacity\": 1, \"prefs\": [")
            for (offset, slot) in lists.premisesLists.range(premises).enumerated() {
                if offset > 0 { writer.raw(", ") }
                writer.string(lists.needReferences[Int(lists.premisesLists.members[slot])])
            }
            writer.raw("]}")
        }
        writer.raw(first ? "}\n}\n" : "\n  }\n}\n")
        return writer.bytes
    }

    /// An assignment profile: rows are the needs, columns the premises some need can take (both
    /// sorted), scores of eligible pairs, null elsewhere.
    public static func assignment(_ lists: RoundPreferences) -> [UInt8] {
        var listed = [Bool](repeating: false, count: lists.premisesIDs.count)
        for member in lists.needLists.members { listed[Int(member)] = true }
        var column = [Int](repeating: -1, count: lists.premisesIDs.count)
        var columns: [String] = []
        for (premises, id) in lists.premisesIDs.enumerated() where listed[premises] {
            column[premises] = columns.count
            columns.append(id)
        }
        var writer = JSONByteWriter()
        writer.raw("{\n  \"kind\": \"assignment\",\n  \"rows\": [")
        for (index, reference) in lists.needReferences.enumerated() {
            if index > 0 { writer.raw(", ") }
            writer.string(reference)
        }
        writer.raw("],\n  \"cols\": [")
        for (index, id) in columns.enumerated() {
            if index > 0 { writer.raw(", ") }
            writer.string(id)
        }
        writer.raw("],\n  \"scores\": [")
        var line = [Double](repeating: .nan, count: columns.count)
        for need in 0..<lists.needReferences.count {
            for index in line.indices { line[index] = .nan }
            for slot in lists.needLists.range(need) { line[column[Int(lists.needLists.members[slot])]] = lists.needScores[slot] }
            writer.raw(need == 0 ? "\n    [" : ",\n    [")
            for (index, score) in line.enumerated() {
                if index > 0 { writer.raw(", ") }
                if score.isNaN { writer.raw("null") } else { writer.number(score) }
            }
            writer.raw("]")
        }
        writer.raw(lists.needReferences.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        return writer.bytes
    }
}
