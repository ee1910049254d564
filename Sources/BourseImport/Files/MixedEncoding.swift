/// A file of mostly valid UTF-8 with some bytes that are not (two files pasted together, a line
/// typed in another program): it is read as Windows-1252, and its UTF-8 accents come out wrong.
public struct MixedEncoding: Sendable, Hashable {
    /// Physical line (1-based) of the first byte that is not UTF-8.
    public var invalidLine: Int
    /// Physical line of the first valid multi-byte UTF-8 character.
    public var utf8Line: Int

    /// The warning for the user.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(
            .warning,
            "fichier mêlant UTF-8 et Windows-1252 (premier octet qui n'est pas de l'UTF-8 à la ligne \(invalidLine)) : décodé en Windows-1252 ; "
                + "les accents UTF-8 (dès la ligne \(utf8Line)) seront mal lus ; ré-enregistrez le fichier en UTF-8",
            file: file, line: invalidLine)
    }
}
