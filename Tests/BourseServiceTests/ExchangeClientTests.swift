import BourseCore
import BourseImport
import BourseReports
import BourseResources
import BourseService
import BourseStore
import Foundation
import Testing

/// A second client of the application layer, standing in for the portal: it runs the whole job
/// (import, round, explanation, placement, reports) through `Exchange` alone, and checks that a
/// stored round is explained as it was decided, whatever changed afterwards.
@Suite("couche application : un second client (import → tour → explication → implantation → rapports)")
struct ExchangeClientTests {
    private let folder: URL
    private let exchange: Exchange

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        exchange = try Exchange.open(path: folder.appendingPathComponent("bourse.sqlite").path, access: .create)
        let territory = try #require(BourseResources.url("territoire.csv"))
        _ = try exchange.initialise(communes: try TerritoryFile.read(path: territory.path))
        try exchange.addSource(Source(id: "ssdh", name: "Seine-Saint-Denis Habitat", kind: .landlord))
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static let day = CivilDate(iso: "2026-06-01")!

    private func setUp(surfaceOfLocal surface: String = "50") throws {
        let inventory = """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel
            L-1;Drancy;1 rue de la République;bureau;\(surface);500
            L-2;Drancy;2 avenue Jean Jaurès;bureau;55;700

            """
        var options = InventoryImportOptions(sourceID: "ssdh", asOf: CivilDate(iso: "2026-03-31"))
        options.dryRun = false
        let (report, feedback) = try exchange.importInventory(path: try write("ssdh.csv", inventory), options: options, rejects: RejectsOutput())
        #expect(feedback.rejectCount == 0, "\(feedback.shownRejects)")
        #expect(feedback.rejectsFile == nil)
        #expect(report.added == 2)
        let registered = RegisterImportOptions(date: CivilDate(iso: "2026-04-01")!)
        _ = try exchange.importStructures(path: try write("structures.csv", """
            Référence;Nom;Forme juridique;Secteur;ETP;Lauréat AAP
            S1;Ressourcerie La Trame;Association;Réemploi;5;2025
            S2;Épicerie Le Panier;Association;Alimentation;10;

            """), options: registered)
        _ = try exchange.importNeeds(path: try write("besoins.csv", needs(surfaceMin: 40)), options: registered)
    }

    private func needs(surfaceMin: Int) -> String {
        """
        Référence;Structure;Surface min (m²);Surface max (m²);Budget mensuel max (€);Communes souhaitées;Types de locaux;Date de la demande;Statut
        B1;S1;\(surfaceMin);60;800;Drancy;bureau;01/02/2025;Actif
        B2;S2;40;70;900;Drancy;bureau;01/03/2025;Actif

        """
    }

    @Test func theWholeJobThroughTheApplicationLayer() throws {
        try setUp()
        let outcome = try exchange.runRound(RoundRequest(parameters: MatchingParameters(seed: 1, date: Self.day)))
        let id = try #require(outcome.id)
        #expect(outcome.needCount == 2 && outcome.premisesCount == 2)
        #expect(outcome.lines.count == 2)
        #expect(outcome.fingerprint.count == 64)
        #expect(try exchange.latestRoundID() == id)

        let explanation = try exchange.explain(need: "B1")
        #expect(explanation.fromStoredInputs)
        #expect(explanation.needInRound)
        #expect(explanation.candidates.count == 2)
        #expect(explanation.proposal != nil)

        let profile = try exchange.roundProfile(id)
        #expect(String(decoding: profile, as: UTF8.self).hasPrefix("{\n  \"kind\": \"hospital_residents\""))

        #expect(try exchange.acceptRound(id, date: Self.day) == 2)
        let reports = try exchange.landlordReports(round: id)
        #expect(reports.map(\.source.id) == ["ssdh"])
        #expect(reports.first?.proposedCount == 2)
        let rows = try exchange.evolution(period: .month, to: Self.day, today: Self.day)
        #expect(rows.last?.placements == 2, "\(rows)")
        let indicators = try exchange.indicators(year: 2026, today: Self.day)
        #expect(indicators.placements == 2)
    }

    @Test func aStoredRoundIsExplainedAsItWasDecidedAfterItsInputsChanged() throws {
        try setUp()
        let outcome = try exchange.runRound(RoundRequest(parameters: MatchingParameters(seed: 1, date: Self.day)))
        let id = try #require(outcome.id)
        let line = try #require(outcome.lines.first { $0.need == "B1" })
        let premisesID = try #require(Int64(line.premisesID))
        let before = try exchange.explain(round: id, need: "B1", premises: premisesID)
        let reportBefore = try exchange.landlordReports(round: id)
        let beforePair = try #require(before.pair)
        #expect(beforePair.failures.isEmpty)
        #expect(beforePair.outcome == .proposed)

        // A year later: the premises shrank, the need grew; a new inventory and a new register.
        var options = InventoryImportOptions(sourceID: "ssdh", asOf: CivilDate(iso: "2027-03-31"))
        options.dryRun = false
        _ = try exchange.importInventory(path: try write("ssdh-2027.csv", """
            Référence;Commune;Adresse;Type;Surface;Loyer mensuel
            L-1;Drancy;1 rue de la République;bureau;12;900
            L-2;Drancy;2 avenue Jean Jaurès;bureau;20;950

            """), options: options)
        _ = try exchange.importNeeds(path: try write("besoins-2027.csv", needs(surfaceMin: 58)), options: RegisterImportOptions(date: CivilDate(iso: "2027-04-01")!))

        let after = try exchange.explain(round: id, need: "B1", premises: premisesID)
        let afterPair = try #require(after.pair)
        #expect(afterPair.failures.isEmpty, "today's data would make it ineligible; the round's did not")
        #expect(afterPair.score == beforePair.score)
        #expect(afterPair.surface == beforePair.surface)
        #expect(afterPair.outcome == .proposed)
        #expect(afterPair.needRank?.position == beforePair.needRank?.position)
        #expect(after.candidates.map(\.premises) == before.candidates.map(\.premises))
        #expect(after.candidates.map(\.score) == before.candidates.map(\.score))

        let reportAfter = try exchange.landlordReports(round: id)
        let reasons = { (reports: [LandlordReport]) in reports.flatMap(\.lines).compactMap(\.proposed).map(\.reasons) }
        #expect(!reasons(reportBefore).flatMap { $0 }.isEmpty)
        #expect(reasons(reportAfter) == reasons(reportBefore))

        // A new round on today's data does see the change, with another fingerprint.
        let today = try exchange.runRound(RoundRequest(parameters: MatchingParameters(seed: 1, date: Self.day), dryRun: true))
        #expect(today.fingerprint != outcome.fingerprint)
        #expect(today.lines.isEmpty, "nothing fits any more")
    }

    @Test func anImportKeepsItsRejectsInAFileAndAFailedOneSaysWhatItRejected() throws {
        try setUp()
        let bad = try write("ssdh-bad.csv", """
            Référence;Commune;Surface
            X-1;Drancy;abc
            X-2;Drancy;40

            """)
        var options = InventoryImportOptions(sourceID: "ssdh", asOf: CivilDate(iso: "2026-04-30"))
        options.dryRun = false
        let (_, feedback) = try exchange.importInventory(path: bad, options: options, rejects: RejectsOutput(shown: 1))
        #expect(feedback.rejectCount == 1 && feedback.shownRejects.first?.line == 2)
        let rejectsFile = try #require(feedback.rejectsFile)
        #expect(try String(contentsOfFile: rejectsFile, encoding: .utf8).contains("X-1;Drancy;abc"))

        // --strict: the whole file is cancelled; the rejects are still kept and told.
        options.strict = true
        options.asOf = CivilDate(iso: "2026-05-31")
        let strict = try write("ssdh-strict.csv", """
            Référence;Commune;Surface
            X-1;Drancy;abc
            X-3;Drancy;45

            """)
        do {
            _ = try exchange.importInventory(path: strict, options: options, rejects: RejectsOutput(path: folder.appendingPathComponent("r.csv").path))
            Issue.record("a strict import with a reject must fail")
        } catch let failure as ImportFailure {
            #expect(failure.feedback.rejectCount == 1)
            #expect(failure.feedback.rejectsFile == folder.appendingPathComponent("r.csv").path)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.csv").path))
        }
        // The rejects file never replaces the database.
        #expect(throws: OutputFileError.self) {
            _ = try exchange.importInventory(path: strict, options: options, rejects: RejectsOutput(path: exchange.path))
        }
    }

    @Test func aNeedOrPremisesOutsideTheRoundIsSaidSo() throws {
        try setUp()
        let id = try #require(try exchange.runRound(RoundRequest(parameters: MatchingParameters(seed: 1, date: Self.day))).id)
        _ = try exchange.importNeeds(path: try write("besoins-b3.csv", needs(surfaceMin: 40) + "B3;S2;40;60;800;Drancy;bureau;01/05/2026;Actif\n"),
                                     options: RegisterImportOptions(date: CivilDate(iso: "2026-06-02")!))
        let late = try exchange.explain(round: id, need: "B3")
        #expect(!late.needInRound)
        #expect(throws: ServiceError.noRound) {
            let empty = try Exchange.open(path: folder.appendingPathComponent("vide.sqlite").path, access: .create)
            _ = try empty.explain(need: "B1")
        }
    }
}
