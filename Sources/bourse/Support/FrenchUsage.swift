import Foundation
/// Puts the argument parser's English help and usage messages into French.
enum FrenchUsage {
    /// Pairs of English text from swift-argument-parser and its French replacement.
    private static let replacements: [(String, String)] = [
        ("OVERVIEW:", "RÉSUMÉ :"),
        ("USAGE:", "UTILISATION :"),
        ("ARGUMENTS:", "ARGUMENTS :"),
        ("OPTIONS:", "OPTIONS :"),
        ("SUBCOMMANDS:", "SOUS-COMMANDES :"),
        ("Show help information.", "Affiche cette aide."),
        ("Show the version.", "Affiche la version."),
        // A default subcommand's name is padded to the description column: keep the column.
        ("(default)   ", "(par défaut)"),
        ("(default)", "(par défaut)"),
        ("Error: ", "erreur : "),
        ("Missing expected argument ", "argument obligatoire manquant : "),
        ("Missing value for ", "valeur manquante pour "),
        ("Unknown option ", "option inconnue : "),
        ("Unexpected argument ", "argument inattendu : "),
        ("Unexpected extra value ", "valeur en trop : "),
        ("The value ", "la valeur "),
        (" is invalid for ", " est invalide pour "),
        ("Please provide one of ", "Valeurs possibles : "),
        ("Help:  ", "Aide :  "),
        ("Usage: ", "Usage : "),
        ("  See '", "  Voir « "),
        ("' for more information.", " » pour plus d'informations."),
        (" or ", " ou "),
        ("<subcommand>", "<sous-commande>"),
    ]

    static func translate(_ text: String) -> String {
        var result = text
        // "See 'bourse help <subcommand>' for detailed help.", and "bourse help sources <subcommand>"
        // for a command's own subcommands.
        result = result.replacingOccurrences(
            of: #"See 'bourse help ((?:[a-z-]+ )*)<subcommand>' for detailed help\."#,
            with: "Aide détaillée : bourse help $1<sous-commande>, ou bourse $1<sous-commande> --help.",
            options: .regularExpression)
        // An option with both a list of values and a default gets "(values: a, b; default: a)",
        // and the help's wrapping may break the line anywhere in it: "; default:" is found across
        // a line break, which keeps the break and its indentation.
        result = result.replacingOccurrences(
            of: #";(\s+)default:(\s+)"#, with: " ;$1par défaut :$2", options: .regularExpression)
        result = result.replacingOccurrences(
            of: #"\(default:(\s+)"#, with: "(par défaut :$1", options: .regularExpression)
        result = result.replacingOccurrences(
            of: #"\(values:(\s+)"#, with: "(valeurs :$1", options: .regularExpression)
        for (english, french) in replacements {
            result = result.replacingOccurrences(of: english, with: french)
        }
        return result
    }
}
