import BourseCore
import BourseImport
import GRDBSQLite

/// The values of new premises' INSERT rows, packed in one block of memory on the thread that reads
/// the file, for the thread that stores them.
///
/// A million-row import spent about a sixth of its storing thread copying, retaining and releasing
/// the strings of each `Premises` and letting SQLite copy every text it was given. Packed here on the
/// reading thread (which has time to spare), a row is bound by pointer (`SQLITE_STATIC`): the
/// storing thread touches no Swift string and SQLite copies each text once, into its record.
///
/// Each row holds the 21 values `PremisesInsert` binds per row, in its order, each as a tag byte
/// followed by its payload: nothing (NULL), 8 bytes (integer or real), or a 4-byte length and
/// the UTF-8 bytes (text). The batch owns its memory: a pointer bound from it stays valid as long
/// as the batch lives, so the storer keeps every batch it bound from until the statement has run.
///
/// `@unchecked Sendable`: the batch is mutable, and safe by its ownership: one thread at a time.
/// The reading thread alone appends; it then hands the batch over once, through the pipeline's
/// queue, whose lock orders those writes before the storing thread's reads, and never touches it
/// again; from then on the storing thread alone binds from it (a batch it packs itself never
/// leaves it). A `Mutex` would not make it safe: `bind` gives SQLite pointers into the batch's
/// memory that SQLite reads after the lock would have been released (`SQLITE_STATIC`).
final class PackedPremisesRows: AcceptedPremisesBatch, @unchecked Sendable {
    private enum Tag: UInt8 {
        case null = 0, integer = 1, real = 2, text = 3
    }

    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    /// Where each row starts in `base`.
    private var starts: [Int] = []
    /// The communes of the rows, each once, in the order they first appear.
    private(set) var communes: [String] = []

    init() {
        capacity = 64 << 10
        base = .allocate(byteCount: capacity, alignment: 8)
        starts.reserveCapacity(1024)
    }

    deinit { base.deallocate() }

    var count: Int { starts.count }

    /// Empties the batch and keeps its memory (no statement may still be bound to its rows).
    func removeAll() {
        used = 0
        starts.removeAll(keepingCapacity: true)
        communes.removeAll(keepingCapacity: true)
    }

    /// Packs the premises' INSERT values (reading thread).
    func append(_ premises: Premises, line: Int) {
        if communes.last != premises.communeInsee, !communes.contains(premises.communeInsee) {
            communes.append(premises.communeInsee)
        }
        starts.append(used)
        put(premises.communeInsee)
        put(premises.reference)
        put(premises.address)
        put(premises.type.rawValue)
        put(premises.typeLabel)
        put(premises.surface)
        put(premises.rent?.monthly)
        put(premises.rent?.perSquareMetreYear)
        put(premises.rent?.basis.rawValue)
        put(premises.charges)
        put(premises.marketRent)
        put(premises.leaseKind?.rawValue)
        put(premises.leaseLabel)
        put(premises.availableFrom?.iso)
        put(premises.availableUntil?.iso)
        put(premises.floor.map(Int64.init))
        put(premises.accessible.map { $0 ? Int64(1) : Int64(0) })
        put(premises.status.rawValue)
        put(premises.contact)
        put(premises.remarks)
        put(PremisesRecord.encodeExtra(premises.extra))
    }

    /// Binds row `row`'s 21 values by pointer: the batch must outlive the statement's run.
    func bind(row: Int, to binder: inout RawStatementBinder) {
        var offset = starts[row]
        for _ in 0..<PremisesInsert.rowParameters {
            let tag = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            switch tag {
            case Tag.integer.rawValue:
                binder.bind(base.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                offset += 8
            case Tag.real.rawValue:
                binder.bind(base.loadUnaligned(fromByteOffset: offset, as: Double.self))
                offset += 8
            case Tag.text.rawValue:
                let length = Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                binder.bindStatic(text: base + offset + 4, length: length)
                offset += 4 + length
            default:
                binder.bindNull()
            }
        }
    }

    // MARK: Packing

    private func reserve(_ bytes: Int) {
        guard used + bytes > capacity else { return }
        var newCapacity = capacity * 2
        while used + bytes > newCapacity { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        grown.copyMemory(from: base, byteCount: used)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    private func put(_ tag: Tag) {
        base.storeBytes(of: tag.rawValue, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    private func put(_ value: String?) {
        guard var value else {
            reserve(1)
            put(.null)
            return
        }
        value.withUTF8 { bytes in
            reserve(5 + bytes.count)
            put(.text)
            base.storeBytes(of: UInt32(truncatingIfNeeded: bytes.count), toByteOffset: used, as: UInt32.self)
            used += 4
            if let source = bytes.baseAddress, bytes.count > 0 {
                (base + used).copyMemory(from: source, byteCount: bytes.count)
            }
            used += bytes.count
        }
    }

    private func put(_ value: Double?) { put(value, as: .real) }

    private func put(_ value: Int64?) { put(value, as: .integer) }

    /// A tag and the value's 8 bytes, or the NULL tag.
    private func put<Value: BitwiseCopyable>(_ value: Value?, as tag: Tag) {
        reserve(1 + MemoryLayout<Value>.size)
        guard let value else { return put(.null) }
        put(tag)
        base.storeBytes(of: value, toByteOffset: used, as: Value.self)
        used += MemoryLayout<Value>.size
    }
}
