import BourseAudit
import BourseCore
import Foundation
import Testing

private func parse(_ text: String) throws -> SolverProfile {
    try SolverProfile.parse(Data(text.utf8))
}

/// The error a profile is refused with, or `nil` when it is accepted.
private func failure(_ text: String) -> SolverProfileError? {
    do {
        _ = try SolverProfile.parse(Data(text.utf8))
        return nil
    } catch {
        return error
    }
}

private struct WrongKind: Error {
    var profile: String
}

private struct HospitalResidentsProfile {
    var instance: HospitalResidentsInstance
    var residents: [String]
    var hospitals: [String]
    var residentOptimal: Bool
}

private func hospitalResidents(_ text: String) throws -> HospitalResidentsProfile {
    let profile = try parse(text)
    guard case let .hospitalResidents(instance, residents, hospitals, residentOptimal) = profile else {
        throw WrongKind(profile: "\(profile)")
    }
    return HospitalResidentsProfile(instance: instance, residents: residents, hospitals: hospitals, residentOptimal: residentOptimal)
}

private func assignment(_ text: String) throws -> (rows: [String], columns: [String], scores: [Double]) {
    let profile = try parse(text)
    guard case let .assignment(rows, columns, scores) = profile else {
        throw WrongKind(profile: "\(profile)")
    }
    return (rows, columns, scores)
}

/// A hospital_residents profile with the given residents and hospitals objects.
private func hr(_ residents: String, _ hospitals: String, optimal: String? = nil) -> String {
    let optimalEntry = optimal.map { #""optimal": \#($0), "# } ?? ""
    return #"{"kind": "hospital_residents", \#(optimalEntry)"residents": \#(residents), "hospitals": \#(hospitals)}"#
}

private func isMalformed(_ error: SolverProfileError?) -> Bool {
    if case .malformed = error { return true }
    return false
}

@Suite("Profils de préférences pour bourse solve")
struct SolverProfileTests {
    // MARK: Hospitals/Residents

    @Test func validHospitalResidentsProfile() throws {
        // Identifiers are given out of order; they come back sorted and the lists follow.
        let profile = try hospitalResidents(hr(
            #"{"S2": {"prefs": ["P2", "P1"]}, "S1": {"prefs": ["P1"]}, "S3": {"prefs": []}}"#,
            #"{"P2": {"capacity": 2, "prefs": ["S1", "S2"]}, "P1": {"capacity": 1, "prefs": ["S3", "S2"]}}"#))
        #expect(profile.residents == ["S1", "S2", "S3"])
        #expect(profile.hospitals == ["P1", "P2"])
        #expect(profile.instance.residentPreferences == [[0], [1, 0], []])
        #expect(profile.instance.hospitalPreferences == [[2, 1], [0, 1]])
        #expect(profile.instance.capacities == [1, 2])
        #expect(profile.residentOptimal, "resident-optimal by default")
    }

    @Test func designDocumentExample() throws {
        let profile = try hospitalResidents(#"""
            {"kind": "hospital_residents", "optimal": "resident", "residents": {"S1": {"prefs": ["P2", "P1"]}},
             "hospitals": {"P1": {"capacity": 1, "prefs": ["S1"]}, "P2": {"prefs": []}}}
            """#)
        #expect(profile.residents == ["S1"])
        #expect(profile.hospitals == ["P1", "P2"])
        #expect(profile.instance.residentPreferences == [[1, 0]])
        #expect(profile.residentOptimal)
        let matching = DeferredAcceptance.solve(profile.instance, residentOptimal: profile.residentOptimal)
        #expect(matching.residentToHospital == [0], "P2 does not list S1: one-sided")
    }

    @Test func optimalSide() throws {
        let residents = #"{"S1": {"prefs": ["P1"]}}"#
        let hospitals = #"{"P1": {"prefs": ["S1"]}}"#
        #expect(try hospitalResidents(hr(residents, hospitals, optimal: #""resident""#)).residentOptimal)
        #expect(try !hospitalResidents(hr(residents, hospitals, optimal: #""hospital""#)).residentOptimal)
        #expect(try hospitalResidents(hr(residents, hospitals)).residentOptimal)
        for bad in [#""hospitals""#, #""Resident""#, "1", "true", "null", #"["hospital"]"#] {
            #expect(isMalformed(failure(hr(residents, hospitals, optimal: bad))), "optimal: \(bad)")
        }
    }

    @Test func capacityDefaultsToOneAndPrefsToEmpty() throws {
        let profile = try hospitalResidents(hr(#"{"S1": {}, "S2": {"prefs": ["P1"]}}"#, #"{"P1": {"prefs": ["S2"]}, "P2": {}}"#))
        #expect(profile.instance.capacities == [1, 1])
        #expect(profile.instance.residentPreferences == [[], [0]])
        #expect(profile.instance.hospitalPreferences == [[1], []])
    }

    @Test func capacityZeroAndLarge() throws {
        let profile = try hospitalResidents(hr(#"{"S1": {"prefs": ["P1", "P2"]}}"#, #"{"P1": {"capacity": 0, "prefs": ["S1"]}, "P2": {"capacity": 250, "prefs": ["S1"]}}"#))
        #expect(profile.instance.capacities == [0, 250])
    }

    @Test func emptyProfile() throws {
        let profile = try hospitalResidents(hr("{}", "{}"))
        #expect(profile.residents.isEmpty)
        #expect(profile.hospitals.isEmpty)
        #expect(profile.instance.residentCount == 0 && profile.instance.hospitalCount == 0)
    }

    @Test func unicodeIdentifiersAreKept() throws {
        let profile = try hospitalResidents(hr(#"{"Régie de quartier « Sud »": {"prefs": ["Local n° 3"]}}"#, #"{"Local n° 3": {"prefs": ["Régie de quartier « Sud »"]}}"#))
        #expect(profile.residents == ["Régie de quartier « Sud »"])
        #expect(profile.hospitals == ["Local n° 3"])
        #expect(profile.instance.residentPreferences == [[0]])
    }

    // MARK: Errors

    @Test func malformedJSON() {
        for text in ["", "{", #"{"kind": "assignment",}"#, "not json", #"{"kind": 'hospital_residents'}"#] {
            #expect(isMalformed(failure(text)), "\(text)")
        }
    }

    @Test func rootMustBeAnObject() {
        for text in ["[]", "[1, 2]", #""hospital_residents""#, "42", "null"] {
            #expect(isMalformed(failure(text)), "\(text)")
        }
    }

    @Test func missingOrUnknownKind() {
        #expect(isMalformed(failure(#"{"residents": {}, "hospitals": {}}"#)))
        #expect(isMalformed(failure(#"{"kind": "stable_marriage", "residents": {}, "hospitals": {}}"#)))
        #expect(isMalformed(failure(#"{"kind": 1, "residents": {}, "hospitals": {}}"#)))
        #expect(isMalformed(failure(#"{"kind": null, "residents": {}, "hospitals": {}}"#)))
        #expect(isMalformed(failure(#"{"kind": "Hospital_Residents", "residents": {}, "hospitals": {}}"#)))
    }

    @Test func missingSides() {
        #expect(isMalformed(failure(#"{"kind": "hospital_residents", "hospitals": {}}"#)))
        #expect(isMalformed(failure(#"{"kind": "hospital_residents", "residents": {}}"#)))
        #expect(isMalformed(failure(hr("[]", "{}"))))
        #expect(isMalformed(failure(hr("{}", #"["P1"]"#))))
    }

    @Test func unknownIdentifierOnEitherSide() {
        #expect(failure(hr(#"{"S1": {"prefs": ["P1", "P9"]}}"#, #"{"P1": {"prefs": ["S1"]}}"#))
            == .unknownIdentifier(owner: "S1", id: "P9", expected: "hôpital"))
        #expect(failure(hr(#"{"S1": {"prefs": ["P1"]}}"#, #"{"P1": {"prefs": ["S1", "S9"]}}"#))
            == .unknownIdentifier(owner: "P1", id: "S9", expected: "résident"))
        // A resident citing a resident is as unknown as any other name.
        #expect(failure(hr(#"{"S1": {"prefs": ["S1"]}}"#, #"{"P1": {}}"#))
            == .unknownIdentifier(owner: "S1", id: "S1", expected: "hôpital"))
    }

    @Test func duplicateInAListIsRefused() {
        #expect(failure(hr(#"{"S1": {"prefs": ["P1", "P2", "P1"]}}"#, #"{"P1": {}, "P2": {}}"#))
            == .duplicate(owner: "S1", id: "P1"))
        #expect(failure(hr(#"{"S1": {}, "S2": {}}"#, #"{"P1": {"prefs": ["S2", "S2"]}}"#))
            == .duplicate(owner: "P1", id: "S2"))
    }

    @Test func capacityMustBeANonNegativeInteger() {
        let residents = #"{"S1": {"prefs": ["P1"]}}"#
        #expect(failure(hr(residents, #"{"P1": {"capacity": -1, "prefs": ["S1"]}}"#)) == .negativeCapacity(id: "P1", capacity: -1))
        #expect(failure(hr(residents, #"{"P1": {"capacity": -3}}"#)) == .negativeCapacity(id: "P1", capacity: -3))
        for bad in ["1.5", "0.1", "-0.5", #""2""#, "true", "false", "null", "[1]", "{}", "1e300"] {
            #expect(isMalformed(failure(hr(residents, #"{"P1": {"capacity": \#(bad), "prefs": ["S1"]}}"#))), "capacity \(bad)")
        }
    }

    @Test func booleanCapacityIsRefused() {
        // Foundation hands JSON booleans over as NSNumber: `true` must not pass for 1.
        let error = failure(hr(#"{"S1": {"prefs": ["P1"]}}"#, #"{"P1": {"capacity": true, "prefs": ["S1"]}}"#))
        #expect(isMalformed(error), "got \(String(describing: error))")
    }

    @Test func prefsMustBeAListOfIdentifiers() {
        #expect(isMalformed(failure(hr(#"{"S1": {"prefs": "P1"}}"#, #"{"P1": {}}"#))))
        #expect(isMalformed(failure(hr(#"{"S1": {"prefs": {"P1": 1}}}"#, #"{"P1": {}}"#))))
        #expect(isMalformed(failure(hr(#"{"S1": {}}"#, #"{"P1": {"prefs": "S1"}}"#))))
        #expect(isMalformed(failure(hr(#"{"S1": {"prefs": [1]}}"#, #"{"P1": {}}"#))))
        #expect(isMalformed(failure(hr(#"{"S1": {"prefs": [null]}}"#, #"{"P1": {}}"#))))
        #expect(isMalformed(failure(hr(#"{"S1": {"prefs": [["P1"]]}}"#, #"{"P1": {}}"#))))
        // An entry must be an object.
        #expect(isMalformed(failure(hr(#"{"S1": ["P1"]}"#, #"{"P1": {}}"#))))
        #expect(isMalformed(failure(hr(#"{"S1": {}}"#, #"{"P1": 1}"#))))
    }

    @Test func errorsReadInFrench() {
        let errors: [SolverProfileError] = [
            .malformed("JSON mal formé"),
            .unknownIdentifier(owner: "S1", id: "P9", expected: "hôpital"),
            .duplicate(owner: "S1", id: "P1"),
            .negativeCapacity(id: "P1", capacity: -1),
        ]
        for error in errors {
            let text = error.errorDescription ?? ""
            #expect(text.hasPrefix("profil invalide : "), "\(text)")
        }
        #expect(SolverProfileError.unknownIdentifier(owner: "S1", id: "P9", expected: "hôpital").errorDescription?.contains("P9") == true)
        #expect(SolverProfileError.negativeCapacity(id: "P1", capacity: -1).errorDescription?.contains("-1") == true)
        // Every refusal of a real profile names its problem.
        for text in ["{", "[]", #"{"kind": "x"}"#, hr(#"{"S1": {"prefs": ["P1", "P1"]}}"#, #"{"P1": {}}"#)] {
            let description = failure(text)?.errorDescription ?? ""
            #expect(description.hasPrefix("profil invalide : "), "\(text) → \(description)")
            #expect(description.count > "profil invalide : ".count + 5)
        }
    }

    // MARK: Assignment

    @Test func validAssignmentProfile() throws {
        let profile = try assignment(#"""
            {"kind": "assignment", "rows": ["S2", "S1"], "cols": ["P1", "P2", "P3"],
             "scores": [[10, null, 3.5], [-2, 0, 100]]}
            """#)
        #expect(profile.rows == ["S2", "S1"], "rows keep their order: they index the matrix")
        #expect(profile.columns == ["P1", "P2", "P3"])
        #expect(profile.scores.count == 6)
        #expect(profile.scores[0] == 10)
        #expect(profile.scores[1].isNaN, "null = forbidden")
        #expect(profile.scores[2] == 3.5)
        #expect(Array(profile.scores[3...]) == [-2, 0, 100])
    }

    @Test func designDocumentAssignmentExample() throws {
        let profile = try assignment(#"{"kind": "assignment", "rows": ["S1", "S2"], "cols": ["P1", "P2"], "scores": [[10, null], [8, 9]]}"#)
        let result = AssignmentSolver.maximise(scores: profile.scores, rows: profile.rows.count, columns: profile.columns.count)
        #expect(result.assignment == [0, 1])
        #expect(result.total == 19)
    }

    @Test func emptyAssignmentProfile() throws {
        let profile = try assignment(#"{"kind": "assignment", "rows": [], "cols": [], "scores": []}"#)
        #expect(profile.rows.isEmpty && profile.columns.isEmpty && profile.scores.isEmpty)
        let noColumns = try assignment(#"{"kind": "assignment", "rows": ["S1"], "cols": [], "scores": [[]]}"#)
        #expect(noColumns.rows == ["S1"] && noColumns.scores.isEmpty)
    }

    @Test func duplicateRowsOrColumns() {
        #expect(failure(#"{"kind": "assignment", "rows": ["S1", "S1"], "cols": ["P1"], "scores": [[1], [2]]}"#)
            == .duplicate(owner: "rows", id: "S1"))
        #expect(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1", "P2", "P1"], "scores": [[1, 2, 3]]}"#)
            == .duplicate(owner: "cols", id: "P1"))
    }

    @Test func matrixShapeMustMatch() {
        // A row too short, a row too long.
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1", "S2"], "cols": ["P1", "P2"], "scores": [[1, 2], [3]]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1", "P2"], "scores": [[1, 2, 3]]}"#)))
        // Too few rows, too many rows.
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1", "S2"], "cols": ["P1"], "scores": [[1]]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[1], [2]]}"#)))
        // A row that is not a list.
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [1]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [null]}"#)))
    }

    @Test func cellsMustBeNumbersOrNull() {
        for cell in [#""10""#, "true", "false", "[1]", "{}", #""""#] {
            let text = #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1", "P2"], "scores": [[1, \#(cell)]]}"#
            #expect(isMalformed(failure(text)), "cell \(cell)")
        }
    }

    @Test func booleanCellIsRefused() {
        let error = failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[true]]}"#)
        #expect(isMalformed(error), "got \(String(describing: error))")
    }

    @Test func missingAssignmentParts() {
        #expect(isMalformed(failure(#"{"kind": "assignment", "cols": ["P1"], "scores": [[1]]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "scores": [[1]]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": [1], "cols": ["P1"], "scores": [[1]]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": "P1", "scores": [[1]]}"#)))
        #expect(isMalformed(failure(#"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": {"S1": [1]}}"#)))
    }
}
