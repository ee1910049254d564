import Foundation

// The hand-overs as they were before `Monitor` (commit f145ee4): an `NSCondition` guarding plain
// stored properties, the classes `@unchecked Sendable`. Kept here only to be timed against.

/// `BackgroundProducer` before.
final class BaselineProducer<Item>: @unchecked Sendable {
    struct Cancelled: Error {}
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [Item] = []
    private var failure: (any Error)?
    private var cancelled = false
    private var ended = false

    init(depth: Int, produce: @escaping @Sendable (_ push: @escaping (Item) throws -> Void) throws -> Void) {
        self.depth = max(depth, 1)
        let thread = Thread { [self] in
            do {
                try produce(push)
            } catch is Cancelled {
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
            }
            condition.lock()
            ended = true
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    private func push(_ item: Item) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        queue.append(item)
        condition.broadcast()
    }

    func next() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !ended { condition.wait() }
        if !queue.isEmpty {
            let item = queue.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure {
            self.failure = nil
            throw failure
        }
        return nil
    }

    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !ended { condition.wait() }
        condition.unlock()
    }
}

/// `XMLSchemaCheck`'s sharing before: the check publishes each record, the reader takes each one.
final class BaselineCheck: @unchecked Sendable {
    private let condition = NSCondition()
    private var issues: [Int: [String]] = [:]
    private var checked = 0
    private var taken = 0
    private var finished = false

    func start(records: Int) {
        Thread { [self] in
            for ordinal in 0..<records {
                if ordinal % checkEvery == 0 {
                    condition.lock()
                    while checked - taken > maximumLead { condition.wait() }
                    condition.unlock()
                }
                let found = ordinal % 1000 == 7 ? ["erreur"] : []
                condition.lock()
                if !found.isEmpty { issues[ordinal] = found }
                checked = ordinal + 1
                if checked % wakeEvery == 0 { condition.broadcast() }
                condition.unlock()
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }.start()
    }

    func issues(forRecord index: Int) -> [String] {
        condition.lock()
        defer { condition.unlock() }
        while checked <= index && !finished { condition.wait() }
        taken = index + 1
        if checked - taken < maximumLead / 2 { condition.broadcast() }
        return issues.removeValue(forKey: index) ?? []
    }
}
