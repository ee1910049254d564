import Foundation
import Synchronization

/// A value shared by threads that wait for one another: a `Mutex` holds the value, a condition
/// lets a thread sleep until another changes it (a monitor).
///
/// Synchronization's `Mutex` has no condition to wait on, and the import's threads must wait for
/// one another: its API is synchronous and its helpers are OS threads, not tasks (see
/// `BackgroundProducer`); `NSCondition` supplies the waiting. The value stays in the `Mutex`, so the
/// compiler checks that it is only reached under a lock and that what goes in or out is `Sendable`
/// or sent, with no `@unchecked` here or in the types built on this one. Every access to the value
/// also holds the condition's lock, so that no wake-up is lost between a waiter's test and its
/// sleep: the `Mutex` is never contended, and costs an uncontended lock per access, next to
/// nothing beside the thread wake-ups a hand-over involves (`Scripts/bench-handover.sh`).
final class Monitor<State>: Sendable {
    private let condition = NSCondition()
    private let state: Mutex<State>

    init(_ state: consuming sending State) {
        self.state = Mutex(state)
    }

    /// Runs `body` on the value, under the lock.
    func withLock<Result, Failure: Error>(
        _ body: (inout sending State) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        condition.lock()
        defer { condition.unlock() }
        return try state.withLock(body)
    }

    /// Waits until `ready` holds for the value, then runs `body` on it, under the lock throughout.
    func withLock<Result, Failure: Error>(
        waitingUntil ready: (borrowing State) -> Bool,
        _ body: (inout sending State) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        condition.lock()
        defer { condition.unlock() }
        while true {
            // The test and the body in one pass through the `Mutex` when the value is ready.
            let result = try state.withLock { (state) throws(Failure) -> sending Result? in
                guard ready(state) else { return nil }
                return try body(&state)
            }
            if let result { return result }
            condition.wait()
        }
    }

    /// Wakes every thread waiting in `withLock(waitingUntil:_:)`: each tests its condition again.
    /// Call it once the value has changed (under the lock or after it: a waiter tests the value
    /// under the lock, so a change made before its test is seen, and one made after wakes it).
    func wakeAll() {
        condition.broadcast()
    }
}
