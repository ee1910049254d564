import BourseCore
import BourseTestSupport
import Testing

@Suite("Territory")
struct TerritoryTests {
    let territory: Territory

    init() throws {
        territory = try Territory(communes: ptdeCommunes)
    }

    @Test("Resolves INSEE codes, postal codes and folded names", arguments: [
        ("93005", "93005"),
        ("93600", "93005"),
        ("Aulnay-sous-Bois", "93005"),
        ("AULNAY SOUS BOIS", "93005"),
        ("aulnay-sous-bois", "93005"),
        ("Aulnay", "93005"),
        ("Aulnay s/ Bois", "93005"),
        ("LE BOURGET", "93013"),
        ("Le Bourget", "93013"),
        ("Bourget", "93013"),
        ("le-bourget", "93013"),
        ("93350", "93013"),
        ("Tremblay en France", "93073"),
        ("tremblay-en-france", "93073"),
        ("TREMBLAY-EN-FRANCE", "93073"),
        ("Tremblay", "93073"),
        ("Tremblay-en-Fce", "93073"),
        ("Le Blanc-Mesnil", "93007"),
        ("Blanc Mesnil", "93007"),
        ("LE BLANC MESNIL", "93007"),
        ("93007", "93007"),
        ("93150", "93007"),
        ("Drancy", "93029"),
        ("DRANCY", "93029"),
        ("  drancy  ", "93029"),
        ("Dugny", "93030"),
        ("Sevran", "93071"),
        ("SÉVRAN", "93071"),
        ("Villepinte", "93078"),
        ("93600 Aulnay-sous-Bois", "93005"),
        ("Aulnay-sous-Bois (93600)", "93005"),
        ("93600 AULNAY SOUS BOIS CEDEX", "93005"),
        ("93700 DRANCY", "93029"),
        ("DRANCY CEDEX", "93029"),
        ("Drancy 93700", "93029"),
        ("DRANCY (93)", "93029"),
        ("Drancy - 93", "93029"),
        ("93 Drancy", "93029"),
        ("Aulnay-s/s-Bois", "93005"),
        ("AULNAY S/S BOIS", "93005"),
        ("Aulnay ss Bois", "93005"),
        ("Aulnay-sous-Bois (93)", "93005"),
    ])
    func resolves(text: String, insee: String) {
        #expect(territory.resolve(text)?.inseeCode == insee)
    }

    @Test("Refuses what is not in the territory or contradicts itself", arguments: [
        "", "   ", "Paris", "PARIS", "93008", "93000", "Bobigny", "Saint-Denis", "75011", "93600 Drancy",
        "Drancy (93600)", "93 600", "Aulnay-sous", "Tremblay Drancy", "-", "9300",
        "Drancy (75)", "DRANCY 94", "93", "(93)", "Drancy 93 75",
    ])
    func refuses(text: String) {
        #expect(territory.resolve(text) == nil)
    }

    @Test("Direct lookups by kind")
    func lookups() {
        #expect(territory.commune(insee: "93029")?.name == "Drancy")
        #expect(territory.commune(insee: "93700") == nil)
        #expect(territory.commune(postalCode: "93700")?.name == "Drancy")
        #expect(territory.commune(postalCode: "93029") == nil)
        #expect(territory.commune(name: "le bourget")?.inseeCode == "93013")
        #expect(territory.commune(name: "93013") == nil)
        #expect(territory.communes.count == 8)
    }

    @Test("A code a spreadsheet read as a number gets its leading zero back; Corsican codes fold case")
    func normalisedCodes() throws {
        let other = try Territory(communes: [
            Commune(inseeCode: "01004", postalCodes: ["01500"], name: "Ambérieu-en-Bugey"),
            Commune(inseeCode: "2A004", postalCodes: ["20000"], name: "Ajaccio"),
        ])
        #expect(other.commune(insee: "1004")?.name == "Ambérieu-en-Bugey")
        #expect(other.commune(postalCode: "1500")?.name == "Ambérieu-en-Bugey")
        #expect(other.resolve("1500")?.name == "Ambérieu-en-Bugey")
        #expect(other.commune(insee: "2a004")?.name == "Ajaccio")
        #expect(other.resolve("AMBERIEU EN BUGEY")?.inseeCode == "01004")
    }

    @Test("A postal code shared by two communes resolves to neither, their INSEE codes still do")
    func sharedPostalCode() throws {
        let shared = try Territory(communes: [
            Commune(inseeCode: "95001", postalCodes: ["95000"], name: "Alpha"),
            Commune(inseeCode: "95002", postalCodes: ["95000", "95010"], name: "Beta"),
        ])
        #expect(shared.commune(postalCode: "95000") == nil)
        #expect(shared.resolve("95000") == nil)
        #expect(shared.commune(postalCode: "95010")?.name == "Beta")
        #expect(shared.resolve("95001")?.name == "Alpha")
    }

    @Test("Two communes with the same INSEE code or the same folded name are refused")
    func duplicates() {
        #expect(throws: TerritoryError.duplicate("code INSEE 93029")) {
            _ = try Territory(communes: [
                Commune(inseeCode: "93029", postalCodes: ["93700"], name: "Drancy"),
                Commune(inseeCode: "93029", postalCodes: ["93701"], name: "Autre"),
            ])
        }
        #expect(throws: TerritoryError.self) {
            _ = try Territory(communes: [
                Commune(inseeCode: "93013", postalCodes: ["93350"], name: "Le Bourget"),
                Commune(inseeCode: "93999", postalCodes: ["93999"], name: "Autre", variants: ["BOURGET"]),
            ])
        }
        #expect(TerritoryError.duplicate("code INSEE 93029").description == "territoire : code INSEE 93029 en double")
    }

    @Test("A commune's source identifier is the slug of its name")
    func sourceID() {
        #expect(ptdeCommunes[1].sourceID == "le-blanc-mesnil")
        #expect(ptdeCommunes[6].sourceID == "tremblay-en-france")
        let source = Source.commune(ptdeCommunes[3])
        #expect(source.id == "drancy")
        #expect(source.kind == .commune)
        #expect(source.communeInsee == "93029")
    }
}
