import BourseCore
@testable import BourseImport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 15: inputs built to hang the import, fill its memory or its screen, or hide a value.
@Suite("Entrées hostiles : fichiers spéciaux, bombes d'attributs et de colonnes, caractères de contrôle, encodages mêlés")
struct HostileInputTests {
    // MARK: Files that are not regular files

    @Test("A device is refused at open, with what it is", arguments: ["/dev/zero", "/dev/null", "/dev/urandom"])
    func device(path: String) throws {
        #expect(throws: InputFileError.notRegularFile(path: path, kind: "périphérique")) { try ChunkedFile(path: path) }
        let message = InputFileError.notRegularFile(path: path, kind: "périphérique").errorDescription
        #expect(message == "\(path) n'est pas un fichier ordinaire (périphérique) : donnez le chemin d'un fichier CSV ou XML")
    }

    @Test("/dev/null as an inventory: refused as a device, not read as an empty file")
    func devNullInventory() throws {
        #expect(throws: InventoryReadError.input(.notRegularFile(path: "/dev/null", kind: "périphérique"))) {
            try InventoryReaders.open(path: "/dev/null", territory: ptdeTerritory(), profile: nil, xmlProfile: nil, schemaPath: nil)
        }
    }

    @Test("A FIFO is refused at open (a writer is held open, so that no version of the code can block in open)")
    func fifo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tube.csv").path
        try #require(mkfifo(path, 0o600) == 0)
        let writer = open(path, O_RDWR | O_NONBLOCK)
        try #require(writer >= 0)
        defer { close(writer) }
        #expect(throws: InputFileError.notRegularFile(path: path, kind: "tube nommé (FIFO)")) { try ChunkedFile(path: path) }
        #expect(!InventoryReaders.looksLikeXML(path: path))
    }

    @Test("A folder is refused at open")
    func folder() throws {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: InputFileError.isDirectory(path: folder)) { try ChunkedFile(path: folder) }
        #expect(throws: InventoryReadError.input(.isDirectory(path: folder))) {
            try InventoryReaders.open(path: folder, territory: ptdeTerritory(), profile: nil, xmlProfile: nil, schemaPath: nil)
        }
    }

    @Test("A symbolic link to a regular file is read")
    func symlink() throws {
        let file = try TemporaryFile("Référence;Commune;Surface\nA;Drancy;10\n")
        let link = file.url.deletingLastPathComponent().appendingPathComponent("lien.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file.path)
        let read = try readInventory(path: link)
        #expect(read.accepted.count == 1)
    }

    // MARK: Control characters

    @Test("A NUL in a field rejects the record, naming the field; the raw text shows it as ␀")
    func nulInField() throws {
        let read = try readInventory(bytes: Array("Référence;Commune;Surface\nLOC-".utf8) + [0] + Array("12;Drancy;10\nB;Drancy;12\n".utf8))
        let reject = try #require(read.reject(line: 2))
        #expect(reject.issues == [.init(field: "Référence", message: "caractère nul (NUL) interdit")])
        #expect(reject.raw == "LOC-\u{2400}12;Drancy;10")
        #expect(read.accepted.map(\.premises.reference) == ["B"])
    }

    @Test("A NUL in a column nobody recognises rejects the record too, and each column with one is named")
    func nulInExtraColumn() throws {
        let read = try readInventory(bytes: Array("Référence;Commune;Surface;Code interne\nA;Drancy;1".utf8) + [0] + Array(";x".utf8) + [0] + Array("\n".utf8))
        let reject = try #require(read.reject(line: 2))
        #expect(reject.issues.map(\.field) == ["Surface, Code interne"])
        #expect(read.accepted.isEmpty)
    }

    @Test("Other C0 controls are kept (whoever shows them escapes them)")
    func otherControlsKept() throws {
        let read = try readInventory(text: "Référence;Commune;Surface;Remarques\nA;Drancy;10;bip\u{7}\u{1B}[31m\n")
        #expect(read.premises("A")?.remarks == "bip\u{7}\u{1B}[31m")
    }

    @Test("XML: libxml2 refuses NUL and C0 controls, said in French", arguments: [(UInt8(0), "U+0000"), (UInt8(1), "U+0001"), (UInt8(0x1B), "U+001B")])
    func xmlControls(byte: UInt8, code: String) throws {
        let text = bourseDocument(local("A", extra: "<remarques>a\u{FFFF}b</remarques>"))
        var bytes = Array(text.utf8)
        // The placeholder U+FFFF (EF BF BF) becomes the control byte.
        let at = try #require(bytes.firstIndex(of: 0xEF))
        bytes.replaceSubrange(at..<at + 3, with: [byte])
        let file = try TemporaryFile(bytes: bytes, name: "bailleur.xml")
        do {
            _ = try readXML(path: file.path)
            Issue.record("a control character was accepted")
        } catch InventoryReadError.xml(_, .malformed(_, _, let message, _)) {
            #expect(message.contains(code), "\(message)")
            #expect(message.contains("interdit en XML"), "\(message)")
        }
    }

    // MARK: Mixed encodings

    /// Mostly UTF-8 with one line of Windows-1252 (an ASCII header: one with UTF-8 accents would
    /// not be found, its names read as Windows-1252).
    static let mixed: [UInt8] = Array("Reference;Commune;Surface;Remarques\nA;Drancy;10;rez-de-chaussée\nB;Drancy;12;".utf8)
        + [0x63, 0x61, 0x66, 0xE9] + Array("\nC;Drancy;14;ok\n".utf8)

    @Test("A file mixing UTF-8 and Windows-1252: read as Windows-1252, with a warning naming both lines")
    func mixedEncodingWarns() throws {
        let read = try readInventory(bytes: Self.mixed)
        #expect(read.reader.facts.encoding == .windows1252)
        #expect(read.reader.facts.mixedEncoding == MixedEncoding(invalidLine: 3, utf8Line: 2))
        let warning = try #require(read.warnings.first)
        #expect(warning.severity == .warning && warning.line == 3)
        #expect(warning.message.hasPrefix("fichier mêlant UTF-8 et Windows-1252"))
        #expect(warning.message.contains("décodé en Windows-1252 ; les accents UTF-8 (dès la ligne 2) seront mal lus ; ré-enregistrez le fichier en UTF-8"))
        #expect(read.summary.warnings == 1)
    }

    @Test("UTF-8 only after the first Windows-1252 byte is found too")
    func utf8AfterTheInvalidByte() throws {
        let bytes = Array("Reference;Commune;Surface\nA;Drancy;10\n".utf8) + [0xE9] + Array(";Drancy;10\nB;Drancy;12\nC;Sévran;14\n".utf8)
        let file = try TemporaryFile(bytes: bytes)
        let facts = try ChunkedFile.facts(path: file.path)
        #expect(facts.mixedEncoding == MixedEncoding(invalidLine: 3, utf8Line: 5))
        // The split check (two halves on two threads) finds the same.
        let split = try ChunkedFile.splitCheck(path: file.path, size: bytes.count)
        #expect(split.firstInvalid == 38 && split.firstSequence == bytes.count - 10)
    }

    @Test("A file of Windows-1252 only, or UTF-8 only, has no warning", arguments: [
        Array("Référence;Commune;Surface\nA;Drancy;10\n".utf8),
        [0x52, 0xE9] + Array("f;Commune;Surface\nA;Drancy;10\n".utf8),
    ])
    func singleEncodings(bytes: [UInt8]) throws {
        let read = try readInventory(bytes: bytes)
        #expect(read.reader.facts.mixedEncoding == nil)
        #expect(read.warnings.isEmpty)
    }

    @Test("The validator's offsets: first invalid byte, first complete sequence, across chunks")
    func validatorOffsets() {
        let bytes: [UInt8] = Array("ab".utf8) + [0xC3, 0xA9] + Array("cd".utf8) + [0xE9] + Array("e".utf8)
        for cut in 0...bytes.count {
            var validator = UTF8Validator()
            bytes[..<cut].withUnsafeBufferPointer { validator.update($0) }
            bytes[cut...].withUnsafeBufferPointer { validator.update($0) }
            validator.finish()
            #expect(!validator.isValid && validator.isMixed, "cut at \(cut)")
            #expect(validator.firstInvalidOffset == 6 && validator.firstSequenceOffset == 2, "cut at \(cut)")
        }
        var truncated = UTF8Validator()
        [0x61, 0xC3].withUnsafeBufferPointer { truncated.update($0) }
        truncated.finish()
        #expect(!truncated.isValid && !truncated.isMixed && truncated.firstInvalidOffset == 2)
    }

    // MARK: Column bombs and long quoted text

    @Test("A header of thousands of columns is refused at once, naming the count and the cap")
    func columnBomb() throws {
        let header = "Référence;Commune;Surface;" + (0..<5000).map { "c\($0)" }.joined(separator: ";")
        let file = try TemporaryFile(header + "\nA;Drancy;10\n")
        let error = inventoryError(path: file.path)
        #expect(error == .tooManyColumns(file: "inventaire.csv", line: 1, count: 5003, limit: 4096))
        #expect(error?.errorDescription?.contains("5003 colonnes, au-delà de la limite de 4096") == true)
    }

    @Test("The note about unknown columns names twenty and counts the rest")
    func extrasNoteIsBounded() throws {
        let header = "Référence;Commune;Surface;" + (0..<100).map { "c\($0)" }.joined(separator: ";")
        let read = try readInventory(text: header + "\nA;Drancy;10\n")
        let note = try #require(read.reader.notes.first { $0.message.hasPrefix("colonnes non reconnues") })
        #expect(note.message.hasSuffix("« c19 » et 80 autres"))
    }

    @Test("A long value quoted in a message is cut at 200 characters, on a character boundary")
    func quotedValueIsCut() throws {
        let long = String(repeating: "é", count: 1000)
        let read = try readInventory(text: "Référence;Commune;Surface\nA;\(long);10\n")
        let message = try #require(read.reject(line: 2)?.reason)
        #expect(message == "commune « \(String(repeating: "é", count: 200))… » inconnue du territoire")
        #expect(QuotedText.cut("a" + String(repeating: "😀", count: 300), to: 200).unicodeScalars.count == 201)
    }

    @Test("A reject keeps twenty issues, then says how many more")
    func issuesAreCapped() {
        let issues = (1...50).map { Reject.Issue(field: "c\($0)", message: "erreur \($0)") }
        let reject = Reject(file: "f.csv", line: 2, raw: String(repeating: "x", count: 10_000), issues: issues)
        #expect(reject.issues.count == 21)
        #expect(reject.issues.last == .init(field: nil, message: "… et 30 autres erreurs"))
        #expect(reject.raw.count == Reject.maximumRawLength + 1)
    }

    // MARK: Attribute bombs

    @Test("An element with more than 256 attributes refuses the file")
    func tooManyAttributes() throws {
        let attributes = (0..<300).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let text = bourseDocument("<local reference=\"A\" \(attributes)><commune>Drancy</commune><type>bureau</type><surface>5</surface></local>")
        #expect(try xmlError(text) == .tooManyAttributes(line: 3, element: "local", count: 301, limit: 256))
    }

    @Test("A hundred unknown attributes: the premises is rejected with twenty reasons and a count of the rest")
    func manySchemaErrorsInOneRecord() throws {
        let attributes = (0..<100).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let read = try readXML(bourseDocument("<local reference=\"A\" \(attributes)><commune>Drancy</commune><type>bureau</type><surface>5</surface></local>" + local("B")))
        let reject = try #require(read.rejects.first)
        #expect(reject.issues.count == 21)
        #expect(reject.issues.last?.message == "… et 80 autres erreurs")
        #expect(read.accepted.map(\.premises.reference) == ["B"])
    }

    /// Also with libxml2's schema check running from the first byte (`followsBourseFormat`
    /// off), whose thread the refusal waits for.
    @Test("200,000 attributes on one element (2.3 MB) are refused in well under a second", arguments: [true, false])
    func attributeBomb(followsBourseFormat: Bool) throws {
        let attributes = (0..<200_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let text = bourseDocument("<local reference=\"A\" \(attributes)><commune>Drancy</commune><type>bureau</type><surface>5</surface></local>")
        let file = try TemporaryFile(text, name: "bailleur.xml")
        let clock = ContinuousClock()
        var error: XMLReadError?
        let elapsed = try clock.measure {
            let reader = try XMLInventoryReader(path: file.path, territory: ptdeTerritory(), profile: nil, schemaPath: XMLSamples.schema)
            reader.followsBourseFormat = followsBourseFormat
            do {
                _ = try reader.read(progress: nil, accept: { _, _ in }, reject: { _ in }, warn: { _ in })
            } catch InventoryReadError.xml(_, let refusal) {
                error = refusal
            }
        }
        #expect(error == .markupTooLong(line: 3, limit: XMLInventoryReader.maximumMarkup))
        #expect(elapsed < .seconds(1), "\(elapsed)")
    }

    @Test("libxml2's limits and other messages are said in French", arguments: [
        ("internal error: Huge input lookup", "construction XML démesurée"),
        ("Huge input lookup", "construction XML démesurée"),
        ("xmlSAX2Characters: huge text node", "texte de plus de 10 Mo"),
        ("AttValue length too long", "valeur d'attribut trop longue"),
        ("Char 0x0 out of allowed range", "caractère U+0000 interdit en XML"),
        ("Comment not terminated", "commentaire non refermé"),
        ("Memory allocation failed : growing buffer", "mémoire insuffisante"),
    ])
    func frenchLimits(english: String, french: String) {
        let message = XMLEngine.frenchParserMessage(english)
        #expect(message.hasPrefix(french), "\(message)")
    }
}
