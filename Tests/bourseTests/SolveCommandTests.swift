import Foundation
import Testing

/// Parses a run's standard output as a JSON object.
private func answer(_ run: CLIRun) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: run.stdoutBytes)
    return try #require(value as? [String: Any], "not a JSON object: \(run)")
}

/// The resident → hospital map of an answer, `nil` for a JSON null.
private func residentToHospital(_ answer: [String: Any]) throws -> [String: String?] {
    let object = try #require(answer["resident_to_hospital"] as? [String: Any], "resident_to_hospital: \(answer)")
    var result: [String: String?] = [:]
    for (resident, value) in object {
        if value is NSNull {
            result[resident] = .some(nil)
        } else {
            result[resident] = .some(try #require(value as? String, "\(resident): \(value)"))
        }
    }
    return result
}

private func hospitalToResidents(_ answer: [String: Any]) throws -> [String: [String]] {
    let object = try #require(answer["hospital_to_residents"] as? [String: Any], "hospital_to_residents: \(answer)")
    return try object.mapValues { try #require($0 as? [String], "\($0)") }
}

private func assignmentMap(_ answer: [String: Any]) throws -> [String: String?] {
    let object = try #require(answer["assignment"] as? [String: Any], "assignment: \(answer)")
    var result: [String: String?] = [:]
    for (row, value) in object {
        result[row] = value is NSNull ? .some(nil) : .some(try #require(value as? String, "\(row): \(value)"))
    }
    return result
}

private func number(_ value: Any?) -> Double? {
    switch value {
    case let value as Double: value
    case let value as Int: Double(value)
    case let value as NSNumber: value.doubleValue
    default: nil
    }
}

/// A classic instance with two stable matchings.
private let classicProfile = #"""
    {"kind": "hospital_residents", "OPTIMAL_ENTRY"
     "residents": {"S1": {"prefs": ["P1", "P2"]}, "S2": {"prefs": ["P2", "P1"]}},
     "hospitals": {"P1": {"capacity": 1, "prefs": ["S2", "S1"]}, "P2": {"prefs": ["S1", "S2"]}}}
    """#

private func classic(optimal: String?) -> String {
    classicProfile.replacingOccurrences(of: #""OPTIMAL_ENTRY""#, with: optimal.map { #""optimal": "\#($0)","# } ?? "")
}

@Suite("bourse solve")
struct SolveCommandTests {
    @Test func solvesAHospitalResidentsProfile() throws {
        let folder = try WorkFolder()
        // S1 lists P2 first but P2 does not list S1 (one-sided); S3 lists nobody; P1 prefers S2.
        let path = try folder.write("profil.json", #"""
            {"kind": "hospital_residents", "optimal": "resident",
             "residents": {"S1": {"prefs": ["P2", "P1"]}, "S2": {"prefs": ["P1"]}, "S3": {"prefs": []}},
             "hospitals": {"P1": {"capacity": 1, "prefs": ["S2", "S1"]}, "P2": {"capacity": 2, "prefs": ["S3"]}}}
            """#)
        let run = try folder.bourse("solve", path)
        #expect(run.status == 0, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stderr.isEmpty, "\(run)")
        let json = try answer(run)
        #expect(Set(json.keys) == ["resident_to_hospital", "hospital_to_residents"])
        #expect(try residentToHospital(json) == ["S1": nil, "S2": "P1", "S3": nil])
        #expect(try hospitalToResidents(json) == ["P1": ["S2"], "P2": []])
        // Every resident appears, unmatched ones as an explicit null.
        let raw = try #require(json["resident_to_hospital"] as? [String: Any])
        #expect(raw["S1"] is NSNull)
        #expect(raw["S3"] is NSNull)
    }

    @Test func theOptimalSideChangesTheAnswer() throws {
        let folder = try WorkFolder()
        let residentSide = try answer(try folder.bourse("solve", try folder.write("r.json", classic(optimal: "resident"))))
        let defaultSide = try answer(try folder.bourse("solve", try folder.write("d.json", classic(optimal: nil))))
        let hospitalSide = try answer(try folder.bourse("solve", try folder.write("h.json", classic(optimal: "hospital"))))
        #expect(try residentToHospital(residentSide) == ["S1": "P1", "S2": "P2"])
        #expect(try residentToHospital(defaultSide) == ["S1": "P1", "S2": "P2"])
        #expect(try residentToHospital(hospitalSide) == ["S1": "P2", "S2": "P1"])
        #expect(try hospitalToResidents(hospitalSide) == ["P1": ["S2"], "P2": ["S1"]])
    }

    @Test func hospitalResidentsListsFollowTheHospitalsOrder() throws {
        let folder = try WorkFolder()
        let path = try folder.write("cap.json", #"""
            {"kind": "hospital_residents",
             "residents": {"A": {"prefs": ["P"]}, "B": {"prefs": ["P"]}, "C": {"prefs": ["P"]}, "D": {"prefs": ["P"]}},
             "hospitals": {"P": {"capacity": 3, "prefs": ["C", "A", "D", "B"]}}}
            """#)
        let json = try answer(try folder.bourse("solve", path))
        #expect(try hospitalToResidents(json) == ["P": ["C", "A", "D"]])
        #expect(try residentToHospital(json) == ["A": "P", "B": nil, "C": "P", "D": "P"])
    }

    @Test func solvesAnAssignmentProfile() throws {
        let folder = try WorkFolder()
        // 12 + 8 = 20 beats 10 alone; S3 has only forbidden pairs.
        let path = try folder.write("affectation.json", #"""
            {"kind": "assignment", "rows": ["S1", "S2", "S3"], "cols": ["P1", "P2"],
             "scores": [[10, 12], [8, null], [null, null]]}
            """#)
        let run = try folder.bourse("solve", path)
        #expect(run.status == 0, "\(run)")
        #expect(run.hasNoBacktrace)
        let json = try answer(run)
        #expect(Set(json.keys) == ["assignment", "total"])
        #expect(try assignmentMap(json) == ["S1": "P2", "S2": "P1", "S3": nil])
        #expect(number(json["total"]) == 20)
        #expect(run.stdout.contains("\"total\" : 20") || run.stdout.contains("\"total\": 20"), "an integer total prints without decimals: \(run.stdout)")
    }

    @Test func fractionalAndEmptyAssignmentTotals() throws {
        let folder = try WorkFolder()
        let fractional = try answer(try folder.bourse("solve", try folder.write("f.json",
            #"{"kind": "assignment", "rows": ["S1", "S2"], "cols": ["P1"], "scores": [[0.25], [-1]]}"#)))
        #expect(number(fractional["total"]) == 0.25)
        #expect(try assignmentMap(fractional) == ["S1": "P1", "S2": nil])

        let empty = try answer(try folder.bourse("solve", try folder.write("e.json",
            #"{"kind": "assignment", "rows": [], "cols": [], "scores": []}"#)))
        #expect(number(empty["total"]) == 0)
        #expect(try assignmentMap(empty).isEmpty)

        let emptyHR = try folder.bourse("solve", try folder.write("ehr.json", #"{"kind": "hospital_residents", "residents": {}, "hospitals": {}}"#))
        #expect(emptyHR.status == 0, "\(emptyHR)")
        let emptyAnswer = try answer(emptyHR)
        #expect(try residentToHospital(emptyAnswer).isEmpty)
        #expect(try hospitalToResidents(emptyAnswer).isEmpty)
    }

    @Test func outWritesTheAnswerToAFile() throws {
        let folder = try WorkFolder()
        let path = try folder.write("r.json", classic(optimal: "hospital"))
        let run = try folder.bourse("solve", path, "--out", "reponse.json")
        #expect(run.status == 0, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(!run.stdout.contains("resident_to_hospital"), "the answer goes to the file, not stdout: \(run)")
        #expect(folder.exists("reponse.json"))
        let data = try folder.contents("reponse.json")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(try residentToHospital(json) == ["S1": "P2", "S2": "P1"])
        // The same bytes as on standard output.
        let printed = try folder.bourse("solve", path)
        #expect(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            == printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        // An existing file is replaced.
        let again = try folder.bourse("solve", try folder.write("a.json", #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[3]]}"#), "--out", "reponse.json")
        #expect(again.status == 0, "\(again)")
        let replaced = try #require(try JSONSerialization.jsonObject(with: try folder.contents("reponse.json")) as? [String: Any])
        #expect(number(replaced["total"]) == 3)
        #expect(replaced["resident_to_hospital"] == nil)
    }

    @Test func outToAMissingFolderIsAUserError() throws {
        let folder = try WorkFolder()
        let path = try folder.write("r.json", classic(optimal: nil))
        let run = try folder.bourse("solve", path, "--out", folder.file("absent/reponse.json"))
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur : "), "\(run)")
        #expect(run.hasNoBacktrace)
    }

    @Test func timingsGoToStandardError() throws {
        let folder = try WorkFolder()
        let path = try folder.write("r.json", classic(optimal: nil))
        let run = try folder.bourse("solve", path, "--timings")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("lecture :"), "\(run)")
        #expect(run.stderr.contains("résolution :"), "\(run)")
        #expect(!run.stdout.contains("lecture :"))
        #expect(try residentToHospital(try answer(run)) == ["S1": "P1", "S2": "P2"], "stdout is still pure JSON")
        // Without the flag, nothing on stderr.
        let quiet = try folder.bourse("solve", path)
        #expect(!quiet.stderr.contains("lecture"))
    }

    @Test(arguments: [
        ("mal formé", #"{"kind": "hospital_residents", "residents": {"#),
        ("fichier vide", ""),
        ("pas un objet", "[1, 2, 3]"),
        ("kind absent", #"{"residents": {}, "hospitals": {}}"#),
        ("kind inconnu", #"{"kind": "roommates"}"#),
        ("résident inconnu", #"{"kind": "hospital_residents", "residents": {"S1": {}}, "hospitals": {"P1": {"prefs": ["S9"]}}}"#),
        ("hôpital inconnu", #"{"kind": "hospital_residents", "residents": {"S1": {"prefs": ["P9"]}}, "hospitals": {"P1": {}}}"#),
        ("doublon", #"{"kind": "hospital_residents", "residents": {"S1": {"prefs": ["P1", "P1"]}}, "hospitals": {"P1": {}}}"#),
        ("capacité négative", #"{"kind": "hospital_residents", "residents": {}, "hospitals": {"P1": {"capacity": -2}}}"#),
        ("capacité décimale", #"{"kind": "hospital_residents", "residents": {}, "hospitals": {"P1": {"capacity": 1.5}}}"#),
        ("capacité booléenne", #"{"kind": "hospital_residents", "residents": {}, "hospitals": {"P1": {"capacity": true}}}"#),
        ("prefs pas une liste", #"{"kind": "hospital_residents", "residents": {"S1": {"prefs": "P1"}}, "hospitals": {"P1": {}}}"#),
        ("optimal inconnu", #"{"kind": "hospital_residents", "optimal": "both", "residents": {}, "hospitals": {}}"#),
        ("ligne trop courte", #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1", "P2"], "scores": [[1]]}"#),
        ("lignes manquantes", #"{"kind": "assignment", "rows": ["S1", "S2"], "cols": ["P1"], "scores": [[1]]}"#),
        ("cellule texte", #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [["1"]]}"#),
        ("cellule booléenne", #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[false]]}"#),
        ("lignes en double", #"{"kind": "assignment", "rows": ["S1", "S1"], "cols": ["P1"], "scores": [[1], [2]]}"#),
    ])
    func badProfilesAreUserErrors(name: String, text: String) throws {
        let folder = try WorkFolder()
        let path = try folder.write("profil.json", text)
        let run = try folder.bourse("solve", path)
        #expect(run.status == 1, "\(name): \(run)")
        #expect(run.stderr.hasPrefix("erreur : profil invalide"), "\(name): \(run)")
        #expect(run.stdout.isEmpty, "\(name): \(run)")
        #expect(run.hasNoBacktrace, "\(name): \(run)")
    }

    /// Finite scores whose total overflows a Double: the answer cannot be written as JSON. The
    /// command must still fail cleanly in French (today: an English `EncodingError` text).
    @Test func overflowingTotalIsAFrenchError() throws {
        let folder = try WorkFolder()
        let path = try folder.write("enorme.json", #"{"kind": "assignment", "rows": ["S1", "S2"], "cols": ["P1", "P2"], "scores": [[1e308, 1e308], [1e308, 1e308]]}"#)
        let run = try folder.bourse("solve", path)
        #expect(run.status == 1, "\(run)")
        #expect(run.hasNoBacktrace, "\(run)")
        #expect(run.stderr.hasPrefix("erreur : "), "\(run)")
        #expect(!run.stderr.contains("EncodingError"), "an internal English message: \(run)")
        #expect(!run.stderr.contains("Unable to encode"), "an internal English message: \(run)")
    }

    @Test func badProfileWithOutWritesNoFile() throws {
        let folder = try WorkFolder()
        let path = try folder.write("profil.json", "{")
        let run = try folder.bourse("solve", path, "--out", "reponse.json")
        #expect(run.status == 1, "\(run)")
        #expect(!folder.exists("reponse.json"))
    }

    @Test func missingFileIsAUserError() throws {
        let folder = try WorkFolder()
        let run = try folder.bourse("solve", "absent.json")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur : "), "\(run)")
        #expect(run.stderr.contains("absent.json"), "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stdout.isEmpty)
    }

    @Test func aFolderIsNotAProfile() throws {
        let folder = try WorkFolder()
        try FileManager.default.createDirectory(atPath: folder.file("dossier"), withIntermediateDirectories: true)
        let run = try folder.bourse("solve", "dossier")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.hasPrefix("erreur : "), "\(run)")
        #expect(run.hasNoBacktrace)
    }

    @Test func usageErrorsExitTwo() throws {
        let folder = try WorkFolder()
        let none = try folder.bourse("solve")
        #expect(none.status == 2, "\(none)")
        #expect(none.hasNoBacktrace)
        let unknownOption = try folder.bourse("solve", "p.json", "--bogus")
        #expect(unknownOption.status == 2, "\(unknownOption)")
        let missingOut = try folder.bourse("solve", "p.json", "--out")
        #expect(missingOut.status == 2, "\(missingOut)")
    }

    @Test func helpDescribesTheFormats() throws {
        let folder = try WorkFolder()
        let run = try folder.bourse("solve", "--help")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("hospital_residents"))
        #expect(run.stdout.contains("assignment"))
        #expect(run.stdout.contains("--out"))
        #expect(run.stdout.contains("--timings"))
    }

    /// End to end on a random profile of 300 residents and 60 hospitals: the printed matching
    /// is valid and stable, checked here from the profile alone (the audit use case).
    @Test func randomProfileAnswerIsStable() throws {
        var state: UInt64 = 0xB0_5E5E
        func random(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let residents = (0..<300).map { "S\($0)" }
        let hospitals = (0..<60).map { "P\($0)" }
        var residentPrefs: [String: [String]] = [:]
        for resident in residents {
            var list: [String] = []
            for _ in 0..<random(8) {
                let hospital = hospitals[random(hospitals.count)]
                if !list.contains(hospital) { list.append(hospital) }
            }
            residentPrefs[resident] = list
        }
        var hospitalPrefs: [String: [String]] = [:]
        var capacities: [String: Int] = [:]
        for hospital in hospitals {
            var list = residents.filter { residentPrefs[$0]!.contains(hospital) && random(10) < 8 }
            list.append(residents[random(residents.count)])
            var unique: [String] = []
            for resident in list where !unique.contains(resident) { unique.append(resident) }
            for index in stride(from: unique.count - 1, to: 0, by: -1) { unique.swapAt(index, random(index + 1)) }
            hospitalPrefs[hospital] = unique
            capacities[hospital] = random(4)
        }
        let profile: [String: Any] = [
            "kind": "hospital_residents",
            "residents": residentPrefs.mapValues { ["prefs": $0] },
            "hospitals": Dictionary(uniqueKeysWithValues: hospitals.map { ($0, ["capacity": capacities[$0]!, "prefs": hospitalPrefs[$0]!] as [String: Any]) }),
        ]
        let folder = try WorkFolder()
        let data = try JSONSerialization.data(withJSONObject: profile)
        let path = folder.file("grand.json")
        try data.write(to: URL(fileURLWithPath: path))

        for optimal in ["resident", "hospital"] {
            var withSide = profile
            withSide["optimal"] = optimal
            try JSONSerialization.data(withJSONObject: withSide).write(to: URL(fileURLWithPath: path))
            let run = try folder.bourse("solve", path)
            #expect(run.status == 0, "\(run)")
            let json = try answer(run)
            let assigned = try residentToHospital(json)
            let held = try hospitalToResidents(json)
            #expect(Set(assigned.keys) == Set(residents))
            #expect(Set(held.keys) == Set(hospitals))
            func rank(_ list: [String], _ id: String?) -> Int { id.flatMap { list.firstIndex(of: $0) } ?? Int.max }
            for hospital in hospitals {
                let holders = held[hospital]!
                #expect(holders.count <= capacities[hospital]!, "\(hospital) over capacity")
                #expect(holders.map { rank(hospitalPrefs[hospital]!, $0) } == holders.map { rank(hospitalPrefs[hospital]!, $0) }.sorted())
                for resident in holders {
                    #expect((assigned[resident] ?? nil) == hospital)
                    #expect(residentPrefs[resident]!.contains(hospital) && hospitalPrefs[hospital]!.contains(resident), "\(resident)–\(hospital) not mutual")
                }
            }
            for resident in residents {
                let own = rank(residentPrefs[resident]!, assigned[resident] ?? nil)
                for hospital in residentPrefs[resident]! where hospitalPrefs[hospital]!.contains(resident) {
                    guard rank(residentPrefs[resident]!, hospital) < own else { continue }
                    let holders = held[hospital]!
                    let free = holders.count < capacities[hospital]!
                    let mine = rank(hospitalPrefs[hospital]!, resident)
                    let worse = holders.contains { rank(hospitalPrefs[hospital]!, $0) > mine }
                    #expect(!free && !worse, "\(optimal): (\(resident), \(hospital)) blocks")
                }
            }
        }
    }
}
