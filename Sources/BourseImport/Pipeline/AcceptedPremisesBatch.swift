import BourseCore
import Foundation

/// Accepted premises gathered on the reading thread and handed to the storing thread together.
///
/// The reading thread appends; the batch then changes hands once and is only read by the thread
/// that stores it. A batch can turn each premises into whatever its consumer needs (the store packs
/// the values of its INSERT), so that work is done beside the store's, not on its thread.
public protocol AcceptedPremisesBatch: Sendable {
    /// An empty batch.
    init()
    var count: Int { get }
    /// Adds an accepted premises and the physical line its record starts on (reading thread).
    mutating func append(_ premises: Premises, line: Int)
}
