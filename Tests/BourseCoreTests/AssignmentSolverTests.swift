import BourseCore
import Testing

/// xorshift64*: a small seeded generator for replayable random matrices.
private struct AssignmentRNG {
    var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

private let forbidden = Double.nan

/// The best total over every partial injective assignment (each row to nothing or to an unused
/// allowed column), by exhaustive search.
private func bruteForceMaximum(_ scores: [Double], rows: Int, columns: Int) -> Double {
    var used = [Bool](repeating: false, count: columns)
    func best(_ row: Int) -> Double {
        if row == rows { return 0 }
        var result = best(row + 1)
        for column in 0..<columns where !used[column] {
            let score = scores[row * columns + column]
            guard !score.isNaN else { continue }
            used[column] = true
            result = max(result, score + best(row + 1))
            used[column] = false
        }
        return result
    }
    return best(0)
}

/// The least total over every complete assignment of the rows (rows ≤ columns), `nil` when
/// every complete assignment uses a forbidden (infinite) pair.
private func bruteForceMinimum(_ cost: [Double], rows: Int, columns: Int) -> Double? {
    var used = [Bool](repeating: false, count: columns)
    func best(_ row: Int) -> Double {
        if row == rows { return 0 }
        var result = Double.infinity
        for column in 0..<columns where !used[column] && cost[row * columns + column].isFinite {
            used[column] = true
            result = min(result, cost[row * columns + column] + best(row + 1))
            used[column] = false
        }
        return result
    }
    let result = best(0)
    return result.isFinite ? result : nil
}

/// Problems that make a result not a valid assignment of `scores` (empty when valid).
private func problems(_ result: AssignmentSolver.Result, _ scores: [Double], rows: Int, columns: Int) -> [String] {
    var problems: [String] = []
    guard result.assignment.count == rows else { return ["\(result.assignment.count) rows in the result for \(rows)"] }
    var seen = Set<Int>()
    var sum = 0.0
    for (row, column) in result.assignment.enumerated() {
        guard let column else { continue }
        guard (0..<columns).contains(column) else {
            problems.append("row \(row) → column \(column) out of range")
            continue
        }
        if !seen.insert(column).inserted { problems.append("column \(column) used twice") }
        let score = scores[row * columns + column]
        if score.isNaN { problems.append("row \(row) → forbidden column \(column)") } else { sum += score }
    }
    if abs(sum - result.total) > 1e-9 { problems.append("total \(result.total) ≠ sum of the chosen scores \(sum)") }
    return problems
}

private func matrix(_ rows: [[Double]]) -> (scores: [Double], rows: Int, columns: Int) {
    (rows.flatMap { $0 }, rows.count, rows.first?.count ?? 0)
}

private func maximise(_ rows: [[Double]]) -> AssignmentSolver.Result {
    let (scores, rowCount, columnCount) = matrix(rows)
    return AssignmentSolver.maximise(scores: scores, rows: rowCount, columns: columnCount)
}

@Suite("Affectation de score maximal")
struct AssignmentSolverTests {
    // MARK: Hand-worked examples

    @Test func twoByTwo() {
        // Diagonal 10 + 7 = 17 beats the cross 2 + 8 = 10.
        let diagonal = maximise([[10, 2], [8, 7]])
        #expect(diagonal.assignment == [0, 1])
        #expect(diagonal.total == 17)
        // Cross 9 + 8 = 17 beats the diagonal 5 + 1 = 6, though row 0's best alone is column 1 anyway.
        let cross = maximise([[5, 9], [8, 1]])
        #expect(cross.assignment == [1, 0])
        #expect(cross.total == 17)
        // The greedy choice (row 0 takes its 10) is wrong: 9 + 8 = 17 > 10 + 1 = 11.
        let notGreedy = maximise([[10, 9], [8, 1]])
        #expect(notGreedy.assignment == [1, 0])
        #expect(notGreedy.total == 17)
    }

    @Test func threeByThreeWithForbiddenPairs() {
        let scores: [[Double]] = [
            [10, forbidden, 3],
            [forbidden, 4, 8],
            [7, 6, forbidden],
        ]
        let result = maximise(scores)
        #expect(result.assignment == [0, 2, 1])
        #expect(result.total == 24)
        let (flat, rows, columns) = matrix(scores)
        #expect(problems(result, flat, rows: rows, columns: columns).isEmpty)

        // Forbidding the pair (0, 0) moves everything.
        let without: [[Double]] = [
            [forbidden, forbidden, 3],
            [forbidden, 4, 8],
            [7, 6, forbidden],
        ]
        // Leaving row 0 out (8 + 7 = 15) beats assigning everybody (3 + 4 + 7 = 14).
        let second = maximise(without)
        #expect(second.assignment == [nil, 2, 0])
        #expect(second.total == 15)
        let (flat2, rows2, columns2) = matrix(without)
        #expect(problems(second, flat2, rows: rows2, columns: columns2).isEmpty)
        #expect(second.total == bruteForceMaximum(flat2, rows: rows2, columns: columns2))
    }

    @Test func rowWithOnlyForbiddenPairsStaysUnassigned() {
        let result = maximise([[forbidden, forbidden], [5, 3]])
        #expect(result.assignment == [nil, 0])
        #expect(result.total == 5)
        let allForbidden = maximise([[forbidden, forbidden], [forbidden, forbidden]])
        #expect(allForbidden.assignment == [nil, nil])
        #expect(allForbidden.total == 0)
        // A column only one row may use goes to that row even if another row scores higher elsewhere.
        let forced = maximise([[forbidden, 6], [4, 9]])
        #expect(forced.assignment == [1, 0], "6 + 4 = 10 beats 9 alone")
        #expect(forced.total == 10)
    }

    @Test func negativeScoresAreLeftUnassignedWhenThatIsBetter() {
        let result = maximise([[-5, -1], [3, -2]])
        #expect(result.assignment == [nil, 0])
        #expect(result.total == 3)
        let allNegative = maximise([[-1, -2], [-3, -4]])
        #expect(allNegative.assignment == [nil, nil])
        #expect(allNegative.total == 0)
        // A negative pair is never worth taking when rows may stay unassigned, even next to positives.
        let mixed = maximise([[6, -1, forbidden], [5, -3, 2], [-2, -2, -2]])
        #expect(mixed.total == 8, "6 + 2")
        #expect(mixed.assignment == [0, 2, nil])
        #expect(maximise([[-3]]).assignment == [nil])
    }

    @Test func moreRowsThanColumns() {
        // Two of three rows get a column: 6 + 3 = 9 is the best.
        let result = maximise([[5, 1], [4, 3], [6, 2]])
        #expect(result.assignment == [nil, 1, 0])
        #expect(result.total == 9)
        // One column, four rows: the best row takes it.
        let single = maximise([[2], [8], [forbidden], [5]])
        #expect(single.assignment == [nil, 0, nil, nil])
        #expect(single.total == 8)
    }

    @Test func moreColumnsThanRows() {
        let result = maximise([[1, 5, 3], [2, 7, 4]])
        #expect(result.assignment == [2, 1], "3 + 7 = 10 beats 5 + 4 = 9")
        #expect(result.total == 10)
        let single = maximise([[3, 9, forbidden, 4]])
        #expect(single.assignment == [1])
        #expect(single.total == 9)
    }

    @Test func oneByOne() {
        #expect(maximise([[7]]) == AssignmentSolver.Result(assignment: [0], total: 7))
        #expect(maximise([[forbidden]]) == AssignmentSolver.Result(assignment: [nil], total: 0))
        #expect(maximise([[0.5]]) == AssignmentSolver.Result(assignment: [0], total: 0.5))
        #expect(maximise([[-3]]).total == 0)
    }

    @Test func emptyProblems() {
        #expect(AssignmentSolver.maximise(scores: [], rows: 0, columns: 0) == AssignmentSolver.Result(assignment: [], total: 0))
        #expect(AssignmentSolver.maximise(scores: [], rows: 2, columns: 0) == AssignmentSolver.Result(assignment: [nil, nil], total: 0))
        #expect(AssignmentSolver.maximise(scores: [], rows: 0, columns: 3) == AssignmentSolver.Result(assignment: [], total: 0))
    }

    @Test func sizeMismatchGivesNoAssignment() {
        let result = AssignmentSolver.maximise(scores: [1, 2, 3], rows: 2, columns: 2)
        #expect(result.assignment == [nil, nil])
        #expect(result.total == 0)
    }

    @Test func fractionalAndZeroScores() {
        let result = maximise([[0.5, 0.25], [0.125, 0.75]])
        #expect(result.assignment == [0, 1])
        #expect(result.total == 1.25)
        let zeros = maximise([[0, 0], [0, 0]])
        #expect(zeros.total == 0)
        #expect(problems(zeros, [0, 0, 0, 0], rows: 2, columns: 2).isEmpty)
    }

    @Test func sameInputSameOutput() {
        let scores: [Double] = [4, 4, 4, 4, 4, 4, 4, 4, 4]
        let first = AssignmentSolver.maximise(scores: scores, rows: 3, columns: 3)
        #expect(first.total == 12)
        for _ in 0..<5 { #expect(AssignmentSolver.maximise(scores: scores, rows: 3, columns: 3) == first) }
    }

    // MARK: Dense minimisation

    @Test func minimiseHandWorked() {
        // The example of scipy.optimize.linear_sum_assignment: rows → columns 1, 0, 2, cost 5.
        var cost: [Double] = [4, 1, 3, 2, 0, 5, 3, 2, 2]
        #expect(AssignmentSolver.minimise(cost: &cost, rows: 3, columns: 3) == [1, 0, 2])
        // Rectangular (rows < columns).
        var wide: [Double] = [7, 1, 9, 1, 2, 8]
        #expect(AssignmentSolver.minimise(cost: &wide, rows: 2, columns: 3) == [1, 0])
        // More rows than columns, or a wrong size: no complete assignment.
        var tall: [Double] = [1, 2, 3]
        #expect(AssignmentSolver.minimise(cost: &tall, rows: 3, columns: 1) == nil)
        var wrong: [Double] = [1, 2, 3]
        #expect(AssignmentSolver.minimise(cost: &wrong, rows: 2, columns: 2) == nil)
        // Infeasible: both rows can only use column 0.
        var infeasible: [Double] = [1, .infinity, 2, .infinity]
        #expect(AssignmentSolver.minimise(cost: &infeasible, rows: 2, columns: 2) == nil)
        // A row with only forbidden pairs.
        var blocked: [Double] = [.infinity, .infinity, 1, 2]
        #expect(AssignmentSolver.minimise(cost: &blocked, rows: 2, columns: 2) == nil)
        var none: [Double] = []
        #expect(AssignmentSolver.minimise(cost: &none, rows: 0, columns: 0) == [])
    }

    @Test func minimiseAgainstBruteForce() {
        var rng = AssignmentRNG(seed: 0xA551_6E00)
        for index in 0..<300 {
            let rows = rng.inRange(1...6)
            let columns = rng.inRange(rows...6)
            let forbiddenPercent = [0, 0, 15, 40][rng.below(4)]
            let cost = (0..<(rows * columns)).map { _ -> Double in
                rng.chance(forbiddenPercent) ? .infinity : Double(rng.inRange(-20...50))
            }
            var copy = cost
            let result = AssignmentSolver.minimise(cost: &copy, rows: rows, columns: columns)
            let expected = bruteForceMinimum(cost, rows: rows, columns: columns)
            let context = "instance \(index): \(rows)×\(columns) \(cost)"
            guard let expected else {
                #expect(result == nil, "no complete assignment exists — \(context)")
                continue
            }
            guard let result else {
                Issue.record("a complete assignment exists — \(context)")
                continue
            }
            #expect(result.count == rows)
            #expect(Set(result).count == rows, "no column twice — \(context)")
            #expect(result.allSatisfy { (0..<columns).contains($0) })
            let total = result.enumerated().reduce(0.0) { $0 + cost[$1.offset * columns + $1.element] }
            #expect(total == expected, "\(result) — \(context)")
        }
    }

    // MARK: Brute-force optimality

    /// 400 random matrices up to 6 × 6 with forbidden and negative entries: a valid assignment
    /// whose total is the brute-force maximum.
    @Test func maximiseAgainstBruteForce() {
        var rng = AssignmentRNG(seed: 0xA551_6E01)
        var withUnassignedRows = 0
        for index in 0..<400 {
            let rows = rng.inRange(1...6)
            let columns = rng.inRange(1...6)
            let forbiddenPercent = [0, 10, 30, 60][rng.below(4)]
            let negativePercent = [0, 10, 30][rng.below(3)]
            let scores = (0..<(rows * columns)).map { _ -> Double in
                if rng.chance(forbiddenPercent) { return forbidden }
                if rng.chance(negativePercent) { return -Double(rng.inRange(1...30)) }
                // Integers and halves, so totals are exact.
                return Double(rng.inRange(0...200)) / 2
            }
            let result = AssignmentSolver.maximise(scores: scores, rows: rows, columns: columns)
            let context = "instance \(index): \(rows)×\(columns) \(scores)"
            let found = problems(result, scores, rows: rows, columns: columns)
            #expect(found.isEmpty, "\(found) — \(context)")
            let expected = bruteForceMaximum(scores, rows: rows, columns: columns)
            #expect(abs(result.total - expected) < 1e-9, "total \(result.total), brute force \(expected) — \(context)")
            // A chosen pair is never negative (dropping it would do better).
            for (row, column) in result.assignment.enumerated() {
                if let column { #expect(scores[row * columns + column] >= 0, "\(context)") }
            }
            if result.assignment.contains(nil) { withUnassignedRows += 1 }
            #expect(AssignmentSolver.maximise(scores: scores, rows: rows, columns: columns) == result, "deterministic")
        }
        #expect(withUnassignedRows > 50, "the generator exercises unassigned rows")
    }

    /// Larger matrices (20–60 rows and columns): valid; transposing keeps the optimum; with every
    /// allowed score raised by a large constant the result has maximum cardinality and its pairs
    /// are never worth more, in the original scores, than the original optimum.
    @Test func largerMatricesAreConsistent() {
        var rng = AssignmentRNG(seed: 0xA551_6E02)
        for index in 0..<20 {
            let rows = rng.inRange(20...60)
            let columns = rng.inRange(20...60)
            let scores = (0..<(rows * columns)).map { _ -> Double in
                rng.chance(20) ? forbidden : Double(rng.inRange(0...100))
            }
            let result = AssignmentSolver.maximise(scores: scores, rows: rows, columns: columns)
            #expect(problems(result, scores, rows: rows, columns: columns).isEmpty, "instance \(index)")
            // Transposing does not change the optimum.
            var transposed = [Double](repeating: 0, count: rows * columns)
            for row in 0..<rows {
                for column in 0..<columns { transposed[column * rows + row] = scores[row * columns + column] }
            }
            let other = AssignmentSolver.maximise(scores: transposed, rows: columns, columns: rows)
            #expect(abs(other.total - result.total) < 1e-6, "instance \(index): \(result.total) vs transposed \(other.total)")
            let shifted = scores.map { $0.isNaN ? $0 : $0 + 100_000 }
            let big = AssignmentSolver.maximise(scores: shifted, rows: rows, columns: columns)
            #expect(problems(big, shifted, rows: rows, columns: columns).isEmpty)
            let assigned = big.assignment.compactMap { $0 }.count
            #expect(big.total - Double(assigned) * 100_000 <= result.total + 1e-6)
            #expect(assigned >= result.assignment.compactMap { $0 }.count, "a maximum-cardinality assignment")
        }
    }
}
