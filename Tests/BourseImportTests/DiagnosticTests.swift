import BourseImport
import Foundation
import Testing

@Suite("Diagnostic and Reject")
struct DiagnosticTests {
    @Test("Compiler-style lines: file:line: severity : [field] message")
    func description() {
        #expect(Diagnostic(.error, "surface manquante", file: "a.csv", line: 12, field: "Surface").description
            == "a.csv:12: erreur : [Surface] surface manquante")
        #expect(Diagnostic(.warning, "type inconnu", file: "a.csv", line: 3).description == "a.csv:3: avertissement : type inconnu")
        #expect(Diagnostic(.note, "colonnes non reconnues", file: "a.csv").description == "a.csv: note : colonnes non reconnues")
    }

    @Test("A reject joins its fields and reasons and gives one diagnostic per issue")
    func reject() {
        let reject = Reject(file: "b.csv", line: 7, raw: "x;y", issues: [
            .init(field: "Référence", message: "référence manquante"),
            .init(field: nil, message: "autre"),
            .init(field: "Surface", message: "surface manquante"),
        ])
        #expect(reject.fields == "Référence, Surface")
        #expect(reject.reason == "référence manquante ; autre ; surface manquante")
        #expect(reject.diagnostics.count == 3)
        #expect(reject.diagnostics.allSatisfy { $0.line == 7 && $0.file == "b.csv" && $0.severity == .error })
    }

    @Test("The reader reports its progress up to the file size")
    func progress() throws {
        let file = try TemporaryFile("Référence;Commune;Surface\nA;Drancy;10\n")
        let reader = try CSVInventoryReader(path: file.path, territory: ptdeTerritory(), profile: nil)
        var calls: [(Int, Int)] = []
        _ = try reader.read(progress: { calls.append(($0, $1)) }, accept: { _, _ in }, reject: { _ in }, warn: { _ in })
        let last = try #require(calls.last)
        #expect(last.0 == last.1)
        #expect(last.1 == reader.facts.byteCount)
    }
}
