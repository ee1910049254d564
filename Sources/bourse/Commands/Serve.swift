import ArgumentParser
import BourseWeb
import BourseService
import Foundation
import Synchronization
import BourseImport

/// `bourse serve`: the web portal over the bourse's database.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sert le portail web : dépôts des communes et des bailleurs, tours, rapports, comptes.",
        discussion: """
            Le portail écoute sur 127.0.0.1:8080 par défaut ; en service réel, placez-le derrière un mandataire inverse TLS (nginx, Apache) et ajoutez --secure-cookies et --behind-proxy. Les comptes se créent avec bourse users add. Arrêt : Ctrl+C (les requêtes en cours se terminent).
            Exemple : bourse serve --db bourse.sqlite --port 8080
            """)

    @Option(name: .long, help: ArgumentHelp("Adresse d'écoute.", valueName: "ADRESSE"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port d'écoute.", valueName: "PORT"))
    var port = 8080

    @Flag(name: .long, help: "Cookies réservés à HTTPS (derrière un mandataire TLS).")
    var secureCookies = false

    @Flag(name: .long, help: "Derrière un mandataire inverse : l'adresse du client est lue dans X-Forwarded-For.")
    var behindProxy = false

    @Option(name: .long, help: ArgumentHelp("Taille maximale d'un fichier déposé, en Mo.", valueName: "MO"))
    var uploadLimit = 200

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("port \(port) invalide (de 1 à 65535)") }
        guard uploadLimit > 0 else { throw ValidationError("--upload-limit doit être positif") }
    }

    func run() throws {
        let exchange = try database.exchange(.serve)
        let configuration = PortalConfiguration(
            host: host, port: port, secureCookies: secureCookies, uploadLimit: uploadLimit * 1_048_576, behindProxy: behindProxy)
        try Self.serve(exchange: exchange, configuration: configuration, database: database.path)
    }

    /// Serves until interrupted, printing where.
    static func serve(exchange: Exchange, configuration: PortalConfiguration, database: String) throws {
        let portal = try Portal(exchange: exchange, configuration: configuration)
        let accounts = try exchange.accounts().count
        let outcome = AsyncOutcome()
        Task {
            do {
                try await portal.run { port in
                    print("Portail de la Bourse foncière ESS : http://\(configuration.host):\(port)/ (base \(database))")
                    if accounts == 0 {
                        print("Aucun compte : créez-en un avec bourse users add ADRESSE --name NOM --role direction --password-stdin")
                    }
                    print("Arrêt : Ctrl+C")
                    StandardOutput.flush()
                }
                outcome.finish(nil)
            } catch {
                outcome.finish(error)
            }
        }
        if let error = outcome.wait() {
            if error is any LocalizedError { throw error }
            throw CLIError.portal(SystemError.french(describing: error))
        }
    }
}

/// The end of a task the synchronous command waits for: the task stores its error, then
/// signals; the command's thread waits, then reads it.
final class AsyncOutcome: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let error = Mutex<(any Error)?>(nil)

    func finish(_ error: (any Error)?) {
        self.error.withLock { $0 = error }
        done.signal()
    }

    func wait() -> (any Error)? {
        done.wait()
        return error.withLock { $0 }
    }
}
