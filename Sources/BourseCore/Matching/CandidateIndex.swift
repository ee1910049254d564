/// Available premises indexed by commune, type and surface, so a need's candidates are found
/// without comparing it with every premises. Their facts are stored in the index's own order
/// (commune, type, surface), so that a need's candidates are read from contiguous memory.
struct CandidateIndex {
    /// Facts of the premises ordered by commune, type, surface, then position.
    let facts: [PremisesFacts]
    /// Position in the round's premises of each entry of `facts`.
    let positions: [Int32]
    /// Surface of each entry of `facts` (for the binary searches).
    private let surfaces: [Double]
    /// commune → type → the entries of `facts` of that commune and type.
    private var buckets: [String: [PremisesType: Range<Int>]] = [:]
    private var byCommune: [String: [Int]] = [:]
    private let count: Int

    init(_ premises: [PremisesFacts]) {
        count = premises.count
        let order = premises.indices.sorted { a, b in
            let x = premises[a]
            let y = premises[b]
            if x.communeInsee != y.communeInsee { return x.communeInsee < y.communeInsee }
            if x.type != y.type { return x.type.rawValue < y.type.rawValue }
            if x.surface != y.surface { return x.surface < y.surface }
            return a < b
        }
        facts = order.map { premises[$0] }
        positions = order.map { Int32($0) }
        surfaces = facts.map(\.surface)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && facts[end].communeInsee == facts[start].communeInsee && facts[end].type == facts[start].type { end += 1 }
            buckets[facts[start].communeInsee, default: [:]][facts[start].type] = start..<end
            start = end
        }
        for (index, entry) in premises.enumerated() { byCommune[entry.communeInsee, default: []].append(index) }
    }

    /// The runs of `facts` holding the premises of the need's communes and types whose surface
    /// is within the range and tolerance; each premises once.
    func candidates(for need: Need, tolerance: Double) -> [Range<Int>] {
        let low = need.surfaceMin * (1 - tolerance) - 1e-9
        let high = need.surfaceMax * (1 + tolerance) + 1e-9
        let communes = need.communes.isEmpty ? buckets.keys.sorted() : unique(need.communes)
        var result: [Range<Int>] = []
        for commune in communes {
            guard let types = buckets[commune] else { continue }
            let wanted = need.types.isEmpty ? Array(types.keys) : unique(need.types)
            for type in wanted {
                guard let bucket = types[type] else { continue }
                // Binary search for the first surface ≥ low, then for the first > high.
                var lower = bucket.lowerBound
                var upper = bucket.upperBound
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if surfaces[middle] < low { lower = middle + 1 } else { upper = middle }
                }
                let first = lower
                upper = bucket.upperBound
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if surfaces[middle] <= high { lower = middle + 1 } else { upper = middle }
                }
                if first < lower { result.append(first..<lower) }
            }
        }
        return result
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
