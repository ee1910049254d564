import BourseCore
import BourseImport
import BourseService
import BourseStore
import Foundation

/// Runs one register import (structures or needs) through the application layer and tells the
/// user what happened, in French.
struct RegisterImportRunner {
    /// Where rejects go and how many are shown.
    var rejects = RejectsOutput()

    /// Runs `body` (the application layer's import) and prints its summary.
    @discardableResult
    func run(path: String, kind: RegisterKind, _ body: (RejectsOutput) throws -> (report: RegisterImportReport, feedback: ImportFeedbackSummary)) throws -> RegisterImportReport {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.fileNotFound(path) }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let report: RegisterImportReport
        let feedback: ImportFeedbackSummary
        do {
            (report, feedback) = try body(rejects)
        } catch let failure as ImportFailure {
            ImportSummary.printFailure(failure)
            throw failure
        }
        let what = kind == .structures ? "structures" : "besoins"
        switch report.outcome {
        case let .alreadyImported(id, _):
            print("\(name) : déjà importé (import n° \(id) des \(what)) : rien n'a changé.")
            return report
        case .dryRun:
            print("\(name) → registre des \(what) — SIMULATION (--dry-run) : rien n'est écrit")
        case .imported(let id):
            print("\(name) → registre des \(what), import n° \(id)")
            if let stale = feedback.removedStaleRejectsFile {
                print("  (ancien fichier de rejets \(stale) supprimé : plus aucune ligne rejetée)")
            }
        }
        for note in report.notes { print("    \(note)") }
        if let read = report.read {
            print("  lu : \(read.facts.encodingName), séparateur \(read.dialect.delimiterName), en-tête ligne \(read.headerLine), \(FrenchNumber.format(read.records)) enregistrement(s)")
            print("  acceptés : \(FrenchNumber.format(read.accepted)) — nouveaux \(FrenchNumber.format(report.added)), modifiés \(FrenchNumber.format(report.changed)), inchangés \(FrenchNumber.format(report.unchanged))")
        }
        ImportSummary.printRejects(feedback, total: report.read?.rejected ?? 0)
        ImportSummary.printWarnings(feedback)
        return report
    }
}
