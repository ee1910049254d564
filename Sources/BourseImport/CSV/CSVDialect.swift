/// The shape of a CSV file as found by sniffing.
public struct CSVDialect: Sendable, Hashable {
    public var delimiter: UInt8

    public init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// The delimiter as users name it.
    public var delimiterName: String {
        switch delimiter {
        case UInt8(ascii: ";"): "point-virgule"
        case UInt8(ascii: ","): "virgule"
        case 0x09: "tabulation"
        case UInt8(ascii: "|"): "barre verticale"
        default: "« \(Character(Unicode.Scalar(delimiter))) »"
        }
    }
}
