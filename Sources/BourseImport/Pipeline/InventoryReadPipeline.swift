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
    /// Records and other events per hand-over (at most).
    static let batchSize = 1024
    /// Hand-overs the reader may be ahead of the caller.
    static let queueDepth = 4

    /// Reads `reader` on a helper thread; same contract as `InventoryReader.read`.
    public static func read(
        _ reader: any InventoryReader,
        progress: ((Int, Int) -> Void)?,
        accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        try read(reader, batches: PlainPremisesBatch.self, progress: progress, accept: { batch in
            for item in batch.items { try accept(item.premises, item.line) }
        }, reject: reject, warn: warn)
    }

    /// Reads `reader` on a helper thread and gives its accepted premises in batches of `Batch`,
    /// filled on that thread.
    ///
    /// The order of a plain read is kept: a batch holds consecutive accepted records and is
    /// handed over before any reject, warning or progress report that follows them in the file.
    public static func read<Batch: AcceptedPremisesBatch>(
        _ reader: any InventoryReader,
        batches: Batch.Type,
        progress: ((Int, Int) -> Void)?,
        accept: (Batch) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        let handed = HandedReader(reader: reader)
        let reportsProgress = progress != nil
        let lowersPriority = reader.leavesReadingThreadIdle
        let producer = BackgroundProducer<[Event<Batch>]>(depth: queueDepth, stackSize: 8 << 20) { push in
            if lowersPriority { ReadingPriority.lowerCallingThread() }
            var events: [Event<Batch>] = []
            events.reserveCapacity(InventoryReadPipeline.batchSize)
            var accepted = Batch()
            // Records and other events held since the last hand-over: a hand-over holds at most
            // `batchSize` of them, whether they come in few batches or many small ones.
            var held = 0
            // Once the caller has given up, every later event says so: a progress report cannot
            // throw, so the first refused hand-over may be one and must not be forgotten.
            var refused: (any Error)?
            func handOver() throws {
                do {
                    try push(events)
                } catch {
                    refused = error
                    throw error
                }
                events.removeAll(keepingCapacity: true)
                held = 0
            }
            /// Closes the batch of accepted premises (before any other event, to keep the order).
            func closeBatch() {
                guard accepted.count > 0 else { return }
                events.append(.accepted(accepted))
                accepted = Batch()
            }
            func add(_ event: Event<Batch>) throws {
                if let refused { throw refused }
                closeBatch()
                events.append(event)
                held += 1
                if held >= InventoryReadPipeline.batchSize { try handOver() }
            }
            func addAccepted(_ premises: Premises, _ line: Int) throws {
                if let refused { throw refused }
                accepted.append(premises, line: line)
                held += 1
                if held >= InventoryReadPipeline.batchSize {
                    closeBatch()
                    try handOver()
                }
            }
            do {
                let summary = try handed.reader.read(
                    progress: reportsProgress ? { done, total in try? add(.progress(done, total)) } : nil,
                    accept: addAccepted,
                    reject: { try add(.reject($0)) },
                    warn: { try add(.warn($0)) })
                closeBatch()
                events.append(.finished(summary))
                try push(events)
            } catch {
                // What the reader gave before its error still reaches the caller, as in a direct read.
                if !(error is BackgroundProducer<[Event<Batch>]>.Cancelled) {
                    closeBatch()
                    if !events.isEmpty { try? push(events) }
                }
                throw error
            }
        }
        defer { producer.cancel() }
        var summary: InventoryReadSummary?
        while let events = try producer.next() {
            for event in events {
                switch event {
                case .accepted(let batch): try accept(batch)
                case .reject(let value): try reject(value)
                case .warn(let value): try warn(value)
                case let .progress(done, total): progress?(done, total)
                case .finished(let value): summary = value
                }
            }
        }
        guard let summary else { throw BackgroundProducer<[Event<Batch>]>.Cancelled() }
        return summary
    }

    enum Event<Batch: AcceptedPremisesBatch>: Sendable {
        case accepted(Batch)
        case reject(Reject)
        case warn(Diagnostic)
        case progress(Int, Int)
        /// The reader returned: the last event.
        case finished(InventoryReadSummary)
    }

    /// The reader lent to the helper thread: only that thread uses it, from the thread's start
    /// until `producer.cancel()` has joined it, before `read` returns. A reader is not `Sendable`
    /// (it holds its file, scanner and caches), and `sending` cannot express a loan: the caller
    /// goes on using the reader once `read` has returned.
    private struct HandedReader: @unchecked Sendable {
        let reader: any InventoryReader
    }
}

/// The scheduling priority of a reading side that has time to spare.
///
/// A CSV import runs four threads on what is often two cores: the storing thread, which the import
/// waits for, and the reading thread, scanner and validator, which together need about as much.
/// With every thread at the same priority the storing thread lost part of its core to them. The
/// reading thread lowers its own priority (Linux's nice is per thread, and the threads it starts,
/// the scanner and the validator, inherit it); as long as the storing thread keeps a core, they
/// share the other, and they have it all whenever it waits (measured in BENCHMARKS.md, seventh
/// session).
enum ReadingPriority {
    /// The nice value the reading side runs at (0 is the default; each step divides the thread's
    /// share of a busy core by about 1.25).
    static let niceness: Int32 = 5

    /// Lowers the calling thread's priority to `niceness`, never raising it (a `bourse` run under
    /// `nice` keeps its own). Linux (Glibc) only: elsewhere the call would reach the whole process.
    static func lowerCallingThread() {
        #if canImport(Glibc)
        if ofCallingThread() < niceness {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        }
        #endif
    }

    /// The calling thread's nice value (tests).
    static func ofCallingThread() -> Int32 {
        #if canImport(Glibc)
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return 0
        #endif
    }
}
