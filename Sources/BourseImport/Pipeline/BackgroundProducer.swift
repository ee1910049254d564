import Foundation

/// Runs a producer on a thread of its own and hands what it pushes to the thread that calls
/// `next()`, in order, through a bounded queue (the producer waits when it is `depth` items ahead).
///
/// The producer's error reaches the consumer after every item pushed before it. The consumer calls
/// `cancel()` when it is done, whatever happened (`defer`): an unfinished producer is stopped at
/// its next push and its thread joined, so nothing runs on it once `cancel()` returns.
///
/// A `Thread` rather than a task: the producer blocks (on the queue, on file reads, inside
/// libxml2), which must not happen on Swift concurrency's cooperative pool (one thread per core),
/// and the import's API is synchronous. The queue is a `Monitor`: items cross it as `Sendable`
/// values.
final class BackgroundProducer<Item: Sendable>: Sendable {
    /// What a push throws once the consumer has cancelled.
    struct Cancelled: Error {}

    private struct State {
        var queue: [Item] = []
        var failure: (any Error)?
        var cancelled = false
        var ended = false
    }

    private let depth: Int
    private let state = Monitor(State())

    /// Starts `produce` on a new thread; it gets a `push` that blocks while the queue is full and
    /// throws `Cancelled` once the consumer has given up.
    /// - Parameter stackSize: the thread's stack (libxml2's parser recurses with the document's depth).
    init(depth: Int, stackSize: Int = 1 << 20, produce: @escaping @Sendable (_ push: @escaping (Item) throws -> Void) throws -> Void) {
        self.depth = max(depth, 1)
        let thread = Thread { [self] in
            var failure: (any Error)?
            do {
                try produce(push)
            } catch is Cancelled {
            } catch {
                failure = error
            }
            state.withLock { state in
                state.failure = failure
                state.ended = true
            }
            state.wakeAll()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    private func push(_ item: Item) throws {
        let depth = self.depth
        let queued = state.withLock(waitingUntil: { $0.queue.count < depth || $0.cancelled }) { state in
            if state.cancelled { return false }
            state.queue.append(item)
            return true
        }
        guard queued else { throw Cancelled() }
        state.wakeAll()
    }

    /// The next item, waiting for it; `nil` once the producer has returned and everything was taken.
    /// - Throws: the producer's error, after the items it pushed before it.
    func next() throws -> Item? {
        let taken = state.withLock(waitingUntil: { !$0.queue.isEmpty || $0.ended }) { state -> Result<Item?, any Error> in
            if !state.queue.isEmpty { return .success(state.queue.removeFirst()) }
            if let failure = state.failure {
                state.failure = nil
                return .failure(failure)
            }
            return .success(nil)
        }
        // A place freed in the queue: the producer may be waiting for it.
        if case .success(.some) = taken { state.wakeAll() }
        return try taken.get()
    }

    /// Stops the producer and waits for its thread to end (idempotent).
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            state.queue.removeAll()
        }
        state.wakeAll()
        state.withLock(waitingUntil: { $0.ended }) { _ in }
    }
}
