import BourseTestSupport
import BourseCore
@testable import BourseAudit
import Foundation
import Testing

/// A profile as text, to compare two readers' results.
private func canonical(_ profile: SolverProfile) -> String {
    switch profile {
    case let .hospitalResidents(instance, residents, hospitals, residentOptimal):
        return "HR optimal=\(residentOptimal ? "resident" : "hospital")\nR \(residents)\nH \(hospitals)\n"
            + "rp \(instance.residentPreferences)\nhp \(instance.hospitalPreferences)\ncap \(instance.capacities)"
    case let .assignment(rows, columns, scores):
        return "A rows \(rows)\ncols \(columns)\nscores \(scores.map { $0.isNaN ? "null" : "\($0)" })"
    }
}

private func outcome(_ read: () throws(SolverProfileError) -> SolverProfile) -> Result<String, SolverProfileError> {
    do throws(SolverProfileError) {
        return .success(canonical(try read()))
    } catch {
        return .failure(error)
    }
}

private func failure(_ text: String) -> SolverProfileError? {
    failure(Array(text.utf8))
}

private func failure(_ bytes: [UInt8]) -> SolverProfileError? {
    do {
        _ = try SolverProfile.parse(Data(bytes))
        return nil
    } catch {
        return error
    }
}

private func message(_ text: String) -> String {
    failure(text)?.errorDescription ?? "(accepté)"
}

/// Identifiers a random profile draws from: ASCII, accents, quotes and backslashes, emoji.
private let identifierPool = [
    "S1", "S2", "S10", "P1", "P2", "P00003", "Régie « Sud »", "Local n° 3", "a\"b", "c\\d", "😀", "tab\there", "", " ", "zz", "É", "e", "日本",
]

/// A random Hospitals/Residents profile as JSON text (random key order, whitespace, escapes,
/// unknown keys), possibly with one planted problem.
private func randomHospitalResidents(_ random: inout SeededRandom, problem: Int?) -> [UInt8] {
    let ids = identifierPool.shuffledWith(&random)
    let residentCount = random.below(min(8, ids.count))
    let residents = Array(ids[..<residentCount])
    let hospitals = Array(ids[residentCount..<(residentCount + random.below(ids.count - residentCount + 1))])
    func list(_ pool: [String]) -> [String] {
        Array(pool.shuffledWith(&random).prefix(random.below(pool.count + 1)))
    }
    var residentLists = Dictionary(uniqueKeysWithValues: residents.map { ($0, list(hospitals)) })
    var hospitalLists = Dictionary(uniqueKeysWithValues: hospitals.map { ($0, list(residents)) })
    var capacities: [String: String] = [:]
    for hospital in hospitals where random.chance(70) { capacities[hospital] = ["0", "1", "2", "3", "1.0", "2e0", "250", "-0"][random.below(8)] }
    var rawPrefs: [String: String] = [:]
    var rootExtra: [(String, String)] = []
    switch problem {
    case 0 where !residents.isEmpty:
        residentLists[residents[0], default: []].append("inconnu")
    case 1 where !hospitals.isEmpty:
        hospitalLists[hospitals[0], default: []].insert("S-inconnu", at: 0)
    case 2 where !residents.isEmpty && !hospitals.isEmpty:
        residentLists[residents[0]] = [hospitals[0], hospitals[0]]
    case 3 where !hospitals.isEmpty:
        capacities[hospitals[0]] = ["-1", "-3"][random.below(2)]
    case 4 where !hospitals.isEmpty:
        capacities[hospitals[0]] = ["1.5", "\"2\"", "true", "null", "[1]", "{}", "1e300"][random.below(7)]
    case 5 where !residents.isEmpty:
        rawPrefs[residents[0]] = ["\"P1\"", "{}", "[1]", "[null]", "[[\"P1\"]]", "true"][random.below(6)]
    case 6:
        rootExtra.append(("optimal", ["\"both\"", "1", "null", "[\"resident\"]"][random.below(4)]))
    case 7:
        rootExtra.append(("kind", "\"stable_marriage\""))
    default:
        break
    }
    var text: [UInt8] = []
    func raw(_ string: String) { text.append(contentsOf: Array(string.utf8)) }
    func key(_ name: String) {
        writeJSONWhitespace(&text, &random)
        writeJSONString(name, into: &text, &random)
        writeJSONWhitespace(&text, &random)
        raw(":")
        writeJSONWhitespace(&text, &random)
    }
    func entry(_ id: String, _ list: [String], capacity: String?) {
        key(id)
        var members: [String] = []
        if rawPrefs[id] != nil || !list.isEmpty || random.chance(50) { members.append("prefs") }
        if capacity != nil { members.append("capacity") }
        if random.chance(20) { members.append("note") }
        raw("{")
        for (index, member) in members.shuffledWith(&random).enumerated() {
            if index > 0 { raw(",") }
            key(member)
            switch member {
            case "prefs":
                if let value = rawPrefs[id] {
                    raw(value)
                } else {
                    raw("[")
                    for (position, item) in list.enumerated() {
                        if position > 0 { raw(",") }
                        writeJSONWhitespace(&text, &random)
                        writeJSONString(item, into: &text, &random)
                    }
                    raw("]")
                }
            case "capacity": raw(capacity ?? "1")
            default: raw(#"{"x": [1, "y", null]}"#)
            }
        }
        raw("}")
    }
    var rootMembers: [(String, String?)] = [("residents", nil), ("hospitals", nil)]
    if !rootExtra.contains(where: { $0.0 == "kind" }) { rootMembers.append(("kind", "\"hospital_residents\"")) }
    if !rootExtra.contains(where: { $0.0 == "optimal" }) && random.chance(50) {
        rootMembers.append(("optimal", random.chance(50) ? "\"resident\"" : "\"hospital\""))
    }
    rootMembers += rootExtra.map { ($0.0, $0.1) }
    if random.chance(20) { rootMembers.append(("commentaire", #""tour 12""#)) }
    if random.chance(10) { raw("\u{FEFF}") }
    raw("{")
    for (index, (name, value)) in rootMembers.shuffledWith(&random).enumerated() {
        if index > 0 { raw(",") }
        key(name)
        if let value {
            raw(value)
            continue
        }
        let hospitalSide = name == "hospitals"
        raw("{")
        for (position, id) in (hospitalSide ? hospitals : residents).shuffledWith(&random).enumerated() {
            if position > 0 { raw(",") }
            if hospitalSide {
                entry(id, hospitalLists[id] ?? [], capacity: capacities[id])
            } else {
                entry(id, residentLists[id] ?? [], capacity: nil)
            }
        }
        raw("}")
    }
    writeJSONWhitespace(&text, &random)
    raw("}")
    writeJSONWhitespace(&text, &random)
    return text
}

/// A random assignment profile, possibly with one planted problem.
private func randomAssignment(_ random: inout SeededRandom, problem: Int?) -> [UInt8] {
    let ids = identifierPool.shuffledWith(&random)
    var rows = Array(ids.prefix(random.below(6)))
    let columns = Array(ids.suffix(random.below(6)))
    if problem == 0, let first = rows.first { rows.append(first) }
    let cellForms = ["null", "0", "-3", "12.5", "-0.25", "1e3", "2.5E-2", "100", "1000000000000", "-7e1"]
    var lines: [[String]] = rows.map { _ in columns.map { _ in cellForms[random.below(cellForms.count)] } }
    switch problem {
    case 1 where !lines.isEmpty: lines[random.below(lines.count)].append("1")
    case 2 where !lines.isEmpty && !columns.isEmpty: lines[0][0] = ["\"1\"", "true", "[1]", "{}", "1e13"][random.below(5)]
    case 3: lines.append(columns.map { _ in "1" })
    default: break
    }
    var text: [UInt8] = []
    func raw(_ string: String) { text.append(contentsOf: Array(string.utf8)) }
    func key(_ name: String) {
        writeJSONWhitespace(&text, &random)
        writeJSONString(name, into: &text, &random)
        raw(":")
        writeJSONWhitespace(&text, &random)
    }
    func idList(_ list: [String]) {
        raw("[")
        for (index, id) in list.enumerated() {
            if index > 0 { raw(",") }
            writeJSONString(id, into: &text, &random)
        }
        raw("]")
    }
    raw("{")
    for (index, member) in ["kind", "rows", "cols", "scores"].shuffledWith(&random).enumerated() {
        if index > 0 { raw(",") }
        key(member)
        switch member {
        case "kind": raw("\"assignment\"")
        case "rows": idList(rows)
        case "cols": idList(columns)
        default: raw("[" + lines.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: ",\n") + "]")
        }
    }
    raw("}")
    return text
}

extension Array {
    func shuffledWith(_ random: inout SeededRandom) -> [Element] {
        var copy = self
        for index in stride(from: copy.count - 1, to: 0, by: -1) { copy.swapAt(index, random.below(index + 1)) }
        return copy
    }
}

/// The reference sorts identifiers with Swift's `<`; the byte-level reader by bytes. They agree
/// on these pools (no identifiers equal after Unicode normalisation).
@Suite("Lecture des profils octet par octet, comparée à JSONSerialization")
struct SolverProfileReaderTests {
    /// Many seeded random profiles, valid or with one planted problem: the same profile, or the
    /// same refusal (the same error for references and capacities; both "malformed" otherwise).
    @Test(arguments: 0..<4)
    func randomProfilesReadAsTheFoundationReferenceReadsThem(batch: Int) throws {
        var random = SeededRandom(state: UInt64(1000 + batch))
        var accepted = 0
        for round in 0..<500 {
            let problem: Int? = random.chance(40) ? random.below(8) : nil
            let text = batch % 2 == 0 ? randomHospitalResidents(&random, problem: problem) : randomAssignment(&random, problem: problem.map { $0 % 4 })
            let data = Data(text)
            let ours = outcome { () throws(SolverProfileError) in try SolverProfile.parse(data) }
            let reference = outcome { () throws(SolverProfileError) in try FoundationProfileReference.parse(data) }
            let shown = String(decoding: text, as: UTF8.self)
            switch (ours, reference) {
            case let (.success(a), .success(b)):
                #expect(a == b, "round \(round): \(shown)")
                accepted += 1
            case let (.failure(a), .failure(b)):
                if case .malformed = a, case .malformed = b { continue }
                #expect(a == b, "round \(round): \(shown)")
            default:
                Issue.record("round \(round): ours \(ours), reference \(reference) on \(shown)")
            }
        }
        #expect(accepted > 150, "enough valid profiles were drawn")
    }

    @Test func syntaxErrorsSayWhere() {
        let text = "{\"kind\": \"hospital_residents\",\n \"residents\": {\"S1\": {\"prefs\": [\"P1\",]}},\n \"hospitals\": {}}"
        let description = message(text)
        #expect(description.hasPrefix("profil invalide : JSON mal formé (ligne 2, colonne 38)"), "\(description)")
        #expect(message("").contains("vide"))
        #expect(message("{\"kind\": \"assignment\"").contains("ligne 1, colonne 22"), "\(message("{\"kind\": \"assignment\""))")
    }

    @Test func typeErrorsSayWhereToo() {
        let text = "{\"kind\": \"hospital_residents\", \"residents\": {},\n \"hospitals\": {\"P1\": {\"capacity\": 1.5}}}"
        let description = message(text)
        #expect(description.contains("« capacity » doit être un entier"), "\(description)")
        #expect(description.contains("ligne 2, colonne 35"), "\(description)")
    }

    /// A syntax error further on wins over a type error met first, as when a JSON parser runs
    /// before the checks.
    @Test func aSyntaxErrorWinsOverAnEarlierTypeError() {
        let text = #"{"kind": "hospital_residents", "residents": {"S1": {"prefs": "P1"}}, "hospitals": {"P1": {}}, }"#
        #expect(message(text).contains("JSON mal formé"), "\(message(text))")
        let unknownKind = #"{"kind": "roommates", "x": [1,]}"#
        #expect(message(unknownKind).contains("JSON mal formé"), "\(message(unknownKind))")
    }

    @Test func repeatedKeysAreRefused() {
        let cases = [
            (#"{"kind": "hospital_residents", "kind": "assignment", "residents": {}, "hospitals": {}}"#, "kind"),
            (#"{"kind": "hospital_residents", "residents": {"S1": {}}, "residents": {}, "hospitals": {}}"#, "residents"),
            (#"{"kind": "hospital_residents", "residents": {"S1": {}, "S1": {}}, "hospitals": {}}"#, "S1"),
            (#"{"kind": "hospital_residents", "residents": {"S\u0031": {}, "S1": {}}, "hospitals": {}}"#, "S1"),
            (#"{"kind": "hospital_residents", "residents": {}, "hospitals": {"P1": {"prefs": [], "prefs": []}}}"#, "prefs"),
            (#"{"kind": "hospital_residents", "residents": {}, "hospitals": {"P1": {"capacity": 1, "capacity": 2}}}"#, "capacity"),
            (#"{"kind": "hospital_residents", "residents": {"S1": {"note": 1, "note": 2}}, "hospitals": {}}"#, "note"),
            (#"{"kind": "hospital_residents", "residents": {}, "hospitals": {}, "meta": {"a": 1, "a": 1}}"#, "a"),
            (#"{"kind": "assignment", "rows": [], "cols": [], "scores": [], "rows": []}"#, "rows"),
        ]
        for (text, key) in cases {
            let error = failure(text)
            guard case .malformed(let reason) = error else {
                Issue.record("\(text): \(String(describing: error))")
                continue
            }
            #expect(reason.contains("« \(key) »") && reason.contains("double") && reason.contains("ligne 1"), "\(text): \(reason)")
        }
        // Foundation took the last value silently.
        #expect((try? FoundationProfileReference.parse(Data(cases[2].0.utf8))) != nil)
    }

    @Test func kindMayComeLast() throws {
        let text = #"{"hospitals": {"P1": {"prefs": ["S1"]}}, "residents": {"S1": {"prefs": ["P1"]}}, "optimal": "hospital", "kind": "hospital_residents"}"#
        guard case let .hospitalResidents(instance, residents, hospitals, residentOptimal) = try SolverProfile.parse(Data(text.utf8)) else {
            Issue.record("not a hospital_residents profile")
            return
        }
        #expect(residents == ["S1"] && hospitals == ["P1"] && !residentOptimal)
        #expect(instance.residentPreferences == [[0]] && instance.hospitalPreferences == [[0]])
        // Keys of the other kind are ignored, whatever they hold.
        let assignment = #"{"residents": 12, "rows": ["S1"], "cols": ["P1"], "scores": [[4]], "kind": "assignment"}"#
        guard case let .assignment(rows, columns, scores) = try SolverProfile.parse(Data(assignment.utf8)) else {
            Issue.record("not an assignment profile")
            return
        }
        #expect(rows == ["S1"] && columns == ["P1"] && scores == [4])
    }

    @Test func escapedIdentifiersAreTheSameIdentifiers() throws {
        let text = #"{"kind": "hospital_residents", "residents": {"R\u00e9gie \ud83d\ude00": {"prefs": ["P\/1"]}}, "hospitals": {"P/1": {"prefs": ["Régie 😀"]}}}"#
        guard case let .hospitalResidents(instance, residents, hospitals, _) = try SolverProfile.parse(Data(text.utf8)) else {
            Issue.record("not a hospital_residents profile")
            return
        }
        #expect(residents == ["Régie 😀"] && hospitals == ["P/1"])
        #expect(instance.residentPreferences == [[0]] && instance.hospitalPreferences == [[0]])
    }

    @Test func byteOrderMarkAndEncodings() throws {
        let text = #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[1]]}"#
        #expect(failure([0xEF, 0xBB, 0xBF] + Array(text.utf8)) == nil, "a UTF-8 BOM is skipped")
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        guard case .malformed(let reason) = failure(utf16) else {
            Issue.record("UTF-16 accepted")
            return
        }
        #expect(reason.contains("UTF-8"), "\(reason)")
        // Latin-1 bytes inside an identifier are not UTF-8.
        let latin1 = Array(#"{"kind": "assignment", "rows": [""#.utf8) + [0xE9] + Array(#""], "cols": [], "scores": [[]]}"#.utf8)
        guard case .malformed(let latinReason) = failure(latin1) else {
            Issue.record("Latin-1 accepted")
            return
        }
        #expect(latinReason.contains("UTF-8"), "\(latinReason)")
    }

    @Test func numbersInScores() throws {
        let text = #"{"kind": "assignment", "rows": ["S1"], "cols": ["a", "b", "c", "d", "e", "f"], "scores": [[-0, 1E2, 2.5e-1, -12.75, 1000000000000, null]]}"#
        guard case let .assignment(_, _, scores) = try SolverProfile.parse(Data(text.utf8)) else {
            Issue.record("not an assignment profile")
            return
        }
        #expect(Array(scores.prefix(5)) == [0, 100, 0.25, -12.75, 1e12])
        #expect(scores[5].isNaN)
        for bad in ["1e400", "-1e400", "1000000000001", "NaN", "01", "1.", "+1"] {
            let profile = #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[\#(bad)]]}"#
            guard case .malformed = failure(profile) else {
                Issue.record("score \(bad) accepted")
                continue
            }
        }
        // Integral capacities in any notation; others refused.
        let capacities = #"{"kind": "hospital_residents", "residents": {}, "hospitals": {"P1": {"capacity": 2.0}, "P2": {"capacity": 3e0}, "P3": {"capacity": -0}}}"#
        guard case let .hospitalResidents(instance, _, _, _) = try SolverProfile.parse(Data(capacities.utf8)) else {
            Issue.record("not a hospital_residents profile")
            return
        }
        #expect(instance.capacities == [2, 3, 0])
    }

    @Test func deepNestingInAnIgnoredKeyIsRefusedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(message(#"{"kind": "assignment", "x": \#(deep)"#).contains("imbrication"))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(failure(#"{"kind": "assignment", "x": \#(fine), "rows": [], "cols": [], "scores": []}"#) == nil)
    }

    /// Every strict prefix of a valid profile is refused as malformed JSON, never a crash.
    @Test func truncatedProfilesAreMalformed() {
        let text = Array(#"{"kind": "hospital_residents", "optimal": "resident", "residents": {"S1": {"prefs": ["P\u00e9", "P2"]}}, "hospitals": {"P\u00e9": {"capacity": 2, "prefs": ["S1"]}, "P2": {}}}"#.utf8)
        #expect(failure(text) == nil)
        for length in 0..<text.count {
            guard case .malformed(let reason) = failure(Array(text[..<length])) else {
                Issue.record("prefix of \(length) bytes accepted")
                continue
            }
            #expect(reason.contains("JSON mal formé"), "prefix of \(length) bytes: \(reason)")
        }
    }

    @Test func identifiersSortByTheirBytes() throws {
        let text = #"{"kind": "hospital_residents", "residents": {"b": {}, "B": {}, "é": {}, "a10": {}, "a2": {}, "": {}}, "hospitals": {}}"#
        guard case let .hospitalResidents(_, residents, _, _) = try SolverProfile.parse(Data(text.utf8)) else {
            Issue.record("not a hospital_residents profile")
            return
        }
        #expect(residents == ["", "B", "a10", "a2", "b", "é"])
        #expect(residents == residents.sorted(), "the same order as Swift's < for these")
    }
}

@Suite("Réponses de bourse solve écrites octet par octet")
struct SolverAnswerTests {
    private func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func hospitalResidentsAnswer() throws {
        let matching = HospitalResidentsMatching(residentToHospital: [1, nil, 1], hospitalToResidents: [[], [2, 0]])
        let ids = ["S \"1\"", "S\\2", "S\n3\u{1}"]
        let bytes = SolverAnswer.hospitalResidents(matching, residents: ids, hospitals: ["P/1", "Pé😀"])
        let object = try json(bytes)
        let assigned = try #require(object["resident_to_hospital"] as? [String: Any])
        #expect(assigned[ids[0]] as? String == "Pé😀")
        #expect(assigned[ids[1]] is NSNull)
        #expect(assigned[ids[2]] as? String == "Pé😀")
        let held = try #require(object["hospital_to_residents"] as? [String: [String]])
        #expect(held == ["P/1": [], "Pé😀": [ids[2], ids[0]]])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""S \"1\"""#) && text.contains(#""S\\2""#) && text.contains(#""S\n3\u0001""#) && text.contains("\"P/1\""))
        #expect(text.hasSuffix("}\n"))
        // Read back by our own reader too.
        #expect(try scan(bytes) != .null)
    }

    @Test func emptyAnswersAreValidJSON() throws {
        let empty = SolverAnswer.hospitalResidents(HospitalResidentsMatching(residentToHospital: [], hospitalToResidents: []), residents: [], hospitals: [])
        let object = try json(empty)
        #expect((object["resident_to_hospital"] as? [String: Any])?.isEmpty == true)
        #expect((object["hospital_to_residents"] as? [String: Any])?.isEmpty == true)
        let assignment = try #require(SolverAnswer.assignment(rows: [], columns: [], assignment: [], total: 0))
        #expect((try json(assignment)["total"] as? NSNumber)?.doubleValue == 0)
    }

    @Test(arguments: [(18.0, "18"), (0.25, "0.25"), (-3, "-3"), (1e20, "1e+20"), (-0.0, "0"), (123456789012345.5, "123456789012345.5"), (1e15, "1000000000000000.0")])
    func assignmentTotals(total: Double, text: String) throws {
        let bytes = try #require(SolverAnswer.assignment(rows: ["S2", "S1"], columns: ["P1"], assignment: [0, nil], total: total))
        let written = String(decoding: bytes, as: UTF8.self)
        #expect(written.contains("\"total\": \(text)\n"), "\(written)")
        let object = try json(bytes)
        #expect((object["total"] as? NSNumber)?.doubleValue == total)
        #expect((object["assignment"] as? [String: Any])?["S2"] as? String == "P1")
        #expect((object["assignment"] as? [String: Any])?["S1"] is NSNull)
        // Rows written in sorted order.
        #expect(written.range(of: "\"S1\"")?.lowerBound ?? written.endIndex < written.range(of: "\"S2\"")?.lowerBound ?? written.startIndex)
    }

    @Test func nonFiniteTotalsAreNotWritten() {
        #expect(SolverAnswer.assignment(rows: [], columns: [], assignment: [], total: .infinity) == nil)
        #expect(SolverAnswer.assignment(rows: [], columns: [], assignment: [], total: .nan) == nil)
    }
}
