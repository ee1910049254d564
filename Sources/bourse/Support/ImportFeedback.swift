import BourseCore
import BourseImport
import Foundation

/// What an import tells the user as it goes: rejects written to the rejects file, the first
/// rejects and warnings kept for the summary. Shared by inventory and register imports.
final class ImportFeedback {
    let rejects: RejectsFile?
    let shown: Int
    private(set) var shownRejects: [Reject] = []
    private(set) var shownWarnings: [Diagnostic] = []
    private(set) var warningCount = 0

    /// - Parameters:
    ///   - input: the imported file (the rejects file goes beside it unless `rejectsPath`).
    ///   - database: the command's database, never replaced by the rejects file.
    ///   - inputs: every file the command reads, never replaced by the rejects file.
    /// - Throws: `OutputFileError` when the rejects file's path must not be written.
    init(input: String, rejectsPath: String?, writeRejectsFile: Bool, shown: Int, database: String?, inputs: [String]) throws {
        rejects = writeRejectsFile
            ? try RejectsFile(path: rejectsPath ?? RejectsFile.defaultPath(for: input), database: database, inputs: inputs + [input])
            : nil
        self.shown = shown
    }

    func reject(_ reject: Reject) throws {
        try rejects?.write(reject)
        if shownRejects.count < shown { shownRejects.append(reject) }
    }

    func warn(_ warning: Diagnostic) {
        warningCount += 1
        if shownWarnings.count < shown { shownWarnings.append(warning) }
    }

    /// After a clean import: an old rejects file of ours beside the input would mislead.
    func removeStaleRejectsFile() {
        if let rejects, RejectsFile.removeIfOurs(path: rejects.path) {
            print("  (ancien fichier de rejets \(rejects.path) supprimé : plus aucune ligne rejetée)")
        }
    }

    /// Puts the rejects file in place (whatever the import's outcome: rejected lines are kept).
    func finish() throws {
        try rejects?.finish()
    }

    /// After a failed import: the rejects file is put in place if it can be, and a failure to do
    /// so is told beside the import's own error.
    func finishAfterFailure() {
        do {
            try finish()
        } catch {
            Terminal.error("erreur : \((error as? any LocalizedError)?.errorDescription ?? "\(error)")")
        }
    }

    /// Prints the rejects (count, file, first ones).
    func printRejects(total: Int? = nil) {
        RejectsFile.printSummary(shownRejects, total: total ?? rejects?.count ?? shownRejects.count, file: rejects?.path)
    }

    /// Prints the first warnings and how many more there were.
    func printWarnings() {
        for warning in shownWarnings { print("    \(RejectsFile.shortened(warning.description))") }
        if warningCount > shownWarnings.count {
            print("    … et \(warningCount - shownWarnings.count) autre(s) avertissement(s)")
        }
    }
}
