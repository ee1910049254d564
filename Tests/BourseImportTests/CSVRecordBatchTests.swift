import Foundation
import Testing

@testable import BourseImport

/// `CSVRecordBatch` keeps each record's raw bytes once and its fields as ranges of them when it
/// can, copying only the fields the scanner unescaped: what a batch gives back must be exactly
/// what the scanner gave, record by record, whatever the batch size.
@Suite("CSVRecordBatch, random texts")
struct CSVRecordBatchTests {
    private struct Scanned: Equatable {
        var fields: [[[UInt8]]] = []
        var lines: [Int] = []
        var raws: [[UInt8]] = []
        var blank = 0
    }

    /// The scanner's own records, blank ones (every field empty) counted apart as a batch does.
    private func scanned(_ bytes: [UInt8], delimiter: UInt8) throws -> Scanned {
        let scanner = CSVScanner(bytes: bytes, delimiter: delimiter, chunkSize: 7)
        var out = Scanned()
        while try scanner.next() {
            let fields = (0..<scanner.fieldCount).map { Array(scanner.field($0)) }
            if fields.allSatisfy(\.isEmpty) {
                out.blank += 1
                continue
            }
            out.fields.append(fields)
            out.lines.append(scanner.line)
            out.raws.append(Array(scanner.rawBytes))
        }
        return out
    }

    private func batched(_ bytes: [UInt8], delimiter: UInt8, recordLimit: Int) -> Scanned {
        let scanner = CSVScanner(bytes: bytes, delimiter: delimiter, chunkSize: 5)
        var out = Scanned()
        while true {
            let batch = CSVRecordBatch.fill(from: scanner, recordLimit: recordLimit)
            out.blank += batch.blank
            for index in 0..<batch.count {
                let record = batch.record(index)
                out.fields.append((0..<record.fieldCount).map { Array(record.field($0)) })
                out.lines.append(record.line)
                out.raws.append(Array(record.rawBytes))
            }
            if batch.isLast { break }
        }
        return out
    }

    @Test("Every batch size gives back the scanner's fields, lines and raw bytes", arguments: CSVScannerPropertyTests.delimiters)
    func sameAsTheScanner(delimiter: UInt8) throws {
        var rng = XorShift(seed: 0xBA7C_0000 &+ UInt64(delimiter))
        var unescapedFields = 0, blankRecords = 0
        for iteration in 0..<400 {
            var generated = CSVGenerator.make(&rng, delimiter: delimiter)
            // Now and then a blank record (only delimiters and spaces) in the middle.
            if rng.chance(20) { generated.bytes += [0x0A, 0x20, delimiter, delimiter, 0x0A] + Array("x".utf8) }
            let expected = try scanned(generated.bytes, delimiter: delimiter)
            blankRecords += expected.blank
            unescapedFields += generated.bytes.indices.dropLast().filter { generated.bytes[$0] == 0x22 && generated.bytes[$0 + 1] == 0x22 }.count
            for recordLimit in [1, 2, 3, 256] {
                let got = batched(generated.bytes, delimiter: delimiter, recordLimit: recordLimit)
                #expect(got == expected, "iteration \(iteration), batches of \(recordLimit): \(String(decoding: generated.bytes, as: UTF8.self).debugDescription)")
            }
        }
        // The corpus has quoted fields to unescape (copied) and blank records (undone).
        #expect(unescapedFields > 100)
        #expect(blankRecords > 20)
    }

    @Test("The storage grows under records already in the batch, which keep their bytes")
    func growthAfterEarlierRecords() throws {
        var text = ""
        for index in 0..<20 { text += "r\(index);\"a \"\"b\"\"\";  c \n" }
        text += "long;" + String(repeating: "x", count: 90_000) + ";\"q\"\"" + String(repeating: "y", count: 30_000) + "\"\n"
        text += "after;1;2\n"
        let bytes = Array(text.utf8)
        let expected = try scanned(bytes, delimiter: UInt8(ascii: ";"))
        #expect(expected.fields.count == 22)
        #expect(expected.fields[0] == [Array("r0".utf8), Array("a \"b\"".utf8), Array("c".utf8)])
        #expect(batched(bytes, delimiter: UInt8(ascii: ";"), recordLimit: 256) == expected)
    }

    @Test("A record longer than a batch's storage is kept whole")
    func longRecord() throws {
        let long = String(repeating: "é", count: 50_000)
        let text = "a;\"\(long)\"\"x\";\(long)\nb;c;d\n"
        let expected = try scanned(Array(text.utf8), delimiter: UInt8(ascii: ";"))
        #expect(batched(Array(text.utf8), delimiter: UInt8(ascii: ";"), recordLimit: 256) == expected)
        #expect(expected.fields.first?[1].count == 100_002)
    }
}
