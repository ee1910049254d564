import ArgumentParser
import BourseService

/// `bourse backup`: a consistent copy of the bourse, even while the portal serves.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copie cohérente de la base, même pendant que le portail sert.",
        discussion: """
            La copie est écrite à côté du fichier sous un nom temporaire, puis mise à sa place une fois complète. Elle peut remplacer une sauvegarde précédente de la bourse, jamais la base elle-même ni un autre fichier.
            Pour une sauvegarde chaque nuit (crontab) : 15 2 * * * cd /srv/bourse && bourse backup --db bourse.sqlite sauvegardes/bourse-$(date +\\%u).sqlite
            """)

    @Argument(help: ArgumentHelp("Fichier de la copie.", valueName: "FICHIER"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let exchange = try database.exchange(.read)
        try exchange.backup(to: file)
        print("Sauvegarde écrite : \(file)")
    }
}
