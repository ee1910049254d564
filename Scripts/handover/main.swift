import Foundation

// Times the import's hand-overs between threads, as they are (`Monitor`, `BackgroundProducer`)
// against the baseline (`Baseline.swift`), in alternated rounds of the same process:
//   1. a batch through a `BackgroundProducer` of depth 4 (the CSV and XML pipelines' queues);
//   2. one record's errors from `XMLSchemaCheck`'s thread to the reader (a lock on each side per
//      record, the check at most `maximumLead` records ahead, the reader woken every 512).
// Usage: main [HAND-OVERS] [RECORDS] [ROUNDS]

let maximumLead = 1 << 16
let wakeEvery = 512
let checkEvery = 64

/// A batch handed over (a reference, as the pipelines' batches are).
final class Batch: Sendable {
    let number: Int
    init(_ number: Int) { self.number = number }
}

/// `XMLSchemaCheck`'s sharing as it is: a `Monitor`.
final class MonitoredCheck: Sendable {
    private struct Shared {
        var issues: [Int: [String]] = [:]
        var checked = 0
        var taken = 0
        var finished = false
    }

    private let shared = Monitor(Shared())

    func start(records: Int) {
        Thread { [self] in
            for ordinal in 0..<records {
                if ordinal % checkEvery == 0 {
                    shared.withLock(waitingUntil: { $0.checked - $0.taken <= maximumLead }) { _ in }
                }
                let found = ordinal % 1000 == 7 ? ["erreur"] : []
                let checked = ordinal + 1
                shared.withLock { shared in
                    if !found.isEmpty { shared.issues[ordinal] = found }
                    shared.checked = checked
                }
                if checked % wakeEvery == 0 { shared.wakeAll() }
            }
            shared.withLock { $0.finished = true }
            shared.wakeAll()
        }.start()
    }

    func issues(forRecord index: Int) -> [String] {
        let (found, wakesCheck) = shared.withLock(waitingUntil: { $0.checked > index || $0.finished }) { shared in
            shared.taken = index + 1
            return (shared.issues.removeValue(forKey: index) ?? [], shared.checked - shared.taken < maximumLead / 2)
        }
        if wakesCheck { shared.wakeAll() }
        return found
    }
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let handOvers = arguments.count > 0 ? arguments[0] : 1_000_000
let records = arguments.count > 1 ? arguments[1] : 2_000_000
let rounds = arguments.count > 2 ? arguments[2] : 8

/// Nanoseconds per item of `body`, which returns a checksum compared with `expected`.
func nanoseconds(per count: Int, expected: Int, _ body: () -> Int) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    let sum = body()
    precondition(sum == expected, "wrong checksum")
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(count)
}

func baselineProducer() -> Int {
    let producer = BaselineProducer<Batch>(depth: 4) { push in
        for number in 0..<handOvers { try push(Batch(number)) }
    }
    defer { producer.cancel() }
    var sum = 0
    while let batch = try! producer.next() { sum &+= batch.number }
    return sum
}

func currentProducer() -> Int {
    let producer = BackgroundProducer<Batch>(depth: 4) { push in
        for number in 0..<handOvers { try push(Batch(number)) }
    }
    defer { producer.cancel() }
    var sum = 0
    while let batch = try! producer.next() { sum &+= batch.number }
    return sum
}

func baselineCheck() -> Int {
    let check = BaselineCheck()
    check.start(records: records)
    return (0..<records).reduce(0) { $0 + check.issues(forRecord: $1).count }
}

func monitoredCheck() -> Int {
    let check = MonitoredCheck()
    check.start(records: records)
    return (0..<records).reduce(0) { $0 + check.issues(forRecord: $1).count }
}

func compare(_ title: String, unit: String, count: Int, expected: Int, baseline: () -> Int, current: () -> Int) {
    var before: [Double] = []
    var after: [Double] = []
    for round in 0..<rounds {
        // Alternated, each first in half the rounds.
        if round % 2 == 0 {
            before.append(nanoseconds(per: count, expected: expected, baseline))
            after.append(nanoseconds(per: count, expected: expected, current))
        } else {
            after.append(nanoseconds(per: count, expected: expected, current))
            before.append(nanoseconds(per: count, expected: expected, baseline))
        }
    }
    func line(_ name: String, _ values: [Double]) -> String {
        let sorted = values.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let all = values.map { String(format: "%.0f", $0) }.joined(separator: " ")
        let label = name.padding(toLength: 22, withPad: " ", startingAt: 0)
        return "  \(label) median \(String(format: "%6.0f", median)) ns, best \(String(format: "%6.0f", sorted[0])) ns per \(unit)   (\(all))"
    }
    print(title)
    print(line("before (NSCondition)", before))
    print(line("after (Monitor)", after))
}

compare("1. \(handOvers) batches through a queue of depth 4", unit: "batch", count: handOvers,
        expected: handOvers * (handOvers - 1) / 2, baseline: baselineProducer, current: currentProducer)
compare("2. \(records) records' errors from the schema check to the reader", unit: "record", count: records,
        expected: (records + 992) / 1000, baseline: baselineCheck, current: monitoredCheck)
