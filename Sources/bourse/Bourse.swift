import ArgumentParser
import BourseStore
import Foundation

/// The `bourse` command: a premises exchange for the social and solidarity economy.
@main
struct Bourse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bourse",
        abstract: "Bourse foncière ESS : inventaires de locaux, structures, appariements et indicateurs.",
        discussion: """
            Exemple, sur une base neuve :
              bourse init
              bourse import drancy-2026-03-31.csv --source drancy
              bourse premises --commune Drancy
            Démonstration complète sur les fichiers d'exemple : bourse demo
            La base est bourse.sqlite dans le dossier courant, ou --db FICHIER, ou $BOURSE_DB.
            Codes de sortie : 0 succès, 1 erreur (message en français), 2 mauvaise utilisation.
            """,
        subcommands: [
            Init.self, Import.self, SourcesCommand.self, Inventories.self, PremisesCommand.self, StructuresCommand.self,
            NeedsCommand.self, Match.self, Explain.self, Place.self, Rounds.self, RoundCommand.self, Solve.self, Report.self, Demo.self,
            Serve.self, Users.self, Backup.self,
        ])

    /// Runs the command with French errors and the documented exit codes (0, 1, 2), never a
    /// backtrace for bad input.
    static func main() {
        BourseDatabase.prepareProcess()
        // A file grown past the process's size limit (`ulimit -f`) is then a write error the
        // tool reports in French (EFBIG), instead of a signal that kills it mid-write.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
            finish(code: 0)
        } catch let error as CleanExit {
            let message = fullMessage(for: error)
            if !message.isEmpty { print(FrenchUsage.translate(message)) }
            finish(code: 0)
        } catch let error as ExitCode {
            finish(code: error.rawValue)
        } catch let error as any LocalizedError {
            flushBeforeError()
            Terminal.error("erreur : \(error.errorDescription ?? "\(error)")")
            finish(code: 1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(FrenchUsage.translate(fullMessage(for: error)))
                finish(code: 0)
            }
            let message = FrenchUsage.translate(fullMessage(for: error))
            flushBeforeError()
            Terminal.error(message)
            finish(code: code == .validationFailure ? 2 : code.rawValue)
        }
    }

    /// Exits with `code`, or with 1 when standard output could not be written in full (a full
    /// disk behind `> file`): a cut output must not look like a success.
    private static func finish(code: Int32) -> Never {
        if let failure = StandardOutput.finish() {
            Terminal.error("erreur : \(failure)")
            Foundation.exit(code == 0 ? 1 : code)
        }
        Foundation.exit(code)
    }

    /// What standard output holds goes out before the error, so that the two keep their order.
    private static func flushBeforeError() {
        StandardOutput.flush()
    }
}
