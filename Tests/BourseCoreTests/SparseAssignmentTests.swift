import BourseCore
import Testing

/// The sparse assignment solver agrees with the dense one (itself checked against brute force in
/// AssignmentSolverTests) on random problems with forbidden pairs and negative scores.
@Suite("Sparse assignment")
struct SparseAssignmentTests {
    struct XorShift {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    @Test func agreesWithTheDenseSolver() {
        var random = XorShift(state: 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<400 {
            let rows = 1 + random.below(9)
            let columns = 1 + random.below(9)
            var dense = [Double](repeating: .nan, count: rows * columns)
            var sparse = [[(column: Int, score: Double)]](repeating: [], count: rows)
            for row in 0..<rows {
                for column in 0..<columns where random.below(10) < 6 {
                    let score = Double(random.below(40)) - 8
                    dense[row * columns + column] = score
                    sparse[row].append((column, score))
                }
            }
            let expected = AssignmentSolver.maximise(scores: dense, rows: rows, columns: columns)
            let result = AssignmentSolver.maximise(sparse: sparse, columns: columns)
            #expect(result.total == expected.total, "\(rows)×\(columns): \(dense)")
            // Valid: no column twice, only allowed pairs, total is the sum of the chosen scores.
            var used = Set<Int>()
            var sum = 0.0
            for (row, column) in result.assignment.enumerated() {
                guard let column else { continue }
                #expect(used.insert(column).inserted)
                let score = dense[row * columns + column]
                #expect(!score.isNaN)
                sum += score
            }
            #expect(sum == result.total)
        }
    }

    @Test func rowsWithNothingAllowedStayUnassigned() {
        let result = AssignmentSolver.maximise(sparse: [[], [(0, 5)], []], columns: 2)
        #expect(result.assignment == [nil, 0, nil])
        #expect(result.total == 5)
        #expect(AssignmentSolver.maximise(sparse: [], columns: 3) == AssignmentSolver.Result(assignment: [], total: 0))
    }
}
