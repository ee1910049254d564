import ArgumentParser
import BourseCore
import BourseReports
import BourseService
import Foundation

/// `bourse users`: the portal's accounts.
struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Comptes du portail : créer, lister, désactiver, changer le mot de passe.",
        discussion: """
            Rôles : direction (tout), commune (les inventaires de sa commune), bailleur (ses inventaires et ses rapports d'appariement). Un compte commune ou bailleur est lié à sa source (--source). Le mot de passe est lu sur l'entrée standard (--password-stdin), jamais sur la ligne de commande.
            Exemple : printf '%s\\n' 'mot de passe solide' | bourse users add agent@drancy.fr --name "Agent de Drancy" --role commune --source drancy --password-stdin
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Reset.self],
        defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crée un compte.")

        @Argument(help: ArgumentHelp("Adresse électronique (identifiant de connexion).", valueName: "ADRESSE"))
        var email: String

        @Option(name: .long, help: ArgumentHelp("Nom de la personne.", valueName: "NOM"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("Rôle : direction, commune ou bailleur.", valueName: "RÔLE"))
        var role: AccountRole

        @Option(name: .long, help: ArgumentHelp("Source du compte commune ou bailleur (voir bourse sources list).", valueName: "SOURCE"))
        var source: String?

        @Flag(name: .long, help: "Lit le mot de passe sur l'entrée standard (obligatoire).")
        var passwordStdin = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard passwordStdin else { throw ValidationError("le mot de passe se donne sur l'entrée standard : ajoutez --password-stdin") }
        }

        func run() throws {
            let password = try readPassword()
            let exchange = try database.exchange(.write)
            let account = try exchange.addAccount(email: email, name: name, role: role, source: source, password: password)
            try exchange.audit("compte créé (ligne de commande)", by: nil, detail: "\(account.email) (\(role.rawValue)\(account.sourceID.map { ", " + $0 } ?? ""))")
            print("Compte créé : \(account.email) — \(account.name), \(account.role.label)\(account.sourceID.map { ", source \($0)" } ?? "")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les comptes.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let accounts = try database.exchange(.read).accounts()
            guard !accounts.isEmpty else {
                print("Aucun compte. Créez-en un : bourse users add ADRESSE --name NOM --role direction --password-stdin")
                return
            }
            let table = TextTable(
                columns: [.init("Adresse"), .init("Nom"), .init("Rôle"), .init("Source"), .init("État"), .init("Créé le")],
                rows: accounts.map { [$0.email, $0.name, $0.role.rawValue, $0.sourceID ?? "", $0.disabled ? "désactivé" : "actif", String($0.createdAt.prefix(10))] })
            print(table.renderText(), terminator: "")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Désactive un compte (ses sessions prennent fin).")

        @Argument(help: ArgumentHelp("Adresse du compte.", valueName: "ADRESSE"))
        var email: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try setDisabled(true, email: email, database: database)
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Réactive un compte désactivé.")

        @Argument(help: ArgumentHelp("Adresse du compte.", valueName: "ADRESSE"))
        var email: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try setDisabled(false, email: email, database: database)
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Donne un nouveau mot de passe à un compte.")

        @Argument(help: ArgumentHelp("Adresse du compte.", valueName: "ADRESSE"))
        var email: String

        @Flag(name: .long, help: "Lit le mot de passe sur l'entrée standard (obligatoire).")
        var passwordStdin = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard passwordStdin else { throw ValidationError("le mot de passe se donne sur l'entrée standard : ajoutez --password-stdin") }
        }

        func run() throws {
            let password = try readPassword()
            let exchange = try database.exchange(.write)
            try exchange.resetPassword(email: email, password: password)
            try exchange.audit("mot de passe changé (ligne de commande)", by: nil, detail: email)
            print("Mot de passe de \(email) changé.")
        }
    }
}

/// Disables or enables an account, with its line in the audit log.
private func setDisabled(_ disabled: Bool, email: String, database: DatabaseOptions) throws {
    let exchange = try database.exchange(.write)
    try exchange.setAccountDisabled(email: email, disabled)
    let done = disabled ? "désactivé" : "réactivé"
    try exchange.audit("compte \(done) (ligne de commande)", by: nil, detail: email)
    print("Compte \(email) \(done).")
}

/// The first line of standard input, without its line break.
func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true) else {
        throw CLIError.password("aucun mot de passe sur l'entrée standard (exemple : printf '%s\\n' 'mot de passe' | bourse users add …)")
    }
    return line.hasSuffix("\r") ? String(line.dropLast()) : line
}

extension AccountRole: ExpressibleByArgument {}
