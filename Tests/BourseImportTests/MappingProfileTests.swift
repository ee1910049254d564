import BourseImport
import Foundation
import Testing

@Suite("MappingProfile")
struct MappingProfileTests {
    @Test("The Villepinte profile maps its 16 columns and ignores one")
    func villepinte() throws {
        let profile = try MappingProfile.load(path: Fixtures.path("samples/profils/villepinte.json"))
        #expect(profile.columns.count == 16)
        #expect(profile.columns["Num. lot"] == .reference)
        #expect(profile.columns["Lib. commune"] == .commune)
        #expect(profile.columns["Surf. pondérée"] == .surface)
        #expect(profile.columns["Val. locative"] == .marketRent)
        #expect(profile.columns["Fin dispo"] == .availableUntil)
        #expect(profile.ignored == ["Code gestionnaire"])
        #expect(profile.description?.contains("Villepinte") == true)
    }

    @Test("Every field identifier of the README is accepted")
    func identifiers() throws {
        let identifiers = [
            "reference", "commune", "code_insee", "code_postal", "adresse", "type", "surface", "loyer_mensuel",
            "loyer_annuel", "loyer_m2_an", "charges", "loyer_marche", "bail", "disponible_le", "disponible_jusqu_au",
            "etage", "pmr", "statut", "contact", "remarques",
        ]
        let columns = identifiers.map { "\"Col \($0)\": \"\($0)\"" }.joined(separator: ", ")
        let file = try TemporaryFile("{\"colonnes\": {\(columns)}}", name: "profil.json")
        let profile = try MappingProfile.load(path: file.path)
        #expect(profile.columns.count == identifiers.count)
        #expect(Set(profile.columns.values) == Set(PremisesField.allCases))
        #expect(profile.ignored.isEmpty)
        #expect(profile.description == nil)
    }

    @Test("Bad profiles are refused with a reason", arguments: [
        ("{", "JSON invalide"),
        ("[]", "objet JSON"),
        ("{\"colonnes\": {\"A\": \"reference\"}, \"colonne\": {}}", "« colonne »"),
        ("{\"description\": \"x\"}", "« colonnes »"),
        ("{\"colonnes\": {\"A\": \"surfaces\"}}", "« surfaces »"),
        ("{\"colonnes\": {\"A\": 3}}", "« A »"),
        ("{\"colonnes\": {\"A\": \"reference\"}, \"ignorer\": \"B\"}", "« ignorer »"),
        ("{\"colonnes\": {\"A\": \"reference\"}, \"ignorer\": [1]}", "« ignorer »"),
        ("{\"colonnes\": {\"A\": \"reference\"}, \"description\": 3}", "« description »"),
        ("{\"colonnes\": []}", "« colonnes »"),
    ])
    func invalid(json: String, fragment: String) throws {
        let file = try TemporaryFile(json, name: "profil.json")
        do {
            _ = try MappingProfile.load(path: file.path)
            Issue.record("« \(json) » was accepted")
        } catch {
            guard case let .invalid(path, reason) = error else {
                Issue.record("expected .invalid, got \(error)")
                return
            }
            #expect(path == file.path)
            #expect(reason.contains(fragment), "« \(reason) »")
            #expect(error.errorDescription?.contains("profil de correspondance") == true)
        }
    }

    @Test("A missing profile file is unreadable")
    func missing() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).json").path
        #expect(throws: MappingProfileError.unreadable(path: path)) {
            _ = try MappingProfile.load(path: path)
        }
    }
}
