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
        ])

    /// Runs the command with French errors and the documented exit codes (0, 1, 2), never a
    /// backtrace for bad input.
    static func main() {
        BourseDatabase.prepareProcess()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CleanExit {
            let message = fullMessage(for: error)
            if !message.isEmpty { print(FrenchUsage.translate(message)) }
            Foundation.exit(0)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as any LocalizedError {
            Terminal.error("erreur : \(error.errorDescription ?? "\(error)")")
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(FrenchUsage.translate(fullMessage(for: error)))
                Foundation.exit(0)
            }
            let message = FrenchUsage.translate(fullMessage(for: error))
            Terminal.error(message)
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
