/// Streaming RFC 4180 record scanner over bytes.
///
/// Works on bytes, not characters: the delimiter, quote and line terminators are ASCII in both
/// UTF-8 and Windows-1252, so fields are only decoded when a caller needs their text. Supports quoted
/// delimiters, doubled quotes, CR, LF and CRLF inside quotes, CRLF/LF/CR record ends and a missing
/// final newline; tolerates a stray quote inside an unquoted field (kept as is) and text after a
/// closing quote (appended). Reports the physical line where each record starts and its raw bytes.
/// Memory stays flat: one chunk plus the longest record.
public final class CSVScanner {
    private enum Source {
        case file(ChunkedFile)
        case memory([UInt8], position: Int)
    }

    private var source: Source
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false
    private var nextLine = 1
    private let delimiter: UInt8
    private let maxRecordBytes: Int
    /// Bytes consumed from the source so far (for progress).
    public private(set) var bytesRead = 0

    // The current record.
    /// Physical line (1-based) where the current record starts.
    public private(set) var line = 0
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var aux: UnsafeMutablePointer<UInt8>
    private var auxCapacity: Int
    private var auxCount = 0
    private var recordStart = 0
    private var recordEnd = 0

    /// Scans a file from `offset` (past a BOM).
    public init(file: ChunkedFile, skip offset: Int, delimiter: UInt8, chunkSize: Int = 1 << 20,
                maxRecordBytes: Int = 8 << 20) throws(InputFileError) {
        self.source = .file(file)
        self.delimiter = delimiter
        self.capacity = max(chunkSize, 16)
        self.maxRecordBytes = max(maxRecordBytes, capacity)
        self.buffer = .allocate(capacity: capacity)
        self.auxCapacity = 1024
        self.aux = .allocate(capacity: auxCapacity)
        var remaining = offset
        while remaining > 0 {
            let n = try file.read(into: buffer, count: min(remaining, capacity))
            if n == 0 { break }
            remaining -= n
        }
    }

    /// Scans bytes in memory (tests, samples, sniffing).
    public init(bytes: [UInt8], delimiter: UInt8, chunkSize: Int = 1 << 16, maxRecordBytes: Int = 8 << 20) {
        self.source = .memory(bytes, position: 0)
        self.delimiter = delimiter
        self.capacity = max(chunkSize, 4)
        self.maxRecordBytes = max(maxRecordBytes, capacity)
        self.buffer = .allocate(capacity: capacity)
        self.auxCapacity = 1024
        self.aux = .allocate(capacity: auxCapacity)
    }

    deinit {
        buffer.deallocate()
        aux.deallocate()
    }

    /// Number of fields of the current record.
    public var fieldCount: Int { starts.count }

    /// The bytes of field `index` of the current record, quotes removed and spaces/tabs trimmed.
    /// Valid until the next call to `next()`.
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let s = starts[index]
        let e = ends[index]
        var p: UnsafeMutablePointer<UInt8>
        var count: Int
        if s < 0 {
            p = aux + (-1 - s)
            count = e - (-1 - s)
        } else {
            p = buffer + s
            count = e - s
        }
        let tab: UInt8 = delimiter == 0x09 ? 0x20 : 0x09
        while count > 0 && (p[0] == 0x20 || p[0] == tab) {
            p += 1
            count -= 1
        }
        while count > 0 && (p[count - 1] == 0x20 || p[count - 1] == tab) { count -= 1 }
        return UnsafeBufferPointer(start: p, count: count)
    }

    /// Whether every field of the current record is empty after trimming.
    public var isBlank: Bool {
        for index in 0..<starts.count where field(index).count > 0 { return false }
        return true
    }

    /// The raw bytes of the current record, line terminator excluded.
    public var rawBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart)
    }

    /// Advances to the next record.
    /// - Returns: `false` at the end of the input.
    /// - Throws: `CSVError` for a quote left open at the end of the file or an endless record.
    public func next() throws -> Bool {
        while true {
            if try parseRecord(atEOF: eof) { return true }
            if eof { return false }
            try refill()
        }
    }

    private func refill() throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 { (buffer).update(from: buffer + start, count: pending) }
            end = pending
            start = 0
        }
        if end == capacity {
            guard capacity < maxRecordBytes else {
                throw CSVError.recordTooLong(line: nextLine, limit: maxRecordBytes)
            }
            let newCapacity = min(capacity * 2, maxRecordBytes)
            let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBuffer.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = newBuffer
            capacity = newCapacity
        }
        let n: Int
        switch source {
        case .file(let file):
            n = try file.read(into: buffer + end, count: capacity - end)
        case .memory(let bytes, let position):
            n = min(capacity - end, bytes.count - position)
            if n > 0 {
                bytes.withUnsafeBufferPointer { all in
                    if let base = all.baseAddress { (buffer + end).update(from: base + position, count: n) }
                }
            }
            source = .memory(bytes, position: position + n)
        }
        if n == 0 { eof = true }
        end += n
        bytesRead += n
    }

    private func appendAux(_ byte: UInt8) {
        if auxCount == auxCapacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: auxCapacity * 2)
            grown.update(from: aux, count: auxCount)
            aux.deallocate()
            aux = grown
            auxCapacity *= 2
        }
        aux[auxCount] = byte
        auxCount += 1
    }

    /// Parses one record from `start`. Returns `false` when the buffer ends before the record does
    /// (and we are not at the end of the input).
    private func parseRecord(atEOF: Bool) throws -> Bool {
        if start >= end && atEOF { return false }
        // Work on local arrays: appending to stored properties of a class pays a dynamic exclusivity
        // check per field.
        var starts: [Int] = []
        var ends: [Int] = []
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        defer {
            swap(&starts, &self.starts)
            swap(&ends, &self.ends)
        }
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        auxCount = 0
        let delimiter = self.delimiter
        let quote: UInt8 = 0x22
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        let buf = buffer
        let limit = end
        var p = start
        var newlines = 0
        while true {
            // Start of a field.
            if p >= limit {
                // Empty last field (after a delimiter) or empty record at the end of the input.
                guard atEOF else { return false }
                starts.append(p)
                ends.append(p)
                return finish(recordEnd: p, next: p, newlines: newlines)
            }
            if buf[p] == quote {
                let quoteLine = nextLine + newlines
                p += 1
                let contentStart = p
                var useAux = false
                var auxStart = 0
                // Quoted field.
                while true {
                    if p >= limit {
                        guard atEOF else { return false }
                        throw CSVError.unclosedQuote(line: quoteLine)
                    }
                    let byte = buf[p]
                    if byte == quote {
                        if p + 1 >= limit && !atEOF { return false }
                        if p + 1 < limit && buf[p + 1] == quote {
                            if !useAux {
                                useAux = true
                                auxStart = auxCount
                                var k = contentStart
                                while k < p { appendAux(buf[k]); k += 1 }
                            }
                            appendAux(quote)
                            p += 2
                            continue
                        }
                        // Closing quote.
                        let contentEnd = p
                        p += 1
                        // Text after the closing quote (lenient): append up to the delimiter.
                        if p < limit, buf[p] != delimiter, buf[p] != cr, buf[p] != lf {
                            if !useAux {
                                useAux = true
                                auxStart = auxCount
                                var k = contentStart
                                while k < contentEnd { appendAux(buf[k]); k += 1 }
                            }
                            while p < limit, buf[p] != delimiter, buf[p] != cr, buf[p] != lf {
                                appendAux(buf[p])
                                p += 1
                            }
                            if p >= limit && !atEOF { return false }
                        }
                        if useAux {
                            starts.append(-1 - auxStart)
                            ends.append(auxCount)
                        } else {
                            starts.append(contentStart)
                            ends.append(contentEnd)
                        }
                        break
                    }
                    if byte == lf {
                        newlines += 1
                    } else if byte == cr {
                        if p + 1 >= limit && !atEOF { return false }
                        if !(p + 1 < limit && buf[p + 1] == lf) { newlines += 1 }
                    }
                    if useAux { appendAux(byte) }
                    p += 1
                }
            } else {
                // Unquoted field: up to the delimiter or the end of the line.
                let fieldStart = p
                while p < limit {
                    let byte = buf[p]
                    if byte == delimiter || byte == lf || byte == cr { break }
                    p += 1
                }
                if p >= limit && !atEOF { return false }
                starts.append(fieldStart)
                ends.append(p)
            }
            // After a field: delimiter, end of line or end of input.
            if p >= limit {
                guard atEOF else { return false }
                return finish(recordEnd: p, next: p, newlines: newlines)
            }
            let byte = buf[p]
            if byte == delimiter {
                p += 1
                continue
            }
            if byte == lf {
                return finish(recordEnd: p, next: p + 1, newlines: newlines)
            }
            // CR: CRLF or a lone CR.
            if p + 1 >= limit && !atEOF { return false }
            let next = (p + 1 < limit && buf[p + 1] == lf) ? p + 2 : p + 1
            return finish(recordEnd: p, next: next, newlines: newlines)
        }
    }

    private func finish(recordEnd: Int, next: Int, newlines: Int) -> Bool {
        line = nextLine
        recordStart = start
        self.recordEnd = recordEnd
        nextLine += newlines + 1
        start = next
        return true
    }
}
