import BourseCore
import BourseImport
import BourseReports
import BourseService
import BourseStore
import Foundation

/// Runs one inventory import through the application layer and tells the user what happened,
/// in French.
struct InventoryImportRunner {
    var exchange: Exchange
    /// Where rejects go and how many are shown.
    var rejects = RejectsOutput()

    /// Imports `path` and prints the summary.
    /// - Returns: the report.
    @discardableResult
    func run(path: String, options: InventoryImportOptions) throws -> InventoryImportReport {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError.fileNotFound(path) }
        let name = URL(fileURLWithPath: path).lastPathComponent
        do {
            let (report, feedback) = try exchange.importInventory(
                path: path, options: options, rejects: rejects, progress: Terminal.progress(label: "lecture de \(name)"))
            if let stale = feedback.removedStaleRejectsFile {
                print("  (ancien fichier de rejets \(stale) supprimé : plus aucune ligne rejetée)")
            }
            printReport(report, name: name)
            ImportSummary.printRejects(feedback, total: report.read?.rejected ?? 0)
            ImportSummary.printWarnings(feedback)
            return report
        } catch let failure as ImportFailure {
            // Even a cancelled import (--strict, nothing accepted) keeps and shows what was wrong.
            ImportSummary.printFailure(failure)
            throw failure
        }
    }

    private func printReport(_ report: InventoryImportReport, name: String) {
        let origin: String
        switch report.dateOrigin {
        case .given: origin = ""
        case .titleLine: origin = report.read?.dialect == nil && report.read != nil ? " (date lue dans le fichier)" : " (date lue dans les lignes de titre)"
        case .fileName: origin = " (date tirée du nom du fichier)"
        case .fallback: origin = " (date du jour : aucune date donnée ni trouvée, précisez --date)"
        }
        let source = "source « \(report.source.id) »"
        switch report.outcome {
        case let .alreadyImported(id, asOf):
            print("\(name) : déjà importé pour la \(source) (inventaire n° \(id) du \(asOf.french)) : rien n'a changé.")
            return
        case .dryRun:
            print("\(name) → \(source), inventaire du \(report.asOf.french)\(origin) — SIMULATION (--dry-run) : rien n'est écrit")
        case .imported(let id):
            print("\(name) → \(source), inventaire n° \(id) du \(report.asOf.french)\(origin)")
        }
        for note in report.notes { print("    \(note)") }
        if report.sourceCheckSkipped {
            print("  contrôle de la source non fait (--force-source) : communes des locaux et bailleur nommé par le fichier non vérifiés")
        }
        guard let read = report.read else { return }
        if let dialect = read.dialect, let headerLine = read.headerLine {
            print("  lu : \(read.facts.encodingName), séparateur \(dialect.delimiterName), en-tête ligne \(headerLine), \(FrenchNumber.format(read.records)) enregistrement(s)")
        } else {
            print("  lu : XML \(read.encodingName ?? "UTF-8"), \(FrenchNumber.format(read.records)) local(aux) lu(s)")
        }
        if report.historical {
            print("  inventaire historique (antérieur au dernier de la source) : \(FrenchNumber.format(report.added)) local(aux) ajouté(s), \(FrenchNumber.format(report.knownLeftAsIs)) déjà connu(s) laissé(s) tel(s) quel(s)")
        } else {
            let again = report.reappeared > 0 ? " (dont \(FrenchNumber.format(report.reappeared)) de nouveau proposé(s))" : ""
            print("  acceptés : \(FrenchNumber.format(read.accepted)) — nouveaux \(FrenchNumber.format(report.added)), modifiés \(FrenchNumber.format(report.changed))\(again), inchangés \(FrenchNumber.format(report.unchanged))")
            print("  retirés car absents de l'inventaire : \(FrenchNumber.format(report.withdrawn))" + (report.keptByUserStatus > 0 ? " ; absents mais conservés car réservés ou attribués : \(report.keptByUserStatus)" : ""))
        }
    }
}
