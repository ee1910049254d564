/// SIRET and SIREN numbers of French establishments and companies, checked as INSEE does.
///
/// A SIRET is 14 digits: the 9-digit SIREN of the company and a 5-digit establishment number. Both
/// the SIREN and the whole SIRET pass the Luhn checksum, except La Poste's establishments (SIREN
/// 356000000, too many to number under Luhn): their SIRET is valid when its digit sum is a multiple
/// of 5 (the head office 35600000000048 follows Luhn).
public enum Siret {
    /// Why a SIRET is refused.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notDigits(String)
        case wrongLength(Int)
        case sirenChecksum(String)
        case siretChecksum(String)

        public var description: String {
            switch self {
            case .notDigits(let text): "SIRET « \(text) » : seuls des chiffres sont attendus"
            case .wrongLength(let count): "SIRET de \(count) chiffres au lieu de 14"
            case .sirenChecksum(let siren): "SIREN \(siren) invalide (clé de contrôle fausse)"
            case .siretChecksum(let siret): "SIRET \(siret) invalide (clé de contrôle fausse)"
            }
        }
    }

    /// Removes the spaces and dots people write between groups (`123 456 789 00012`).
    public static func normalise(_ text: String) -> String {
        String(text.unicodeScalars.filter { !($0 == " " || $0 == "." || $0 == "\u{A0}" || $0 == "\u{202F}" || $0 == "\t") }.map(Character.init))
    }

    /// Checks a SIRET as written.
    /// - Returns: the 14 digits, or the problem.
    public static func validate(_ text: String) -> Result<String, Problem> {
        let siret = normalise(text)
        guard siret.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return .failure(.notDigits(text)) }
        guard siret.count == 14 else { return .failure(.wrongLength(siret.count)) }
        let digits = siret.unicodeScalars.map { Int($0.value) - 48 }
        let siren = String(siret.prefix(9))
        guard luhn(digits.prefix(9)) else { return .failure(.sirenChecksum(siren)) }
        if siren == "356000000" && siret != "35600000000048" {
            return digits.reduce(0, +) % 5 == 0 ? .success(siret) : .failure(.siretChecksum(siret))
        }
        return luhn(digits[...]) ? .success(siret) : .failure(.siretChecksum(siret))
    }

    /// Whether a SIREN (9 digits) is valid.
    public static func isValidSiren(_ text: String) -> Bool {
        let siren = normalise(text)
        guard siren.count == 9, siren.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        return luhn(siren.unicodeScalars.map { Int($0.value) - 48 }[...])
    }

    /// The Luhn checksum: from the right, every second digit doubled (minus 9 above 9); the sum is
    /// a multiple of 10.
    public static func luhn(_ digits: ArraySlice<Int>) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
