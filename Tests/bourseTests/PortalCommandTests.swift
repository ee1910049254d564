import Foundation
import Testing

/// `bourse users` and `bourse backup`, as an administrator runs them.
@Suite("ligne de commande : comptes du portail et sauvegarde")
struct PortalCommandTests {
    @Test func accountsAreAddedListedDisabledAndResetWithThePasswordOnStandardInput() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        let added = try folder.shell(#"printf '%s\n' 'un mot de passe solide' | "$BOURSE" users add agent@drancy.fr --name "Agent de Drancy" --role commune --source Drancy --password-stdin"#)
        #expect(added.status == 0, "\(added)")
        #expect(added.stdout.contains("Compte créé : agent@drancy.fr — Agent de Drancy, Commune, source drancy"))
        let list = try folder.bourse("users", "list")
        #expect(list.status == 0)
        #expect(list.stdout.contains("agent@drancy.fr") && list.stdout.contains("actif"))
        #expect(!list.stdout.contains("solide"))
        #expect(try folder.bourse("users", "disable", "AGENT@drancy.fr").status == 0)
        #expect(try folder.bourse("users", "list").stdout.contains("désactivé"))
        let reset = try folder.shell(#"printf '%s\n' 'un autre mot de passe' | "$BOURSE" users reset agent@drancy.fr --password-stdin"#)
        #expect(reset.status == 0, "\(reset)")
        // The hash only is stored: the text of the password appears nowhere in the database.
        let database = try folder.contents("bourse.sqlite")
        #expect(database.range(of: Data("un autre mot de passe".utf8)) == nil)
        #expect(database.range(of: Data("$2b$12$".utf8)) != nil)
    }

    @Test func badAccountsAreRefusedInFrenchWithoutATrace() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        let cases: [(script: String, status: Int32, message: String)] = [
            (#""$BOURSE" users add a@b.fr --name A --role direction"#, 2, "--password-stdin"),
            (#"printf 'court\n' | "$BOURSE" users add a@b.fr --name A --role direction --password-stdin"#, 1, "au moins 10 caractères"),
            (#"printf 'un mot de passe solide\n' | "$BOURSE" users add pas-une-adresse --name A --role direction --password-stdin"#, 1, "n'est pas une adresse électronique"),
            (#"printf 'un mot de passe solide\n' | "$BOURSE" users add a@b.fr --name A --role bailleur --password-stdin"#, 1, "ajoutez --source"),
            (#"printf 'un mot de passe solide\n' | "$BOURSE" users add a@b.fr --name A --role bailleur --source drancy --password-stdin"#, 1, "de type commune"),
            (#"printf 'un mot de passe solide\n' | "$BOURSE" users add a@b.fr --name A --role direction --source drancy --password-stdin"#, 1, "retirez --source"),
            (#"printf 'un mot de passe solide\n' | "$BOURSE" users add a@b.fr --name A --role maire --password-stdin"#, 2, "maire"),
            (#""$BOURSE" users add a@b.fr --name A --role direction --password-stdin < /dev/null"#, 1, "aucun mot de passe"),
            (#""$BOURSE" users disable personne@b.fr"#, 1, "aucun compte pour « personne@b.fr »"),
        ]
        for entry in cases {
            let run = try folder.shell(entry.script)
            #expect(run.status == entry.status, "\(entry.script)\n\(run)")
            #expect(run.stderr.contains(entry.message), "\(entry.script)\n\(run)")
            #expect(run.hasNoBacktrace)
        }
        let twice = #"printf 'un mot de passe solide\n' | "$BOURSE" users add a@b.fr --name A --role direction --password-stdin"#
        #expect(try folder.shell(twice).status == 0)
        let again = try folder.shell(twice.replacingOccurrences(of: "a@b.fr", with: "A@B.FR"))
        #expect(again.status == 1 && again.stderr.contains("un compte existe déjà"))
    }

    @Test func aBackupIsAWholeBourseAndReplacesOnlyAnEarlierBackup() throws {
        let folder = try WorkFolder()
        #expect(try folder.bourse("init").status == 0)
        try folder.write("drancy.csv", drancyCSV)
        #expect(try folder.bourse("import", "drancy.csv", "--source", "drancy").status == 0)
        let backup = try folder.bourse("backup", "copie.sqlite")
        #expect(backup.status == 0, "\(backup)")
        let premises = try folder.bourse("premises", "--db", "copie.sqlite", "--format", "csv")
        #expect(premises.status == 0 && premises.stdout.contains("D-001"), "\(premises)")
        // Tonight's copy replaces last night's.
        #expect(try folder.bourse("backup", "copie.sqlite").status == 0)
        // Never the bourse itself, its companions, or a file that is not a backup.
        try folder.write("notes.txt", "mes notes")
        for target in ["bourse.sqlite", "./bourse.sqlite", "bourse.sqlite-wal", "notes.txt"] {
            let refused = try folder.bourse("backup", target)
            #expect(refused.status == 1, "\(target)\n\(refused)")
            #expect(refused.stderr.contains("sauvegarde impossible"), "\(target)")
        }
        #expect(String(decoding: try folder.contents("notes.txt"), as: UTF8.self) == "mes notes")
        #expect(try folder.bourse("premises", "--format", "csv").stdout.contains("D-001"))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder.path)).contains { $0.contains(".copie-") })
    }
}
