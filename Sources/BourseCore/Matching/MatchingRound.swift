/// Runs a matching round (see the MatchingRules article): eligibility, scores, the premises'
/// priority policy, then the allocation.
public enum MatchingRound {
    /// The priority policy of premises over structures: laureates of the call for projects first
    /// (the most recent year first), then more jobs (ETP), then the oldest request, then the higher
    /// score, then the seeded lottery. Returns whether `a` comes before `b`.
    public static func hasPriority(_ a: (need: RoundNeed, score: Double), over b: (need: RoundNeed, score: Double), seed: UInt64) -> Bool {
        let yearA = a.need.structure.laureateYear ?? 0
        let yearB = b.need.structure.laureateYear ?? 0
        if yearA != yearB { return yearA > yearB }
        let jobsA = a.need.structure.jobs ?? 0
        let jobsB = b.need.structure.jobs ?? 0
        if jobsA != jobsB { return jobsA > jobsB }
        let dayA = a.need.need.requestedOn?.daysSinceEpoch ?? Int.max
        let dayB = b.need.need.requestedOn?.daysSinceEpoch ?? Int.max
        if dayA != dayB { return dayA < dayB }
        if a.score != b.score { return a.score > b.score }
        let lotteryA = SeededGenerator.lottery(seed: seed, key: "besoin:" + a.need.need.reference)
        let lotteryB = SeededGenerator.lottery(seed: seed, key: "besoin:" + b.need.need.reference)
        if lotteryA != lotteryB { return lotteryA < lotteryB }
        return a.need.need.reference < b.need.need.reference
    }

    /// A score as tenths of a point, 0…1000, when it is one (scores are rounded to 0.1): sort
    /// keys then fit in an integer. `nil` otherwise (the sorts fall back to comparisons).
    @inline(__always)
    static func tenths(_ score: Double) -> UInt64? {
        let scaled = (score * 10).rounded()
        guard scaled >= 0 && scaled <= 1000 && scaled / 10 == score else { return nil }
        return UInt64(scaled)
    }

    /// Runs a round over active needs and available premises.
    public static func run(needs: [RoundNeed], premises: [RoundPremises], parameters: MatchingParameters) -> RoundResult {
        let active = needs.filter { $0.need.status == .active }.sorted { $0.need.reference < $1.need.reference }
        let offered = premises.filter { $0.status == .available }.sorted { $0.id < $1.id }
        // What eligibility and scores read of each premises, without its free text: copying one
        // of these retains no string (an INSEE code is a small inline string).
        let facts = offered.map { PremisesFacts($0.premises) }
        let index = CandidateIndex(facts)
        let statuses = offered.map(\.status)
        // Lottery numbers drawn once per premises and per need (the same as hasPriority's), turned
        // into tie-break ranks: by lottery, then identifier.
        let premisesLottery = offered.map { SeededGenerator.lottery(seed: parameters.seed, key: "local:" + $0.id) }
        let needLottery = active.map { SeededGenerator.lottery(seed: parameters.seed, key: "besoin:" + $0.need.reference) }
        var premisesTie = [UInt64](repeating: 0, count: offered.count)
        for (rank, position) in offered.indices.sorted(by: { a, b in
            premisesLottery[a] != premisesLottery[b] ? premisesLottery[a] < premisesLottery[b] : offered[a].id < offered[b].id
        }).enumerated() { premisesTie[position] = UInt64(rank) }
        var needTie = [UInt64](repeating: 0, count: active.count)
        for (rank, position) in active.indices.sorted(by: { a, b in
            needLottery[a] != needLottery[b] ? needLottery[a] < needLottery[b] : active[a].need.reference < active[b].need.reference
        }).enumerated() { needTie[position] = UInt64(rank) }

        // Eligible pairs and scores, found through the index; each need's list best score first,
        // ties by the seeded lottery, then the identifier.
        var needLists = FlatLists()
        var needScores: [Double] = []
        var entries: [(key: UInt64, premises: Int32, score: Double)] = []
        // Candidates are read in the index's order, from contiguous memory (random reads of the
        // premises were most of a large round's time).
        index.facts.withUnsafeBufferPointer { candidateFacts in
            for roundNeed in active {
                entries.removeAll(keepingCapacity: true)
                var keyed = true
                for run in index.candidates(for: roundNeed.need, tolerance: parameters.surfaceTolerance) {
                    for slot in run {
                        let candidate = Int(index.positions[slot])
                        guard Eligibility.isEligible(roundNeed.need, candidateFacts[slot], status: statuses[candidate], parameters: parameters) else { continue }
                        let score = Score.total(roundNeed.need, candidateFacts[slot], weights: parameters.weights)
                        var key = premisesTie[candidate]
                        if let tenths = tenths(score) { key |= (1000 - tenths) << 32 } else { keyed = false }
                        entries.append((key, Int32(candidate), score))
                    }
                }
                if keyed {
                    entries.sort { $0.key < $1.key }
                } else {
                    entries.sort { a, b in a.score != b.score ? a.score > b.score : premisesTie[Int(a.premises)] < premisesTie[Int(b.premises)] }
                }
                for entry in entries {
                    needLists.append(entry.premises)
                    needScores.append(entry.score)
                }
                needLists.endList()
            }
        }

        // The premises' side: the same pairs, transposed, then sorted by the priority policy
        // (laureate year, jobs, request date: one group number per need; then score; then the
        // lottery rank).
        let laureate = active.map { $0.structure.laureateYear ?? 0 }
        let jobs = active.map { $0.structure.jobs ?? 0 }
        let requested = active.map { $0.need.requestedOn?.daysSinceEpoch ?? Int.max }
        var group = [UInt64](repeating: 0, count: active.count)
        var groupCount: UInt64 = 0
        let byPolicy = active.indices.sorted { x, y in
            if laureate[x] != laureate[y] { return laureate[x] > laureate[y] }
            if jobs[x] != jobs[y] { return jobs[x] > jobs[y] }
            return requested[x] < requested[y]
        }
        for (rank, need) in byPolicy.enumerated() {
            if rank > 0 {
                let previous = byPolicy[rank - 1]
                if laureate[previous] != laureate[need] || jobs[previous] != jobs[need] || requested[previous] != requested[need] { groupCount += 1 }
            }
            group[need] = groupCount
        }
        let groupsFit = groupCount < (1 << 21) && active.count < (1 << 32)
        var premisesStarts = [Int](repeating: 0, count: offered.count + 1)
        for member in needLists.members { premisesStarts[Int(member) + 1] += 1 }
        for position in 0..<offered.count { premisesStarts[position + 1] += premisesStarts[position] }
        var premisesMembers = [Int32](repeating: 0, count: needLists.members.count)
        var premisesScores = [Double](repeating: 0, count: needLists.members.count)
        var fill = premisesStarts
        for need in 0..<active.count {
            for slot in needLists.range(need) {
                let premises = Int(needLists.members[slot])
                premisesMembers[fill[premises]] = Int32(need)
                premisesScores[fill[premises]] = needScores[slot]
                fill[premises] += 1
            }
        }
        fill = []
        for premises in 0..<offered.count {
            let range = premisesStarts[premises]..<premisesStarts[premises + 1]
            guard range.count > 1 else { continue }
            entries.removeAll(keepingCapacity: true)
            var keyed = groupsFit
            for slot in range {
                let need = Int(premisesMembers[slot])
                let score = premisesScores[slot]
                var key: UInt64 = 0
                if keyed, let tenths = tenths(score) { key = group[need] << 43 | (1000 - tenths) << 32 | needTie[need] } else { keyed = false }
                entries.append((key, Int32(need), score))
            }
            if keyed {
                entries.sort { $0.key < $1.key }
            } else {
                entries.sort { a, b in
                    let x = Int(a.premises)
                    let y = Int(b.premises)
                    if group[x] != group[y] { return group[x] < group[y] }
                    if a.score != b.score { return a.score > b.score }
                    return needTie[x] < needTie[y]
                }
            }
            for (offset, entry) in entries.enumerated() {
                premisesMembers[range.lowerBound + offset] = entry.premises
                premisesScores[range.lowerBound + offset] = entry.score
            }
        }
        entries = []
        let premisesLists = FlatLists(starts: premisesStarts, members: premisesMembers)

        var assignment: [Int?]
        switch parameters.strategy {
        case .stable:
            assignment = DeferredAcceptance.solve(
                residents: needLists, hospitals: premisesLists, capacities: Array(repeating: 1, count: offered.count)
            ).residentToHospital
        case .optimal:
            // Maximum total score on the sparse graph of eligible pairs.
            let sparse = (0..<active.count).map { need in needLists.range(need).map { (column: Int(needLists.members[$0]), score: needScores[$0]) } }
            assignment = AssignmentSolver.maximise(sparse: sparse, columns: offered.count).assignment
        }

        var proposals: [Proposal] = []
        var unmatched: [(String, String)] = []
        for (needIndex, roundNeed) in active.enumerated() {
            let range = needLists.range(needIndex)
            if let premisesIndex = assignment[needIndex], let slot = range.first(where: { needLists.members[$0] == Int32(premisesIndex) }) {
                proposals.append(Proposal(need: roundNeed.need.reference, premises: offered[premisesIndex].id, score: needScores[slot], needRank: slot - range.lowerBound + 1))
            } else if range.isEmpty {
                unmatched.append((roundNeed.need.reference, whyNothingFits(roundNeed.need, facts, statuses, index, parameters)))
            } else {
                let reason = parameters.strategy == .stable
                    ? "les \(range.count) local(aux) qui lui convenaient sont allés à des structures prioritaires pour ces locaux"
                    : "les \(range.count) local(aux) qui lui convenaient sont allés ailleurs pour maximiser le score total"
                unmatched.append((roundNeed.need.reference, reason))
            }
        }
        let preferences = RoundPreferences(
            needReferences: active.map(\.need.reference), premisesIDs: offered.map(\.id),
            needLists: needLists, needScores: needScores, premisesLists: premisesLists, premisesScores: premisesScores)
        return RoundResult(proposals: proposals, unmatched: unmatched, preferences: preferences)
    }

    /// Sums up why no available premises fits a need: the failed constraints, most frequent first.
    static func whyNothingFits(_ need: Need, _ offered: [PremisesFacts], _ statuses: [PremisesStatus], _ index: CandidateIndex, _ parameters: MatchingParameters) -> String {
        if offered.isEmpty { return "aucun local disponible" }
        var counts: [String: Int] = [:]
        var examined = 0
        // At most 400 premises, spread evenly over the communes' premises, keep the reason cheap at scale.
        let pool = index.premises(inCommunes: need.communes)
        let stride = max(1, pool.count / 400)
        for premisesIndex in Swift.stride(from: 0, to: pool.count, by: stride).map({ pool[$0] }) {
            examined += 1
            let failures = Eligibility.check(need, offered[premisesIndex], status: statuses[premisesIndex], parameters: parameters)
            for code in Set(failures.map(\.code)) { counts[code, default: 0] += 1 }
        }
        if examined == 0 { return "aucun local disponible dans les communes demandées" }
        let scope = examined < pool.count ? "sur un échantillon de \(examined) des \(pool.count) locaux disponibles dans les communes demandées, aucun ne convient" : "aucun des \(examined) local(aux) disponibles dans les communes demandées ne convient"
        let labels = [
            "surface": "de surface inadaptée", "type": "d'un type non demandé", "loyer": "au-dessus du budget ou sans loyer connu",
            "disponibilite": "pas disponibles à temps ou assez longtemps", "pmr": "non accessibles PMR",
            "bail": "avec un bail non accepté", "commune": "hors des communes demandées", "statut": "non disponibles",
        ]
        let parts = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.value) \(labels[$0.key] ?? $0.key)" }
        return scope + " : " + parts.joined(separator: ", ")
    }
}
