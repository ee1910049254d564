import BourseTestSupport
import BourseCore
@testable import BourseStore
import Foundation
import GRDB
import Testing

/// Random ranked lists over `needs` needs and `premises` premises: each need lists distinct
/// premises; each premises lists the needs that listed it, shuffled. Scores in tenths, or any
/// double when `anyScores`.
private func randomPreferences(needs: Int, premises: Int, anyScores: Bool, _ random: inout SplitMix64) -> RoundPreferences {
    var needLists = FlatLists()
    var needScores: [Double] = []
    var byPremises = [[(Int32, Double)]](repeating: [], count: premises)
    for need in 0..<needs {
        var chosen = Set<Int>()
        for _ in 0..<random.below(min(premises, 12) + 1) { chosen.insert(random.below(max(premises, 1))) }
        for member in chosen.sorted() {
            let score = anyScores ? Double(bitPattern: random.next() >> 2) : Double(random.below(1001)) / 10
            needLists.append(Int32(member))
            needScores.append(score)
            byPremises[member].append((Int32(need), score))
        }
        needLists.endList()
    }
    var premisesLists = FlatLists()
    var premisesScores: [Double] = []
    for var list in byPremises {
        for index in stride(from: list.count - 1, to: 0, by: -1) { list.swapAt(index, random.below(index + 1)) }
        for (need, score) in list {
            premisesLists.append(need)
            premisesScores.append(score)
        }
        premisesLists.endList()
    }
    return RoundPreferences(
        needReferences: (0..<needs).map { String(format: "B%04d", $0) }, premisesIDs: (0..<premises).map { String($0 + 1) }.sorted(),
        needLists: needLists, needScores: needScores, premisesLists: premisesLists, premisesScores: premisesScores)
}

private func sameLists(_ a: RoundPreferences, _ b: RoundPreferences) -> Bool {
    a.needReferences == b.needReferences && a.premisesIDs == b.premisesIDs && a.needLists == b.needLists && a.premisesLists == b.premisesLists
        && a.needScores.map(\.bitPattern) == b.needScores.map(\.bitPattern) && a.premisesScores.map(\.bitPattern) == b.premisesScores.map(\.bitPattern)
}

/// Stores `preferences` as the lists of a new round (with no proposal) and returns its number.
private func store(_ preferences: RoundPreferences, in db: BourseDatabase) throws -> Int64 {
    let result = RoundResult(proposals: [], unmatched: [], preferences: preferences)
    return try db.saveRound(result, input: RoundInput(needs: [], premises: [], premisesIDs: [:], needIDs: [:]),
                            parameters: MatchingParameters(date: CivilDate(iso: "2026-06-01") ?? CivilDate(iso: "2026-01-01")!), inputHash: "h")
}

@Suite("Appariement : listes d'un tour enregistrées en BLOB (round_lists)")
struct RoundListStorageTests {
    @Test func codecRoundTripsTenthsAndOtherScores() throws {
        var random = SplitMix64(state: 5)
        for round in 0..<300 {
            let count = random.below(40)
            let members = (0..<count).map { _ in Int32(bitPattern: UInt32(truncatingIfNeeded: random.next())) }
            let tenths = round % 2 == 0
            let scores: [Double] = (0..<count).map { _ in tenths ? Double(random.below(1001)) / 10 : Double(bitPattern: random.next()) }
            var memberBytes: [UInt8] = []
            var scoreBytes: [UInt8] = []
            RoundListCodec.members(members[...], into: &memberBytes)
            RoundListCodec.scores(scores[...], into: &scoreBytes)
            #expect(memberBytes.count == 4 * count)
            if tenths { #expect(scoreBytes.count == 2 * count, "tenths take two bytes") }
            var decodedMembers: [Int32] = []
            var decodedScores: [Double] = []
            try memberBytes.withUnsafeBytes { m in
                try scoreBytes.withUnsafeBytes { s in try RoundListCodec.decode(members: m, scores: s, into: &decodedMembers, &decodedScores) }
            }
            #expect(decodedMembers == members)
            #expect(decodedScores.map(\.bitPattern) == scores.map(\.bitPattern), "exact, NaN and signs included")
        }
        // Little-endian on every platform.
        var bytes: [UInt8] = []
        RoundListCodec.members([1, -2, 0x0102_0304][...], into: &bytes)
        #expect(bytes == [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 4, 3, 2, 1])
        RoundListCodec.scores([0.5, 100][...], into: &bytes)
        #expect(bytes == [5, 0, 0xE8, 0x03])
        // A score that is not a tenth (or outside 0–100) keeps the whole list in doubles.
        RoundListCodec.scores([0.5, 12.34][...], into: &bytes)
        #expect(bytes.count == 16)
        RoundListCodec.scores([-0.5][...], into: &bytes)
        #expect(bytes.count == 8)
    }

    @Test func codecRefusesLengthsThatDoNotFit() {
        let cases: [([UInt8], [UInt8])] = [([1, 0, 0], []), ([1, 0, 0, 0], [1]), ([1, 0, 0, 0], [1, 0, 0]), ([1, 0, 0, 0, 2, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0])]
        for (members, scores) in cases {
            var decodedMembers: [Int32] = []
            var decodedScores: [Double] = []
            #expect(throws: RoundListCodec.DecodingError.self) {
                try members.withUnsafeBytes { m in
                    try scores.withUnsafeBytes { s in try RoundListCodec.decode(members: m, scores: s, into: &decodedMembers, &decodedScores) }
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func storedListsReadBackExactly(anyScores: Bool) throws {
        let db = try freshDatabase()
        var random = SplitMix64(state: anyScores ? 11 : 12)
        let sizes = [(0, 0), (1, 0), (0, 3), (300, 200), (50, 1)]
        var stored: [(Int64, RoundPreferences)] = []
        for (needs, premises) in sizes {
            let preferences = randomPreferences(needs: needs, premises: premises, anyScores: anyScores, &random)
            stored.append((try store(preferences, in: db), preferences))
        }
        for (id, preferences) in stored {
            let read = try db.roundPreferences(id)
            #expect(sameLists(read, preferences), "round \(id)")
            #expect(try db.rounds().first { $0.id == id }?.preferences.isEmpty == true)
        }
        // Only non-empty lists take a row.
        let rows = try db.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM round_lists WHERE members = x''") }
        #expect(rows == 0)
    }

    /// A round stored before round_lists (its lists as one JSON text) still reads.
    @Test func roundsStoredAsJSONStillRead() throws {
        let db = try freshDatabase()
        let text = #"{"besoins": {"B2": [["10", "75.5"], ["9", "50"]], "B1": [], "B3": [["9", "12.25"]]}, "locaux": {"9": [["B3", "12.25"], ["B2", "50"]], "10": [["B2", "75.5"]]}}"#
        try db.writer.write { db in
            try db.execute(sql: """
                INSERT INTO rounds (date, run_at, strategy, seed, parameters, input_hash, needs, premises, proposals, total_score, preferences, unmatched)
                VALUES ('2026-01-01', '2026-01-01T00:00:00', 'stable', 1, '{}', 'h', 3, 2, 0, 0, ?, '{}')
                """, arguments: [text])
        }
        let read = try db.roundPreferences(1)
        #expect(read.needReferences == ["B1", "B2", "B3"])
        #expect(read.premisesIDs == ["10", "9"], "sorted as text, like the round's own order")
        #expect(read.preferences(ofNeed: "B2")?.map(\.premises) == ["10", "9"])
        #expect(read.preferences(ofNeed: "B2")?.map(\.score) == [75.5, 50])
        #expect(read.preferences(ofNeed: "B1")?.isEmpty == true)
        #expect(read.candidates(ofPremises: "9")?.map(\.need) == ["B3", "B2"])
        #expect(read.candidates(ofPremises: "9")?.map(\.score) == [12.25, 50])
        #expect(read.candidates(ofPremises: "11") == nil)

        // An unreadable text is a French store error, not a crash.
        try db.writer.write { db in try db.execute(sql: "UPDATE rounds SET preferences = '{\"besoins\": {\"B1\": [[\"9\"]]}}' WHERE id = 1") }
        #expect(throws: StoreError.self) { try db.roundPreferences(1) }
        #expect(throws: StoreError.self) { try db.roundPreferences(42) }
    }

    @Test func damagedListsAreAStoreError() throws {
        let db = try freshDatabase()
        var random = SplitMix64(state: 3)
        let id = try store(randomPreferences(needs: 20, premises: 10, anyScores: false, &random), in: db)
        try db.writer.write { db in try db.execute(sql: "UPDATE round_lists SET scores = x'01' WHERE round_id = ? AND side = 0", arguments: [id]) }
        #expect(throws: StoreError.self) { try db.roundPreferences(id) }
        let other = try store(randomPreferences(needs: 20, premises: 10, anyScores: false, &random), in: db)
        try db.writer.write { db in try db.execute(sql: "UPDATE round_lists SET members = x'FF000000' || substr(members, 5) WHERE round_id = ? AND side = 0", arguments: [other]) }
        #expect(throws: StoreError.self) { try db.roundPreferences(other) }
    }
}
