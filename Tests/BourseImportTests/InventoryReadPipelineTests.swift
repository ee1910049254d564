import BourseCore
@testable import BourseImport
import Foundation
import Testing

/// A reader that gives `count` records without any file: every 7th is a reject, every 10th has a
/// warning, and it fails after `failAfter` records when asked to.
private final class ScriptedReader: InventoryReader, @unchecked Sendable {
    let count: Int
    let failAfter: Int?
    /// Records between two progress reports.
    var progressEvery = 100
    /// Every how many records one is rejected (0: none).
    var rejectEvery = 7
    private let lock = NSLock()
    private var givenCount = 0
    private(set) var readThread: Thread?

    init(count: Int, failAfter: Int? = nil) {
        self.count = count
        self.failAfter = failAfter
    }

    var given: Int { lock.withLock { givenCount } }

    var displayName: String { "scripte.csv" }
    var facts: FileFacts { FileFacts(sha256: "", byteCount: count, encoding: .utf8, bomLength: 0) }
    var format: String { "csv" }
    var delimiterName: String? { nil }
    var headerLine: Int? { 1 }
    var titleDate: CivilDate? { nil }
    var notes: [Diagnostic] { [] }
    var skipsFreeText = false
    var leavesReadingThreadIdle = false
    /// The nice values of the reading thread and of a thread it started, seen during `read`.
    private(set) var niceness: (reading: Int32, started: Int32)?

    func read(
        progress: ((Int, Int) -> Void)?, accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void, warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        lock.withLock { readThread = Thread.current }
        let reading = ReadingPriority.ofCallingThread()
        let started = BackgroundProducer<Int32>(depth: 1) { push in try push(ReadingPriority.ofCallingThread()) }
        let startedNiceness = try started.next() ?? -100
        lock.withLock { niceness = (reading, startedNiceness) }
        var summary = InventoryReadSummary(facts: facts)
        for index in 0..<count {
            if let failAfter, index == failAfter {
                throw InventoryReadError.input(.readFailed(path: displayName, reason: "coupure à \(index)"))
            }
            let line = index + 2
            if rejectEvery > 0 && index % rejectEvery == 0 {
                summary.rejected += 1
                try reject(Reject(file: displayName, line: line, raw: "r\(index)", issues: [.init(field: "Surface", message: "absente")]))
            } else {
                if rejectEvery > 0 && index % 10 == 0 {
                    summary.warnings += 1
                    try warn(Diagnostic(.warning, "w\(index)", file: displayName, line: line))
                }
                summary.accepted += 1
                try accept(Premises(reference: "R\(index)", communeInsee: "93029", surface: Double(index + 1)), line)
            }
            lock.withLock { givenCount = index + 1 }
            if index % progressEvery == 0 { progress?(index, count) }
        }
        summary.records = count
        return summary
    }
}

@Suite("Lecture sur un fil à part")
struct InventoryReadPipelineTests {
    /// What the caller saw, in order.
    private func events(of reader: ScriptedReader, stopAt: Int? = nil) throws -> (events: [String], summary: InventoryReadSummary, threads: Set<ObjectIdentifier>) {
        var seen: [String] = []
        var threads: Set<ObjectIdentifier> = []
        let summary = try InventoryReadPipeline.read(
            reader,
            progress: { done, _ in seen.append("p\(done)") },
            accept: { premises, line in
                threads.insert(ObjectIdentifier(Thread.current))
                if let stopAt, line == stopAt { throw CancellationError() }
                seen.append("a\(premises.reference):\(line)")
            },
            reject: { seen.append("r\($0.line)") },
            warn: { seen.append("w\($0.line ?? -1)") })
        return (seen, summary, threads)
    }

    /// A reader with time to spare on its reading thread (CSV) is read at a lower priority than
    /// the caller, which stores what it gives, and so are the threads it starts; the others keep
    /// the caller's. The caller's own priority is untouched.
    @Test func aReaderWithTimeToSpareRunsBelowTheStoringThread() throws {
        let caller = ReadingPriority.ofCallingThread()
        for idle in [false, true] {
            let reader = ScriptedReader(count: 50)
            reader.leavesReadingThreadIdle = idle
            let run = try events(of: reader)
            #expect(run.summary.records == 50)
            let seen = try #require(reader.niceness)
            #if canImport(Glibc)
            let expected = idle ? max(caller, ReadingPriority.niceness) : caller
            #expect(seen.reading == expected, "time to spare: \(idle)")
            #expect(seen.started == expected, "time to spare: \(idle)")
            #endif
            #expect(ReadingPriority.ofCallingThread() == caller)
        }
    }

    /// The same events, straight from the reader on this thread.
    private func direct(_ reader: ScriptedReader) throws -> [String] {
        var seen: [String] = []
        _ = try reader.read(
            progress: { done, _ in seen.append("p\(done)") },
            accept: { seen.append("a\($0.reference):\($1)") },
            reject: { seen.append("r\($0.line)") },
            warn: { seen.append("w\($0.line ?? -1)") })
        return seen
    }

    @Test(arguments: [0, 1, InventoryReadPipeline.batchSize - 1, InventoryReadPipeline.batchSize, 20_000])
    func everyEventArrivesInOrderOnTheCallingThread(count: Int) throws {
        let reader = ScriptedReader(count: count)
        let callerThread = Thread.current
        let (seen, summary, threads) = try events(of: reader)
        #expect(threads.isEmpty || threads == [ObjectIdentifier(callerThread)])
        #expect(seen == (try direct(ScriptedReader(count: count))))
        #expect(summary.records == count)
        #expect(summary.accepted + summary.rejected == count)
        // The reader ran elsewhere, the callbacks here.
        #expect(reader.readThread != nil && reader.readThread !== callerThread)
    }

    @Test func theReadersErrorComesAfterWhatItGaveBefore() throws {
        let reader = ScriptedReader(count: 10_000, failAfter: 5_000)
        var accepted = 0
        var lastLine = 0
        #expect(throws: InventoryReadError.self) {
            _ = try InventoryReadPipeline.read(
                reader, progress: nil,
                accept: { _, line in accepted += 1; lastLine = line },
                reject: { _ in }, warn: { _ in })
        }
        // Records 0…4999 were handed over before the error: 5000 minus the 715 rejects.
        #expect(accepted == 5_000 - 715)
        #expect(lastLine == 5_001)
    }

    /// With a progress report after every record, the hand-over the caller refuses is that of a
    /// progress report (which cannot throw): the reader must still stop there.
    @Test(.timeLimit(.minutes(1)))
    func aCallbackErrorStopsAReaderThatReportsProgressAfterEveryRecord() throws {
        let reader = ScriptedReader(count: 1_000_000)
        reader.progressEvery = 1
        #expect(throws: CancellationError.self) {
            _ = try events(of: reader, stopAt: 3)
        }
        let stoppedAt = reader.given
        #expect(stoppedAt < (InventoryReadPipeline.queueDepth + 2) * InventoryReadPipeline.batchSize)
    }

    @Test func aCallbackErrorStopsTheReaderAndIsRethrown() throws {
        let reader = ScriptedReader(count: 1_000_000)
        #expect(throws: CancellationError.self) {
            _ = try events(of: reader, stopAt: 3)
        }
        // The reader stopped within the queue's reach, long before the end, and its thread is done:
        // it gives nothing more once `read` has returned.
        let stoppedAt = reader.given
        #expect(stoppedAt < (InventoryReadPipeline.queueDepth + 2) * InventoryReadPipeline.batchSize)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(reader.given == stoppedAt)
    }

    /// Accepted premises handed over in batches filled on the reading thread: flattened, the same
    /// events in the same order as a plain read; no batch empty or over the limit, each filled
    /// elsewhere than on the caller's thread.
    @Test(arguments: [(0, 7), (1, 7), (6, 7), (InventoryReadPipeline.batchSize + 1, 7), (20_000, 7), (20_000, 0)])
    func batchesFilledOnTheReadingThreadKeepTheOrder(count: Int, rejectEvery: Int) throws {
        let reader = ScriptedReader(count: count)
        reader.progressEvery = 5_000
        reader.rejectEvery = rejectEvery
        let caller = Thread.current
        var seen: [String] = []
        var sizes: [Int] = []
        var filledHere = false
        _ = try InventoryReadPipeline.read(
            reader, batches: RecordingBatch.self,
            progress: { done, _ in seen.append("p\(done)") },
            accept: { batch in
                sizes.append(batch.count)
                filledHere = filledHere || batch.threads.contains(ObjectIdentifier(caller))
                seen += batch.items
            },
            reject: { seen.append("r\($0.line)") },
            warn: { seen.append("w\($0.line ?? -1)") })
        let plain = ScriptedReader(count: count)
        plain.progressEvery = 5_000
        plain.rejectEvery = rejectEvery
        #expect(seen == (try direct(plain)))
        #expect(sizes.allSatisfy { $0 > 0 && $0 <= InventoryReadPipeline.batchSize })
        #expect(!filledHere)
        if count == 20_000 {
            // Rejects every 7th record close the batches early (runs of six between them);
            // without rejects, batches fill up, closed early only by a progress report.
            #expect(sizes.max() == (rejectEvery == 7 ? 6 : InventoryReadPipeline.batchSize))
            #expect(sizes.reduce(0, +) == (rejectEvery == 7 ? count - (count + 6) / 7 : count))
        }
    }
}

/// A batch that records what it was given, and on which threads.
private struct RecordingBatch: AcceptedPremisesBatch {
    var items: [String] = []
    var threads: Set<ObjectIdentifier> = []
    var count: Int { items.count }
    mutating func append(_ premises: Premises, line: Int) {
        items.append("a\(premises.reference):\(line)")
        threads.insert(ObjectIdentifier(Thread.current))
    }
}

