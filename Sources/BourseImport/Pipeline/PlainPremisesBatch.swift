import BourseCore
import Foundation

/// Accepted premises as they are, with their lines (the plain hand-over).
public struct PlainPremisesBatch: AcceptedPremisesBatch {
    public private(set) var items: [(premises: Premises, line: Int)] = []
    public init() {}
    public var count: Int { items.count }
    public mutating func append(_ premises: Premises, line: Int) {
        items.append((premises, line))
    }
}
