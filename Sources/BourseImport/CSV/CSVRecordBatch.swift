/// Records scanned from a CSV file, copied out of the scanner so that another thread can work on
/// them while the scanner goes on: each record's physical line, raw bytes and fields (quotes
/// removed, spaces trimmed, as `CSVScanner.field` gives them). Blank records are only counted.
///
/// `@unchecked Sendable`: a batch is immutable once made (every stored property is a `let`, the
/// memory its pointers reach is written by `fill` before the batch exists and freed by `deinit`
/// only), so any thread may read it; the compiler cannot see that through raw pointers. Swift
/// arrays would let it check, but a record's fields are handed out as pointers into the batch
/// (`CSVRecord.field`), valid as long as the batch lives, which an array only lends inside a
/// closure; and filling arrays cost a uniqueness check per append (see `Contents`).
final class CSVRecordBatch: @unchecked Sendable {
    /// A batch is handed over once it holds this many records or bytes (a longer record still fits).
    static let recordLimit = 256
    static let byteLimit = 64 << 10

    /// What a batch holds, filled as a local value then frozen in the batch. Its offsets live in
    /// buffers of its own (`Offsets`): a Swift array paid a uniqueness check per append, a tenth
    /// of the scanner thread's time.
    private struct Contents {
        var count = 0
        var blank = 0
        var storage: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var used = 0
        var lines = Offsets(capacity: CSVRecordBatch.recordLimit)
        // Record r: raw bytes storage[rawStart[r] ..< rawEnd[r]], fields fieldFirst[r] ..< fieldFirst[r + 1].
        var rawStart = Offsets(capacity: CSVRecordBatch.recordLimit)
        var rawEnd = Offsets(capacity: CSVRecordBatch.recordLimit)
        var fieldFirst = Offsets(capacity: CSVRecordBatch.recordLimit + 1)
        var fieldStart = Offsets(capacity: CSVRecordBatch.recordLimit * 16)
        var fieldEnd = Offsets(capacity: CSVRecordBatch.recordLimit * 16)

        init() {
            capacity = CSVRecordBatch.byteLimit + (CSVRecordBatch.byteLimit >> 2)
            storage = .allocate(capacity: capacity)
            fieldFirst.append(0)
        }

        /// Copies the scanner's current record (or counts it as blank): its raw bytes once, and
        /// each field as a range of them when the scanner's field lies within the record as
        /// written (unquoted, or quoted without doubled quotes); only the others are copied.
        mutating func append(_ scanner: CSVScanner) {
            let mark = used
            let fieldMark = fieldStart.count
            let raw = scanner.rawBytes
            let rawOffset = used
            copy(raw)
            var filled = false
            let rawBase = raw.baseAddress
            for index in 0..<scanner.fieldCount {
                let field = scanner.field(index)
                if field.isEmpty {
                    fieldStart.append(used)
                    fieldEnd.append(used)
                    continue
                }
                filled = true
                if let rawBase, let base = field.baseAddress, base >= rawBase, base + field.count <= rawBase + raw.count {
                    let start = rawOffset + (base - rawBase)
                    fieldStart.append(start)
                    fieldEnd.append(start + field.count)
                } else {
                    fieldStart.append(used)
                    copy(field)
                    fieldEnd.append(used)
                }
            }
            guard filled else {
                used = mark
                fieldStart.count = fieldMark
                fieldEnd.count = fieldMark
                blank += 1
                return
            }
            rawStart.append(rawOffset)
            rawEnd.append(rawOffset + raw.count)
            lines.append(scanner.line)
            fieldFirst.append(fieldStart.count)
            count += 1
        }

        private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            if used + bytes.count > capacity {
                let grown = max(capacity * 2, used + bytes.count)
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                larger.update(from: storage, count: used)
                storage.deallocate()
                storage = larger
                capacity = grown
            }
            (storage + used).update(from: base, count: bytes.count)
            used += bytes.count
        }

        func deallocate() {
            storage.deallocate()
            for offsets in [lines, rawStart, rawEnd, fieldFirst, fieldStart, fieldEnd] { offsets.deallocate() }
        }
    }

    /// A growable run of integers in memory of its own, freed by the batch.
    private struct Offsets {
        private var base: UnsafeMutablePointer<Int>
        private var capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        @inline(__always)
        mutating func append(_ value: Int) {
            if count == capacity { grow() }
            base[count] = value
            count += 1
        }

        private mutating func grow() {
            let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
            larger.update(from: base, count: count)
            base.deallocate()
            base = larger
            capacity *= 2
        }

        @inline(__always)
        subscript(index: Int) -> Int { base[index] }

        func deallocate() { base.deallocate() }
    }

    private let contents: Contents
    /// Records kept (blank ones excluded).
    let count: Int
    /// Blank records met while filling.
    var blank: Int { contents.blank }
    /// The scanner's `bytesRead` once the batch was filled (progress).
    let bytesRead: Int
    /// The structural error that stopped the scan after this batch's records, if any.
    let error: (any Error)?
    /// Whether the scan is over (end of input or error).
    let isLast: Bool

    private init(contents: Contents, bytesRead: Int, error: (any Error)?, isLast: Bool) {
        self.contents = contents
        count = contents.count
        self.bytesRead = bytesRead
        self.error = error
        self.isLast = isLast
    }

    deinit { contents.deallocate() }

    /// Scans records into a new batch until it is full, the input ends or the scanner throws (the
    /// error is kept, after the records scanned before it).
    static func fill(from scanner: CSVScanner, recordLimit: Int = recordLimit) -> CSVRecordBatch {
        var contents = Contents()
        var error: (any Error)?
        var isLast = false
        do {
            while contents.count < max(recordLimit, 1) && contents.used < byteLimit {
                guard try scanner.next() else {
                    isLast = true
                    break
                }
                contents.append(scanner)
            }
        } catch let caught {
            error = caught
            isLast = true
        }
        return CSVRecordBatch(contents: contents, bytesRead: scanner.bytesRead, error: error, isLast: isLast)
    }

    /// Record `index` (0-based) of the batch.
    func record(_ index: Int) -> CSVRecord {
        CSVRecord(batch: self, index: index)
    }

    fileprivate func line(_ record: Int) -> Int { contents.lines[record] }

    fileprivate func fieldCount(_ record: Int) -> Int { contents.fieldFirst[record + 1] - contents.fieldFirst[record] }

    fileprivate func field(_ record: Int, _ index: Int) -> UnsafeBufferPointer<UInt8> {
        let slot = contents.fieldFirst[record] + index
        return UnsafeBufferPointer(start: contents.storage + contents.fieldStart[slot], count: contents.fieldEnd[slot] - contents.fieldStart[slot])
    }

    fileprivate func rawBytes(_ record: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: contents.storage + contents.rawStart[record], count: contents.rawEnd[record] - contents.rawStart[record])
    }
}

/// One non-blank CSV record, as scanned: valid as long as its batch is.
public struct CSVRecord {
    fileprivate let batch: CSVRecordBatch
    fileprivate let index: Int

    /// Physical line (1-based) where the record starts.
    public var line: Int { batch.line(index) }
    public var fieldCount: Int { batch.fieldCount(index) }

    /// The bytes of field `index`, quotes removed and spaces/tabs trimmed.
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> { batch.field(self.index, index) }

    /// The record as written, line terminator excluded.
    public var rawBytes: UnsafeBufferPointer<UInt8> { batch.rawBytes(index) }
}
