import BourseCore
import Foundation

/// Reads an inventory on a thread of its own while the caller stores what it gives.
///
/// A large import spends about as long reading and validating its file as it does in SQLite; on
/// two cores the two can overlap. The reader runs on a helper thread and its accepted records,
/// rejects, warnings and progress reports are handed to the calling thread in batches, in the
/// order the reader gave them, through a short bounded queue (memory stays flat whatever the
/// file). The caller's callbacks (which may use the database) run on the calling thread only, as
/// with a plain `InventoryReader.read`.
///
/// When a callback throws, the reader is stopped at its next record and joined before the error
/// is rethrown; when the reader throws, the records it gave before are still delivered, then its
/// error is rethrown. Either way nothing runs on the helper thread once `read` returns.
public enum InventoryReadPipeline {
    /// Records per batch handed over.
    static let batchSize = 1024
    /// Batches the reader may be ahead of the caller.
    static let queueDepth = 4

    /// Reads `reader` on a helper thread; same contract as `InventoryReader.read`.
    public static func read(
        _ reader: any InventoryReader,
        progress: ((Int, Int) -> Void)?,
        accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        let handed = HandedReader(reader: reader)
        let reportsProgress = progress != nil
        let producer = BackgroundProducer<[Event]>(depth: queueDepth, stackSize: 8 << 20) { push in
            var batch: [Event] = []
            batch.reserveCapacity(InventoryReadPipeline.batchSize)
            // Once the caller has given up, every later event says so: a progress report cannot
            // throw, so the first refused hand-over may be one and must not be forgotten.
            var refused: (any Error)?
            func add(_ event: Event) throws {
                if let refused { throw refused }
                batch.append(event)
                if batch.count >= InventoryReadPipeline.batchSize {
                    do {
                        try push(batch)
                    } catch {
                        refused = error
                        throw error
                    }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            do {
                let summary = try handed.reader.read(
                    progress: reportsProgress ? { done, total in try? add(.progress(done, total)) } : nil,
                    accept: { try add(.accept($0, $1)) },
                    reject: { try add(.reject($0)) },
                    warn: { try add(.warn($0)) })
                batch.append(.finished(summary))
                try push(batch)
            } catch {
                // What the reader gave before its error still reaches the caller, as in a direct read.
                if !(error is BackgroundProducer<[Event]>.Cancelled) && !batch.isEmpty { try? push(batch) }
                throw error
            }
        }
        defer { producer.cancel() }
        var summary: InventoryReadSummary?
        while let batch = try producer.next() {
            for event in batch {
                switch event {
                case let .accept(premises, line): try accept(premises, line)
                case .reject(let value): try reject(value)
                case .warn(let value): try warn(value)
                case let .progress(done, total): progress?(done, total)
                case .finished(let value): summary = value
                }
            }
        }
        guard let summary else { throw BackgroundProducer<[Event]>.Cancelled() }
        return summary
    }

    enum Event: Sendable {
        case accept(Premises, Int)
        case reject(Reject)
        case warn(Diagnostic)
        case progress(Int, Int)
        /// The reader returned: the last event.
        case finished(InventoryReadSummary)
    }

    /// The reader handed to the helper thread: only that thread uses it until `read` returns.
    private struct HandedReader: @unchecked Sendable {
        let reader: any InventoryReader
    }
}
