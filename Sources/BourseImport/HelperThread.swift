import Foundation

/// A thread that does one job at a time for its owner: `submit` a job, do something else, then
/// wait for its `result`. The work closure (and the state it keeps) runs on the helper's thread
/// only. The owner calls `stop()` when done, whatever happened (`defer`); it joins the thread.
final class HelperThread<Job, Output>: @unchecked Sendable {
    private let condition = NSCondition()
    // Under `condition`.
    private var job: Job?
    private var output: Output?
    private var stopping = false
    private var ended = false

    init(work: @escaping @Sendable (Job) -> Output) {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while job == nil && !stopping { condition.wait() }
                guard let next = job, !stopping else {
                    ended = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                job = nil
                condition.unlock()
                let result = work(next)
                condition.lock()
                output = result
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.start()
    }

    /// Hands a job over; the previous one's result must have been taken.
    func submit(_ job: Job) {
        condition.lock()
        precondition(self.job == nil && output == nil, "HelperThread: one job at a time")
        self.job = job
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the submitted job's result.
    func result() -> Output {
        condition.lock()
        defer { condition.unlock() }
        while output == nil { condition.wait() }
        let result = output!
        output = nil
        return result
    }

    /// Lets a running job finish (one not yet started is dropped), then ends the thread and waits
    /// for it (idempotent).
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !ended { condition.wait() }
        output = nil
        condition.unlock()
    }
}
