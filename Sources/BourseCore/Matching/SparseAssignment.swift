extension AssignmentSolver {
    /// Maximum-score assignment on a sparse problem: `rows[i]` lists the allowed columns of row `i`
    /// with their scores (other pairs are forbidden); a row may stay unassigned.
    ///
    /// The same shortest augmenting path method as the dense solver, with a binary heap over the
    /// allowed pairs only, and one zero-cost dummy column per row for "unassigned": memory and time
    /// follow the number of allowed pairs, not rows × columns.
    public static func maximise(sparse rows: [[(column: Int, score: Double)]], columns: Int) -> Result {
        let rowCount = rows.count
        guard rowCount > 0 else { return Result(assignment: [], total: 0) }
        // Columns 0..<columns are real; columns + i is row i's dummy.
        let width = columns + rowCount
        var edgeStart = [Int](repeating: 0, count: rowCount + 1)
        var edgeColumn: [Int] = []
        var edgeCost: [Double] = []
        edgeColumn.reserveCapacity(rows.reduce(rowCount) { $0 + $1.count })
        edgeCost.reserveCapacity(edgeColumn.capacity)
        for (row, list) in rows.enumerated() {
            for entry in list where entry.column >= 0 && entry.column < columns && !entry.score.isNaN {
                edgeColumn.append(entry.column)
                edgeCost.append(-entry.score)
            }
            edgeColumn.append(columns + row)
            edgeCost.append(0)
            edgeStart[row + 1] = edgeColumn.count
        }
        var u = [Double](repeating: 0, count: rowCount)
        var v = [Double](repeating: 0, count: width)
        var shortest = [Double](repeating: .infinity, count: width)
        var path = [Int](repeating: -1, count: width)
        var columnOfRow = [Int](repeating: -1, count: rowCount)
        var rowOfColumn = [Int](repeating: -1, count: width)
        var scannedColumn = [Bool](repeating: false, count: width)
        var touched: [Int] = []
        var scannedRows: [Int] = []
        var heap = DistanceHeap()

        for current in 0..<rowCount {
            var minimum = 0.0
            var sink = -1
            var row = current
            scannedRows.removeAll(keepingCapacity: true)
            scannedRows.append(row)
            heap.removeAll()
            while sink == -1 {
                let ur = u[row]
                for edge in edgeStart[row]..<edgeStart[row + 1] {
                    let column = edgeColumn[edge]
                    if scannedColumn[column] { continue }
                    let reduced = minimum + edgeCost[edge] - ur - v[column]
                    if reduced < shortest[column] {
                        if shortest[column] == .infinity { touched.append(column) }
                        shortest[column] = reduced
                        path[column] = row
                        heap.push(reduced, column, free: rowOfColumn[column] == -1)
                    }
                }
                // The closest column not yet scanned.
                var next = -1
                while let top = heap.pop() {
                    if !scannedColumn[top.column] && top.distance == shortest[top.column] {
                        next = top.column
                        break
                    }
                }
                guard next >= 0 else { break }
                minimum = shortest[next]
                scannedColumn[next] = true
                if rowOfColumn[next] == -1 {
                    sink = next
                } else {
                    row = rowOfColumn[next]
                    scannedRows.append(row)
                }
            }
            guard sink >= 0 else { continue }
            // Dual update over the scanned rows and columns.
            u[current] += minimum
            for row in scannedRows where row != current {
                u[row] += minimum - shortest[columnOfRow[row]]
            }
            for column in touched where scannedColumn[column] {
                v[column] -= minimum - shortest[column]
            }
            // Augment.
            var column = sink
            while true {
                let previous = path[column]
                rowOfColumn[column] = previous
                let swapped = columnOfRow[previous]
                columnOfRow[previous] = column
                column = swapped
                if previous == current { break }
            }
            for column in touched {
                shortest[column] = .infinity
                scannedColumn[column] = false
            }
            touched.removeAll(keepingCapacity: true)
        }

        var assignment = [Int?](repeating: nil, count: rowCount)
        var total = 0.0
        for row in 0..<rowCount where columnOfRow[row] >= 0 && columnOfRow[row] < columns {
            assignment[row] = columnOfRow[row]
            for edge in edgeStart[row]..<edgeStart[row + 1] where edgeColumn[edge] == columnOfRow[row] {
                total -= edgeCost[edge]
                break
            }
        }
        return Result(assignment: assignment, total: total)
    }
}

/// A binary min-heap of (distance, column), free columns first among equal distances.
struct DistanceHeap {
    private var items: [(distance: Double, free: Bool, column: Int)] = []

    mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
    }

    private static func before(_ a: (distance: Double, free: Bool, column: Int), _ b: (distance: Double, free: Bool, column: Int)) -> Bool {
        if a.distance != b.distance { return a.distance < b.distance }
        if a.free != b.free { return a.free }
        return a.column < b.column
    }

    mutating func push(_ distance: Double, _ column: Int, free: Bool) {
        items.append((distance, free, column))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard DistanceHeap.before(items[child], items[parent]) else { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (distance: Double, column: Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && DistanceHeap.before(items[left], items[smallest]) { smallest = left }
            if right < items.count && DistanceHeap.before(items[right], items[smallest]) { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.distance, top.column)
    }
}
