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
