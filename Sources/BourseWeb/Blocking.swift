import NIOPosix

/// Runs `body`, which blocks (SQLite, file reading, bcrypt), on NIO's thread pool, so that the
/// event loops and Swift's cooperative threads never wait on it.
func blocking<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await NIOThreadPool.singleton.runIfActive(body)
}
