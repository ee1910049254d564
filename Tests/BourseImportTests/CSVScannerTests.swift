import BourseImport
import Foundation
import Testing

/// One scanner case in the spirit of the csv-spectrum suite: input, expected fields, physical lines.
struct ScanCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    var delimiter: Character = ","
    var fields: [[String]]
    var lines: [Int]

    var testDescription: String { name }
}

@Suite("CSVScanner")
struct CSVScannerTests {
    static let spectrum: [ScanCase] = [
        ScanCase(
            name: "comma_in_quotes",
            input: "first,last,address,city,zip\nJohn,Doe,120 any st.,\"Anytown, WW\",08123\n",
            fields: [["first", "last", "address", "city", "zip"], ["John", "Doe", "120 any st.", "Anytown, WW", "08123"]],
            lines: [1, 2]),
        ScanCase(
            name: "escaped_quotes",
            input: "a,b\n1,\"ha \"\"ha\"\" ha\"\n3,4\n",
            fields: [["a", "b"], ["1", "ha \"ha\" ha"], ["3", "4"]],
            lines: [1, 2, 3]),
        ScanCase(
            name: "json",
            input: "key,val\n1,\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [102.0, 0.5]}\"\n",
            fields: [["key", "val"], ["1", "{\"type\": \"Point\", \"coordinates\": [102.0, 0.5]}"]],
            lines: [1, 2]),
        ScanCase(
            name: "newlines",
            input: "a,b,c\n1,2,3\n\"Once upon \na time\",5,6\n7,8,9\n",
            fields: [["a", "b", "c"], ["1", "2", "3"], ["Once upon \na time", "5", "6"], ["7", "8", "9"]],
            lines: [1, 2, 3, 5]),
        ScanCase(
            name: "newlines_crlf",
            input: "a,b,c\r\n1,2,3\r\n\"Once upon \r\na time\",5,6\r\n7,8,9\r\n",
            fields: [["a", "b", "c"], ["1", "2", "3"], ["Once upon \r\na time", "5", "6"], ["7", "8", "9"]],
            lines: [1, 2, 3, 5]),
        ScanCase(
            name: "newline CR inside quotes",
            input: "a,b\r\"x\ry\",z\r1,2\r",
            fields: [["a", "b"], ["x\ry", "z"], ["1", "2"]],
            lines: [1, 2, 4]),
        ScanCase(
            name: "quotes_and_newlines",
            input: "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n",
            fields: [["a", "b"], ["1", "ha \n\"ha\" \nha"], ["3", "4"]],
            lines: [1, 2, 5]),
        ScanCase(
            name: "simple",
            input: "a,b,c\n1,2,3\n",
            fields: [["a", "b", "c"], ["1", "2", "3"]],
            lines: [1, 2]),
        ScanCase(
            name: "simple_crlf",
            input: "a,b,c\r\n1,2,3\r\n",
            fields: [["a", "b", "c"], ["1", "2", "3"]],
            lines: [1, 2]),
        ScanCase(
            name: "utf8",
            input: "a,b,c\n1,2,3\n4,5,ʤ\n",
            fields: [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "ʤ"]],
            lines: [1, 2, 3]),
        ScanCase(
            name: "empty fields",
            input: "a,b,c\n1,\"\",\"\"\n2,3,4\n",
            fields: [["a", "b", "c"], ["1", "", ""], ["2", "3", "4"]],
            lines: [1, 2, 3]),
        ScanCase(
            name: "empty_crlf",
            input: "a,b,c\r\n1,\"\",\"\"\r\n2,3,4\r\n",
            fields: [["a", "b", "c"], ["1", "", ""], ["2", "3", "4"]],
            lines: [1, 2, 3]),
        ScanCase(
            name: "empty unquoted fields",
            input: ",,\na,,b\n",
            fields: [["", "", ""], ["a", "", "b"]],
            lines: [1, 2]),
        ScanCase(
            name: "empty last field",
            input: "a,b,\n1,2,\n",
            fields: [["a", "b", ""], ["1", "2", ""]],
            lines: [1, 2]),
        ScanCase(
            name: "empty last field without final newline",
            input: "a,b,\n1,2,",
            fields: [["a", "b", ""], ["1", "2", ""]],
            lines: [1, 2]),
        ScanCase(
            name: "lone CR line ends",
            input: "a,b\r1,2\r3,4\r",
            fields: [["a", "b"], ["1", "2"], ["3", "4"]],
            lines: [1, 2, 3]),
        ScanCase(
            name: "mixed line ends",
            input: "a\r\nb\nc\rd",
            fields: [["a"], ["b"], ["c"], ["d"]],
            lines: [1, 2, 3, 4]),
        ScanCase(
            name: "no final newline",
            input: "a,b\n1,2",
            fields: [["a", "b"], ["1", "2"]],
            lines: [1, 2]),
        ScanCase(
            name: "quoted last field without final newline",
            input: "a,b\n1,\"2\"",
            fields: [["a", "b"], ["1", "2"]],
            lines: [1, 2]),
        ScanCase(
            name: "blank lines are records of one empty field",
            input: "a,b\n\n1,2\r\n\r\n\n3,4\n",
            fields: [["a", "b"], [""], ["1", "2"], [""], [""], ["3", "4"]],
            lines: [1, 2, 3, 4, 5, 6]),
        ScanCase(
            name: "trailing delimiters",
            input: "Titre;;;;\r\nR;C;S;;\r\n",
            delimiter: ";",
            fields: [["Titre", "", "", "", ""], ["R", "C", "S", "", ""]],
            lines: [1, 2]),
        ScanCase(
            name: "quoted field followed by text (lenient)",
            input: "\"abc\"def,x\n\"a\"\"b\"c d,y\n",
            fields: [["abcdef", "x"], ["a\"bc d", "y"]],
            lines: [1, 2]),
        ScanCase(
            name: "stray quote inside an unquoted field is kept",
            input: "5\" pipe,ab\"c\"d,x\n",
            fields: [["5\" pipe", "ab\"c\"d", "x"]],
            lines: [1]),
        ScanCase(
            name: "padded fields are trimmed of spaces and tabs",
            input: "  a  ,\tb\t,\"c\" \n",
            fields: [["a", "b", "c"]],
            lines: [1]),
        ScanCase(
            name: "semicolon with quoted semicolon and doubled quotes",
            input: "R;Remarques\r\nA1;\"Pas d'ascenseur ; sanitaires\"\r\nA2;\"Ancienne boutique \"\"Au Fournil\"\"\nTravaux\"\r\nA3;fin\r\n",
            delimiter: ";",
            fields: [["R", "Remarques"], ["A1", "Pas d'ascenseur ; sanitaires"], ["A2", "Ancienne boutique \"Au Fournil\"\nTravaux"], ["A3", "fin"]],
            lines: [1, 2, 3, 5]),
        ScanCase(
            name: "tab delimiter keeps commas and semicolons",
            input: "a\tb\n1,5\t2;3\n",
            delimiter: "\t",
            fields: [["a", "b"], ["1,5", "2;3"]],
            lines: [1, 2]),
        ScanCase(
            name: "pipe delimiter",
            input: "a|b|c\r\nx, y|\"p|q\"|\r\n",
            delimiter: "|",
            fields: [["a", "b", "c"], ["x, y", "p|q", ""]],
            lines: [1, 2]),
        ScanCase(
            name: "empty input",
            input: "",
            fields: [],
            lines: []),
        ScanCase(
            name: "single newline",
            input: "\n",
            fields: [[""]],
            lines: [1]),
        ScanCase(
            name: "quoted empty field alone on a line",
            input: "\"\"\n\"\"",
            fields: [[""], [""]],
            lines: [1, 2]),
    ]

    @Test("csv-spectrum cases, whatever the chunk size", arguments: spectrum)
    func spectrumCase(_ testCase: ScanCase) throws {
        for chunkSize in [4, 5, 7, 16, 1 << 16] {
            let records = try scan(testCase.input, delimiter: testCase.delimiter, chunkSize: chunkSize)
            #expect(records.map(\.fields) == testCase.fields, "chunk size \(chunkSize)")
            #expect(records.map(\.line) == testCase.lines, "chunk size \(chunkSize)")
        }
    }

    @Test("Physical line numbers after multi-line records")
    func linesAfterMultilineRecords() throws {
        let input = "h\n\"a\nb\nc\"\nnext\r\n\"x\r\ny\"\rz\n\n\"1\n\n2\",\"3\r\r4\"\nlast"
        let records = try scan(input)
        #expect(records.map(\.line) == [1, 2, 5, 6, 8, 9, 10, 15])
        #expect(records.map(\.fields) == [["h"], ["a\nb\nc"], ["next"], ["x\r\ny"], ["z"], [""], ["1\n\n2", "3\r\r4"], ["last"]])
    }

    @Test("Raw bytes of a record: quotes kept, line terminator excluded")
    func rawBytes() throws {
        let records = try scan("a,b\r\n\"x\ny\",\"q\"\"q\"\r\n  padded ,z\rlast,\"\"")
        #expect(records.map(\.raw) == ["a,b", "\"x\ny\",\"q\"\"q\"", "  padded ,z", "last,\"\""])
        #expect(records[2].fields == ["padded", "z"])
    }

    @Test("Raw bytes survive records longer than the chunk")
    func rawBytesAcrossChunks() throws {
        let long = String(repeating: "abcdefghij", count: 20)
        let input = "a,b\n\(long),\"\(long)\nsuite\"\nfin,1\n"
        for chunkSize in [4, 7, 64] {
            let records = try scan(input, chunkSize: chunkSize)
            #expect(records.count == 3)
            #expect(records[1].raw == "\(long),\"\(long)\nsuite\"")
            #expect(records[1].fields == [long, "\(long)\nsuite"])
            #expect(records[2].line == 4)
        }
    }

    @Test("An unclosed quote at the end of the file names the line where it opened", arguments: [
        ("a,b\n1,\"open\nmore\n", 2),
        ("\"never closed", 1),
        ("a\n\"x\ny\",1\nb,\"unclosed\r\n\r\nstill", 4),
        ("a,b\n\"ok \"\"quoted\"\"\",2\n3,\"bad \"\" still open\n", 3),
    ])
    func unclosedQuote(input: String, line: Int) {
        for chunkSize in [4, 5, 1 << 16] {
            #expect(throws: CSVError.unclosedQuote(line: line)) {
                _ = try scan(input, chunkSize: chunkSize)
            }
        }
    }

    @Test("Records before an unclosed quote are still returned")
    func recordsBeforeUnclosedQuote() throws {
        let scanner = CSVScanner(bytes: Array("a,b\n1,2\n3,\"oops\n".utf8), delimiter: UInt8(ascii: ","), chunkSize: 4)
        #expect(try scanner.next())
        #expect(scanner.line == 1)
        #expect(try scanner.next())
        #expect(scanner.line == 2)
        #expect(throws: CSVError.unclosedQuote(line: 3)) { _ = try scanner.next() }
    }

    @Test("A record longer than the limit is refused")
    func recordTooLong() {
        let input = Array(("a,b\n" + String(repeating: "x", count: 40) + "\n").utf8)
        let scanner = CSVScanner(bytes: input, delimiter: UInt8(ascii: ","), chunkSize: 4, maxRecordBytes: 16)
        #expect(throws: CSVError.recordTooLong(line: 2, limit: 16)) {
            while try scanner.next() {}
        }
    }

    @Test("After the end, next() keeps returning false")
    func endIsStable() throws {
        let scanner = CSVScanner(bytes: Array("a\n".utf8), delimiter: UInt8(ascii: ","))
        #expect(try scanner.next())
        #expect(try !scanner.next())
        #expect(try !scanner.next())
    }

    @Test("isBlank: every field empty after trimming")
    func blank() throws {
        let scanner = CSVScanner(bytes: Array(";;;\n ; \t;\"\";\nx;;\n\n".utf8), delimiter: UInt8(ascii: ";"))
        var blanks: [Bool] = []
        while try scanner.next() { blanks.append(scanner.isBlank) }
        #expect(blanks == [true, true, false, true])
    }

    @Test("Bytes read are counted")
    func bytesRead() throws {
        let input = Array("a,b\n1,2\n".utf8)
        let scanner = CSVScanner(bytes: input, delimiter: UInt8(ascii: ","), chunkSize: 4)
        while try scanner.next() {}
        #expect(scanner.bytesRead == input.count)
    }

    @Test("Scanning a file gives the same records as scanning its bytes, past a BOM")
    func fileScanner() throws {
        let body = "Réf;Remarques\r\nA;\"x ; y\r\nz\"\r\nB;\"é\"\"\"\r\n"
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(body.utf8)
        let file = try TemporaryFile(bytes: bytes)
        let scanner = try CSVScanner(file: ChunkedFile(path: file.path), skip: 3, delimiter: UInt8(ascii: ";"), chunkSize: 16)
        var records: [ScannedRecord] = []
        while try scanner.next() {
            records.append(ScannedRecord(
                line: scanner.line,
                fields: (0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) },
                raw: String(decoding: scanner.rawBytes, as: UTF8.self)))
        }
        #expect(records == (try scan(Array(body.utf8), delimiter: UInt8(ascii: ";"))))
        #expect(records.map(\.fields) == [["Réf", "Remarques"], ["A", "x ; y\r\nz"], ["B", "é\""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }
}
