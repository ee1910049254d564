import BourseImport
import Foundation
import Testing

@Suite("DialectSniffer")
struct DialectSnifferTests {
    static let cases: [(name: String, text: String, delimiter: Character)] = [
        ("semicolon", "Référence;Commune;Surface\r\nA;Drancy;45,5\r\nB;Sevran;12\r\n", ";"),
        ("comma", "reference,commune,surface\nA,Drancy,45\nB,Sevran,12\n", ","),
        ("comma with quoted decimals", "reference,commune,surface,loyer\nA,Drancy,\"45,5\",\"818,75\"\nB,Sevran,\"12,5\",\"1,5\"\nC,Dugny,30,\"0,5\"", ","),
        ("semicolon with commas in remarks",
         "Référence;Commune;Surface;Remarques\nA;Drancy;45;Vitrine, réserve, cave\nB;Sevran;12;Rez-de-chaussée, cour\nC;Dugny;30;Sans remarque\n", ";"),
        ("title lines with trailing semicolons",
         "VILLE DE SEVRAN, INVENTAIRE;;;;\r\nMis à jour le 30/04/2026;;;;\r\n;;;;\r\nREFERENCE;COMMUNE;SURFACE;LOYER;;\r\nS1;SEVRAN;78;1 872;;\r\nS2;SEVRAN;62;1 488;;\r\n", ";"),
        ("tab", "Référence\tCode postal\tAdresse\tSurface\nT1\t93290\t12 avenue de la Paix, Tremblay\t82\nT2\t93290\t3 bd, Tremblay, France\t36\n", "\t"),
        ("pipe", "Num. lot|Lib. commune|Gestionnaire\r\nL1|VILLEPINTE|C. Moreau, patrimoine@v.fr, 01 41\r\nL2|VILLEPINTE|A. Diallo, eco@v.fr, 01 41\r\nL3|VILLEPINTE|X, Y\r\n", "|"),
        ("quoted semicolons in a comma file", "a,b,c\n1,\"x;y;z\",2\n3,\"u;v\",4\n5,w,6\n", ","),
        ("quote-all comma file", "\"Réf\",\"Commune\",\"Surface\"\n\"A\",\"Le Bourget\",\"32,5\"\n\"B\",\"Bourget\",\"70\"\n", ","),
    ]

    @Test("Each delimiter is found", arguments: cases.indices)
    func sniff(index: Int) throws {
        let testCase = Self.cases[index]
        let dialect = try #require(DialectSniffer.sniff(Array(testCase.text.utf8)), "\(testCase.name)")
        #expect(dialect.delimiter == testCase.delimiter.asciiValue, "\(testCase.name)")
    }

    @Test("No delimiter in a one-column text", arguments: ["", "bonjour\nau revoir\n", "\n\n\n", "Titre;;;;\n;;;\n"])
    func noDelimiter(text: String) {
        #expect(DialectSniffer.sniff(Array(text.utf8)) == nil)
    }

    @Test("A sample cut inside a quoted field still sniffs from the records before")
    func cutSample() throws {
        let text = "a;b;c\n1;2;3\n4;5;6\n7;\"cut in the mid"
        #expect(try #require(DialectSniffer.sniff(Array(text.utf8))).delimiter == UInt8(ascii: ";"))
    }

    @Test("Delimiter names users read")
    func names() {
        #expect(CSVDialect(delimiter: UInt8(ascii: ";")).delimiterName == "point-virgule")
        #expect(CSVDialect(delimiter: UInt8(ascii: ",")).delimiterName == "virgule")
        #expect(CSVDialect(delimiter: 0x09).delimiterName == "tabulation")
        #expect(CSVDialect(delimiter: UInt8(ascii: "|")).delimiterName == "barre verticale")
        #expect(CSVDialect(delimiter: UInt8(ascii: ":")).delimiterName == "« : »")
    }

    static let samples: [(file: String, delimiter: Character)] = [
        ("aulnay-sous-bois-2026-03-31.csv", ";"),
        ("aulnay-sous-bois-2026-09-30.csv", ";"),
        ("le-blanc-mesnil-2026-03-31.csv", ";"),
        ("drancy-2026-03-31.csv", ","),
        ("drancy-2026-10-15.csv", ","),
        ("le-bourget-2026-04-15.csv", ","),
        ("sevran-2026-04-30.csv", ";"),
        ("dugny-2026-05-04.csv", ";"),
        ("tremblay-en-france-2026-05-15.csv", "\t"),
        ("villepinte-2026-06-01.csv", "|"),
    ]

    @Test("The delimiter of every sample inventory", arguments: samples.map(\.file))
    func sampleDelimiters(file: String) throws {
        var bytes = try Fixtures.bytes("samples/communes/\(file)")
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let expected = try #require(Self.samples.first { $0.file == file }?.delimiter.asciiValue)
        #expect(DialectSniffer.sniff(bytes)?.delimiter == expected)
    }
}
