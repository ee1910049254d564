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
        let channel = Channel(reader: reader, reportsProgress: progress != nil)
        channel.start()
        do {
            while let batch = channel.next() {
                for event in batch {
                    switch event {
                    case let .accept(premises, line): try accept(premises, line)
                    case .reject(let value): try reject(value)
                    case .warn(let value): try warn(value)
                    case let .progress(done, total): progress?(done, total)
                    }
                }
            }
        } catch {
            channel.cancel()
            throw error
        }
        return try channel.outcome()
    }

    enum Event: Sendable {
        case accept(Premises, Int)
        case reject(Reject)
        case warn(Diagnostic)
        case progress(Int, Int)
    }

    /// The reader stops with this when the caller gave up.
    struct Cancelled: Error {}

    /// The queue between the reader's thread and the caller, under one condition.
    private final class Channel: @unchecked Sendable {
        private let reader: any InventoryReader
        private let reportsProgress: Bool
        private let condition = NSCondition()
        // Under `condition`.
        private var queue: [[Event]] = []
        private var result: Result<InventoryReadSummary, any Error>?
        private var cancelled = false
        private var ended = false

        init(reader: any InventoryReader, reportsProgress: Bool) {
            self.reader = reader
            self.reportsProgress = reportsProgress
        }

        func start() {
            let thread = Thread { [self] in
                produce()
                condition.lock()
                ended = true
                condition.broadcast()
                condition.unlock()
            }
            // libxml2's parser recurses with the depth of the document (bounded at 64 by the reader).
            thread.stackSize = 8 << 20
            thread.start()
        }

        /// The next batch, waiting for it; `nil` once the reader has ended and everything was taken.
        func next() -> [Event]? {
            condition.lock()
            defer { condition.unlock() }
            while queue.isEmpty && result == nil { condition.wait() }
            if queue.isEmpty { return nil }
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }

        /// Stops the reader and waits for its thread to end.
        func cancel() {
            condition.lock()
            cancelled = true
            queue.removeAll()
            condition.broadcast()
            while !ended { condition.wait() }
            condition.unlock()
        }

        /// What the reader returned or threw, once its thread has ended.
        func outcome() throws -> InventoryReadSummary {
            condition.lock()
            while !ended { condition.wait() }
            let result = self.result
            condition.unlock()
            guard let result else { throw Cancelled() }
            return try result.get()
        }

        // MARK: The reader's thread

        private func produce() {
            var batch: [Event] = []
            batch.reserveCapacity(InventoryReadPipeline.batchSize)
            func push(_ event: Event) throws {
                batch.append(event)
                if batch.count == InventoryReadPipeline.batchSize { try flush() }
            }
            func flush() throws {
                condition.lock()
                defer { condition.unlock() }
                while queue.count >= InventoryReadPipeline.queueDepth && !cancelled { condition.wait() }
                if cancelled { throw Cancelled() }
                queue.append(batch)
                batch.removeAll(keepingCapacity: true)
                condition.broadcast()
            }
            let outcome: Result<InventoryReadSummary, any Error>
            do {
                let summary = try reader.read(
                    progress: reportsProgress ? { done, total in try? push(.progress(done, total)) } : nil,
                    accept: { try push(.accept($0, $1)) },
                    reject: { try push(.reject($0)) },
                    warn: { try push(.warn($0)) })
                if !batch.isEmpty { try flush() }
                outcome = .success(summary)
            } catch {
                // What the reader gave before its error still reaches the caller, as in a direct read.
                if !(error is Cancelled) && !batch.isEmpty { try? flush() }
                outcome = .failure(error)
            }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
    }
}
