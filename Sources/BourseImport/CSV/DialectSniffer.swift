/// Finds the delimiter of a CSV file from its first bytes.
public enum DialectSniffer {
    /// Candidate delimiters, in order of preference when the evidence ties.
    public static let candidates: [UInt8] = [UInt8(ascii: ";"), 0x09, UInt8(ascii: ","), UInt8(ascii: "|")]

    /// Picks the delimiter that splits the most records of the sample into the same number (≥ 2) of
    /// fields, reading quotes as RFC 4180 does; title lines and blank lines weigh nothing.
    /// - Parameter sample: the first bytes of the file (64 KiB is plenty), BOM removed.
    /// - Returns: `nil` when no candidate splits any record into two fields or more.
    public static func sniff(_ sample: [UInt8], maxRecords: Int = 100) -> CSVDialect? {
        var best: (delimiter: UInt8, score: Int, width: Int)?
        for candidate in candidates {
            let scanner = CSVScanner(bytes: sample, delimiter: candidate, chunkSize: max(sample.count, 4))
            var counts: [Int: Int] = [:]
            var records = 0
            // The sample may cut the last record: ignore a parse error at its end.
            while records < maxRecords, (try? scanner.next()) == true {
                records += 1
                if scanner.isBlank { continue }
                // Trailing empty fields ("Titre;;;;") do not count as columns.
                var width = scanner.fieldCount
                while width > 1 && scanner.field(width - 1).isEmpty { width -= 1 }
                if width >= 2 { counts[scanner.fieldCount, default: 0] += 1 }
            }
            guard let mode = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if let current = best, mode.value <= current.score { continue }
            best = (candidate, mode.value, mode.key)
        }
        if let best { return CSVDialect(delimiter: best.delimiter) }
        // No record could be split (a quote opened on the first line and never closed swallows the
        // sample): fall back on the candidate most frequent on the first physical line, so that the
        // reader reports the real problem with its line.
        let firstLine = sample.prefix { $0 != 0x0A && $0 != 0x0D }
        guard firstLine.contains(0x22) else { return nil }
        let counts = candidates.map { candidate in (candidate, firstLine.filter { $0 == candidate }.count) }
        guard let top = counts.max(by: { $0.1 < $1.1 }), top.1 > 0 else { return nil }
        return CSVDialect(delimiter: top.0)
    }
}
