import Foundation
import Testing

@testable import BourseImport

/// The encoding check of a large file without a hash runs in two halves on two threads
/// (`ChunkedFile.splitCheck`): whatever the bytes and wherever the middle falls, it must find what
/// the check of the whole file on one thread finds.
@Suite("Contrôle d'encodage en deux moitiés")
struct SplitEncodingCheckTests {
    private func agree(_ bytes: [UInt8], _ label: @autoclosure () -> String) throws {
        let file = try TemporaryFile(bytes: bytes)
        let whole = try ChunkedFile.facts(path: file.path, hash: true)
        let split = try ChunkedFile.splitCheck(path: file.path, size: bytes.count)
        #expect(split.isUTF8 == (whole.encoding == .utf8), "\(label()): \(bytes)")
        #expect(split.bomLength == whole.bomLength, "\(label())")
        #expect(split.byteCount == bytes.count, "\(label())")
    }

    @Test("Random bytes, valid and not, with and without a BOM")
    func randomBytes() throws {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array(";".utf8), Array("\r\n".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8),
            Array("m²".utf8), [0xE9], [0x80], [0xC3], [0xF0, 0x9F], [0xED, 0xA0, 0x80], [0xBF, 0xBF, 0xBF, 0xBF],
        ]
        var random = XorShift(seed: 0x5B11_7C4E)
        for round in 0..<1_500 {
            var bytes: [UInt8] = random.below(5) == 0 ? [0xEF, 0xBB, 0xBF] : []
            let valid = random.below(2) == 0
            for _ in 0..<random.below(40) {
                let piece = pieces[random.below(valid ? 7 : pieces.count)]
                bytes += piece
            }
            try agree(bytes, "round \(round)")
        }
    }

    @Test("The middle inside every kind of sequence")
    func middleInsideSequences() throws {
        for sequence in ["é", "€", "😀"].map({ Array($0.utf8) }) {
            for before in 0..<8 {
                for after in 0..<8 {
                    let bytes = [UInt8](repeating: 0x61, count: before) + sequence + [UInt8](repeating: 0x62, count: after)
                    try agree(bytes, "\(sequence) after \(before) bytes, \(after) after")
                    // The same with the sequence broken (its last byte gone).
                    try agree(Array(bytes.prefix(before + sequence.count - 1)) + [UInt8](repeating: 0x62, count: after), "broken")
                }
            }
        }
        // Continuation bytes only, around the middle.
        try agree([0x61, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x62], "continuations")
        try agree([0xEF, 0xBB, 0xBF] + [UInt8](repeating: 0x80, count: 12), "BOM then continuations")
    }
}
