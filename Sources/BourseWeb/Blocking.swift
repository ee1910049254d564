import NIOPosix

/// The threads the portal's blocking work runs on (SQLite, file reading, bcrypt), so that the
/// event loops and Swift's cooperative threads never wait on it. Two pools: a deposit or a round
/// takes seconds, and on a pool of its own it never holds up the short reads of the pages.
enum WorkPools {
    /// Page reads and sign-ins: short, many at once (readers work beside the writer).
    static let pages: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()

    /// Deposits and rounds: long; they take turns at the database's one writer anyway.
    static let long: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()
}

/// Runs `body`, which blocks, on the pages' threads (or, `long`, on those of deposits and rounds).
func blocking<Value: Sendable>(long: Bool = false, _ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await (long ? WorkPools.long : WorkPools.pages).runIfActive(body)
}
