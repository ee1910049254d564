import BourseCore
import BourseImport
import BourseStore
import Foundation

/// Runs one register import (structures or needs) and tells the user what happened, in French.
struct RegisterImportRunner {
    /// The database's file, never replaced by a rejects file.
    var databasePath: String?
    /// Every file the command reads, never replaced by a rejects file.
    var inputs: [String] = []
    var rejectsPath: String?
    var writeRejectsFile = true
    var shown = 10

    /// Runs `body` (the store's import) with the rejects file and the printing around it.
    @discardableResult
    func run(path: String, kind: RegisterKind, dryRun: Bool, _ body: (_ onReject: (Reject) throws -> Void, _ onWarning: (Diagnostic) throws -> Void) throws -> RegisterImportReport) throws -> RegisterImportReport {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.fileNotFound(path) }
        let name = URL(fileURLWithPath: path).lastPathComponent
        let feedback = try ImportFeedback(
            input: path, rejectsPath: rejectsPath, writeRejectsFile: writeRejectsFile, shown: shown,
            database: databasePath, inputs: inputs)
        let report: RegisterImportReport
        do {
            report = try body(feedback.reject, feedback.warn)
        } catch {
            feedback.finishAfterFailure()
            feedback.printRejects()
            throw error
        }
        try feedback.finish()
        let what = kind == .structures ? "structures" : "besoins"
        switch report.outcome {
        case let .alreadyImported(id, _):
            print("\(name) : déjà importé (import n° \(id) des \(what)) : rien n'a changé.")
            return report
        case .dryRun:
            print("\(name) → registre des \(what) — SIMULATION (--dry-run) : rien n'est écrit")
        case .imported(let id):
            print("\(name) → registre des \(what), import n° \(id)")
            if (report.read?.rejected ?? 0) == 0 { feedback.removeStaleRejectsFile() }
        }
        for note in report.notes { print("    \(note)") }
        if let read = report.read {
            print("  lu : \(read.facts.encodingName), séparateur \(read.dialect.delimiterName), en-tête ligne \(read.headerLine), \(FrenchNumber.format(read.records)) enregistrement(s)")
            print("  acceptés : \(FrenchNumber.format(read.accepted)) — nouveaux \(FrenchNumber.format(report.added)), modifiés \(FrenchNumber.format(report.changed)), inchangés \(FrenchNumber.format(report.unchanged))")
        }
        feedback.printRejects(total: report.read?.rejected ?? 0)
        feedback.printWarnings()
        return report
    }
}
