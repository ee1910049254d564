import BourseCore

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
