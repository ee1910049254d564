import BourseCore
import BourseImport
import Foundation
import Testing

/// Validates a record given as decoded text (the path XML and joined columns take).
private func validate(_ cells: [PremisesField: String], headers: [PremisesField: String] = [:]) throws -> PremisesRowValidator.Outcome {
    var validator = PremisesRowValidator(territory: try ptdeTerritory(), encoding: .utf8, headers: headers)
    var row = RawPremisesRow()
    for (field, text) in cells { row.set(field, text: text) }
    return validator.validate(row)
}

/// Validates a record given as bytes (the CSV fast path); the buffers live for the call only.
private func validateBytes(_ cells: [PremisesField: String], encoding: TextEncoding = .utf8) throws -> PremisesRowValidator.Outcome {
    var validator = PremisesRowValidator(territory: try ptdeTerritory(), encoding: encoding, headers: [:])
    var buffers: [UnsafeMutableBufferPointer<UInt8>] = []
    defer { buffers.forEach { $0.deallocate() } }
    var row = RawPremisesRow()
    for (field, text) in cells {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        buffers.append(buffer)
        row.set(field, bytes: UnsafeBufferPointer(rebasing: buffer[..<bytes.count]))
    }
    return validator.validate(row)
}

private extension PremisesRowValidator.Outcome {
    var premises: Premises? {
        if case .accepted(let premises, _) = self { return premises }
        return nil
    }

    var warnings: [Reject.Issue] {
        if case .accepted(_, let warnings) = self { return warnings }
        return []
    }

    var issues: [Reject.Issue] {
        if case .rejected(let issues) = self { return issues }
        return []
    }
}

@Suite("PremisesRowValidator")
struct PremisesRowValidatorTests {
    static let minimal: [PremisesField: String] = [.reference: "R1", .commune: "Drancy", .surface: "50"]

    @Test("A minimal record is accepted with defaults")
    func minimal() throws {
        let premises = try #require(try validate(Self.minimal).premises)
        #expect(premises.reference == "R1")
        #expect(premises.communeInsee == "93029")
        #expect(premises.surface == 50)
        #expect(premises.type == .other)
        #expect(premises.typeLabel == nil)
        #expect(premises.status == .available)
        #expect(premises.rent == nil)
        #expect(premises.extra.isEmpty)
    }

    @Test("Every problem of a record is reported, not only the first")
    func severalIssues() throws {
        let outcome = try validate([.commune: "Paris", .surface: "0", .monthlyRent: "-5", .accessible: "peut-être"])
        let messages = outcome.issues.map(\.message)
        #expect(messages.count == 5, "\(messages)")
        #expect(messages.contains("référence manquante"))
        #expect(messages.contains { $0.contains("« Paris »") })
        #expect(messages.contains { $0.contains("surface nulle ou négative") })
        #expect(messages.contains { $0.contains("loyer mensuel négatif") })
        #expect(messages.contains { $0.contains("PMR") })
    }

    @Test("Fields are named by the file's header, else by their label")
    func headerNames() throws {
        let named = try validate([.commune: "Drancy", .surface: "50"], headers: [.reference: "N° local"])
        #expect(named.issues.first?.field == "N° local")
        let unnamed = try validate([.commune: "Drancy", .surface: "50"])
        #expect(unnamed.issues.first?.field == "référence")
    }

    @Test("Missing markers in text cells mean missing", arguments: ["", "  ", "NA", "N/A", "-", "n/a"])
    func missingTextCells(marker: String) throws {
        var cells = Self.minimal
        for field in [PremisesField.monthlyRent, .charges, .marketRent, .availableFrom, .availableUntil, .floor, .accessible, .status, .type, .lease, .address, .contact, .remarks] {
            cells[field] = marker
        }
        let outcome = try validate(cells)
        #expect(outcome.issues.isEmpty, "« \(marker) »: \(outcome.issues.map(\.message))")
        let premises = try #require(outcome.premises)
        #expect(premises.rent == nil && premises.charges == nil && premises.marketRent == nil)
        #expect(premises.floor == nil && premises.accessible == nil && premises.status == .available)
        #expect(premises.address == nil && premises.contact == nil && premises.remarks == nil)
    }

    @Test("A missing surface or reference written as a marker is reported as missing", arguments: ["", "NA", "N/A", "-"])
    func missingRequiredMarkers(marker: String) throws {
        let surface = try validate([.reference: "R1", .commune: "Drancy", .surface: marker])
        #expect(surface.issues.map(\.message) == ["surface manquante"])
        let reference = try validate([.reference: marker, .commune: "Drancy", .surface: "50"])
        #expect(reference.issues.map(\.message) == ["référence manquante"])
        let commune = try validate([.reference: "R1", .commune: marker, .surface: "50"])
        #expect(commune.issues.map(\.message) == ["commune manquante"])
    }

    @Test("A total row under the premises is said to be one", arguments: ["TOTAL", "Total", "Sous-total", "TOTAL GÉNÉRAL", "Total m²"])
    func totalRow(word: String) throws {
        let total = try validate([.reference: word, .commune: "", .surface: "1 234"])
        #expect(total.issues.first?.message == "ligne de total « \(word) », pas un local")
        #expect(total.issues.map(\.message).contains("commune manquante"))
        // A premises whose reference happens to be "Total" in a real commune is a premises.
        let named = try validate([.reference: "Total", .commune: "Drancy", .surface: "50"])
        #expect(named.issues.isEmpty)
    }

    @Test("The byte path and the text path agree", arguments: [
        [PremisesField.reference: "R1", .commune: "93600", .surface: "1 250,50", .monthlyRent: "Gratuit", .floor: "R+1"],
        [.reference: "R2", .commune: "LE BOURGET", .surface: "45 m²", .annualRent: "1 200 €", .accessible: "OUI"],
        [.reference: "R3", .postalCode: "93290", .surface: "82", .rentPerSquareMetreYear: "20", .availableFrom: "2026-06-01"],
        [.reference: "R4", .inseeCode: "93007", .surface: "1\u{A0}120", .status: "Indisponible", .type: "Entrepôt"],
        [.reference: "R5", .commune: "Drancy", .surface: "0"],
        [.reference: "R6", .commune: "Drancy", .surface: "50", .availableFrom: "31/02/2026"],
        [.reference: "R7", .commune: "Drancy", .inseeCode: "93005", .surface: "50"],
    ])
    func pathsAgree(cells: [PremisesField: String]) throws {
        let text = try validate(cells)
        let bytes = try validateBytes(cells)
        #expect(text.premises == bytes.premises)
        #expect(text.issues.map(\.message) == bytes.issues.map(\.message))
        #expect(text.warnings.map(\.message) == bytes.warnings.map(\.message))
    }

    @Test("Dates: now-words mean no date; the end may equal the start")
    func dates() throws {
        var cells = Self.minimal
        cells[.availableFrom] = "immédiate"
        cells[.availableUntil] = "31/12/2027"
        let premises = try #require(try validate(cells).premises)
        #expect(premises.availableFrom == nil)
        #expect(premises.availableUntil == CivilDate(year: 2027, month: 12, day: 31))
        cells[.availableFrom] = "01/06/2026"
        cells[.availableUntil] = "2026-06-01"
        #expect(try validate(cells).premises != nil)
        cells[.availableUntil] = "31/05/2026"
        #expect(try validate(cells).issues.first?.message.contains("antérieure") == true)
    }

    @Test("Amounts: negative charges and market rents are refused; gratuit only for rents and charges")
    func amounts() throws {
        var cells = Self.minimal
        cells[.charges] = "-10"
        #expect(try validate(cells).issues.first?.message.contains("charges négatif") == true)
        cells[.charges] = "gratuit"
        #expect(try validate(cells).premises?.charges == 0)
        cells[.marketRent] = "gratuit"
        #expect(try validate(cells).issues.first?.message.contains("loyer de marché") == true)
    }

    @Test("Statuses a user sets are not taken from a file")
    func userStatuses() throws {
        for label in ["réservé", "Attribué"] {
            var cells = Self.minimal
            cells[.status] = label
            let outcome = try validate(cells)
            #expect(outcome.premises?.status == .withdrawn)
            #expect(outcome.warnings.count == 1)
        }
    }
}
