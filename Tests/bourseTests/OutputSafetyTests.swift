import Foundation
import Testing

/// Every option that writes a file, and standard output, against the files they must never
/// replace and the write errors they must report (issue 15, items 1, 4 and 8). Each of these
/// failed on the main of 2026-11-30: the target was replaced whatever it was, a full disk
/// crashed the tool or exited 0, and control characters reached the terminal raw.
@Suite("sorties : jamais la base, une entrée ou un périphérique ; erreurs d'écriture signalées")
struct OutputSafetyTests {
    private func initialised() throws -> WorkFolder {
        let folder = try WorkFolder()
        let run = try folder.bourse("init")
        try #require(run.status == 0, "\(run)")
        try folder.write("drancy.csv", drancyCSV)
        return folder
    }

    private func fileType(_ path: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    }

    @Test func theRejectsFileNeverReplacesTheDatabase() throws {
        let folder = try initialised()
        let before = try folder.contents("bourse.sqlite")
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", "bourse.sqlite")
        #expect(run.status == 1, "\(run)")
        #expect(run.hasNoBacktrace)
        #expect(run.stderr.contains("« bourse.sqlite » est la base de données de la bourse"), "\(run)")
        #expect(try folder.contents("bourse.sqlite") == before, "the database is untouched")
        let inventories = try folder.bourse("inventories", "--format", "json")
        #expect(try jsonObjects(inventories).isEmpty, "nothing imported")
    }

    @Test func theRejectsFileNeverTakesTheNameOfADatabaseCompanion() throws {
        let folder = try initialised()
        for companion in ["bourse.sqlite-wal", "bourse.sqlite-shm", "bourse.sqlite-journal"] {
            let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", companion)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("un fichier de la base de données"), "\(run)")
        }
        #expect(!folder.exists("bourse.sqlite-journal"), "no file created under a companion's name")
        do {
        }
        // Through another spelling of the same path, and with --db elsewhere.
        let dotted = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", "./bourse.sqlite")
        #expect(dotted.status == 1, "\(dotted)")
        try FileManager.default.createDirectory(atPath: folder.file("base"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: folder.file("bourse.sqlite"), toPath: folder.file("base/b.sqlite"))
        let elsewhere = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--db", "base/b.sqlite", "--rejects", "base/../base/b.sqlite")
        #expect(elsewhere.status == 1, "\(elsewhere)")
        #expect(elsewhere.stderr.contains("base de données"), "\(elsewhere)")
    }

    @Test func theRejectsFileNeverReplacesItsOwnInputNorAnotherInput() throws {
        let folder = try initialised()
        try folder.write("bourget.csv", bourgetCSV)
        let original = try folder.contents("drancy.csv")
        let run = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", "drancy.csv")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("un fichier lu par cette commande"), "\(run)")
        #expect(try folder.contents("drancy.csv") == original)
        // A hard link to the input is the input.
        try FileManager.default.linkItem(atPath: folder.file("drancy.csv"), toPath: folder.file("lien-dur.csv"))
        let linked = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", "lien-dur.csv")
        #expect(linked.status == 1, "\(linked)")
        #expect(try folder.contents("drancy.csv") == original)
    }

    @Test func anOutputNeverReplacesASymbolicLinkOrADevice() throws {
        let folder = try initialised()
        try folder.write("cible.txt", "à garder")
        try FileManager.default.createSymbolicLink(atPath: folder.file("lien.csv"), withDestinationPath: "cible.txt")
        let link = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", "lien.csv")
        #expect(link.status == 1, "\(link)")
        #expect(link.stderr.contains("lien symbolique"), "\(link)")
        #expect(try fileType(folder.file("lien.csv")) == .typeSymbolicLink)
        #expect(String(decoding: try folder.contents("cible.txt"), as: UTF8.self) == "à garder")

        let device = try folder.bourse("report", "evolution", "--html", "/dev/null")
        #expect(device.status == 1, "\(device)")
        #expect(device.stderr.contains("« /dev/null » est un périphérique"), "\(device)")
        #expect(try fileType("/dev/null") == .typeCharacterSpecial)

        try FileManager.default.createDirectory(atPath: folder.file("dossier"), withIntermediateDirectories: true)
        let directory = try folder.bourse("report", "indicators", "--html", "dossier")
        #expect(directory.status == 1, "\(directory)")
        #expect(directory.stderr.contains("est un dossier"), "\(directory)")
    }

    @Test func anOutputReplacesItsOwnEarlierFileButNeverAUsersFile() throws {
        let folder = try initialised()
        // A user's own page and CSV are kept.
        try folder.write("notes.html", "<!DOCTYPE html><p>mes notes</p>")
        let page = try folder.bourse("report", "evolution", "--html", "notes.html")
        #expect(page.status == 1, "\(page)")
        #expect(page.stderr.contains("n'a pas été écrit par bourse"), "\(page)")
        #expect(String(decoding: try folder.contents("notes.html"), as: UTF8.self) == "<!DOCTYPE html><p>mes notes</p>")
        try folder.write("autre.csv", bourgetCSV)
        let rejects = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--rejects", "autre.csv")
        #expect(rejects.status == 1, "\(rejects)")
        #expect(String(decoding: try folder.contents("autre.csv"), as: UTF8.self) == bourgetCSV)

        // A report of ours is replaced; an empty file too.
        let first = try folder.bourse("report", "evolution", "--html", "rapport.html")
        #expect(first.status == 0, "\(first)")
        let second = try folder.bourse("report", "evolution", "--html", "rapport.html")
        #expect(second.status == 0, "\(second)")
        try folder.write("vide.html", "")
        let empty = try folder.bourse("report", "indicators", "--html", "vide.html")
        #expect(empty.status == 0, "\(empty)")
        #expect(try folder.contents("vide.html").count > 100)

        // A rejects file of ours is replaced by the next import's.
        let once = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31", "--rejects", "r.csv")
        #expect(once.status == 0, "\(once)")
        try folder.write("drancy2.csv", drancyCSV.replacingOccurrences(of: "abc", with: "xyz"))
        let twice = try folder.bourse("import", "drancy2.csv", "--source", "drancy", "--date", "2026-04-30", "--rejects", "r.csv")
        #expect(twice.status == 0, "\(twice)")
        #expect(String(decoding: try folder.contents("r.csv"), as: UTF8.self).contains("xyz"))
        // No temporary file is left beside the outputs.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func solveAndRoundExportNeverReplaceTheirInputOrTheDatabase() throws {
        let folder = try WorkFolder()
        let profile = #"{"kind": "assignment", "rows": ["S1"], "cols": ["P1"], "scores": [[3]]}"#
        try folder.write("profil.json", profile)
        let solve = try folder.bourse("solve", "profil.json", "--out", "profil.json")
        #expect(solve.status == 1, "\(solve)")
        #expect(String(decoding: try folder.contents("profil.json"), as: UTF8.self) == profile)
        let answer = try folder.bourse("solve", "profil.json", "--out", "reponse.json")
        #expect(answer.status == 0, "\(answer)")
        let again = try folder.bourse("solve", "profil.json", "--out", "reponse.json")
        #expect(again.status == 0, "an answer of ours is replaced: \(again)")

        let initialised = try folder.bourse("init")
        try #require(initialised.status == 0)
        let export = try folder.bourse("round", "export", "1", "--profile", "bourse.sqlite")
        #expect(export.status == 1, "\(export)")
        #expect(export.hasNoBacktrace)
    }

    @Test func aFullStandardOutputIsAnErrorNotACutOutput() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let folder = try initialised()
        let imported = try folder.bourse("import", "drancy.csv", "--source", "drancy", "--date", "2026-03-31")
        try #require(imported.status == 0, "\(imported)")
        for format in ["csv", "json", "text"] {
            let run = try folder.bourse("premises", "--format", format, standardOutput: "/dev/full")
            #expect(run.status == 1, "\(format): \(run)")
            #expect(run.stderr.contains("écriture impossible sur la sortie standard : disque plein"), "\(format): \(run)")
            #expect(run.hasNoBacktrace)
        }
        let report = try folder.bourse("report", "evolution", "--format", "csv", standardOutput: "/dev/full")
        #expect(report.status == 1, "\(report)")
    }

    @Test func aRejectsFileThatCannotBeWrittenStopsTheImportAndLeavesNothing() throws {
        let folder = try initialised()
        var text = "Référence;Commune;Adresse;Surface\n"
        let address = String(repeating: "rue de la République ", count: 5)
        for index in 0..<30_000 { text += "R\(index);Drancy;\(address);abc\(index)\n" }
        text += "OK;Drancy;rue;40\n"
        try folder.write("grand.csv", text)
        // The file size limit (1 MiB: the database and its journal fit, the 4 MB of rejects do
        // not) makes the rejects file's writes fail with EFBIG, as a full disk would.
        let run = try folder.shell(#"ulimit -f 2048; exec "$BOURSE" import grand.csv --source drancy --date 2026-03-31 --rejects rejets.csv"#)
        #expect(run.status == 1, "\(run)")
        #expect(run.hasNoBacktrace, "\(run)")
        #expect(run.stderr.contains("écriture de « rejets.csv » impossible : fichier trop gros"), "\(run)")
        #expect(!folder.exists("rejets.csv"), "no half-written rejects file")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let inventories = try folder.bourse("inventories", "--format", "json")
        #expect(try jsonObjects(inventories).isEmpty, "the import was rolled back")
    }

    @Test func controlCharactersOfStoredValuesAreShownEscaped() throws {
        let folder = try initialised()
        let csv = "Référence;Commune;Adresse;Surface\nLOC-1;Drancy;\"\u{1B}]0;pirate\u{07}12 rue\u{1B}[2J Haute\u{9B}31m\";40\n"
        try folder.write("esc.csv", csv)
        let imported = try folder.bourse("import", "esc.csv", "--source", "drancy", "--date", "2026-03-31")
        try #require(imported.status == 0, "\(imported)")
        for arguments in [["premises"], ["premises", "show", "1"]] {
            let run = try folder.run(arguments)
            #expect(run.status == 0, "\(run)")
            #expect(!run.stdoutBytes.contains(0x1B), "no raw ESC in \(arguments)")
            #expect(!run.stdoutBytes.contains(0x07), "no raw BEL in \(arguments)")
            #expect(!run.stdout.unicodeScalars.contains("\u{9B}"), "no raw CSI in \(arguments)")
            #expect(run.stdout.contains(#"\x1B"#), "the escape is shown: \(run)")
        }
        // Data formats keep the value as it is when they go to a file.
        let csvRun = try folder.bourse("premises", "--format", "csv")
        #expect(csvRun.stdoutBytes.contains(0x1B), "CSV keeps the stored value")
        // A rejected line's raw text is escaped on the terminal, kept in the rejects file.
        try folder.write("bad.csv", "Référence;Commune;Surface\nX\u{1B}[2J;Drancy;abc\n")
        let bad = try folder.bourse("import", "bad.csv", "--source", "drancy", "--date", "2026-04-30", "--dry-run", "--rejects", "bad.rej.csv")
        #expect(!bad.stdoutBytes.contains(0x1B), "\(bad)")
        #expect(try folder.contents("bad.rej.csv").contains(0x1B))
    }
}
