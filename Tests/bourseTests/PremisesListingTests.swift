import BourseCore
import BourseReports
import BourseStore
@testable import bourse
import Foundation
import Testing

/// `bourse premises` reads one premises at a time and writes CSV and JSON as they come: the output
/// must be exactly what the whole list rendered at once gives.
@Suite("bourse premises : liste lue au fil de l'eau")
struct PremisesListingTests {
    /// A folder with a database holding `count` premises of Drancy, with remarks on several lines,
    /// an unknown column (kept as extra) and quotes.
    private func folder(with count: Int) throws -> WorkFolder {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        guard count > 0 else { return folder }
        var lines = ["Référence;Commune;Adresse;Type;Surface;Loyer mensuel;Remarques;Colonne inconnue"]
        for index in 0..<count {
            let extra = index % 2 == 0 ? "" : "valeur \(index)"
            lines.append("D-\(index);Drancy;\(index) rue de la Paix;bureau;\(index + 10),5;\(index * 10);\"ligne 1\nligne \"\"2\"\"\";\(extra)")
        }
        try folder.write("drancy.csv", lines.joined(separator: "\r\n") + "\r\n")
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31")
        #expect(run.status == 0, "\(run)")
        return folder
    }

    @Test(arguments: [0, 1, 3, 2_500])
    func streamedOutputIsTheWholeListRendered(count: Int) throws {
        let folder = try folder(with: count)
        let db = try BourseDatabase.open(path: folder.file("bourse.sqlite"))
        let listings = try db.premises()
        #expect(listings.count == count)

        let json = try folder.bourse("premises", "--format", "json")
        #expect(json.status == 0, "\(json)")
        #expect(json.stdout == (try jsonText(.array(listings.map { .object(PremisesTables.json($0)) }))) + "\n")

        let csv = try folder.bourse("premises", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdoutBytes == Data(PremisesTables.full(listings).renderCSV().utf8))

        let text = try folder.bourse("premises")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.hasPrefix(PremisesTables.summary(listings).renderText()))
        #expect(text.stdout.contains("\(FrenchNumber.format(count)) local(aux)"))
    }

    /// Filters and order are those of the list read at once.
    @Test func filtersAndOrderMatchTheListReadAtOnce() throws {
        let folder = try folder(with: 40)
        let db = try BourseDatabase.open(path: folder.file("bourse.sqlite"))
        var streamed: [PremisesListing] = []
        try db.forEachPremises(PremisesFilter(communeInsee: "93029")) { streamed.append($0) }
        #expect(streamed.map(\.record.reference) == streamed.map(\.record.reference).sorted())
        #expect(streamed == (try db.premises(PremisesFilter(communeInsee: "93029"))))
        #expect(streamed.count == 40)
        var none = 0
        try db.forEachPremises(PremisesFilter(communeInsee: "93005")) { _ in none += 1 }
        #expect(none == 0)
        // An error thrown by the caller's body stops the scan and comes back as it is.
        var seen = 0
        #expect(throws: CancellationError.self) {
            try db.forEachPremises { _ in
                seen += 1
                if seen == 5 { throw CancellationError() }
            }
        }
        #expect(seen == 5)
    }
}
