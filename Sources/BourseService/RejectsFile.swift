import BourseCore
import BourseImport
import BourseReports
import Foundation

/// The rejects of an import as a French CSV, written as they come beside their target and put in
/// place by `finish()` (`OutputFile`): a failed write leaves no half-written file, and the target
/// is checked first (never the database, the imported file, a device or a user's own file).
public final class RejectsFile {
    public let path: String
    private let output: OutputFile
    public private(set) var count = 0

    /// - Throws: `OutputFileError` when `path` must not be written.
    public init(path: String, database: String?, inputs: [String]) throws {
        self.path = path
        output = try OutputFile(path: path, database: database, inputs: inputs, isOurs: RejectsFile.isRejectsFile)
    }

    /// The default place: beside the input, `NAME.rejets.csv`.
    public static func defaultPath(for input: String) -> String {
        let url = URL(fileURLWithPath: input)
        return url.deletingPathExtension().path + ".rejets.csv"
    }

    /// The first line every rejects file starts with.
    public static let header = FrenchCSV.bom + FrenchCSV.line(["Fichier", "Ligne", "Champ", "Motif", "Contenu brut"])

    /// Whether the first bytes of a file are those of a rejects file this tool wrote.
    @Sendable public static func isRejectsFile(_ head: [UInt8]) -> Bool {
        head.starts(with: Array(header.utf8))
    }

    /// Deletes a file at `path` only if it is a regular file this tool wrote as rejects (it starts
    /// with our header), never a user's file, a link or a device.
    /// - Returns: whether a file was deleted.
    public static func removeIfOurs(path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path) else { return false }
        let start = (try? handle.read(upToCount: header.utf8.count)) ?? Data()
        try? handle.close()
        guard isRejectsFile(Array(start)) else { return false }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    public func write(_ reject: Reject) throws {
        if !output.isOpen { try output.write(RejectsFile.header) }
        count += 1
        try output.write(FrenchCSV.line([reject.file, String(reject.line), reject.fields, reject.reason, reject.raw]))
    }

    /// Puts the file in place if anything was rejected.
    public func finish() throws {
        if output.isOpen { try output.commit() }
    }

    /// Drops what was written.
    public func discard() {
        output.discard()
    }
}
