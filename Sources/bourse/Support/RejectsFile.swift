import BourseCore
import BourseImport
import BourseReports
import Foundation

/// The rejects of an import as a French CSV, written as they come and opened only on the first.
final class RejectsFile {
    let path: String
    private var handle: FileHandle?
    private(set) var count = 0

    init(path: String) {
        self.path = path
    }

    /// The default place: beside the input, `NAME.rejets.csv`.
    static func defaultPath(for input: String) -> String {
        let url = URL(fileURLWithPath: input)
        return url.deletingPathExtension().path + ".rejets.csv"
    }

    /// The first line every rejects file starts with.
    static let header = FrenchCSV.bom + FrenchCSV.line(["Fichier", "Ligne", "Champ", "Motif", "Contenu brut"])

    /// Deletes a file at `path` only if it is a rejects file this tool wrote (it starts with our
    /// header), never a user's file.
    /// - Returns: whether a file was deleted.
    static func removeIfOurs(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        let start = handle.readData(ofLength: header.utf8.count)
        try? handle.close()
        guard start == Data(header.utf8) else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    func write(_ reject: Reject) throws {
        if handle == nil {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError.cannotWrite(path: path, reason: "création impossible (dossier absent ou protégé ? utilisez --rejects)")
            }
            handle = FileHandle(forWritingAtPath: path)
            append(RejectsFile.header)
        }
        count += 1
        append(FrenchCSV.line([reject.file, String(reject.line), reject.fields, reject.reason, reject.raw]))
    }

    private func append(_ text: String) {
        handle?.write(Data(text.utf8))
    }

    func close() {
        try? handle?.close()
        handle = nil
    }

    /// Prints how many records were rejected, where the details are, and the first ones.
    static func printSummary(_ rejects: [Reject], total: Int, file: String?) {
        guard total > 0 else { return }
        let target = file.map { ", détail dans \($0)" } ?? ""
        print("  rejetés : \(FrenchNumber.format(total))\(target)")
        for reject in rejects {
            for diagnostic in reject.diagnostics { print("    \(diagnostic)") }
        }
        if total > rejects.count { print("    … et \(FrenchNumber.format(total - rejects.count)) autre(s) ligne(s) rejetée(s)") }
    }
}
