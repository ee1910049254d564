import BourseTestSupport
import BourseCore
import BourseImport
import Foundation
import Testing

@Suite("TerritoryFile")
struct TerritoryFileTests {
    @Test("Reads the 8 communes of Imports/territoire.csv")
    func sample() throws {
        let communes = try TerritoryFile.read(path: Fixtures.path("samples/territoire.csv"))
        #expect(communes.count == 8)
        #expect(communes.map(\.inseeCode) == ["93005", "93007", "93013", "93029", "93030", "93071", "93073", "93078"])
        #expect(communes == ptdeCommunes)
        #expect(communes[0].variants == ["Aulnay", "Aulnay s/ Bois"])
        #expect(communes[3].variants.isEmpty)
        let territory = try Territory(communes: communes)
        #expect(territory.resolve("LE BOURGET")?.inseeCode == "93013")
        #expect(territory.resolve("Tremblay en France")?.inseeCode == "93073")
        #expect(territory.resolve("tremblay-en-france")?.inseeCode == "93073")
        #expect(territory.resolve("93420")?.name == "Villepinte")
    }

    @Test("BOM, CRLF, several postal codes, columns in another order, padded cells")
    func shapes() throws {
        let text = "\u{FEFF}nom;variantes;code_postal;code_insee\r\nParis; Lutèce | Paname ;75001|75002| 75003 ;75056\r\n\r\nLyon;;69001;69123\r\n"
        let file = try TemporaryFile(text, name: "territoire.csv")
        let communes = try TerritoryFile.read(path: file.path)
        #expect(communes == [
            Commune(inseeCode: "75056", postalCodes: ["75001", "75002", "75003"], name: "Paris", variants: ["Lutèce", "Paname"]),
            Commune(inseeCode: "69123", postalCodes: ["69001"], name: "Lyon"),
        ])
    }

    @Test("Missing columns are named")
    func missingColumns() throws {
        let file = try TemporaryFile("code_insee;nom\n93029;Drancy\n", name: "territoire.csv")
        #expect(throws: TerritoryFile.Error.missingColumns(file: "territoire.csv", missing: ["code postal"])) {
            _ = try TerritoryFile.read(path: file.path)
        }
        let empty = try TemporaryFile("", name: "territoire.csv")
        #expect(throws: TerritoryFile.Error.self) { _ = try TerritoryFile.read(path: empty.path) }
    }

    @Test("A row without INSEE code or name is refused with its line")
    func badRow() throws {
        let file = try TemporaryFile("code_insee;code_postal;nom;variantes\n93029;93700;Drancy;\n93030;93440;;\n", name: "territoire.csv")
        do {
            _ = try TerritoryFile.read(path: file.path)
            Issue.record("accepted a commune without a name")
        } catch {
            guard case let .badRow(name, line, _) = error else {
                Issue.record("expected badRow, got \(error)")
                return
            }
            #expect(name == "territoire.csv")
            #expect(line == 3)
            #expect(error.errorDescription?.hasPrefix("territoire.csv:3 : ") == true)
        }
    }

    @Test("A missing file is unreadable")
    func missing() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).csv").path
        #expect(throws: TerritoryFile.Error.self) { _ = try TerritoryFile.read(path: path) }
    }
}
