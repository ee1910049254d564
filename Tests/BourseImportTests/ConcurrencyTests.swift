@testable import BourseImport
import Foundation
import Synchronization
import Testing

/// Runs `body(0..<count)` on `count` threads of their own, all at once, and waits for them all.
private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    group.wait()
}

@Suite("Monitor : valeur partagée, attente d'un autre fil")
struct MonitorTests {
    @Test("Changes made by several threads at once are all kept", .timeLimit(.minutes(1)))
    func changesFromSeveralThreads() {
        let counter = Monitor(0)
        onThreads(8) { _ in
            for _ in 0..<20_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 160_000)
    }

    @Test("Two threads taking turns through the monitor lose no wake-up", .timeLimit(.minutes(1)))
    func turnsWithoutLostWakeUps() {
        // Each thread waits for its turn (the parity of the count) and gives the turn to the other:
        // a wake-up lost between a test and a sleep would stop both for good.
        let turns = Monitor(0)
        let rounds = 20_000
        onThreads(2) { parity in
            for _ in 0..<rounds {
                turns.withLock(waitingUntil: { $0 % 2 == parity }) { $0 += 1 }
                turns.wakeAll()
            }
        }
        #expect(turns.withLock { $0 } == 2 * rounds)
    }

    @Test("Waiters wake once other threads make their condition true", .timeLimit(.minutes(1)))
    func waitersWake() {
        let state = Monitor((produced: 0, seen: [Int]()))
        onThreads(6) { index in
            if index < 3 {
                // Waiters: each until a different total.
                let total = state.withLock(waitingUntil: { $0.produced >= (index + 1) * 1_000 }) { $0.produced }
                state.withLock { $0.seen.append(total) }
            } else {
                for _ in 0..<1_000 {
                    state.withLock { $0.produced += 1 }
                    state.wakeAll()
                }
            }
        }
        let (produced, seen) = state.withLock { ($0.produced, $0.seen) }
        #expect(produced == 3_000)
        #expect(seen.count == 3)
    }
}

@Suite("Fils d'aide : empreinte et schémas compilés sollicités de plusieurs fils")
struct HelperThreadTests {
    @Test("A fingerprint cancelled from another thread while one waits for it: both return", .timeLimit(.minutes(1)))
    func fingerprintCancelledWhileHashing() throws {
        // 24 MB: hashing takes long enough for the cancel to meet it running.
        var bytes = [UInt8](repeating: 0, count: 24 << 20)
        for index in stride(from: 0, to: bytes.count, by: 4096) { bytes[index] = UInt8(truncatingIfNeeded: index >> 12) }
        let file = try TemporaryFile(bytes: bytes, name: "gros.csv")
        let path = file.path
        let expected = try ChunkedFile.facts(path: path).sha256
        for round in 0..<6 {
            let fingerprint = FileFingerprint(path: path, byteCount: bytes.count)
            let outcome = Mutex<Result<String, InventoryReadError>?>(nil)
            onThreads(2) { index in
                if index == 0 {
                    let result = Result { () throws(InventoryReadError) -> String in try fingerprint.wait() }
                    outcome.withLock { $0 = result }
                } else {
                    // Now and then before the waiter has even started.
                    if round % 2 == 1 { Thread.sleep(forTimeInterval: 0.002) }
                    fingerprint.cancel()
                }
            }
            // The waiter has the digest, or learns it was not computed; cancelling again is harmless.
            switch outcome.withLock({ $0 }) {
            case .success(let digest): #expect(digest == expected)
            case .failure(.input): break
            case .failure(let other): Issue.record("unexpected error \(other)")
            case nil: Issue.record("the waiter did not return")
            }
            fingerprint.cancel()
        }
        // Left alone, it still computes the right digest.
        #expect(try FileFingerprint(path: path, byteCount: bytes.count).wait() == expected)
    }

    @Test("The schema pool lends each compiled copy to one thread at a time", .timeLimit(.minutes(1)))
    func schemaPoolFromSeveralThreads() throws {
        let copy = try TemporaryFile(bytes: Array(Data(contentsOf: URL(fileURLWithPath: XMLSamples.schema))), name: "schema.xsd")
        let path = copy.path
        // The copies on loan (their addresses), and any copy found lent twice.
        let lent = Mutex((onLoan: Set<UInt>(), twice: 0, failed: 0, distinct: Set<UInt>()))
        onThreads(4) { _ in
            for _ in 0..<40 {
                guard let loan = XMLSchemaPool.borrow(path: path) else {
                    lent.withLock { $0.failed += 1 }
                    continue
                }
                let address = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(loan.schema)))
                lent.withLock {
                    if !$0.onLoan.insert(address).inserted { $0.twice += 1 }
                    $0.distinct.insert(address)
                }
                // Held a moment, as a reader holds it, so that the others run meanwhile.
                sched_yield()
                lent.withLock { _ = $0.onLoan.remove(address) }
                XMLSchemaPool.giveBack(loan)
            }
        }
        let (onLoan, twice, failed, distinct) = lent.withLock { ($0.onLoan, $0.twice, $0.failed, $0.distinct) }
        #expect(failed == 0)
        #expect(twice == 0)
        #expect(onLoan.isEmpty)
        // Four threads never need more than four copies.
        #expect(distinct.count <= 4)
    }

    @Test("XML files read at once on several threads, each with libxml2's schema check, keep their own errors", .timeLimit(.minutes(2)))
    func schemaChecksAtOnce() throws {
        // Each file has its own invalid records (a decimal comma the schema refuses).
        let files = try (0..<4).map { number -> TemporaryFile in
            let locals = (0..<8_000).map { index in
                index % 997 == number * 101 ? local("R\(index)", surface: "12,5") : local("R\(index)")
            }
            return try TemporaryFile(bourseDocument(locals.joined(separator: "\n")), name: "bailleur-\(number).xml")
        }
        let paths = files.map(\.path)
        let territory = try ptdeTerritory()
        let schema = try XMLSamples.schema
        @Sendable func rejectedLines(_ path: String) -> [Int]? {
            guard let reader = try? XMLInventoryReader(path: path, territory: territory, profile: nil, schemaPath: schema) else { return nil }
            // libxml2's check from the first byte, on its own thread.
            reader.followsBourseFormat = false
            var lines: [Int] = []
            guard (try? reader.read(progress: nil, accept: { _, _ in }, reject: { lines.append($0.line) }, warn: { _ in })) != nil else { return nil }
            return lines
        }
        let alone = paths.map(rejectedLines)
        let together = Mutex([[Int]?](repeating: nil, count: paths.count))
        onThreads(paths.count) { index in
            let lines = rejectedLines(paths[index])
            together.withLock { $0[index] = lines }
        }
        #expect(alone.allSatisfy { $0 != nil && !$0!.isEmpty })
        #expect(together.withLock { $0 } == alone)
    }
}
