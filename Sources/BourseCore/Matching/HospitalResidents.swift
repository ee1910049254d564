/// A Hospitals/Residents instance: residents (ESS structures) and hospitals (premises) rank each
/// other; a pair is acceptable only if each lists the other.
///
/// Identifiers are positions: resident `r` and hospital `h` are indices into the arrays.
public struct HospitalResidentsInstance: Sendable {
    /// Each resident's hospitals, most preferred first.
    public var residentPreferences: [[Int]]
    /// Each hospital's residents, most preferred first.
    public var hospitalPreferences: [[Int]]
    /// Seats of each hospital (≥ 0).
    public var capacities: [Int]

    public init(residentPreferences: [[Int]], hospitalPreferences: [[Int]], capacities: [Int]) {
        self.residentPreferences = residentPreferences
        self.hospitalPreferences = hospitalPreferences
        self.capacities = capacities
    }

    public var residentCount: Int { residentPreferences.count }
    public var hospitalCount: Int { hospitalPreferences.count }
}

/// A matching of residents to hospitals.
public struct HospitalResidentsMatching: Sendable, Equatable {
    /// The hospital of each resident, or `nil`.
    public var residentToHospital: [Int?]
    /// The residents of each hospital, in the hospital's order of preference.
    public var hospitalToResidents: [[Int]]

    public init(residentToHospital: [Int?], hospitalToResidents: [[Int]]) {
        self.residentToHospital = residentToHospital
        self.hospitalToResidents = hospitalToResidents
    }
}

/// Deferred acceptance (Gale–Shapley) for Hospitals/Residents with capacities and incomplete lists.
///
/// The resident-proposing version gives the resident-optimal stable matching and is
/// strategy-proof for residents; the hospital-proposing version gives the hospital-optimal one.
/// Both are deterministic: the same instance gives the same matching.
///
/// Lists are restricted to acceptable pairs once, in flat arrays (no dictionary in the proposal
/// loop). An identifier listed twice counts at its first place; one out of range is ignored.
public enum DeferredAcceptance {
    /// One side's lists restricted to acceptable pairs, flattened: proposer `a`'s choices are
    /// `choice[start[a]..<start[a + 1]]`, most preferred first, and `rankAtChoice[i]` is the
    /// position of `a` in the list of `choice[i]` (lower is better).
    struct RestrictedLists {
        var start: [Int32]
        var choice: [Int32]
        var rankAtChoice: [Int32]

        /// - Parameters:
        ///   - lists: the proposers' lists.
        ///   - others: the receivers' lists.
        init(_ lists: FlatLists, others: FlatLists) {
            let proposerCount = lists.count
            let receiverCount = others.count
            // Transposed receivers' lists: for each proposer, the (receiver, position) pairs
            // where it is listed (first place only), by counting sort.
            var mentionStart = [Int32](repeating: 0, count: proposerCount + 1)
            var lastListedBy = [Int32](repeating: -1, count: proposerCount)
            for receiver in 0..<receiverCount {
                for slot in others.range(receiver) {
                    let proposer = Int(others.members[slot])
                    guard proposer >= 0 && proposer < proposerCount && lastListedBy[proposer] != Int32(receiver) else { continue }
                    lastListedBy[proposer] = Int32(receiver)
                    mentionStart[proposer + 1] += 1
                }
            }
            for proposer in 0..<proposerCount { mentionStart[proposer + 1] += mentionStart[proposer] }
            let mentionCount = Int(mentionStart[proposerCount])
            var mentionReceiver = [Int32](repeating: 0, count: mentionCount)
            var mentionRank = [Int32](repeating: 0, count: mentionCount)
            var fill = Array(mentionStart.dropLast())
            lastListedBy = [Int32](repeating: -1, count: proposerCount)
            for receiver in 0..<receiverCount {
                let first = others.starts[receiver]
                for slot in others.range(receiver) {
                    let proposer = Int(others.members[slot])
                    guard proposer >= 0 && proposer < proposerCount && lastListedBy[proposer] != Int32(receiver) else { continue }
                    let position = slot - first
                    lastListedBy[proposer] = Int32(receiver)
                    let slot = Int(fill[proposer])
                    mentionReceiver[slot] = Int32(receiver)
                    mentionRank[slot] = Int32(position)
                    fill[proposer] += 1
                }
            }
            // Each proposer's list, kept where the receiver lists it back.
            var rankAt = [Int32](repeating: -1, count: receiverCount)
            var start = [Int32](repeating: 0, count: proposerCount + 1)
            var choice: [Int32] = []
            var rankAtChoice: [Int32] = []
            choice.reserveCapacity(mentionCount)
            rankAtChoice.reserveCapacity(mentionCount)
            for proposer in 0..<proposerCount {
                let mentions = Int(mentionStart[proposer])..<Int(mentionStart[proposer + 1])
                for slot in mentions { rankAt[Int(mentionReceiver[slot])] = mentionRank[slot] }
                for slot in lists.range(proposer) {
                    let receiver = Int(lists.members[slot])
                    guard receiver >= 0 && receiver < receiverCount else { continue }
                    let rank = rankAt[receiver]
                    guard rank >= 0 else { continue }
                    choice.append(Int32(receiver))
                    rankAtChoice.append(rank)
                    // A second occurrence of the receiver in this list is skipped.
                    rankAt[receiver] = -1
                }
                for slot in mentions { rankAt[Int(mentionReceiver[slot])] = -1 }
                start[proposer + 1] = Int32(choice.count)
            }
            self.start = start
            self.choice = choice
            self.rankAtChoice = rankAtChoice
        }
    }

    /// Solves an instance.
    /// - Parameter residentOptimal: residents propose (default) or hospitals propose.
    public static func solve(_ instance: HospitalResidentsInstance, residentOptimal: Bool = true) -> HospitalResidentsMatching {
        solve(residents: FlatLists(instance.residentPreferences), hospitals: FlatLists(instance.hospitalPreferences),
              capacities: instance.capacities, residentOptimal: residentOptimal)
    }

    /// Solves an instance given as flat lists (no array per list: for millions of pairs).
    /// - Parameters:
    ///   - residents: each resident's hospitals, most preferred first.
    ///   - hospitals: each hospital's residents, most preferred first.
    ///   - capacities: seats of each hospital (one per hospital list).
    public static func solve(residents: FlatLists, hospitals: FlatLists, capacities: [Int], residentOptimal: Bool = true) -> HospitalResidentsMatching {
        precondition(capacities.count == hospitals.count, "one capacity per hospital")
        return residentOptimal
            ? residentsPropose(residents, hospitals, capacities)
            : hospitalsPropose(residents, hospitals, capacities)
    }

    private static func residentsPropose(_ residentLists: FlatLists, _ hospitalLists: FlatLists, _ capacities: [Int]) -> HospitalResidentsMatching {
        let lists = RestrictedLists(residentLists, others: hospitalLists)
        let residentCount = residentLists.count
        let hospitalCount = hospitalLists.count
        // Each hospital's held residents as a max-heap on its rank of them (the worst on top),
        // packed as rank << 32 | resident, in a flat array: hospital h's heap starts at
        // heapStart[h] and has room for min(capacity, number of acceptable residents).
        var acceptable = [Int](repeating: 0, count: hospitalCount)
        for hospital in lists.choice { acceptable[Int(hospital)] += 1 }
        var heapStart = [Int](repeating: 0, count: hospitalCount + 1)
        for hospital in 0..<hospitalCount {
            heapStart[hospital + 1] = heapStart[hospital] + min(max(capacities[hospital], 0), acceptable[hospital])
        }
        var heap = [UInt64](repeating: 0, count: heapStart[hospitalCount])
        var heapCount = [Int](repeating: 0, count: hospitalCount)
        var next = lists.start.dropLast().map(Int.init)
        var free = Array((0..<residentCount).reversed())
        lists.choice.withUnsafeBufferPointer { choice in
            lists.rankAtChoice.withUnsafeBufferPointer { rankAtChoice in
                heap.withUnsafeMutableBufferPointer { heap in
                    while let resident = free.popLast() {
                        let end = Int(lists.start[resident + 1])
                        var position = next[resident]
                        while position < end {
                            let hospital = Int(choice[position])
                            let entry = UInt64(UInt32(rankAtChoice[position])) << 32 | UInt64(UInt32(resident))
                            position += 1
                            let base = heapStart[hospital]
                            let room = heapStart[hospital + 1] - base
                            if room == 0 { continue }
                            let count = heapCount[hospital]
                            if count < room {
                                Heap.push(heap, base: base, count: count, entry)
                                heapCount[hospital] = count + 1
                                break
                            }
                            let worst = heap[base]
                            if entry < worst {
                                Heap.replaceMax(heap, base: base, count: count, entry)
                                free.append(Int(UInt32(truncatingIfNeeded: worst)))
                                break
                            }
                        }
                        next[resident] = position
                    }
                }
            }
        }
        var assigned = [Int?](repeating: nil, count: residentCount)
        var residents = [[Int]](repeating: [], count: hospitalCount)
        for hospital in 0..<hospitalCount where heapCount[hospital] > 0 {
            let base = heapStart[hospital]
            let held = heap[base..<(base + heapCount[hospital])].sorted()
            residents[hospital] = held.map { Int(UInt32(truncatingIfNeeded: $0)) }
            for resident in residents[hospital] { assigned[resident] = hospital }
        }
        return HospitalResidentsMatching(residentToHospital: assigned, hospitalToResidents: residents)
    }

    private static func hospitalsPropose(_ residentLists: FlatLists, _ hospitalLists: FlatLists, _ capacities: [Int]) -> HospitalResidentsMatching {
        let lists = RestrictedLists(hospitalLists, others: residentLists)
        let residentCount = residentLists.count
        let hospitalCount = hospitalLists.count
        var next = lists.start.dropLast().map(Int.init)
        var filled = [Int](repeating: 0, count: hospitalCount)
        // Each resident's hospital (-1: none), its rank of it, and the position of the proposal
        // in the hospital's restricted list (the hospital's order of preference).
        var assigned = [Int32](repeating: -1, count: residentCount)
        var assignedRank = [Int32](repeating: 0, count: residentCount)
        var proposal = [Int32](repeating: 0, count: residentCount)
        var active = Array((0..<hospitalCount).reversed())
        while let hospital = active.popLast() {
            let end = Int(lists.start[hospital + 1])
            let capacity = capacities[hospital]
            var position = next[hospital]
            while filled[hospital] < capacity && position < end {
                let resident = Int(lists.choice[position])
                let rank = lists.rankAtChoice[position]
                position += 1
                let current = Int(assigned[resident])
                if current >= 0 {
                    guard rank < assignedRank[resident] else { continue }
                    filled[current] -= 1
                    active.append(current)
                }
                assigned[resident] = Int32(hospital)
                assignedRank[resident] = rank
                proposal[resident] = Int32(position - 1)
                filled[hospital] += 1
            }
            next[hospital] = position
        }
        var residents = [[Int]](repeating: [], count: hospitalCount)
        for resident in 0..<residentCount where assigned[resident] >= 0 { residents[Int(assigned[resident])].append(resident) }
        for hospital in 0..<hospitalCount where residents[hospital].count > 1 {
            residents[hospital].sort { proposal[$0] < proposal[$1] }
        }
        return HospitalResidentsMatching(residentToHospital: assigned.map { $0 >= 0 ? Int($0) : nil }, hospitalToResidents: residents)
    }

    /// The pairs that block a matching: a resident and a hospital that both list each other, where
    /// the resident prefers the hospital to its own and the hospital has a free seat or prefers the
    /// resident to one it holds. Empty for a stable matching.
    public static func blockingPairs(_ instance: HospitalResidentsInstance, _ matching: HospitalResidentsMatching) -> [(resident: Int, hospital: Int)] {
        let lists = RestrictedLists(FlatLists(instance.residentPreferences), others: FlatLists(instance.hospitalPreferences))
        /// The rank hospital h gives resident r, or nil when the pair is not acceptable.
        func hospitalRank(_ resident: Int, _ hospital: Int) -> Int32? {
            guard resident >= 0 && resident < instance.residentCount else { return nil }
            for position in Int(lists.start[resident])..<Int(lists.start[resident + 1]) where Int(lists.choice[position]) == hospital {
                return lists.rankAtChoice[position]
            }
            return nil
        }
        var pairs: [(Int, Int)] = []
        for resident in 0..<instance.residentCount {
            let current = matching.residentToHospital[resident]
            // The restricted list is in the resident's order: hospitals before its own are preferred.
            for position in Int(lists.start[resident])..<Int(lists.start[resident + 1]) {
                let hospital = Int(lists.choice[position])
                if hospital == current { break }
                let rank = lists.rankAtChoice[position]
                let held = matching.hospitalToResidents[hospital]
                if held.count < instance.capacities[hospital] {
                    pairs.append((resident, hospital))
                } else if held.contains(where: { (hospitalRank($0, hospital) ?? Int32.max) > rank }) {
                    pairs.append((resident, hospital))
                }
            }
        }
        return pairs
    }
}

/// A binary max-heap of packed entries stored in a slice of a flat array.
enum Heap {
    @inline(__always)
    static func push(_ heap: UnsafeMutableBufferPointer<UInt64>, base: Int, count: Int, _ entry: UInt64) {
        var child = count
        while child > 0 {
            let parent = (child - 1) / 2
            let above = heap[base + parent]
            guard above < entry else { break }
            heap[base + child] = above
            child = parent
        }
        heap[base + child] = entry
    }

    /// Replaces the largest entry with `entry` (smaller than it) and restores the heap.
    @inline(__always)
    static func replaceMax(_ heap: UnsafeMutableBufferPointer<UInt64>, base: Int, count: Int, _ entry: UInt64) {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= count { break }
            var largest = left
            let right = left + 1
            if right < count && heap[base + right] > heap[base + left] { largest = right }
            guard heap[base + largest] > entry else { break }
            heap[base + parent] = heap[base + largest]
            parent = largest
        }
        heap[base + parent] = entry
    }
}
