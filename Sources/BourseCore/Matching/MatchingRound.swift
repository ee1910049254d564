/// A premises offered to a round.
public struct RoundPremises: Sendable, Hashable {
    /// Stable identifier (the store's number).
    public var id: String
    public var premises: Premises
    public var status: PremisesStatus

    public init(id: String, premises: Premises, status: PremisesStatus) {
        self.id = id
        self.premises = premises
        self.status = status
    }
}

/// A need of a round, with its structure (for the priority policy).
public struct RoundNeed: Sendable, Hashable {
    public var need: Need
    public var structure: Structure

    public init(need: Need, structure: Structure) {
        self.need = need
        self.structure = structure
    }
}

/// A proposal of a round: this premises for this need.
public struct Proposal: Sendable, Hashable, Codable {
    public var need: String
    public var premises: String
    public var score: Double
    /// Position of the premises in the need's list (1 = its favourite).
    public var needRank: Int
}

/// The outcome of a round.
public struct RoundResult: Sendable {
    public var proposals: [Proposal]
    /// Needs with no proposal, and why.
    public var unmatched: [(need: String, reason: String)]
    /// Each eligible premises' ranked candidates (needs), with scores.
    public var premisesCandidates: [String: [(need: String, score: Double)]]
    /// Each need's eligible premises, best first, with scores.
    public var needPreferences: [String: [(premises: String, score: Double)]]
}

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

    /// Runs a round over active needs and available premises.
    public static func run(needs: [RoundNeed], premises: [RoundPremises], parameters: MatchingParameters) -> RoundResult {
        let active = needs.filter { $0.need.status == .active }.sorted { $0.need.reference < $1.need.reference }
        let offered = premises.filter { $0.status == .available }.sorted { $0.id < $1.id }
        let index = CandidateIndex(offered)
        // Lottery numbers drawn once per premises and per need (the same as hasPriority's).
        let premisesLottery = offered.map { SeededGenerator.lottery(seed: parameters.seed, key: "local:" + $0.id) }
        let needLottery = active.map { SeededGenerator.lottery(seed: parameters.seed, key: "besoin:" + $0.need.reference) }
        // Eligible pairs and scores, found through the index.
        var needPreferences: [[(premises: Int, score: Double)]] = []
        needPreferences.reserveCapacity(active.count)
        for roundNeed in active {
            var list: [(premises: Int, score: Double)] = []
            for candidate in index.candidates(for: roundNeed.need, tolerance: parameters.surfaceTolerance) {
                // Read in place: copying a premises would retain each of its strings.
                guard Eligibility.check(roundNeed.need, offered[candidate].premises, status: offered[candidate].status, parameters: parameters).isEmpty else { continue }
                list.append((candidate, Score.total(roundNeed.need, offered[candidate].premises, weights: parameters.weights)))
            }
            // Best score first; ties by the seeded lottery, then the identifier.
            list.sort { a, b in
                if a.score != b.score { return a.score > b.score }
                let la = premisesLottery[a.premises]
                let lb = premisesLottery[b.premises]
                return la != lb ? la < lb : offered[a.premises].id < offered[b.premises].id
            }
            needPreferences.append(list)
        }
        var candidates = [[(need: Int, score: Double)]](repeating: [], count: offered.count)
        for (needIndex, list) in needPreferences.enumerated() {
            for entry in list { candidates[entry.premises].append((needIndex, entry.score)) }
        }
        // The priority policy, with keys computed once per need (same order as hasPriority).
        let laureate = active.map { $0.structure.laureateYear ?? 0 }
        let jobs = active.map { $0.structure.jobs ?? 0 }
        let requested = active.map { $0.need.requestedOn?.daysSinceEpoch ?? Int.max }
        for premisesIndex in candidates.indices {
            candidates[premisesIndex].sort { a, b in
                let x = a.need
                let y = b.need
                if laureate[x] != laureate[y] { return laureate[x] > laureate[y] }
                if jobs[x] != jobs[y] { return jobs[x] > jobs[y] }
                if requested[x] != requested[y] { return requested[x] < requested[y] }
                if a.score != b.score { return a.score > b.score }
                if needLottery[x] != needLottery[y] { return needLottery[x] < needLottery[y] }
                return active[x].need.reference < active[y].need.reference
            }
        }

        var assignment = [Int?](repeating: nil, count: active.count)
        switch parameters.strategy {
        case .stable:
            let instance = HospitalResidentsInstance(
                residentPreferences: needPreferences.map { $0.map(\.premises) },
                hospitalPreferences: candidates.map { $0.map(\.need) },
                capacities: Array(repeating: 1, count: offered.count))
            assignment = DeferredAcceptance.solve(instance).residentToHospital
        case .optimal:
            // Maximum total score on the sparse graph of eligible pairs.
            let sparse = needPreferences.map { list in list.map { (column: $0.premises, score: $0.score) } }
            assignment = AssignmentSolver.maximise(sparse: sparse, columns: offered.count).assignment
        }

        var proposals: [Proposal] = []
        var unmatched: [(String, String)] = []
        for (needIndex, roundNeed) in active.enumerated() {
            let list = needPreferences[needIndex]
            if let premisesIndex = assignment[needIndex], let rank = list.firstIndex(where: { $0.premises == premisesIndex }) {
                proposals.append(Proposal(need: roundNeed.need.reference, premises: offered[premisesIndex].id, score: list[rank].score, needRank: rank + 1))
            } else if list.isEmpty {
                unmatched.append((roundNeed.need.reference, whyNothingFits(roundNeed.need, offered, index, parameters)))
            } else {
                let reason = parameters.strategy == .stable
                    ? "les \(list.count) local(aux) qui lui convenaient sont allés à des structures prioritaires pour ces locaux"
                    : "les \(list.count) local(aux) qui lui convenaient sont allés ailleurs pour maximiser le score total"
                unmatched.append((roundNeed.need.reference, reason))
            }
        }
        var premisesCandidates: [String: [(String, Double)]] = [:]
        for (premisesIndex, list) in candidates.enumerated() where !list.isEmpty {
            premisesCandidates[offered[premisesIndex].id] = list.map { (active[$0.need].need.reference, $0.score) }
        }
        var preferences: [String: [(String, Double)]] = [:]
        for (needIndex, list) in needPreferences.enumerated() {
            preferences[active[needIndex].need.reference] = list.map { (offered[$0.premises].id, $0.score) }
        }
        return RoundResult(proposals: proposals, unmatched: unmatched, premisesCandidates: premisesCandidates, needPreferences: preferences)
    }

    /// Sums up why no available premises fits a need: the failed constraints, most frequent first.
    static func whyNothingFits(_ need: Need, _ offered: [RoundPremises], _ index: CandidateIndex, _ parameters: MatchingParameters) -> String {
        if offered.isEmpty { return "aucun local disponible" }
        var counts: [String: Int] = [:]
        var examined = 0
        // At most 400 premises, spread evenly over the communes' premises, keep the reason cheap at scale.
        let pool = index.premises(inCommunes: need.communes)
        let stride = max(1, pool.count / 400)
        for premisesIndex in Swift.stride(from: 0, to: pool.count, by: stride).map({ pool[$0] }) {
            examined += 1
            let failures = Eligibility.check(need, offered[premisesIndex].premises, status: offered[premisesIndex].status, parameters: parameters)
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

/// Available premises indexed by commune, type and surface, so a need's candidates are found
/// without comparing it with every premises.
struct CandidateIndex {
    /// commune → type → (surface, premises index) sorted by surface.
    private var buckets: [String: [PremisesType: [(surface: Double, index: Int)]]] = [:]
    private var byCommune: [String: [Int]] = [:]
    private let count: Int

    init(_ premises: [RoundPremises]) {
        count = premises.count
        for (index, entry) in premises.enumerated() {
            buckets[entry.premises.communeInsee, default: [:]][entry.premises.type, default: []].append((entry.premises.surface, index))
            byCommune[entry.premises.communeInsee, default: []].append(index)
        }
        for commune in buckets.keys {
            for type in buckets[commune, default: [:]].keys {
                buckets[commune]?[type]?.sort { $0.surface != $1.surface ? $0.surface < $1.surface : $0.index < $1.index }
            }
        }
    }

    /// Premises of the need's communes and types whose surface is within the range and tolerance.
    func candidates(for need: Need, tolerance: Double) -> [Int] {
        let low = need.surfaceMin * (1 - tolerance) - 1e-9
        let high = need.surfaceMax * (1 + tolerance) + 1e-9
        let communes = need.communes.isEmpty ? buckets.keys.sorted() : unique(need.communes)
        var result: [Int] = []
        for commune in communes {
            guard let types = buckets[commune] else { continue }
            let wanted = need.types.isEmpty ? Array(types.keys) : unique(need.types)
            for type in wanted {
                guard let list = types[type] else { continue }
                // Binary search for the first surface ≥ low.
                var lower = 0
                var upper = list.count
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if list[middle].surface < low { lower = middle + 1 } else { upper = middle }
                }
                var position = lower
                while position < list.count && list[position].surface <= high {
                    result.append(list[position].index)
                    position += 1
                }
            }
        }
        return result.sorted()
    }

    /// Premises of these communes (all when empty).
    func premises(inCommunes communes: [String]) -> [Int] {
        if communes.isEmpty { return Array(0..<count) }
        return unique(communes).flatMap { byCommune[$0] ?? [] }.sorted()
    }

    /// The values in their first order, each once (a need may list a commune twice).
    private func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
