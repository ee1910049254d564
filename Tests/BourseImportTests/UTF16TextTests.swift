import BourseCore
import Crypto
import Foundation
import Testing

@testable import BourseImport

/// The bytes of `text` in UTF-16 with its byte-order mark.
func utf16Bytes(_ text: String, bigEndian: Bool = false) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

@Suite("UTF-16 : copie UTF-8 (« Texte Unicode » d'Excel)")
struct UTF16TextTests {
    private func transcoded(_ bytes: [UInt8], order: UTF16Text.ByteOrder, chunkSize: Int) throws -> [UInt8] {
        let input = try TemporaryFile(bytes: bytes, name: "u16.txt")
        let output = input.url.deletingLastPathComponent().appendingPathComponent("copie.csv").path
        try UTF16Text.transcode(path: input.path, order: order, to: output, chunkSize: chunkSize)
        return try Array(Data(contentsOf: URL(fileURLWithPath: output)))
    }

    @Test("Any text, both byte orders, any chunk size: exactly its UTF-8")
    func randomTexts() throws {
        let pieces = ["a", "Z", "1", " ", "\t", ";", "\"", "\r\n", "\n", "é", "É", "€", "œ", "m²", "😀", "𝄞", "丁", "\u{00A0}"]
        var random = XorShift(seed: 0x0016_7E47)
        for round in 0..<60 {
            var text = ""
            for _ in 0..<random.below(300) { text += pieces[random.below(pieces.count)] }
            for bigEndian in [false, true] {
                for chunkSize in [2, 3, 4, 5, 6, 7, 64, 1 << 20] {
                    let got = try transcoded(utf16Bytes(text, bigEndian: bigEndian), order: bigEndian ? .bigEndian : .littleEndian, chunkSize: chunkSize)
                    #expect(got == Array(text.utf8), "round \(round), big-endian \(bigEndian), chunks of \(chunkSize)")
                }
            }
        }
    }

    @Test("A lone surrogate or a last odd byte becomes U+FFFD, the rest is kept")
    func damagedText() throws {
        // "a", a low surrogate alone, "b", a high surrogate followed by "c", then an odd byte.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xDC, 0x62, 0x00, 0x3D, 0xD8, 0x63, 0x00, 0x64]
        for chunkSize in [2, 3, 4, 1 << 20] {
            #expect(try transcoded(bytes, order: .littleEndian, chunkSize: chunkSize) == Array("a\u{FFFD}b\u{FFFD}c\u{FFFD}".utf8))
        }
        // A high surrogate ends the file.
        #expect(try transcoded([0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8], order: .littleEndian, chunkSize: 4) == Array("a\u{FFFD}".utf8))
    }

    @Test("Only a UTF-16 byte-order mark makes a file UTF-16")
    func byteOrders() throws {
        let cases: [([UInt8], UTF16Text.ByteOrder?)] = [
            ([0xFF, 0xFE, 0x41, 0x00], .littleEndian),
            ([0xFE, 0xFF, 0x00, 0x41], .bigEndian),
            ([0xFF, 0xFE], .littleEndian),
            ([0xFF, 0xFE, 0x00, 0x00], nil),            // UTF-32LE
            ([0xEF, 0xBB, 0xBF, 0x41], nil),            // UTF-8 with its mark
            (Array("Référence;Surface".utf8), nil),
            ([0xFF], nil),
            ([], nil),
        ]
        for (bytes, expected) in cases {
            let file = try TemporaryFile(bytes: bytes)
            #expect(try UTF16Text.byteOrder(path: file.path) == expected, "\(bytes)")
        }
    }

    @Test("A UTF-16 inventory is read like its UTF-8 text, with the file's own fingerprint")
    func inventory() throws {
        let text = """
            Inventaire des locaux\r
            Référence\tCommune\tSurface (m²)\tRemarques\r
            B1\tDrancy\t50,5\t"Très beau 😀\r
            sur deux lignes"\r
            B2\tLe Bourget\t-3\tnégatif\r
            B3\tDugny\t40\t€ œ\r

            """
        for bigEndian in [false, true] {
            let bytes = utf16Bytes(text, bigEndian: bigEndian)
            let file = try TemporaryFile(bytes: bytes, name: "texte-unicode.txt")
            let read = try readInventory(path: file.path)
            let plain = try readInventory(text: text)
            #expect(read.accepted.map(\.premises) == plain.accepted.map(\.premises))
            #expect(read.accepted.map(\.line) == [3, 6])
            #expect(read.premises("B1")?.remarks == "Très beau 😀\r\nsur deux lignes")
            #expect(read.rejects.map(\.line) == [5])
            #expect(read.rejects.first?.raw == "B2\tLe Bourget\t-3\tnégatif")
            #expect(read.reader.headerLine == 2)
            #expect(read.summary.encodingName == (bigEndian ? "UTF-16BE" : "UTF-16LE"))
            #expect(read.reader.facts.encodingName == (bigEndian ? "UTF-16BE" : "UTF-16LE"))
            #expect(read.reader.facts.byteCount == bytes.count)
            let digest = SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
            #expect(read.reader.facts.sha256 == digest)
            let copy = try #require(read.reader.transcodedPath)
            #expect(!FileManager.default.fileExists(atPath: copy), "the UTF-8 copy is removed once open")
        }
    }

    @Test("A large UTF-16 file reads the same every way (scanned ahead, helper, batches)")
    func largeFile() throws {
        var text = "Référence\tCommune\tSurface\tAdresse\r\n"
        for index in 0..<30_000 {
            text += "L-\(index)\t\(index % 3 == 0 ? "Sevran" : "Tremblay-en-France")\t\(index % 500 + 1),5\t\(index) allée des Érables\r\n"
        }
        let bytes = utf16Bytes(text)
        #expect(bytes.count > 1 << 21)
        let file = try TemporaryFile(bytes: bytes)
        let read = try readInventory(path: file.path)
        #expect(read.summary.accepted == 30_000)
        #expect(read.premises("L-29999")?.address == "29999 allée des Érables")
        #expect(read.accepted.last?.line == 30_001)
    }

    @Test("A UTF-16 file holding only its mark is empty")
    func onlyTheMark() throws {
        let file = try TemporaryFile(bytes: [0xFF, 0xFE])
        #expect(inventoryError(path: file.path) == .empty(file: "inventaire.csv"))
    }
}
