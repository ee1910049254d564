import BourseTestSupport
import BourseCore
@testable import BourseImport
import Foundation
import Testing

/// What one configuration of a reader made of a file: its records, or the error that refused it.
private struct FuzzReading {
    var label: String
    var accepted: [(premises: Premises, line: Int)] = []
    var rejects: [Reject] = []
    var summary: InventoryReadSummary?
    var refusal: InventoryReadError?
}

/// Inputs found by fuzzing the readers (`Scripts/fuzz.sh`): those that crashed a reader before it
/// was fixed, and a few that reach rare paths, kept from the minimised corpus. Each goes through
/// every configuration the harness uses (CSV without and with a mapping profile, XML in the
/// bourse's format and with each landlord's profile): a reader must hand over valid records or
/// refuse the whole file with a French message, never crash.
@Suite("Entrées trouvées par le fuzzing")
struct FuzzRegressionTests {
    /// `Fixtures/fuzz/csv/…` and `Fixtures/fuzz/xml/…`, in name order.
    static let inputs: [String] = {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("fuzz") else { return [] }
        var names: [String] = []
        for folder in ["csv", "xml"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            names += files.filter { !$0.hasPrefix(".") }.sorted().map { "fuzz/\(folder)/\($0)" }
        }
        return names
    }()

    @Test func regressionInputsAreBundled() {
        #expect(Self.inputs.contains { $0.hasPrefix("fuzz/csv/") })
        #expect(Self.inputs.contains { $0.hasPrefix("fuzz/xml/") })
    }

    @Test(arguments: inputs)
    func everyReaderGivesRecordsOrRefusesTheFile(_ name: String) throws {
        let path = try Fixtures.path(name)
        let bytes = try Fixtures.bytes(name)
        for reading in try readEveryWay(path: path) {
            if let refusal = reading.refusal {
                let message = refusal.errorDescription ?? ""
                #expect(!message.isEmpty, "\(name), \(reading.label): refused without a message")
                continue
            }
            let summary = try #require(reading.summary)
            #expect(summary.accepted == reading.accepted.count, "\(name), \(reading.label)")
            #expect(summary.rejected == reading.rejects.count, "\(name), \(reading.label)")
            #expect(summary.records == summary.accepted + summary.rejected, "\(name), \(reading.label)")
            let lines = physicalLines(bytes)
            for (premises, line) in reading.accepted {
                #expect((1...lines).contains(line), "\(name), \(reading.label): line \(line)")
                #expect(!premises.reference.isEmpty, "\(name), \(reading.label): line \(line)")
                #expect(ptdeCommunes.contains { $0.inseeCode == premises.communeInsee }, "\(name), \(reading.label): line \(line)")
                #expect(premises.surface.isFinite && premises.surface > 0, "\(name), \(reading.label): line \(line)")
            }
            for reject in reading.rejects {
                #expect((1...lines).contains(reject.line), "\(name), \(reading.label): reject line \(reject.line)")
                #expect(!reject.issues.isEmpty && reject.issues.allSatisfy { !$0.message.isEmpty }, "\(name), \(reading.label)")
            }
        }
    }

    // MARK: - Crashes found, fixed

    /// Found by the fuzzer (`plantage-programme-imbrique.xml`): an ancestor element of a profile
    /// nested in another (a programme in a programme) moved the anchor of the outer one's paths,
    /// and the next child of the outer one indexed a path step at -1 (`Index out of range`, the
    /// whole `bourse` process stopped). Each programme's values now go to its own premises.
    @Test func nestedAncestorElementsKeepTheirOwnValues() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <pat:exportPatrimoine xmlns:pat="http://www.logis-plaine-de-france.example/schemas/patrimoine/2.3" dateExtraction="2026-04-30">
              <pat:programme codeInsee="93071">
                <pat:programme codeInsee="93029">
                  <pat:adresse>Intérieur, Drancy</pat:adresse>
                  <pat:lot numero="IN-1" nature="BUREAU"><pat:surfaces><pat:utile>20</pat:utile></pat:surfaces></pat:lot>
                </pat:programme>
                <pat:adresse>Extérieur, Sevran</pat:adresse>
                <pat:lot numero="EX-1" nature="COMMERCE"><pat:surfaces><pat:utile>30</pat:utile></pat:surfaces></pat:lot>
              </pat:programme>
            </pat:exportPatrimoine>
            """
        let read = try readXML(text, profile: XMLSamples.profile("logis-plaine-de-france"))
        #expect(read.rejects.isEmpty)
        let inner = try #require(read.premises("IN-1"))
        #expect(inner.communeInsee == "93029")
        #expect(inner.address == "Intérieur, Drancy")
        let outer = try #require(read.premises("EX-1"))
        #expect(outer.communeInsee == "93071")
        #expect(outer.address == "Extérieur, Sevran")
    }

    @Test func minimisedCrashingInputIsRefusedAsMalformed() throws {
        let path = try Fixtures.path("fuzz/xml/plantage-programme-imbrique.xml")
        do {
            _ = try readXML(path: path, profile: XMLSamples.profile("logis-plaine-de-france"))
            Issue.record("a truncated file was read")
        } catch InventoryReadError.xml(_, .malformed(let line, _, _, _)) {
            #expect(line == 4)
        }
    }

    /// Found by replaying the corpus (`utf16-surrogat-casse.xml`): UTF-16 with a broken surrogate
    /// pair made libxml2 print English lines on stderr and the file was refused "ligne 0,
    /// colonne 0 (« erreur inconnue »)". It is now refused where the parser stood, in French.
    @Test func undecodableUTF16IsRefusedWithItsLine() throws {
        let path = try Fixtures.path("fuzz/xml/utf16-surrogat-casse.xml")
        do {
            _ = try readXML(path: path, profile: XMLSamples.profile("logis-plaine-de-france"))
            Issue.record("a file with undecodable bytes was read")
        } catch InventoryReadError.xml(_, .malformed(let line, _, let message, let open)) {
            #expect(line == 2)
            #expect(message.contains("octets illisibles dans l'encodage du fichier"))
            #expect(open.last?.name == "pat:lot")
        }
    }

    // MARK: - Reading every way

    private func readEveryWay(path: String) throws -> [FuzzReading] {
        let territory = try ptdeTerritory()
        let csvProfile = try MappingProfile.load(path: Fixtures.path("samples/profils/villepinte.json"))
        var readings: [FuzzReading] = []
        for profile in [nil, csvProfile] {
            readings.append(read(label: profile == nil ? "CSV" : "CSV, profil") { () throws(InventoryReadError) in
                try CSVInventoryReader(path: path, territory: territory, profile: profile)
            })
        }
        let schema = try XMLSamples.schema
        let xmlProfiles: [XMLMappingProfile?] = [nil, try XMLSamples.profile("logis-plaine-de-france"), try XMLSamples.profile("cooperative-habitat-93")]
        for profile in xmlProfiles {
            readings.append(read(label: "XML, \(profile?.name ?? "format de la bourse")") { () throws(InventoryReadError) in
                try XMLInventoryReader(path: path, territory: territory, profile: profile, schemaPath: schema)
            })
        }
        return readings
    }

    private func read(label: String, open: () throws(InventoryReadError) -> any InventoryReader) -> FuzzReading {
        var reading = FuzzReading(label: label)
        do {
            let reader = try open()
            reading.summary = try reader.read(
                progress: nil,
                accept: { reading.accepted.append(($0, $1)) },
                reject: { reading.rejects.append($0) },
                warn: { _ in })
        } catch let error as InventoryReadError {
            reading.refusal = error
        } catch {
            Issue.record("\(label): unexpected error \(error)")
        }
        return reading
    }

    /// Lines as the readers count them: LF, CRLF or a lone CR ends one.
    private func physicalLines(_ bytes: [UInt8]) -> Int {
        var lines = 1
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                lines += 1
            } else if bytes[index] == 0x0D {
                lines += 1
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            }
            index += 1
        }
        return lines
    }
}
