@testable import BourseImport
import Foundation
import Testing

private struct ProducerFailure: Error, Equatable {
    var at: Int
}

/// Counts what a producer did, from its own thread.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var pushed = 0
    private var stopped = false

    func push() { lock.withLock { pushed += 1 } }
    func stop() { lock.withLock { stopped = true } }
    var count: Int { lock.withLock { pushed } }
    var wasStopped: Bool { lock.withLock { stopped } }
}

@Suite("BackgroundProducer : file d'attente bornée vers un autre fil")
struct BackgroundProducerTests {
    @Test("Every item arrives once, in order, then nil", arguments: [1, 2, 4])
    func order(depth: Int) throws {
        let producer = BackgroundProducer<Int>(depth: depth) { push in
            for item in 0..<5_000 { try push(item) }
        }
        defer { producer.cancel() }
        var received: [Int] = []
        while let item = try producer.next() { received.append(item) }
        #expect(received == Array(0..<5_000))
        #expect(try producer.next() == nil)
    }

    @Test("The producer's error comes after the items pushed before it")
    func errorAfterItems() throws {
        let producer = BackgroundProducer<Int>(depth: 3) { push in
            for item in 0..<100 { try push(item) }
            throw ProducerFailure(at: 100)
        }
        defer { producer.cancel() }
        var received: [Int] = []
        #expect(throws: ProducerFailure(at: 100)) {
            while let item = try producer.next() { received.append(item) }
        }
        #expect(received == Array(0..<100))
    }

    @Test("Cancelling stops a producer blocked on a full queue and joins it", .timeLimit(.minutes(1)))
    func cancelBlockedProducer() throws {
        let tally = Tally()
        let producer = BackgroundProducer<Int>(depth: 2) { push in
            defer { tally.stop() }
            for item in 0..<1_000_000 {
                try push(item)
                tally.push()
            }
        }
        #expect(try producer.next() == 0)
        producer.cancel()
        // Joined: the producer's thread has ended, far from its million items.
        #expect(tally.wasStopped)
        #expect(tally.count < 10)
        #expect(try producer.next() == nil)
        producer.cancel()
    }

    @Test("Cancelling after the end is harmless")
    func cancelAfterEnd() throws {
        let producer = BackgroundProducer<String>(depth: 1) { push in try push("seul") }
        #expect(try producer.next() == "seul")
        #expect(try producer.next() == nil)
        producer.cancel()
        producer.cancel()
    }

    @Test("A CSV read scanned ahead stops its scanner when the caller throws", .timeLimit(.minutes(1)))
    func csvCallerError() throws {
        var lines = ["Référence;Commune;Surface"]
        for index in 1...20_000 { lines.append("R\(index);Drancy;\(index)") }
        let file = try TemporaryFile(lines.joined(separator: "\n"))
        let reader = try CSVInventoryReader(path: file.path, territory: ptdeTerritory(), profile: nil)
        reader.scansAhead = true
        reader.batchRecordLimit = 16
        var accepted = 0
        #expect(throws: ProducerFailure(at: 100)) {
            _ = try reader.read(
                accept: { _, _ in
                    accepted += 1
                    if accepted == 100 { throw ProducerFailure(at: 100) }
                },
                reject: { _ in }, warn: { _ in })
        }
        #expect(accepted == 100)
    }
}

@Suite("BackgroundProducer : travail fait sur un autre fil")
struct BackgroundProducerThreadTests {
    @Test("Items are made off the consumer's thread, with the producer's state kept between them")
    func itemsInSequence() throws {
        let owner = pthread_self()
        let tally = Tally()
        let producer = BackgroundProducer<(sum: Int, onOwner: Bool)>(depth: 1) { push in
            for round in 1...200 {
                tally.push()
                try push((Array(0..<round).reduce(0, +), pthread_equal(pthread_self(), owner) != 0))
            }
        }
        defer { producer.cancel() }
        for round in 1...200 {
            let result = try #require(try producer.next())
            #expect(result.sum == round * (round - 1) / 2)
            #expect(!result.onOwner)
        }
        #expect(try producer.next() == nil)
        #expect(tally.count == 200)
    }

    @Test("Cancelling waits for the producer's running work; cancelling twice is harmless", .timeLimit(.minutes(1)))
    func cancelDuringWork() {
        let tally = Tally()
        let idle = BackgroundProducer<Int>(depth: 1) { _ in }
        idle.cancel()
        idle.cancel()
        let started = Tally()
        let busy = BackgroundProducer<Int>(depth: 1) { push in
            started.push()
            Thread.sleep(forTimeInterval: 0.05)
            tally.push()
            try push(1)
        }
        while started.count == 0 { Thread.sleep(forTimeInterval: 0.001) }
        busy.cancel()
        // The work under way when `cancel` was called ran to its end before the thread was joined.
        #expect(tally.count == 1)
    }
}
