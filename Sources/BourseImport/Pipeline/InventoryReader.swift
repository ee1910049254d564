import BourseCore
import Foundation

/// A reader of one inventory file, whatever its format: the store imports through this, so CSV and
/// XML share the validation, the duplicate rule, the snapshot and the rejects.
public protocol InventoryReader: AnyObject {
    /// The name used in messages (usually the file name).
    var displayName: String { get }
    var facts: FileFacts { get }
    /// `csv` or `xml`, as stored with the inventory.
    var format: String { get }
    /// The CSV delimiter's name; `nil` for XML.
    var delimiterName: String? { get }
    /// The CSV header line; `nil` for XML.
    var headerLine: Int? { get }
    /// The inventory date the file itself gives (title line, root attribute), if any.
    var titleDate: CivilDate? { get }
    /// Notes about the file's shape for the user.
    var notes: [Diagnostic] { get }
    /// The encoding recorded with the inventory: the one the file declares (an XML declaration or
    /// its byte-order mark), else the one it was read in (the default).
    var declaredEncoding: String { get }
    /// The landlord the file names, if it names one (the default: none).
    var namedLandlord: String? { get }
    /// Leave address, contact and remarks undecoded (a dry run that compares nothing).
    var skipsFreeText: Bool { get set }
    /// The thread that calls `read` has time to spare: the reader does most of its work on
    /// threads of its own (the CSV reader scans and validates on helpers), so work done for each
    /// accepted record on that thread costs the import nothing, and the pipeline runs that
    /// reading side at a lower priority than the storing thread (`ReadingPriority`, on Linux).
    /// The XML reader parses on it.
    var leavesReadingThreadIdle: Bool { get }

    /// Reads every record.
    /// - Parameters:
    ///   - progress: called now and then with bytes read and file size.
    ///   - accept: each valid premises with the line where its record starts.
    ///   - reject: each rejected record.
    ///   - warn: remarks on accepted records (unknown labels kept).
    /// - Throws: `InventoryReadError` for a structural error (the caller drops the whole file), or
    ///   whatever the closures throw.
    func read(
        progress: ((Int, Int) -> Void)?,
        accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary
}

extension InventoryReader {
    public var declaredEncoding: String { facts.encodingName }
    public var namedLandlord: String? { nil }
}
