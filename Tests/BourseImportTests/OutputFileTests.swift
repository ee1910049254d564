import BourseImport
import Foundation
import Testing

/// `OutputFile` as a library: what it refuses, what it replaces, and that a failed write leaves
/// neither a half-written target nor a temporary file.
@Suite("fichier de sortie : vérifié, écrit à côté, renommé")
struct OutputFileTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    private static let never: @Sendable ([UInt8]) -> Bool = { _ in false }
    private static let ours: @Sendable ([UInt8]) -> Bool = { $0.starts(with: Array("OURS".utf8)) }

    @Test func aNewFileAppearsOnlyAtCommit() throws {
        let file = try OutputFile(path: path("a.csv"), database: nil, inputs: [], isOurs: Self.never)
        try file.write("premier ")
        try file.write(Array("second".utf8))
        #expect(!FileManager.default.fileExists(atPath: path("a.csv")), "nothing at the target before the commit")
        #expect(try entries().count == 1, "one temporary file beside it")
        try file.commit()
        #expect(try String(contentsOfFile: path("a.csv"), encoding: .utf8) == "premier second")
        #expect(try entries() == ["a.csv"])
    }

    @Test func aDiscardedOrAbandonedFileLeavesNothing() throws {
        do {
            let file = try OutputFile(path: path("b.csv"), database: nil, inputs: [], isOurs: Self.never)
            try file.write("x")
            file.discard()
        }
        do {
            let file = try OutputFile(path: path("c.csv"), database: nil, inputs: [], isOurs: Self.never)
            try file.write("x")
        }
        #expect(try entries().isEmpty)
    }

    @Test func anExistingFileOfOursIsReplacedAndKeepsItsPermissions() throws {
        _ = FileManager.default.createFile(atPath: path("r.csv"), contents: Data("OURS ancien".utf8), attributes: [.posixPermissions: 0o640])
        let file = try OutputFile(path: path("r.csv"), database: nil, inputs: [], isOurs: Self.ours)
        try file.write("OURS nouveau")
        try file.commit()
        #expect(try String(contentsOfFile: path("r.csv"), encoding: .utf8) == "OURS nouveau")
        let permissions = try FileManager.default.attributesOfItem(atPath: path("r.csv"))[.posixPermissions] as? Int
        #expect(permissions == 0o640)
    }

    @Test func whatAnOutputNeverReplaces() throws {
        func refusal(_ target: String, database: String? = nil, inputs: [String] = []) -> OutputFileError? {
            do {
                try OutputFile.check(target, database: database, inputs: inputs, isOurs: Self.ours)
                return nil
            } catch {
                return error as? OutputFileError
            }
        }
        _ = FileManager.default.createFile(atPath: path("user.txt"), contents: Data("à moi".utf8))
        _ = FileManager.default.createFile(atPath: path("vide.txt"), contents: Data())
        _ = FileManager.default.createFile(atPath: path("base.sqlite"), contents: Data("SQLite format 3\0........".utf8))
        _ = FileManager.default.createFile(atPath: path("entree.csv"), contents: Data("OURS mais lu".utf8))
        try FileManager.default.createSymbolicLink(atPath: path("lien"), withDestinationPath: path("vide.txt"))
        try FileManager.default.createDirectory(atPath: path("dossier"), withIntermediateDirectories: false)
        #expect(mkfifo(path("tube"), 0o600) == 0)

        #expect(refusal(path("nouveau.csv")) == nil)
        #expect(refusal(path("vide.txt")) == nil, "an empty file may be replaced")
        if case .notOurs = refusal(path("user.txt")) {} else { Issue.record("a user's file is kept") }
        if case .protected = refusal(path("base.sqlite")) {} else { Issue.record("any SQLite database is kept") }
        if case .protected = refusal(path("entree.csv"), inputs: [path("entree.csv")]) {} else { Issue.record("an input is kept") }
        if case .protected = refusal(folder.path + "/./entree.csv", inputs: [path("entree.csv")]) {} else { Issue.record("by another spelling") }
        if case .protected = refusal(path("db.sqlite-wal"), database: path("db.sqlite")) {} else { Issue.record("a companion's name, even absent") }
        if case .notRegular(_, let what) = refusal(path("lien")) { #expect(what == "un lien symbolique") } else { Issue.record("link") }
        if case .notRegular(_, let what) = refusal(path("dossier")) { #expect(what == "un dossier") } else { Issue.record("folder") }
        if case .notRegular(_, let what) = refusal(path("tube")) { #expect(what == "un tube nommé (FIFO)") } else { Issue.record("FIFO") }
        if case .notRegular(_, let what) = refusal("/dev/null") { #expect(what == "un périphérique") } else { Issue.record("device") }
        // Nothing was touched.
        #expect(try String(contentsOfFile: path("user.txt"), encoding: .utf8) == "à moi")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("lien")) == path("vide.txt"))
    }

    @Test func aTargetThatChangedWhileWritingIsNotReplaced() throws {
        let file = try OutputFile(path: path("t.csv"), database: nil, inputs: [], isOurs: Self.ours)
        try file.write("OURS")
        // Meanwhile someone puts a document of their own there.
        _ = FileManager.default.createFile(atPath: path("t.csv"), contents: Data("à moi".utf8))
        #expect(throws: OutputFileError.notOurs(path: path("t.csv"))) { try file.commit() }
        #expect(try String(contentsOfFile: path("t.csv"), encoding: .utf8) == "à moi")
        #expect(try entries() == ["t.csv"], "the temporary file is gone")
    }

    @Test func aMissingFolderIsAFrenchError() throws {
        let file = try OutputFile(path: path("absent/x.csv"), database: nil, inputs: [], isOurs: Self.never)
        #expect(throws: OutputFileError.cannotCreate(path: path("absent/x.csv"), reason: "dossier introuvable")) { try file.write("x") }
        #expect(OutputFileError.writeFailed(path: "r.csv", reason: SystemError.french(ENOSPC)).errorDescription
            == "écriture de « r.csv » impossible : disque plein ; le fichier n'a pas été écrit")
    }

    @Test func foundationsFileErrorsAreSaidInFrench() {
        do {
            try FileManager.default.createDirectory(atPath: "/proc/bourse-\(UUID().uuidString)/x", withIntermediateDirectories: true)
            Issue.record("a folder under /proc cannot be made")
        } catch {
            let text = SystemError.french(describing: error)
            #expect(!text.contains("The ") && !text.contains("couldn"), "\(text)")
        }
        #expect(SystemError.french(describing: CocoaError(.fileWriteOutOfSpace)) == "disque plein")
        #expect(SystemError.french(describing: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))) == "permission refusée")
    }
}
