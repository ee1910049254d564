import CLibXML2
import Foundation
import Synchronization

/// Compiled XSDs kept for the life of the process, so that reading many files against the same
/// schema (the fuzzing harness, the tests, a batch of imports) compiles it once rather than once
/// per file.
///
/// A compiled schema is lent to one reader at a time and given back when the reader is done:
/// libxml2 documents a compiled schema as read-only during validation, but the pool does not need
/// to rely on it, and two readers working at once simply get two copies. A schema is known by its
/// path, size and modification time, so a file edited on disk is compiled again.
enum XMLSchemaPool {
    fileprivate struct Key: Hashable {
        var path: String
        var size: Int64
        var modified: Int64
    }

    /// A compiled schema on loan; give it back with `giveBack`.
    struct Loan: Sendable {
        fileprivate let key: Key?
        /// libxml2's compiled schema, which the compiler cannot check: one thread at a time uses
        /// it. The reader that borrowed it hands it to its schema check's thread, which alone
        /// validates with it and is joined before the reader gives it back; idle, it is only
        /// reached under the pool's `Mutex`. (libxml2 also documents a compiled schema as
        /// read-only during validation.)
        nonisolated(unsafe) let schema: OpaquePointer
        /// The file is the XSD `BourseFormatConformance` follows (same SHA-256).
        let isBourseFormat: Bool
    }

    private static let idle = Mutex<[Key: [Loan]]>([:])
    /// Copies kept per schema at most (more only while that many readers work at once).
    static let maximumIdle = 4

    /// A compiled schema of the file at `path`: an idle one if the pool has it, else a new one.
    /// - Returns: `nil` when the file cannot be read or is not a usable XSD.
    static func borrow(path: String) -> Loan? {
        let key = key(of: path)
        if let key, let reused = idle.withLock({ $0[key]?.popLast() }) { return reused }
        guard let digest = try? ChunkedFile.facts(path: path, detectEncoding: false).sha256 else { return nil }
        LibXML2.initialize()
        guard let parserContext = xmlSchemaNewParserCtxt(path) else { return nil }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        xmlSchemaSetParserStructuredErrors(parserContext, { _, _ in }, nil)
        guard let parsed = xmlSchemaParse(parserContext) else { return nil }
        return Loan(key: key, schema: parsed, isBourseFormat: digest == BourseFormatConformance.schemaSHA256)
    }

    /// Returns a schema to the pool (or frees it when the pool holds enough copies of it).
    static func giveBack(_ loan: Loan) {
        if let key = loan.key {
            let kept = idle.withLock { idle in
                var copies = idle[key] ?? []
                guard copies.count < maximumIdle else { return false }
                copies.append(loan)
                idle[key] = copies
                return true
            }
            if kept { return }
        }
        xmlSchemaFree(loan.schema)
    }

    private static func key(of path: String) -> Key? {
        var facts = stat()
        guard stat(path, &facts) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = Int64(facts.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(facts.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(facts.st_mtim.tv_sec) * 1_000_000_000 + Int64(facts.st_mtim.tv_nsec)
        #endif
        return Key(path: path, size: Int64(facts.st_size), modified: modified)
    }
}

/// libxml2 2.9 sets up its global state (locks, the random seed of its dictionaries) on first use,
/// and two threads using it for the first time together can deadlock there (seen in the tests: two
/// readers opened at once both waited in `xmlDictCreate`). `xmlInitParser` sets it up once, before
/// any other call.
enum LibXML2 {
    private static let initialized: Void = xmlInitParser()

    static func initialize() { _ = initialized }
}
