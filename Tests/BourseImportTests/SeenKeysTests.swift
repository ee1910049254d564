import BourseTestSupport
@testable import BourseImport
import Testing

@Suite("Doublons : clés vues, en mémoire puis dans un fichier temporaire")
struct SeenKeysTests {
    @Test func keysBeyondTheMemoryLimitAreStillFoundWithTheirFirstLine() throws {
        var seen = SeenKeys(memoryEntries: 3, memoryArenaBytes: 1 << 20)
        #expect(try seen.insert(commune: 1, reference: "A", line: 2) == nil)
        #expect(try seen.insert(commune: 1, reference: "B", line: 3) == nil)
        #expect(try seen.insert(commune: 1, reference: "C", line: 4) == nil)
        #expect(seen.counts == (3, 0))
        // Memory is full: D and E go to the temporary file.
        #expect(try seen.insert(commune: 1, reference: "D", line: 5) == nil)
        #expect(try seen.insert(commune: 1, reference: "E", line: 6) == nil)
        #expect(seen.counts == (3, 2))
        // Duplicates of keys held in memory and of spilled keys.
        #expect(try seen.insert(commune: 1, reference: "B", line: 7) == 3)
        #expect(try seen.insert(commune: 1, reference: "E", line: 8) == 6)
        #expect(try seen.insert(commune: 1, reference: "D", line: 9) == 5)
        // The same reference in another commune is another premises, in either place.
        #expect(try seen.insert(commune: 2, reference: "A", line: 10) == nil)
        #expect(try seen.insert(commune: 2, reference: "E", line: 11) == nil)
        #expect(try seen.insert(commune: 2, reference: "E", line: 12) == 11)
        #expect(seen.counts == (3, 4))
    }

    @Test func keysAreFoundAgainAfterTheTableGrows() throws {
        // Commune -1 (unknown) too: the table keeps communes in 16 bits and must rehash with them.
        var seen = SeenKeys(capacity: 16)
        let start = seen.tableSize
        for line in 0..<5_000 {
            #expect(try seen.insert(commune: line % 3 - 1, reference: "R\(line)", line: line) == nil)
        }
        #expect(seen.tableSize > start, "the table grew")
        for line in 0..<5_000 {
            #expect(try seen.insert(commune: line % 3 - 1, reference: "R\(line)", line: 10_000 + line) == line)
        }
        #expect(seen.counts == (5_000, 0))
    }

    @Test func theTableIsSizedForTheExpectedKeys() {
        #expect(SeenKeys(capacity: 1_000_000).tableSize == 1 << 21, "a million keys fit below 0.7 of the table")
        #expect(SeenKeys(capacity: 10).tableSize == 32)
        // Never sized beyond what memory may hold.
        #expect(SeenKeys(capacity: 50_000_000).tableSize == SeenKeys(capacity: SeenKeys.defaultMemoryEntries).tableSize)
    }

    @Test func theArenaLimitSpillsToo() throws {
        var seen = SeenKeys(memoryEntries: 1000, memoryArenaBytes: 8)
        #expect(try seen.insert(commune: 0, reference: "ABCDEF", line: 2) == nil)
        #expect(try seen.insert(commune: 0, reference: "GHIJKL", line: 3) == nil)
        #expect(seen.counts == (1, 1))
        #expect(try seen.insert(commune: 0, reference: "GHIJKL", line: 4) == 3)
    }

    @Test func emptyAndUnicodeReferencesSpillExactly() throws {
        var seen = SeenKeys(memoryEntries: 0, memoryArenaBytes: 0)
        #expect(try seen.insert(commune: -1, reference: "", line: 2) == nil)
        #expect(try seen.insert(commune: -1, reference: "é", line: 3) == nil)
        #expect(try seen.insert(commune: -1, reference: "e\u{301}", line: 4) == nil, "bytes compared, not canonical equivalence")
        #expect(try seen.insert(commune: -1, reference: "", line: 5) == 2)
        #expect(try seen.insert(commune: -1, reference: "é", line: 6) == 3)
        #expect(seen.counts == (0, 3))
    }

    /// Against a dictionary, on keys that collide often (few communes, short references), with
    /// limits small enough that most keys spill and the memory table grows several times.
    @Test(arguments: [(0, 0), (50, 1 << 20), (5_000, 1 << 20), (1 << 20, 300)])
    func matchesADictionary(limits: (entries: Int, arena: Int)) throws {
        var generator = SeededRandom(state: UInt64(limits.entries + limits.arena))
        var seen = SeenKeys(capacity: 16, memoryEntries: limits.entries, memoryArenaBytes: limits.arena)
        var model: [String: Int] = [:]
        for line in 2..<20_002 {
            let commune = generator.below(3)
            let reference = "R" + String(generator.below(6_000), radix: 36)
            let key = "\(commune)|\(reference)"
            let expected = model[key]
            if expected == nil { model[key] = line }
            #expect(try seen.insert(commune: commune, reference: reference, line: line) == expected)
        }
        let counts = seen.counts
        #expect(counts.memory + counts.spilled == model.count)
    }
}
