import BourseImport
import Foundation
import Testing

/// A CSV text generated from known records, with what the scanner must return for it.
struct GeneratedCSV {
    var bytes: [UInt8] = []
    var fields: [[[UInt8]]] = []
    var lines: [Int] = []
    var raws: [[UInt8]] = []
}

enum CSVGenerator {
    static let tokens: [[UInt8]] = [
        Array("a".utf8), Array("b".utf8), Array("Z".utf8), Array("1".utf8), Array("é".utf8), Array("€".utf8),
        Array("ʤ".utf8), Array(" ".utf8), Array("\t".utf8), Array("\"".utf8), Array(",".utf8), Array(";".utf8),
        Array("|".utf8), Array("\n".utf8), Array("\r".utf8), Array("\r\n".utf8), Array("xyz".utf8),
    ]

    static func lineBreaks(in bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                count += 1
            } else if bytes[index] == 0x0D {
                let next = bytes.index(after: index)
                if next >= bytes.endIndex || bytes[next] != 0x0A { count += 1 }
            }
            index += 1
        }
        return count
    }

    static func trimmed(_ content: [UInt8], delimiter: UInt8) -> [UInt8] {
        let blank: Set<UInt8> = delimiter == 0x09 ? [0x20] : [0x20, 0x09]
        var slice = content[...]
        while let first = slice.first, blank.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, blank.contains(last) { slice = slice.dropLast() }
        return Array(slice)
    }

    static func make(_ rng: inout XorShift, delimiter: UInt8) -> GeneratedCSV {
        var out = GeneratedCSV()
        let recordCount = 1 + rng.below(8)
        for recordIndex in 0..<recordCount {
            let recordStart = out.bytes.count
            out.lines.append(lineBreaks(in: out.bytes[...]) + 1)
            let fieldCount = 1 + rng.below(6)
            var fields: [[UInt8]] = []
            for fieldIndex in 0..<fieldCount {
                if fieldIndex > 0 { out.bytes.append(delimiter) }
                var content: [UInt8] = []
                let length = rng.chance(15) ? 0 : rng.below(rng.chance(10) ? 14 : 5)
                for _ in 0..<length { content += tokens[rng.below(tokens.count)] }
                let special = content.contains { $0 == delimiter || $0 == 0x0A || $0 == 0x0D }
                let hasQuote = content.contains(0x22)
                // A lone empty field would be a blank line; quoting it keeps CR/LF record ends unambiguous.
                let mustQuote = special || content.first == 0x22 || (content.isEmpty && fieldCount == 1)
                let quoted = mustQuote || (hasQuote ? rng.chance(50) : rng.chance(20))
                if quoted {
                    out.bytes.append(0x22)
                    for byte in content {
                        out.bytes.append(byte)
                        if byte == 0x22 { out.bytes.append(0x22) }
                    }
                    out.bytes.append(0x22)
                } else {
                    // Unquoted: a quote not in first position is a stray quote, kept as is.
                    out.bytes += content
                }
                fields.append(trimmed(content, delimiter: delimiter))
            }
            out.fields.append(fields)
            out.raws.append(Array(out.bytes[recordStart...]))
            let last = recordIndex == recordCount - 1
            if !last || rng.chance(50) {
                switch rng.below(3) {
                case 0: out.bytes += [0x0A]
                case 1: out.bytes += [0x0D, 0x0A]
                default: out.bytes += [0x0D]
                }
            }
        }
        return out
    }
}

@Suite("CSVScanner, random texts")
struct CSVScannerPropertyTests {
    static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    @Test("Every chunk size returns exactly the generated fields, lines and raw bytes", arguments: delimiters)
    func randomTexts(delimiter: UInt8) throws {
        var rng = XorShift(seed: 0x5EED_0000 &+ UInt64(delimiter))
        var failures = 0
        // What the generated corpus covers, so that the property is not checked on trivial texts.
        var multiLineRecords = 0, fieldsWithCR = 0, doubledQuotes = 0, strayQuotes = 0, loneCRs = 0, noFinalNewline = 0
        for iteration in 0..<400 {
            let generated = CSVGenerator.make(&rng, delimiter: delimiter)
            multiLineRecords += zip(generated.lines, generated.lines.dropFirst()).filter { $1 - $0 > 1 }.count
            let bytes = generated.bytes
            for index in bytes.indices.dropLast() {
                if bytes[index] == 0x22 && bytes[index + 1] == 0x22 { doubledQuotes += 1 }
                if bytes[index] == 0x0D && bytes[index + 1] != 0x0A { loneCRs += 1 }
            }
            fieldsWithCR += generated.fields.joined().filter { $0.contains(0x0D) }.count
            strayQuotes += generated.raws.filter { raw in raw.first != 0x22 && raw.contains(0x22) }.count
            if let last = bytes.last, last != 0x0A && last != 0x0D { noFinalNewline += 1 }
            for chunkSize in [4, 5, 7, 13, 64, 1 << 16] {
                let scanner = CSVScanner(bytes: generated.bytes, delimiter: delimiter, chunkSize: chunkSize)
                var fields: [[[UInt8]]] = []
                var lines: [Int] = []
                var raws: [[UInt8]] = []
                while try scanner.next() {
                    fields.append((0..<scanner.fieldCount).map { Array(scanner.field($0)) })
                    lines.append(scanner.line)
                    raws.append(Array(scanner.rawBytes))
                }
                let same = fields == generated.fields && lines == generated.lines && raws == generated.raws
                if !same {
                    failures += 1
                    if failures <= 3 {
                        Issue.record("""
                            iteration \(iteration), chunk size \(chunkSize), input \
                            \(String(decoding: generated.bytes, as: UTF8.self).debugDescription)
                            expected lines \(generated.lines), got \(lines)
                            expected \(generated.fields.map { $0.map { String(decoding: $0, as: UTF8.self) } })
                            got      \(fields.map { $0.map { String(decoding: $0, as: UTF8.self) } })
                            """)
                    }
                }
            }
        }
        #expect(failures == 0)
        #expect(multiLineRecords > 100)
        #expect(fieldsWithCR > 100)
        #expect(doubledQuotes > 100)
        #expect(strayQuotes > 20)
        #expect(loneCRs > 100)
        #expect(noFinalNewline > 100)
    }

    @Test("Reading through a file with small chunks matches reading in memory")
    func randomTextsThroughFiles() throws {
        var rng = XorShift(seed: 42)
        for _ in 0..<30 {
            let generated = CSVGenerator.make(&rng, delimiter: UInt8(ascii: ";"))
            let file = try TemporaryFile(bytes: generated.bytes)
            let scanner = try CSVScanner(file: ChunkedFile(path: file.path), skip: 0, delimiter: UInt8(ascii: ";"), chunkSize: 16)
            var fields: [[[UInt8]]] = []
            var lines: [Int] = []
            while try scanner.next() {
                fields.append((0..<scanner.fieldCount).map { Array(scanner.field($0)) })
                lines.append(scanner.line)
            }
            #expect(fields == generated.fields)
            #expect(lines == generated.lines)
        }
    }

    @Test("The generator itself counts lines like a reader would")
    func generatorSanity() {
        #expect(CSVGenerator.lineBreaks(in: Array("a\r\nb\rc\nd".utf8)[...]) == 3)
        #expect(CSVGenerator.lineBreaks(in: Array("\r\r\n\n".utf8)[...]) == 3)
        #expect(CSVGenerator.trimmed(Array(" \ta \t".utf8), delimiter: UInt8(ascii: ",")) == Array("a".utf8))
        #expect(CSVGenerator.trimmed(Array(" \ta \t".utf8), delimiter: 0x09) == Array("\ta \t".utf8))
    }
}
