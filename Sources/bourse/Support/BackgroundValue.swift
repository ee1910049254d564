import Dispatch

/// A value computed on another thread while the caller goes on (the machine's second core);
/// `value()` waits for it.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let compute: @Sendable () -> Value
    private let group = DispatchGroup()
    /// Written once by the background work, read after `group.wait()`.
    private var result: Value?

    init(_ compute: @escaping @Sendable () -> Value) {
        self.compute = compute
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            result = compute()
        }
    }

    /// The value, once computed.
    func value() -> Value {
        group.wait()
        return result ?? compute()
    }
}
