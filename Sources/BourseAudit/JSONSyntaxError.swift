/// A syntax error in a JSON text: where (a byte offset) and what, in French.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    /// Byte offset of the problem in the text (a leading BOM included).
    public var offset: Int
    /// What is wrong, in French ("« : » attendu après une clé").
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
}
