import BourseCore
import BourseImport
import Foundation
import Testing

@Suite("Contrôle d'un fichier contre sa source : commune attendue, bailleur nommé")
struct SourceExpectationTests {
    func validator() throws -> PremisesRowValidator {
        var validator = PremisesRowValidator(territory: try ptdeTerritory(), encoding: .utf8, headers: [.postalCode: "CP"])
        validator.expectedSourceID = "sevran"
        validator.expectedCommuneInsee = "93071"
        return validator
    }

    @Test func aRecordOfAnotherCommuneIsRejectedWithItsCommune() throws {
        var validator = try validator()
        var row = RawPremisesRow()
        row.set(.reference, text: "D-1")
        row.set(.postalCode, text: "93700")
        row.set(.surface, text: "0")
        guard case let .otherCommune(issues, commune) = validator.validate(row) else {
            Issue.record("not rejected for its commune")
            return
        }
        #expect(try ptdeTerritory().communes[commune].inseeCode == "93029")
        #expect(issues.first == .init(field: "CP", message: "local de Drancy (93029) : la source « sevran » est l'inventaire de Sevran"))
        #expect(issues.count == 2)

        row.set(.postalCode, text: "93270")
        row.set(.surface, text: "10")
        guard case .accepted(let premises, _) = validator.validate(row) else {
            Issue.record("the source's commune is rejected")
            return
        }
        #expect(premises.communeInsee == "93071")
        // Without an expected commune, any commune of the territory.
        validator.expectedCommuneInsee = nil
        row.set(.postalCode, text: "93700")
        guard case .accepted = validator.validate(row) else {
            Issue.record("rejected without an expected commune")
            return
        }
    }

    @Test func sourcesAndNames() {
        let sevran = Source.commune(Commune(inseeCode: "93071", postalCodes: ["93270"], name: "Sevran"))
        #expect(sevran.inventoryCommuneInsee == "93071")
        #expect(Source(id: "ept", name: "EPT", kind: .other, communeInsee: "93071").inventoryCommuneInsee == nil)
        #expect(Source(id: "q", name: "Q", kind: .commune).inventoryCommuneInsee == nil)
        let coop = Source(id: "cooperative-habitat-93", name: "Coopérative Habitat 93", kind: .landlord)
        #expect(coop.isNamed("COOPERATIVE HABITAT 93"))
        #expect(coop.isNamed("cooperative-habitat-93"))
        #expect(!coop.isNamed("oph-terres-envol"))
        #expect(!coop.isNamed("  "))
        #expect(Commune.withDe("Le Blanc-Mesnil") == "du Blanc-Mesnil")
        #expect(Commune.withDe("Aulnay-sous-Bois") == "d'Aulnay-sous-Bois")
        #expect(Commune.withDe("Drancy") == "de Drancy")
    }

    @Test func theLandlordAFileNamesIsReadFromItsRoot() throws {
        let territory = try ptdeTerritory()
        let ours = try XMLInventoryReader(
            path: try XMLSamples.path("bailleurs/oph-terres-envol-2026-03-31.xml"), territory: territory, profile: nil,
            schemaPath: try XMLSamples.schema)
        #expect(ours.namedLandlord == "oph-terres-envol")
        let coop = try XMLInventoryReader(
            path: try XMLSamples.path("bailleurs/cooperative-habitat-93-2026-05-31.xml"), territory: territory,
            profile: try XMLSamples.profile("cooperative-habitat-93"), schemaPath: nil)
        #expect(coop.namedLandlord == "Coopérative Habitat 93")
        let logis = try XMLInventoryReader(
            path: try XMLSamples.path("bailleurs/logis-plaine-de-france-2026-04-30.xml"), territory: territory,
            profile: try XMLSamples.profile("logis-plaine-de-france"), schemaPath: nil)
        #expect(logis.namedLandlord == nil)
        #expect(throws: XMLProfileSyntaxError.self) {
            try XMLMappingProfile.parse(["enregistrement": "lot", "bailleur": "ancestor::a/@b", "champs": ["reference": "@r", "commune": "c", "surface": "s"]], name: "p")
        }
    }
}
