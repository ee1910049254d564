/// Maximum-score assignment: each row to at most one column, each column to at most one row,
/// maximising the total score; a forbidden pair is never used and a row may stay unassigned.
///
/// The solver is the shortest augmenting path algorithm for rectangular linear sum assignment
/// (D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE TAES 2016 — the
/// algorithm of `scipy.optimize.linear_sum_assignment`), on a dense cost matrix. Rows may stay
/// unassigned through one zero-cost dummy column per row, added only when needed (forbidden pairs,
/// negative scores, or more rows than columns).
public enum AssignmentSolver {
    /// The result: the column of each row (or `nil`) and the total score.
    public struct Result: Sendable, Equatable {
        public var assignment: [Int?]
        public var total: Double

        public init(assignment: [Int?], total: Double) {
            self.assignment = assignment
            self.total = total
        }
    }

    /// Solves a problem given as a flat row-major matrix of scores, `nan` for a forbidden pair.
    /// A matrix whose size does not match `rows × columns` gives no assignment.
    public static func maximise(scores: [Double], rows: Int, columns: Int) -> Result {
        guard scores.count == rows * columns, rows > 0, columns > 0 else {
            return Result(assignment: Array(repeating: nil, count: max(rows, 0)), total: 0)
        }
        // Mostly forbidden pairs: the sparse solver works on the allowed pairs only.
        let allowed = scores.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
        if allowed * 10 < scores.count * 3 {
            var sparse = [[(column: Int, score: Double)]](repeating: [], count: rows)
            for row in 0..<rows {
                for column in 0..<columns where !scores[row * columns + column].isNaN {
                    sparse[row].append((column, scores[row * columns + column]))
                }
            }
            return maximise(sparse: sparse, columns: columns)
        }
        let needsDummies = rows > columns || scores.contains { $0.isNaN || $0 < 0 }
        let width = needsDummies ? columns + rows : columns
        var cost = [Double](repeating: .infinity, count: rows * width)
        for row in 0..<rows {
            for column in 0..<columns {
                let score = scores[row * columns + column]
                if !score.isNaN { cost[row * width + column] = -score }
            }
            if needsDummies { cost[row * width + columns + row] = 0 }
        }
        guard let columnOfRow = minimise(cost: &cost, rows: rows, columns: width) else {
            return Result(assignment: Array(repeating: nil, count: rows), total: 0)
        }
        var assignment = [Int?](repeating: nil, count: rows)
        var total = 0.0
        for row in 0..<rows where columnOfRow[row] < columns {
            assignment[row] = columnOfRow[row]
            total += scores[row * columns + columnOfRow[row]]
        }
        return Result(assignment: assignment, total: total)
    }

    /// Minimum-cost assignment of every row (rows ≤ columns) on a dense row-major cost matrix,
    /// `infinity` for forbidden pairs.
    /// - Returns: the column of each row, or `nil` when no complete assignment exists.
    public static func minimise(cost: inout [Double], rows: Int, columns: Int) -> [Int]? {
        guard rows <= columns, cost.count == rows * columns else { return nil }
        var u = [Double](repeating: 0, count: rows)
        var v = [Double](repeating: 0, count: columns)
        var shortest = [Double](repeating: .infinity, count: columns)
        var path = [Int](repeating: -1, count: columns)
        var columnOfRow = [Int](repeating: -1, count: rows)
        var rowOfColumn = [Int](repeating: -1, count: columns)
        var scannedRows = [Bool](repeating: false, count: rows)
        var scannedColumns = [Bool](repeating: false, count: columns)
        var remaining = [Int](repeating: 0, count: columns)
        return cost.withUnsafeBufferPointer { cost -> [Int]? in
            for current in 0..<rows {
                // Dijkstra-like search for the shortest augmenting path from `current`.
                var minimum = 0.0
                var count = columns
                for index in 0..<columns { remaining[index] = columns - index - 1 }
                for index in 0..<rows { scannedRows[index] = false }
                for index in 0..<columns {
                    scannedColumns[index] = false
                    shortest[index] = .infinity
                }
                var sink = -1
                var row = current
                while sink == -1 {
                    var chosen = -1
                    var lowest = Double.infinity
                    scannedRows[row] = true
                    let base = row * columns
                    let ur = u[row]
                    for index in 0..<count {
                        let column = remaining[index]
                        let reduced = minimum + cost[base + column] - ur - v[column]
                        if reduced < shortest[column] {
                            path[column] = row
                            shortest[column] = reduced
                        }
                        let value = shortest[column]
                        if value < lowest || (value == lowest && rowOfColumn[column] == -1) {
                            lowest = value
                            chosen = index
                        }
                    }
                    minimum = lowest
                    if minimum == .infinity || chosen < 0 { return nil }
                    let column = remaining[chosen]
                    if rowOfColumn[column] == -1 { sink = column } else { row = rowOfColumn[column] }
                    scannedColumns[column] = true
                    count -= 1
                    remaining[chosen] = remaining[count]
                }
                // Update the dual variables.
                u[current] += minimum
                for index in 0..<rows where scannedRows[index] && index != current {
                    u[index] += minimum - shortest[columnOfRow[index]]
                }
                for column in 0..<columns where scannedColumns[column] {
                    v[column] -= minimum - shortest[column]
                }
                // Augment along the path.
                var column = sink
                while true {
                    let previous = path[column]
                    rowOfColumn[column] = previous
                    let swapped = columnOfRow[previous]
                    columnOfRow[previous] = column
                    column = swapped
                    if previous == current { break }
                }
            }
            return columnOfRow
        }
    }
}
