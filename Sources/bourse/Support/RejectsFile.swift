import BourseCore
import BourseImport
import BourseReports
import Foundation

/// The rejects of an import as a French CSV, written as they come beside their target and put in
/// place by `finish()` (`OutputFile`): a failed write leaves no half-written file, and the target
/// is checked first (never the database, the imported file, a device or a user's own file).
final class RejectsFile {
    let path: String
    private let output: OutputFile
    private(set) var count = 0

    /// - Throws: `OutputFileError` when `path` must not be written.
    init(path: String, database: String?, inputs: [String]) throws {
        self.path = path
        output = try OutputFile(path: path, database: database, inputs: inputs, isOurs: OutputKind.rejects.recognises)
    }

    /// The default place: beside the input, `NAME.rejets.csv`.
    static func defaultPath(for input: String) -> String {
        let url = URL(fileURLWithPath: input)
        return url.deletingPathExtension().path + ".rejets.csv"
    }

    /// The first line every rejects file starts with.
    static let header = FrenchCSV.bom + FrenchCSV.line(["Fichier", "Ligne", "Champ", "Motif", "Contenu brut"])

    /// Deletes a file at `path` only if it is a regular file this tool wrote as rejects (it starts
    /// with our header), never a user's file, a link or a device.
    /// - Returns: whether a file was deleted.
    static func removeIfOurs(path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path) else { return false }
        let start = (try? handle.read(upToCount: header.utf8.count)) ?? Data()
        try? handle.close()
        guard start == Data(header.utf8) else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    func write(_ reject: Reject) throws {
        if !output.isOpen { try output.write(RejectsFile.header) }
        count += 1
        try output.write(FrenchCSV.line([reject.file, String(reject.line), reject.fields, reject.reason, reject.raw]))
    }

    /// Puts the file in place if anything was rejected.
    func finish() throws {
        if output.isOpen { try output.commit() }
    }

    /// Drops what was written.
    func discard() {
        output.discard()
    }

    /// How many diagnostics of one rejected record are shown on the terminal.
    static let diagnosticsShownPerRecord = 5

    /// Prints how many records were rejected, where the details are, and the first ones.
    static func printSummary(_ rejects: [Reject], total: Int, file: String?) {
        guard total > 0 else { return }
        let target = file.map { ", détail dans \($0)" } ?? ""
        print("  rejetés : \(FrenchNumber.format(total))\(target)")
        for reject in rejects {
            let diagnostics = reject.diagnostics
            for diagnostic in diagnostics.prefix(diagnosticsShownPerRecord) { print("    \(shortened(diagnostic.description))") }
            if diagnostics.count > diagnosticsShownPerRecord {
                print("    … et \(FrenchNumber.format(diagnostics.count - diagnosticsShownPerRecord)) autre(s) motif(s) pour cette ligne")
            }
        }
        if total > rejects.count { print("    … et \(FrenchNumber.format(total - rejects.count)) autre(s) ligne(s) rejetée(s)") }
    }

    /// A line cut to a screen's worth of text: the rejects file has it whole.
    static func shortened(_ line: String, limit: Int = 300) -> String {
        guard line.unicodeScalars.count > limit else { return line }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: line.unicodeScalars.prefix(limit - 1))
        return String(scalars) + "…"
    }
}
