import BourseTestSupport
import BourseCore
import Testing

// MARK: - Test support (independent of the solver)

/// A seeded generator, so every random instance can be replayed from its seed.
private typealias MatchingRNG = SplitMix64

/// An independent view of an instance: positions in each list, and acceptability.
private struct Reference {
    let instance: HospitalResidentsInstance
    /// `residentRank[r][h]`: position of `h` in `r`'s list.
    let residentRank: [[Int: Int]]
    /// `hospitalRank[h][r]`: position of `r` in `h`'s list.
    let hospitalRank: [[Int: Int]]

    init(_ instance: HospitalResidentsInstance) {
        self.instance = instance
        residentRank = instance.residentPreferences.map { list in
            var ranks: [Int: Int] = [:]
            for (position, hospital) in list.enumerated() { ranks[hospital] = ranks[hospital] ?? position }
            return ranks
        }
        hospitalRank = instance.hospitalPreferences.map { list in
            var ranks: [Int: Int] = [:]
            for (position, resident) in list.enumerated() { ranks[resident] = ranks[resident] ?? position }
            return ranks
        }
    }

    var residentCount: Int { instance.residentCount }
    var hospitalCount: Int { instance.hospitalCount }

    func acceptable(_ resident: Int, _ hospital: Int) -> Bool {
        residentRank[resident][hospital] != nil && hospitalRank[hospital][resident] != nil
    }

    /// Rank of a resident's hospital; unmatched is worse than any listed hospital.
    func rankOfResident(_ resident: Int, in assignment: [Int?]) -> Int {
        guard let hospital = assignment[resident] else { return Int.max }
        return residentRank[resident][hospital] ?? Int.max
    }

    /// Residents of each hospital, from a resident → hospital assignment.
    func holders(_ assignment: [Int?]) -> [[Int]] {
        var result = [[Int]](repeating: [], count: hospitalCount)
        for (resident, hospital) in assignment.enumerated() {
            if let hospital { result[hospital].append(resident) }
        }
        return result
    }

    /// Blocking pairs, computed from scratch: both list each other, the resident prefers the
    /// hospital to its own (or has none), and the hospital has a free seat or holds someone worse.
    func blockingPairs(_ assignment: [Int?]) -> Set<Pair> {
        let held = holders(assignment)
        var pairs = Set<Pair>()
        for resident in 0..<residentCount {
            let own = rankOfResident(resident, in: assignment)
            for hospital in 0..<hospitalCount where acceptable(resident, hospital) {
                guard residentRank[resident][hospital]! < own else { continue }
                let capacity = instance.capacities[hospital]
                let mine = hospitalRank[hospital][resident]!
                let freeSeat = held[hospital].count < capacity
                let holdsWorse = held[hospital].contains { hospitalRank[hospital][$0]! > mine }
                if freeSeat || holdsWorse { pairs.insert(Pair(resident: resident, hospital: hospital)) }
            }
        }
        return pairs
    }

    /// Every matching (capacities respected, only mutually acceptable pairs), by backtracking.
    func allMatchings() -> [[Int?]] {
        var results: [[Int?]] = []
        var assignment = [Int?](repeating: nil, count: residentCount)
        var seats = instance.capacities
        func place(_ resident: Int) {
            if resident == residentCount {
                results.append(assignment)
                return
            }
            assignment[resident] = nil
            place(resident + 1)
            for hospital in 0..<hospitalCount where seats[hospital] > 0 && acceptable(resident, hospital) {
                seats[hospital] -= 1
                assignment[resident] = hospital
                place(resident + 1)
                assignment[resident] = nil
                seats[hospital] += 1
            }
        }
        place(0)
        return results
    }

    func stableMatchings() -> [[Int?]] {
        allMatchings().filter { blockingPairs($0).isEmpty }
    }

    /// Problems that make `matching` not a valid matching of this instance (empty when valid).
    func problems(_ matching: HospitalResidentsMatching) -> [String] {
        var problems: [String] = []
        guard matching.residentToHospital.count == residentCount else {
            return ["residentToHospital has \(matching.residentToHospital.count) entries for \(residentCount) residents"]
        }
        guard matching.hospitalToResidents.count == hospitalCount else {
            return ["hospitalToResidents has \(matching.hospitalToResidents.count) entries for \(hospitalCount) hospitals"]
        }
        for (resident, hospital) in matching.residentToHospital.enumerated() {
            guard let hospital else { continue }
            guard (0..<hospitalCount).contains(hospital) else {
                problems.append("resident \(resident) matched to unknown hospital \(hospital)")
                continue
            }
            if !acceptable(resident, hospital) { problems.append("pair (\(resident), \(hospital)) is not mutually acceptable") }
            if !matching.hospitalToResidents[hospital].contains(resident) {
                problems.append("resident \(resident) → \(hospital) missing from hospitalToResidents")
            }
        }
        for (hospital, residents) in matching.hospitalToResidents.enumerated() {
            if residents.count > instance.capacities[hospital] {
                problems.append("hospital \(hospital) holds \(residents.count) for capacity \(instance.capacities[hospital])")
            }
            if Set(residents).count != residents.count { problems.append("hospital \(hospital) holds a resident twice") }
            for resident in residents {
                guard (0..<residentCount).contains(resident) else {
                    problems.append("hospital \(hospital) holds unknown resident \(resident)")
                    continue
                }
                if matching.residentToHospital[resident] != hospital {
                    problems.append("hospital \(hospital) holds \(resident), whose hospital is \(String(describing: matching.residentToHospital[resident]))")
                }
            }
            let positions = residents.map { hospitalRank[hospital][$0] ?? Int.max }
            if positions != positions.sorted() {
                problems.append("hospital \(hospital) residents \(residents) are not in its order of preference")
            }
        }
        return problems
    }

    /// A random valid matching (not necessarily stable).
    func randomMatching(_ rng: inout MatchingRNG) -> [Int?] {
        var seats = instance.capacities
        var assignment = [Int?](repeating: nil, count: residentCount)
        for resident in rng.shuffled(Array(0..<residentCount)) {
            let options = (0..<hospitalCount).filter { seats[$0] > 0 && acceptable(resident, $0) }
            guard !options.isEmpty, rng.chance(75) else { continue }
            let hospital = options[rng.below(options.count)]
            seats[hospital] -= 1
            assignment[resident] = hospital
        }
        return assignment
    }
}

private struct Pair: Hashable, CustomStringConvertible {
    var resident: Int
    var hospital: Int
    var description: String { "(r\(resident), h\(hospital))" }
}

/// A random instance: random incomplete lists (so some entries are one-sided) and capacities.
private func randomInstance(
    _ rng: inout MatchingRNG, residents: ClosedRange<Int>, hospitals: ClosedRange<Int>, capacities: ClosedRange<Int>,
    density densities: ClosedRange<Int> = 20...95, conflict: Bool = false
) -> HospitalResidentsInstance {
    let residentCount = rng.inRange(residents)
    let hospitalCount = rng.inRange(hospitals)
    // A per-instance density, so some instances are sparse and some nearly complete.
    let density = rng.inRange(densities)
    let residentPreferences = (0..<residentCount).map { _ in
        rng.shuffled(Array(0..<hospitalCount)).filter { _ in rng.chance(density) }
    }
    let hospitalPreferences = (0..<hospitalCount).map { hospital -> [Int] in
        guard conflict else { return rng.shuffled(Array(0..<residentCount)).filter { _ in rng.chance(density) } }
        // Conflicting tastes (several stable matchings are then common): a hospital tends to
        // prefer the residents who rank it low.
        let keyed = (0..<residentCount).map { resident -> (key: Int, resident: Int) in
            let position = residentPreferences[resident].firstIndex(of: hospital) ?? rng.below(hospitalCount + 1)
            return (position * 10 + rng.below(15), resident)
        }
        return keyed.sorted { ($0.key, $0.resident) > ($1.key, $1.resident) }.map(\.resident).filter { _ in rng.chance(density) }
    }
    let capacityList = (0..<hospitalCount).map { _ in rng.inRange(capacities) }
    return HospitalResidentsInstance(
        residentPreferences: residentPreferences, hospitalPreferences: hospitalPreferences, capacities: capacityList)
}

private func describe(_ instance: HospitalResidentsInstance) -> String {
    "residents \(instance.residentPreferences), hospitals \(instance.hospitalPreferences), capacities \(instance.capacities)"
}

// MARK: - Tests

@Suite("Acceptation différée (hôpitaux/résidents)")
struct DeferredAcceptanceTests {
    // MARK: Hand-worked examples

    /// r0: h0 > h1, r1: h1 > h0; h0: r1 > r0, h1: r0 > r1. Two stable matchings: the residents
    /// get their first choices when they propose, the hospitals theirs when they propose.
    @Test func classicTwoByTwoDependsOnTheProposingSide() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [1, 0]], hospitalPreferences: [[1, 0], [0, 1]], capacities: [1, 1])
        let residentOptimal = DeferredAcceptance.solve(instance)
        #expect(residentOptimal.residentToHospital == [0, 1])
        #expect(residentOptimal.hospitalToResidents == [[0], [1]])
        #expect(DeferredAcceptance.solve(instance, residentOptimal: true) == residentOptimal, "residents propose by default")

        let hospitalOptimal = DeferredAcceptance.solve(instance, residentOptimal: false)
        #expect(hospitalOptimal.residentToHospital == [1, 0])
        #expect(hospitalOptimal.hospitalToResidents == [[1], [0]])

        #expect(DeferredAcceptance.blockingPairs(instance, residentOptimal).isEmpty)
        #expect(DeferredAcceptance.blockingPairs(instance, hospitalOptimal).isEmpty)
        let reference = Reference(instance)
        #expect(Set(reference.stableMatchings().map { $0.map { $0 ?? -1 } }) == [[0, 1], [1, 0]])
    }

    /// The cyclic 3 × 3 instance has three stable matchings: residents' firsts, everyone's
    /// seconds, hospitals' firsts.
    @Test func cyclicThreeByThreeHasThreeStableMatchings() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1, 2], [1, 2, 0], [2, 0, 1]],
            hospitalPreferences: [[1, 2, 0], [2, 0, 1], [0, 1, 2]],
            capacities: [1, 1, 1])
        #expect(DeferredAcceptance.solve(instance).residentToHospital == [0, 1, 2])
        #expect(DeferredAcceptance.solve(instance, residentOptimal: false).residentToHospital == [2, 0, 1])
        let stable = Set(Reference(instance).stableMatchings().map { $0.map { $0 ?? -1 } })
        #expect(stable == [[0, 1, 2], [1, 2, 0], [2, 0, 1]])
        // The middle one really blocks nothing, by the solver's own check too.
        let middle = HospitalResidentsMatching(residentToHospital: [1, 2, 0], hospitalToResidents: [[2], [0], [1]])
        #expect(DeferredAcceptance.blockingPairs(instance, middle).isEmpty)
    }

    /// h0 has two seats and is everyone's first choice; it keeps its two best proposers and the
    /// others fall back to h1 (which does not list r3).
    @Test func capacityTwoKeepsTheBestProposers() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [0, 1], [0, 1], [0]],
            hospitalPreferences: [[3, 1, 0, 2], [0, 1, 2]],
            capacities: [2, 2])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            #expect(matching.residentToHospital == [1, 0, 1, 0], "residentOptimal \(residentOptimal)")
            #expect(matching.hospitalToResidents == [[3, 1], [0, 2]], "in each hospital's order of preference")
            #expect(Reference(instance).problems(matching).isEmpty)
        }
    }

    /// A larger capacity where resident- and hospital-proposing differ.
    @Test func capacityTwoWithTwoStableMatchings() {
        // h0 (2 seats) prefers r2, r3 but they prefer h1 (2 seats), which prefers r0, r1, who
        // prefer h0.
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [0, 1], [1, 0], [1, 0]],
            hospitalPreferences: [[2, 3, 0, 1], [0, 1, 2, 3]],
            capacities: [2, 2])
        let residentOptimal = DeferredAcceptance.solve(instance)
        #expect(residentOptimal.residentToHospital == [0, 0, 1, 1])
        #expect(residentOptimal.hospitalToResidents == [[0, 1], [2, 3]])
        let hospitalOptimal = DeferredAcceptance.solve(instance, residentOptimal: false)
        #expect(hospitalOptimal.residentToHospital == [1, 1, 0, 0])
        #expect(hospitalOptimal.hospitalToResidents == [[2, 3], [0, 1]])
    }

    /// A hospital with no seat takes nobody, whoever lists it first.
    @Test func capacityZeroTakesNobody() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [0, 1], [0]],
            hospitalPreferences: [[0, 1, 2], [1, 0, 2]],
            capacities: [0, 1])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            #expect(matching.hospitalToResidents[0].isEmpty)
            #expect(matching.residentToHospital == [nil, 1, nil], "h1 takes r1, its first choice")
            #expect(matching.hospitalToResidents == [[], [1]])
            #expect(DeferredAcceptance.blockingPairs(instance, matching).isEmpty)
        }
        // Every hospital closed: nobody is matched.
        let closed = HospitalResidentsInstance(
            residentPreferences: [[0], [0]], hospitalPreferences: [[0, 1]], capacities: [0])
        #expect(DeferredAcceptance.solve(closed).residentToHospital == [nil, nil])
        #expect(DeferredAcceptance.solve(closed, residentOptimal: false).residentToHospital == [nil, nil])
    }

    /// A pair listed by one side only is never matched, even with free seats on both sides.
    @Test func oneSidedEntriesAreIgnored() {
        // r0 lists h0, h0 does not list r0. h1 lists r1, r1 does not list h1. r2 and h1 list each other.
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0], [], [1]],
            hospitalPreferences: [[2], [1, 2]],
            capacities: [3, 3])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            #expect(matching.residentToHospital == [nil, nil, 1], "residentOptimal \(residentOptimal)")
            #expect(matching.hospitalToResidents == [[], [2]])
            #expect(DeferredAcceptance.blockingPairs(instance, matching).isEmpty)
        }
        // The solver's blocking check ignores one-sided pairs too: r0 unmatched with h0 free is no block.
        let empty = HospitalResidentsMatching(residentToHospital: [nil, nil, nil], hospitalToResidents: [[], []])
        let pairs = DeferredAcceptance.blockingPairs(instance, empty).map { Pair(resident: $0.resident, hospital: $0.hospital) }
        #expect(Set(pairs) == [Pair(resident: 2, hospital: 1)])
    }

    @Test func emptyInstances() {
        let nothing = HospitalResidentsInstance(residentPreferences: [], hospitalPreferences: [], capacities: [])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(nothing, residentOptimal: residentOptimal)
            #expect(matching.residentToHospital.isEmpty)
            #expect(matching.hospitalToResidents.isEmpty)
        }
        let noHospitals = HospitalResidentsInstance(residentPreferences: [[], []], hospitalPreferences: [], capacities: [])
        let noResidents = HospitalResidentsInstance(residentPreferences: [], hospitalPreferences: [[], []], capacities: [1, 2])
        let emptyLists = HospitalResidentsInstance(residentPreferences: [[], []], hospitalPreferences: [[], []], capacities: [1, 1])
        for residentOptimal in [true, false] {
            #expect(DeferredAcceptance.solve(noHospitals, residentOptimal: residentOptimal)
                == HospitalResidentsMatching(residentToHospital: [nil, nil], hospitalToResidents: []))
            #expect(DeferredAcceptance.solve(noResidents, residentOptimal: residentOptimal)
                == HospitalResidentsMatching(residentToHospital: [], hospitalToResidents: [[], []]))
            #expect(DeferredAcceptance.solve(emptyLists, residentOptimal: residentOptimal)
                == HospitalResidentsMatching(residentToHospital: [nil, nil], hospitalToResidents: [[], []]))
        }
    }

    /// A resident listing nobody stays unmatched, even when hospitals list it first, and the
    /// others are matched as if it were absent.
    @Test func residentListingNobodyStaysUnmatched() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[], [0, 1], [0, 1]],
            hospitalPreferences: [[0, 2, 1], [0, 1, 2]],
            capacities: [1, 1])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            #expect(matching.residentToHospital == [nil, 1, 0], "residentOptimal \(residentOptimal)")
            #expect(DeferredAcceptance.blockingPairs(instance, matching).isEmpty)
        }
        let without = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [0, 1]], hospitalPreferences: [[1, 0], [0, 1]], capacities: [1, 1])
        #expect(DeferredAcceptance.solve(without).residentToHospital == [1, 0])
    }

    /// A hospital listing nobody stays empty.
    @Test func hospitalListingNobodyStaysEmpty() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [0, 1]], hospitalPreferences: [[], [1, 0]], capacities: [2, 1])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            #expect(matching.residentToHospital == [nil, 1])
            #expect(matching.hospitalToResidents == [[], [1]])
        }
    }

    /// Lists are strict: a hospital's residents come out in its exact order of preference and
    /// a resident always lands on the best hospital that accepts it, never on an equal one.
    @Test func strictListsGiveOneOrderOfResidents() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0], [0], [0], [0], [0]],
            hospitalPreferences: [[3, 0, 4, 1, 2]],
            capacities: [4])
        for residentOptimal in [true, false] {
            let matching = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
            #expect(matching.hospitalToResidents == [[3, 0, 4, 1]])
            #expect(matching.residentToHospital == [0, 0, nil, 0, 0])
        }
    }

    /// `blockingPairs` on hand-made unstable matchings.
    @Test func blockingPairsOnHandMadeMatchings() {
        let instance = HospitalResidentsInstance(
            residentPreferences: [[0, 1], [1, 0]], hospitalPreferences: [[0, 1], [1, 0]], capacities: [1, 1])
        // r0 with h1, r1 with h0: r0 and h0 prefer each other; r1 and h1 too.
        let crossed = HospitalResidentsMatching(residentToHospital: [1, 0], hospitalToResidents: [[1], [0]])
        let pairs = Set(DeferredAcceptance.blockingPairs(instance, crossed).map { Pair(resident: $0.resident, hospital: $0.hospital) })
        #expect(pairs == [Pair(resident: 0, hospital: 0), Pair(resident: 1, hospital: 1)])
        #expect(pairs == Reference(instance).blockingPairs([1, 0]))
        // Nobody matched: every mutually acceptable pair blocks.
        let empty = HospitalResidentsMatching(residentToHospital: [nil, nil], hospitalToResidents: [[], []])
        #expect(DeferredAcceptance.blockingPairs(instance, empty).count == 4)
    }

    // MARK: Properties on random instances

    /// 500 instances up to 7 × 5, capacities 0–2: both versions give valid matchings without a
    /// blocking pair (by an independent check, and by the solver's), the same output twice,
    /// and the same matched residents and hospital fills (rural hospitals theorem).
    @Test func randomInstancesGiveValidStableMatchings() {
        var rng = MatchingRNG(seed: 0x5EED_0001)
        for index in 0..<500 {
            let instance = randomInstance(&rng, residents: 0...7, hospitals: 0...5, capacities: 0...2, conflict: index % 2 == 1)
            let reference = Reference(instance)
            let context = "instance \(index): \(describe(instance))"
            let residentOptimal = DeferredAcceptance.solve(instance, residentOptimal: true)
            let hospitalOptimal = DeferredAcceptance.solve(instance, residentOptimal: false)
            for (name, matching) in [("resident-optimal", residentOptimal), ("hospital-optimal", hospitalOptimal)] {
                let problems = reference.problems(matching)
                #expect(problems.isEmpty, "\(name) \(problems) — \(context)")
                guard problems.isEmpty else { continue }
                let blocking = reference.blockingPairs(matching.residentToHospital)
                #expect(blocking.isEmpty, "\(name) blocked by \(blocking) — \(context)")
                #expect(DeferredAcceptance.blockingPairs(instance, matching).isEmpty, "\(name) — \(context)")
            }
            // Determinism.
            #expect(DeferredAcceptance.solve(instance, residentOptimal: true) == residentOptimal, "\(context)")
            #expect(DeferredAcceptance.solve(instance, residentOptimal: false) == hospitalOptimal, "\(context)")
            // Rural hospitals theorem.
            let matchedByResidents = Set(residentOptimal.residentToHospital.indices.filter { residentOptimal.residentToHospital[$0] != nil })
            let matchedByHospitals = Set(hospitalOptimal.residentToHospital.indices.filter { hospitalOptimal.residentToHospital[$0] != nil })
            #expect(matchedByResidents == matchedByHospitals, "matched residents differ — \(context)")
            #expect(residentOptimal.hospitalToResidents.map(\.count) == hospitalOptimal.hospitalToResidents.map(\.count),
                    "hospital fills differ — \(context)")
            // An under-filled hospital has the same residents in every stable matching.
            for hospital in 0..<instance.hospitalCount
            where residentOptimal.hospitalToResidents[hospital].count < instance.capacities[hospital] {
                #expect(residentOptimal.hospitalToResidents[hospital] == hospitalOptimal.hospitalToResidents[hospital],
                        "under-filled hospital \(hospital) — \(context)")
            }
            // Residents weakly prefer the resident-optimal matching to the hospital-optimal one.
            for resident in 0..<instance.residentCount {
                #expect(reference.rankOfResident(resident, in: residentOptimal.residentToHospital)
                        <= reference.rankOfResident(resident, in: hospitalOptimal.residentToHospital),
                        "resident \(resident) — \(context)")
            }
        }
    }

    /// Against brute force on small instances (600 instances, ≤ 6 × 4): the resident-proposing output is a
    /// stable matching that every resident likes at least as much as any stable matching; the
    /// hospital-proposing output is one every resident likes at most as much (the residents'
    /// worst); every stable matching has the same matched residents and fills.
    @Test func residentOptimalityAgainstBruteForce() {
        var rng = MatchingRNG(seed: 0x5EED_0002)
        var instancesWithSeveralStableMatchings = 0
        for index in 0..<600 {
            let instance = randomInstance(
                &rng, residents: index < 60 ? 0...6 : 3...6, hospitals: index < 60 ? 0...4 : 2...4, capacities: 0...2,
                density: index < 60 ? 20...95 : 70...100, conflict: index % 2 == 1)
            let reference = Reference(instance)
            let context = "instance \(index): \(describe(instance))"
            let stable = reference.stableMatchings()
            if stable.count > 1 { instancesWithSeveralStableMatchings += 1 }
            #expect(!stable.isEmpty, "a stable matching always exists — \(context)")
            let residentOptimal = DeferredAcceptance.solve(instance).residentToHospital
            let hospitalOptimal = DeferredAcceptance.solve(instance, residentOptimal: false).residentToHospital
            #expect(stable.contains(residentOptimal), "resident-optimal output not stable — \(context)")
            #expect(stable.contains(hospitalOptimal), "hospital-optimal output not stable — \(context)")
            let fills = reference.holders(residentOptimal).map(\.count)
            let matched = residentOptimal.map { $0 != nil }
            for other in stable {
                for resident in 0..<instance.residentCount {
                    let best = reference.rankOfResident(resident, in: residentOptimal)
                    let worst = reference.rankOfResident(resident, in: hospitalOptimal)
                    let here = reference.rankOfResident(resident, in: other)
                    #expect(best <= here, "resident \(resident) does better in \(other) than in \(residentOptimal) — \(context)")
                    #expect(worst >= here, "resident \(resident) does worse in \(other) than in \(hospitalOptimal) — \(context)")
                }
                #expect(reference.holders(other).map(\.count) == fills, "rural hospitals: fills — \(context)")
                #expect(other.map { $0 != nil } == matched, "rural hospitals: matched residents — \(context)")
            }
        }
        #expect(instancesWithSeveralStableMatchings > 10, "the generator must produce interesting instances")
    }

    /// Capacity-1 instances against brute force: the hospital-proposing output gives every
    /// hospital a resident at least as good as in any stable matching, and the
    /// resident-proposing output the worst.
    @Test func hospitalOptimalityAgainstBruteForce() {
        var rng = MatchingRNG(seed: 0x5EED_0003)
        var instancesWithSeveralStableMatchings = 0
        for index in 0..<600 {
            let instance = randomInstance(
                &rng, residents: index < 60 ? 0...6 : 3...6, hospitals: index < 60 ? 0...4 : 3...4, capacities: 1...1,
                density: index < 60 ? 20...95 : 70...100, conflict: index % 2 == 1)
            let reference = Reference(instance)
            let context = "instance \(index): \(describe(instance))"
            let stable = reference.stableMatchings()
            if stable.count > 1 { instancesWithSeveralStableMatchings += 1 }
            let hospitalOptimal = DeferredAcceptance.solve(instance, residentOptimal: false)
            let residentOptimal = DeferredAcceptance.solve(instance, residentOptimal: true)
            #expect(stable.contains(hospitalOptimal.residentToHospital), "\(context)")
            func rank(_ hospital: Int, _ holders: [[Int]]) -> Int {
                holders[hospital].first.map { reference.hospitalRank[hospital][$0] ?? Int.max } ?? Int.max
            }
            for other in stable {
                let holders = reference.holders(other)
                for hospital in 0..<instance.hospitalCount {
                    #expect(rank(hospital, hospitalOptimal.hospitalToResidents) <= rank(hospital, holders),
                            "hospital \(hospital) does better in \(other) — \(context)")
                    #expect(rank(hospital, residentOptimal.hospitalToResidents) >= rank(hospital, holders),
                            "hospital \(hospital) does worse in \(other) — \(context)")
                }
            }
        }
        #expect(instancesWithSeveralStableMatchings > 10, "the generator must produce interesting instances")
    }

    /// Renaming residents and hospitals renames the result, nothing else: the output does not
    /// depend on the order in which residents or hospitals are given.
    @Test func relabellingCommutesWithSolving() {
        var rng = MatchingRNG(seed: 0x5EED_0004)
        for index in 0..<300 {
            let instance = randomInstance(&rng, residents: 0...7, hospitals: 0...5, capacities: 0...3)
            let residentCount = instance.residentCount
            let hospitalCount = instance.hospitalCount
            // newResident[r] is the new index of resident r.
            let newResident = rng.shuffled(Array(0..<residentCount))
            let newHospital = rng.shuffled(Array(0..<hospitalCount))
            var residentPreferences = [[Int]](repeating: [], count: residentCount)
            for resident in 0..<residentCount {
                residentPreferences[newResident[resident]] = instance.residentPreferences[resident].map { newHospital[$0] }
            }
            var hospitalPreferences = [[Int]](repeating: [], count: hospitalCount)
            var capacities = [Int](repeating: 0, count: hospitalCount)
            for hospital in 0..<hospitalCount {
                hospitalPreferences[newHospital[hospital]] = instance.hospitalPreferences[hospital].map { newResident[$0] }
                capacities[newHospital[hospital]] = instance.capacities[hospital]
            }
            let renamed = HospitalResidentsInstance(
                residentPreferences: residentPreferences, hospitalPreferences: hospitalPreferences, capacities: capacities)
            for residentOptimal in [true, false] {
                let original = DeferredAcceptance.solve(instance, residentOptimal: residentOptimal)
                let relabelled = DeferredAcceptance.solve(renamed, residentOptimal: residentOptimal)
                for resident in 0..<residentCount {
                    #expect(relabelled.residentToHospital[newResident[resident]] == original.residentToHospital[resident].map { newHospital[$0] },
                            "instance \(index), residentOptimal \(residentOptimal): \(describe(instance))")
                }
                for hospital in 0..<hospitalCount {
                    #expect(relabelled.hospitalToResidents[newHospital[hospital]] == original.hospitalToResidents[hospital].map { newResident[$0] })
                }
            }
        }
    }

    /// The solver's `blockingPairs` agrees with the independent check on arbitrary (mostly
    /// unstable) valid matchings.
    @Test func blockingPairsAgreesWithAnIndependentCheck() {
        var rng = MatchingRNG(seed: 0x5EED_0005)
        var nonEmpty = 0
        for index in 0..<500 {
            let instance = randomInstance(&rng, residents: 0...7, hospitals: 0...5, capacities: 0...2)
            let reference = Reference(instance)
            let assignment = reference.randomMatching(&rng)
            let holders = reference.holders(assignment).enumerated().map { hospital, residents in
                residents.sorted { reference.hospitalRank[hospital][$0]! < reference.hospitalRank[hospital][$1]! }
            }
            let matching = HospitalResidentsMatching(residentToHospital: assignment, hospitalToResidents: holders)
            let expected = reference.blockingPairs(assignment)
            let actual = DeferredAcceptance.blockingPairs(instance, matching).map { Pair(resident: $0.resident, hospital: $0.hospital) }
            #expect(actual.count == Set(actual).count, "no pair reported twice")
            #expect(Set(actual) == expected, "instance \(index), matching \(assignment): \(describe(instance))")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 100)
    }

    /// A larger instance (2,000 residents, 300 hospitals, capacities 0–5, lists of up to 15):
    /// valid, stable, rural hospitals theorem; quick.
    @Test func largeInstanceIsStable() {
        var rng = MatchingRNG(seed: 0x5EED_0006)
        let residentCount = 2_000
        let hospitalCount = 300
        let residentPreferences = (0..<residentCount).map { _ -> [Int] in
            var chosen: [Int] = []
            for _ in 0..<rng.inRange(0...15) {
                let hospital = rng.below(hospitalCount)
                if !chosen.contains(hospital) { chosen.append(hospital) }
            }
            return chosen
        }
        // Hospitals list most residents who listed them, plus a few who did not (one-sided).
        var hospitalPreferences = [[Int]](repeating: [], count: hospitalCount)
        for (resident, list) in residentPreferences.enumerated() {
            for hospital in list where rng.chance(85) { hospitalPreferences[hospital].append(resident) }
        }
        for hospital in 0..<hospitalCount {
            for _ in 0..<3 {
                let resident = rng.below(residentCount)
                if !hospitalPreferences[hospital].contains(resident) { hospitalPreferences[hospital].append(resident) }
            }
            hospitalPreferences[hospital] = rng.shuffled(hospitalPreferences[hospital])
        }
        let capacities = (0..<hospitalCount).map { _ in rng.inRange(0...5) }
        let instance = HospitalResidentsInstance(
            residentPreferences: residentPreferences, hospitalPreferences: hospitalPreferences, capacities: capacities)
        let reference = Reference(instance)
        let residentOptimal = DeferredAcceptance.solve(instance)
        let hospitalOptimal = DeferredAcceptance.solve(instance, residentOptimal: false)
        for matching in [residentOptimal, hospitalOptimal] {
            #expect(reference.problems(matching).isEmpty)
            #expect(reference.blockingPairs(matching.residentToHospital).isEmpty)
            #expect(DeferredAcceptance.blockingPairs(instance, matching).isEmpty)
        }
        #expect(residentOptimal.hospitalToResidents.map(\.count) == hospitalOptimal.hospitalToResidents.map(\.count))
        #expect(residentOptimal.residentToHospital.filter { $0 != nil }.count > 500, "a meaningful instance")
    }
}
