import Foundation

/// libxml2's well-formedness messages in French: the table the engine words a malformed file's error with.
extension XMLEngine {
    /// French wording of the most frequent well-formedness errors.
    static func frenchParserMessage(_ english: String) -> String {
        let text = english.trimmingCharacters(in: .whitespacesAndNewlines)
        if let match = text.firstMatch(of: /^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)$/) {
            return "la balise fermante « \(match.3) » ne correspond pas à « \(match.1) » ouverte ligne \(match.2)"
        }
        if text.hasPrefix("Premature end of data") || text.hasPrefix("EndTag: '</' not found") {
            return "fin de fichier prématurée : élément non refermé (fichier tronqué ?)"
        }
        if let match = text.firstMatch(of: /^Entity '(.*)' not defined$/) {
            return "entité « &\(match.1); » non définie (seules &amp; &lt; &gt; &quot; &apos; sont admises)"
        }
        if text.hasPrefix("Input is not proper UTF-8") {
            return "octets qui ne sont pas de l'UTF-8 valide : ré-exportez le fichier en UTF-8 ou déclarez son encodage (encoding=\"ISO-8859-1\")"
        }
        if text.hasPrefix("Extra content at the end of the document") { return "contenu après la fin de l'élément racine" }
        if text.hasPrefix("Start tag expected") || text.hasPrefix("Document is empty") { return "pas d'élément XML au début du fichier" }
        if text.hasPrefix("Couldn't find end of Start Tag") { return "balise ouvrante non terminée" }
        if text.hasPrefix("AttValue: \" or ' expected") { return "valeur d'attribut sans guillemets" }
        if let match = text.firstMatch(of: /^Attribute (\S+) redefined$/) { return "attribut « \(match.1) » répété" }
        if let match = text.firstMatch(of: /^Namespace prefix (\S+) (?:on|for) (\S+)/) {
            return "préfixe d'espace de noms « \(match.1) » non déclaré (élément « \(match.2) »)"
        }
        if let match = text.firstMatch(of: /^Char 0x([0-9A-Fa-f]+) out of allowed range/) {
            return "caractère U+\(String(repeating: "0", count: max(0, 4 - match.1.count)))\(match.1.uppercased()) interdit en XML (caractère de contrôle)"
        }
        if let match = text.firstMatch(of: /^PCDATA invalid Char value (\d+)/), let code = Int(match.1) {
            return "caractère U+\(String(format: "%04X", code)) interdit en XML (caractère de contrôle)"
        }
        if let match = text.firstMatch(of: /^xmlParseCharRef: invalid xmlChar value (\d+)/), let code = Int(match.1) {
            return "référence de caractère &#\(code); interdite en XML (U+\(String(format: "%04X", code)))"
        }
        if text.hasPrefix("invalid character in attribute value") { return "caractère interdit dans une valeur d'attribut" }
        if text.hasPrefix("Excessive depth") { return "imbrication trop profonde" }
        if text.contains("Huge input lookup") {
            return "construction XML démesurée, au-delà des limites de libxml2 (fichier hostile ou corrompu ?)"
        }
        if text.contains("huge text node") { return "texte de plus de 10 Mo dans un seul élément" }
        if text.hasPrefix("AttValue length too long") { return "valeur d'attribut trop longue" }
        if text.hasPrefix("Name too long") || text.hasPrefix("NCName too long") { return "nom d'élément ou d'attribut trop long" }
        if text.hasPrefix("Comment too big") { return "commentaire trop long" }
        if text.hasPrefix("Comment not terminated") { return "commentaire non refermé (« --> » manquant)" }
        if text.hasPrefix("Comment must not contain '--'") || text.hasPrefix("Double hyphen within comment") {
            return "« -- » interdit à l'intérieur d'un commentaire"
        }
        if text.hasPrefix("PI ") && text.contains("too big") { return "instruction de traitement trop longue" }
        if text.hasPrefix("CData section too big") { return "section CDATA trop longue" }
        if text.hasPrefix("CData section not finished") { return "section CDATA non refermée (« ]]> » manquant)" }
        if text.hasPrefix("Memory allocation failed") { return "mémoire insuffisante pour lire le fichier" }
        if text.hasPrefix("Unescaped '<' not allowed in attributes values") {
            return "« < » non échappé dans une valeur d'attribut (écrivez &lt;)"
        }
        if let match = text.firstMatch(of: /^Specification mandates value for attribute (\S+)/) { return "attribut « \(match.1) » sans valeur" }
        if text.hasPrefix("attributes construct error") || text.hasPrefix("error parsing attribute name") { return "attributs mal écrits" }
        if text.contains("invalid element name") { return "nom d'élément invalide" }
        if text.hasPrefix("XML declaration allowed only at the start") { return "déclaration <?xml … ?> ailleurs qu'au tout début du fichier" }
        if text.hasPrefix("Sequence ']]>' not allowed in content") { return "séquence « ]]> » interdite dans le texte" }
        if text.hasPrefix("String not closed") || text.hasPrefix("String not started") { return "valeur entre guillemets non ouverte ou non refermée" }
        if text.hasPrefix("Blank needed here") { return "espace attendu" }
        if text.hasPrefix("EntityRef: expecting ';'") { return "référence d'entité sans « ; » (une esperluette s'écrit &amp;)" }
        if text.hasPrefix("xmlParseEntityRef: no name") { return "« & » seul (une esperluette s'écrit &amp;)" }
        if text.hasPrefix("Misplaced DOCTYPE") { return "déclaration DOCTYPE mal placée" }
        if text.hasPrefix("Document labelled UTF-16 but has UTF-8 content") {
            return "fichier déclaré UTF-16 mais écrit en UTF-8 : corrigez la déclaration encoding"
        }
        if text.hasPrefix("Unsupported encoding") || text.hasPrefix("encoding not supported") { return "encodage non pris en charge" }
        if text.hasPrefix("Malformed declaration") || text.hasPrefix("parsing XML declaration") { return "déclaration <?xml … ?> mal formée" }
        if text.hasPrefix("ParsePI") || text.hasPrefix("xmlParsePI") { return "instruction de traitement <? … ?> mal formée" }
        return "erreur de libxml2 : « \(text) »"
    }
}
