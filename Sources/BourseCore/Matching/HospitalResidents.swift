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
public enum DeferredAcceptance {
    /// Rank tables: `rank[h][r]` is the position of resident `r` in hospital `h`'s list, for
    /// acceptable pairs only (each lists the other).
    struct Ranks {
        /// Per hospital, resident → position; dictionaries keep memory linear in list lengths.
        var hospitalRank: [[Int: Int]]
        /// Per resident, hospital → position.
        var residentRank: [[Int: Int]]
        /// Lists restricted to acceptable pairs.
        var residentLists: [[Int]]
        var hospitalLists: [[Int]]

        init(_ instance: HospitalResidentsInstance) {
            hospitalRank = instance.hospitalPreferences.map { list in
                var ranks = [Int: Int](minimumCapacity: list.count)
                for (position, resident) in list.enumerated() where ranks[resident] == nil { ranks[resident] = position }
                return ranks
            }
            residentRank = instance.residentPreferences.map { list in
                var ranks = [Int: Int](minimumCapacity: list.count)
                for (position, hospital) in list.enumerated() where ranks[hospital] == nil { ranks[hospital] = position }
                return ranks
            }
            let hospitalRank = self.hospitalRank
            let residentRank = self.residentRank
            residentLists = instance.residentPreferences.enumerated().map { resident, list in
                list.filter { hospitalRank[$0][resident] != nil }
            }
            hospitalLists = instance.hospitalPreferences.enumerated().map { hospital, list in
                list.filter { residentRank[$0][hospital] != nil }
            }
        }
    }

    /// Solves an instance.
    /// - Parameter residentOptimal: residents propose (default) or hospitals propose.
    public static func solve(_ instance: HospitalResidentsInstance, residentOptimal: Bool = true) -> HospitalResidentsMatching {
        let ranks = Ranks(instance)
        return residentOptimal ? residentsPropose(instance, ranks) : hospitalsPropose(instance, ranks)
    }

    private static func residentsPropose(_ instance: HospitalResidentsInstance, _ ranks: Ranks) -> HospitalResidentsMatching {
        let residentCount = instance.residentCount
        let hospitalCount = instance.hospitalCount
        var next = [Int](repeating: 0, count: residentCount)
        var assigned = [Int?](repeating: nil, count: residentCount)
        // Each hospital's held residents as a max-heap on rank (the worst on top).
        var held = [[(rank: Int, resident: Int)]](repeating: [], count: hospitalCount)
        var free = Array((0..<residentCount).reversed())
        while let resident = free.popLast() {
            let list = ranks.residentLists[resident]
            while next[resident] < list.count {
                let hospital = list[next[resident]]
                next[resident] += 1
                let capacity = instance.capacities[hospital]
                guard capacity > 0, let rank = ranks.hospitalRank[hospital][resident] else { continue }
                if held[hospital].count < capacity {
                    Heap.push(&held[hospital], (rank, resident))
                    assigned[resident] = hospital
                    break
                }
                if let worst = held[hospital].first, rank < worst.rank {
                    _ = Heap.popMax(&held[hospital])
                    Heap.push(&held[hospital], (rank, resident))
                    assigned[resident] = hospital
                    assigned[worst.resident] = nil
                    free.append(worst.resident)
                    break
                }
            }
        }
        return matching(assigned, ranks: ranks, hospitalCount: hospitalCount)
    }

    private static func hospitalsPropose(_ instance: HospitalResidentsInstance, _ ranks: Ranks) -> HospitalResidentsMatching {
        let residentCount = instance.residentCount
        let hospitalCount = instance.hospitalCount
        var next = [Int](repeating: 0, count: hospitalCount)
        var assigned = [Int?](repeating: nil, count: residentCount)
        var filled = [Int](repeating: 0, count: hospitalCount)
        var active = Array((0..<hospitalCount).reversed())
        while let hospital = active.popLast() {
            let list = ranks.hospitalLists[hospital]
            while filled[hospital] < instance.capacities[hospital] && next[hospital] < list.count {
                let resident = list[next[hospital]]
                next[hospital] += 1
                guard let rank = ranks.residentRank[resident][hospital] else { continue }
                if let current = assigned[resident] {
                    guard let currentRank = ranks.residentRank[resident][current], rank < currentRank else { continue }
                    filled[current] -= 1
                    active.append(current)
                }
                assigned[resident] = hospital
                filled[hospital] += 1
            }
        }
        return matching(assigned, ranks: ranks, hospitalCount: hospitalCount)
    }

    private static func matching(_ assigned: [Int?], ranks: Ranks, hospitalCount: Int) -> HospitalResidentsMatching {
        var residents = [[Int]](repeating: [], count: hospitalCount)
        for (resident, hospital) in assigned.enumerated() {
            if let hospital { residents[hospital].append(resident) }
        }
        for hospital in 0..<hospitalCount {
            residents[hospital].sort { (ranks.hospitalRank[hospital][$0] ?? 0) < (ranks.hospitalRank[hospital][$1] ?? 0) }
        }
        return HospitalResidentsMatching(residentToHospital: assigned, hospitalToResidents: residents)
    }

    /// The pairs that block a matching: a resident and a hospital that both list each other, where
    /// the resident prefers the hospital to its own and the hospital has a free seat or prefers the
    /// resident to one it holds. Empty for a stable matching.
    public static func blockingPairs(_ instance: HospitalResidentsInstance, _ matching: HospitalResidentsMatching) -> [(resident: Int, hospital: Int)] {
        let ranks = Ranks(instance)
        var pairs: [(Int, Int)] = []
        for resident in 0..<instance.residentCount {
            let current = matching.residentToHospital[resident]
            let currentRank = current.flatMap { ranks.residentRank[resident][$0] } ?? Int.max
            for hospital in ranks.residentLists[resident] {
                guard let rank = ranks.residentRank[resident][hospital], rank < currentRank,
                      let hospitalRank = ranks.hospitalRank[hospital][resident] else { continue }
                let held = matching.hospitalToResidents[hospital]
                if held.count < instance.capacities[hospital] {
                    pairs.append((resident, hospital))
                } else if held.contains(where: { (ranks.hospitalRank[hospital][$0] ?? Int.max) > hospitalRank }) {
                    pairs.append((resident, hospital))
                }
            }
        }
        return pairs
    }
}

/// A binary max-heap on `rank` stored in an array.
enum Heap {
    static func push(_ heap: inout [(rank: Int, resident: Int)], _ element: (rank: Int, resident: Int)) {
        heap.append(element)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].rank < heap[child].rank else { break }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    static func popMax(_ heap: inout [(rank: Int, resident: Int)]) -> (rank: Int, resident: Int)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var largest = parent
            if left < heap.count && heap[left].rank > heap[largest].rank { largest = left }
            if right < heap.count && heap[right].rank > heap[largest].rank { largest = right }
            if largest == parent { break }
            heap.swapAt(parent, largest)
            parent = largest
        }
        return top
    }
}
