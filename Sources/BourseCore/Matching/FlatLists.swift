/// Lists of indices stored end to end in one array, so that millions of short lists cost two
/// arrays instead of one allocation each: list `i` is `members[starts[i]..<starts[i + 1]]`.
public struct FlatLists: Sendable, Equatable {
    /// `count + 1` offsets into `members`, from 0.
    public private(set) var starts: [Int]
    public private(set) var members: [Int32]

    /// No list.
    public init() {
        starts = [0]
        members = []
    }

    /// The same lists, flattened.
    public init(_ lists: [[Int]]) {
        starts = [0]
        starts.reserveCapacity(lists.count + 1)
        members = []
        members.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for list in lists {
            for member in list { members.append(Int32(exactly: member) ?? -1) }
            starts.append(members.count)
        }
    }

    /// Lists from their offsets and members (`starts` from 0, non-decreasing, ending at
    /// `members.count`).
    public init(starts: [Int], members: [Int32]) {
        precondition(starts.first == 0 && starts.last == members.count, "FlatLists: offsets and members disagree")
        self.starts = starts
        self.members = members
    }

    /// Number of lists.
    public var count: Int { starts.count - 1 }

    /// Positions in `members` of list `index`.
    @inline(__always)
    public func range(_ index: Int) -> Range<Int> { starts[index]..<starts[index + 1] }

    /// List `index`.
    public subscript(index: Int) -> ArraySlice<Int32> { members[range(index)] }

    /// Appends one member to the list being built (closed by `endList`).
    @inline(__always)
    public mutating func append(_ member: Int32) { members.append(member) }

    /// Ends the list being built.
    public mutating func endList() { starts.append(members.count) }

    public mutating func reserveCapacity(lists: Int, members count: Int) {
        starts.reserveCapacity(lists + 1)
        members.reserveCapacity(count)
    }

    /// The lists as arrays (for small instances and tests).
    public var arrays: [[Int]] { (0..<count).map { self[$0].map(Int.init) } }
}
