import Foundation
import BourseCore
import BourseImport
import BourseService

/// How the rejects and warnings of an import are shown on the terminal.
enum ImportSummary {
    /// How many reasons of one rejected record are shown (the rejects file has them all).
    static let diagnosticsShownPerRecord = 5

    /// Prints how many records were rejected, where the details are, and the first ones.
    static func printRejects(_ feedback: ImportFeedbackSummary, total: Int) {
        guard total > 0 else { return }
        let target = feedback.rejectsFile.map { ", détail dans \($0)" } ?? ""
        print("  rejetés : \(FrenchNumber.format(total))\(target)")
        for reject in feedback.shownRejects {
            let diagnostics = reject.diagnostics
            for diagnostic in diagnostics.prefix(diagnosticsShownPerRecord) { print("    \(shortened(diagnostic.description))") }
            if diagnostics.count > diagnosticsShownPerRecord {
                print("    … et \(FrenchNumber.format(diagnostics.count - diagnosticsShownPerRecord)) autre(s) motif(s) pour cette ligne")
            }
        }
        if total > feedback.shownRejects.count {
            print("    … et \(FrenchNumber.format(total - feedback.shownRejects.count)) autre(s) ligne(s) rejetée(s)")
        }
    }

    /// Prints the first warnings and how many more there were.
    static func printWarnings(_ feedback: ImportFeedbackSummary) {
        for warning in feedback.shownWarnings { print("    \(shortened(warning.description))") }
        if feedback.warningCount > feedback.shownWarnings.count {
            print("    … et \(feedback.warningCount - feedback.shownWarnings.count) autre(s) avertissement(s)")
        }
    }

    /// After a failed import: what it had rejected, and a rejects file that could not be written.
    static func printFailure(_ failure: ImportFailure) {
        if let error = failure.rejectsFileError {
            Terminal.error("erreur : \((error as? any LocalizedError)?.errorDescription ?? "\(error)")")
        }
        printRejects(failure.feedback, total: failure.feedback.rejectCount)
    }

    /// A line cut to a screen's worth of text: the rejects file has it whole.
    static func shortened(_ line: String, limit: Int = 300) -> String {
        guard line.unicodeScalars.count > limit else { return line }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: line.unicodeScalars.prefix(limit - 1))
        return String(scalars) + "…"
    }
}
