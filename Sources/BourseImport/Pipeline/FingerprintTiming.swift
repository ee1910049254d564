import BourseCore
import Foundation

/// When an inventory file's SHA-256 is computed.
public enum FingerprintTiming: Sendable, Equatable {
    /// Before the read (the same file again is then recognised at once).
    case now
    /// The caller computes it (`FileFingerprint`), for instance while the file is read. An XML file
    /// is opened without it; a CSV file is hashed anyway, beside its encoding check, which reads
    /// the whole file first (hashed later, it competed with the read's threads: measured slower).
    case later
    /// Not at all (a dry run of a file that cannot be an inventory already imported).
    case never
}
