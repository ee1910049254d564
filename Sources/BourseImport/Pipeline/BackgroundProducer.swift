import Foundation

/// Runs a producer on a thread of its own and hands what it pushes to the thread that calls
/// `next()`, in order, through a bounded queue (the producer waits when it is `depth` items ahead).
///
/// The producer's error reaches the consumer after every item pushed before it. The consumer calls
/// `cancel()` when it is done, whatever happened (`defer`): an unfinished producer is stopped at
/// its next push and its thread joined, so nothing runs on it once `cancel()` returns.
final class BackgroundProducer<Item>: @unchecked Sendable {
    /// What a push throws once the consumer has cancelled.
    struct Cancelled: Error {}

    private let depth: Int
    private let condition = NSCondition()
    // Under `condition`.
    private var queue: [Item] = []
    private var failure: (any Error)?
    private var cancelled = false
    private var ended = false

    /// Starts `produce` on a new thread; it gets a `push` that blocks while the queue is full and
    /// throws `Cancelled` once the consumer has given up.
    /// - Parameter stackSize: the thread's stack (libxml2's parser recurses with the document's depth).
    init(depth: Int, stackSize: Int = 1 << 20, produce: @escaping @Sendable (_ push: @escaping (Item) throws -> Void) throws -> Void) {
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
        thread.stackSize = stackSize
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

    /// The next item, waiting for it; `nil` once the producer has returned and everything was taken.
    /// - Throws: the producer's error, after the items it pushed before it.
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

    /// Stops the producer and waits for its thread to end (idempotent).
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !ended { condition.wait() }
        condition.unlock()
    }
}
