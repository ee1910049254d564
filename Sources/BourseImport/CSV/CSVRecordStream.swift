/// The records of a CSV file after its header, by batches: scanned on the calling thread as they
/// are asked for, or ahead on a thread of their own (`inBackground`) while the caller validates
/// the previous ones. The caller calls `close()` when done, whatever happened.
final class CSVRecordStream {
    /// Batches the background scanner may be ahead.
    static let depth = 4

    private let scanner: CSVScanner
    private let recordLimit: Int
    private let producer: BackgroundProducer<CSVRecordBatch>?
    private var ended = false

    /// - Parameter recordLimit: records per batch (tests use small ones).
    init(scanner: CSVScanner, inBackground: Bool, recordLimit: Int = CSVRecordBatch.recordLimit) {
        self.scanner = scanner
        self.recordLimit = recordLimit
        if inBackground {
            let unchecked = UncheckedScanner(scanner: scanner)
            producer = BackgroundProducer(depth: CSVRecordStream.depth) { push in
                while true {
                    let batch = CSVRecordBatch.fill(from: unchecked.scanner, recordLimit: recordLimit)
                    try push(batch)
                    if batch.isLast { return }
                }
            }
        } else {
            producer = nil
        }
    }

    /// The next batch; `nil` after the last one.
    func next() throws -> CSVRecordBatch? {
        guard !ended else { return nil }
        let batch: CSVRecordBatch?
        if let producer {
            batch = try producer.next()
        } else {
            batch = CSVRecordBatch.fill(from: scanner, recordLimit: recordLimit)
        }
        if batch?.isLast ?? true { ended = true }
        return batch
    }

    /// Stops the background scanner, if any, and waits for it.
    func close() {
        producer?.cancel()
    }
}

/// The scanner lent to the background thread: only that thread uses it, from the thread's start
/// until `close()` has joined it (the stream then never scans on the calling thread). A scanner is
/// not `Sendable` (it reads the file into buffers of its own), and a `sending` scanner would have
/// to leave the table, which opened it and read the header with it.
private struct UncheckedScanner: @unchecked Sendable {
    let scanner: CSVScanner
}
