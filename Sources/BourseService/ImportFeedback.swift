import BourseCore
import BourseImport
import Foundation

/// Where an import's rejected records go, and how many of them and of its warnings the caller
/// wants back to show (the rejects file holds them all).
public struct RejectsOutput: Sendable {
    /// The rejects file; `nil` for `NAME.rejets.csv` beside the input.
    public var path: String?
    /// Whether to write a rejects file at all (a dry run writes one only when asked).
    public var enabled: Bool
    /// The other files the action reads, which the rejects file never replaces.
    public var inputs: [String]
    /// How many rejects and warnings to keep for the caller to show.
    public var shown: Int

    public init(path: String? = nil, enabled: Bool = true, inputs: [String] = [], shown: Int = 10) {
        self.path = path
        self.enabled = enabled
        self.inputs = inputs
        self.shown = shown
    }

    /// The rejects file's path for the input `file`, if one is written.
    public func target(for file: String) -> String? {
        enabled ? path ?? RejectsFile.defaultPath(for: file) : nil
    }
}

/// What an import rejected and remarked, as the caller shows it: the first ones, the counts, and
/// where the rejects file is.
public struct ImportFeedbackSummary: Sendable {
    public var shownRejects: [Reject] = []
    public var rejectCount = 0
    public var shownWarnings: [Diagnostic] = []
    public var warningCount = 0
    /// The rejects file written, if any.
    public var rejectsFile: String?
    /// An old rejects file of ours beside the input, removed after a clean import (it would mislead).
    public var removedStaleRejectsFile: String?

    public init() {}
}

/// An import that failed, with what it had rejected so far (kept in the rejects file).
public struct ImportFailure: Error, LocalizedError {
    public var underlying: any Error
    public var feedback: ImportFeedbackSummary
    /// A failure to put the rejects file in place, told beside the import's own error.
    public var rejectsFileError: (any Error)?

    public var errorDescription: String? {
        (underlying as? any LocalizedError)?.errorDescription ?? "\(underlying)"
    }
}

/// Collects an import's rejects (written to the rejects file as they come) and warnings.
final class ImportFeedback {
    private let rejects: RejectsFile?
    private let shown: Int
    private(set) var summary = ImportFeedbackSummary()

    /// - Throws: `OutputFileError` when the rejects file's path must not be written.
    init(input: String, output: RejectsOutput, database: String) throws {
        rejects = try output.target(for: input).map { try RejectsFile(path: $0, database: database, inputs: output.inputs + [input]) }
        shown = output.shown
    }

    func reject(_ reject: Reject) throws {
        try rejects?.write(reject)
        summary.rejectCount += 1
        if summary.shownRejects.count < shown { summary.shownRejects.append(reject) }
    }

    func warn(_ warning: Diagnostic) {
        summary.warningCount += 1
        if summary.shownWarnings.count < shown { summary.shownWarnings.append(warning) }
    }

    /// Puts the rejects file in place after the import's transaction (whatever its outcome:
    /// rejected lines are kept); after a clean import, removes an old rejects file of ours.
    func finish(clean: Bool) throws -> ImportFeedbackSummary {
        try rejects?.finish()
        if let rejects, rejects.count > 0 { summary.rejectsFile = rejects.path }
        if clean, let rejects, rejects.count == 0, RejectsFile.removeIfOurs(path: rejects.path) {
            summary.removedStaleRejectsFile = rejects.path
        }
        return summary
    }

    /// Runs an import with this feedback, turning a failure into `ImportFailure`.
    static func run<Report>(
        input: String, output: RejectsOutput, database: String,
        _ body: (_ onReject: (Reject) throws -> Void, _ onWarning: (Diagnostic) throws -> Void) throws -> Report,
        isClean: (Report) -> Bool
    ) throws -> (Report, ImportFeedbackSummary) {
        let feedback = try ImportFeedback(input: input, output: output, database: database)
        let report: Report
        do {
            report = try body(feedback.reject, feedback.warn)
        } catch {
            var rejectsFileError: (any Error)?
            do { _ = try feedback.finish(clean: false) } catch { rejectsFileError = error }
            // `finish` names the rejects file in the summary once it is in place.
            throw ImportFailure(underlying: error, feedback: feedback.summary, rejectsFileError: rejectsFileError)
        }
        return (report, try feedback.finish(clean: isClean(report)))
    }
}
