/// The canonical byte encoding of a round's inputs: exactly the fields the matching reads
/// (eligibility, score, priority, lottery), in a fixed order and a fixed binary form, so that
/// - the round's fingerprint (SHA-256 of `fingerprintBytes`) is the same on every platform and
///   compiler and changes only when an input the matching reads changes, and
/// - a stored round keeps its inputs as they were (`decodeNeed`, `decodePremises`), so that its
///   proposals are explained a year later with the numbers of the day they were made.
///
/// Version 1 (`bourse-tour-entrees/1`). Every value is written as:
/// - integer: 8 bytes, two's complement, little-endian;
/// - real number: its IEEE 754 binary64 bits as an 8-byte little-endian integer (−0 written as 0);
/// - boolean: one byte, 0 or 1;
/// - text: its UTF-8 byte count (4 bytes, little-endian), then the bytes;
/// - date: days since 1970-01-01 as an integer;
/// - optional value: one byte, 0 (absent) or 1 followed by the value;
/// - list: its count (4 bytes, little-endian), then the values;
/// - a vocabulary value (status, type, lease kind, strategy): its stored code as text.
///
/// A need is `N`, reference, status, surface min, surface max, budget per month?, budget per m² per
/// year?, communes (INSEE codes, in order), types, wanted from?, minimum duration in months?,
/// accessibility required, lease kinds, requested on?, then its structure's laureate year? and
/// jobs?. A premises is `P`, its round identifier, status, commune INSEE code, type, surface,
/// rent? (per month, per m² per year, basis), market rent?, lease kind?, available from?, available
/// until?, accessible?. The parameters are `M`, strategy, surface tolerance, the five weights
/// (surface, price, commune, accessibility, discount), seed (as an integer), date.
///
/// The fingerprint's bytes are the magic line `bourse-tour-entrees/1\n`, the parameters, the
/// needs sorted by reference, then the premises sorted by identifier (byte order of UTF-8).
/// Records are self-delimiting, so the concatenation is unambiguous.
public enum RoundInputEncoding {
    public static let version = 1
    public static let magic = Array("bourse-tour-entrees/1\n".utf8)

    // MARK: Encoding

    /// The bytes whose SHA-256 is the round's fingerprint.
    public static func fingerprintBytes(needs: [RoundNeed], premises: [RoundPremises], parameters: MatchingParameters) -> [UInt8] {
        var writer = Writer()
        writer.bytes.append(contentsOf: magic)
        encode(parameters, into: &writer)
        for need in needs.sorted(by: { $0.need.reference.utf8.lexicographicallyPrecedes($1.need.reference.utf8) }) {
            encode(need, into: &writer)
        }
        for entry in premises.sorted(by: { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }) {
            encode(entry, into: &writer)
        }
        return writer.bytes
    }

    public static func encode(_ need: RoundNeed) -> [UInt8] {
        var writer = Writer()
        encode(need, into: &writer)
        return writer.bytes
    }

    public static func encode(_ premises: RoundPremises) -> [UInt8] {
        var writer = Writer()
        encode(premises, into: &writer)
        return writer.bytes
    }

    public static func encode(_ parameters: MatchingParameters) -> [UInt8] {
        var writer = Writer()
        encode(parameters, into: &writer)
        return writer.bytes
    }

    private static func encode(_ entry: RoundNeed, into writer: inout Writer) {
        let need = entry.need
        writer.tag("N")
        writer.text(need.reference)
        writer.text(need.status.rawValue)
        writer.real(need.surfaceMin)
        writer.real(need.surfaceMax)
        writer.optional(need.budgetMonthly) { $0.real($1) }
        writer.optional(need.budgetPerSquareMetreYear) { $0.real($1) }
        writer.list(need.communes) { $0.text($1) }
        writer.list(need.types) { $0.text($1.rawValue) }
        writer.optional(need.wantedFrom) { $0.date($1) }
        writer.optional(need.minimumDurationMonths) { $0.integer(Int64($1)) }
        writer.boolean(need.accessibleRequired)
        writer.list(need.leaseKinds) { $0.text($1.rawValue) }
        writer.optional(need.requestedOn) { $0.date($1) }
        writer.optional(entry.structure.laureateYear) { $0.integer(Int64($1)) }
        writer.optional(entry.structure.jobs) { $0.real($1) }
    }

    private static func encode(_ entry: RoundPremises, into writer: inout Writer) {
        let premises = entry.premises
        writer.tag("P")
        writer.text(entry.id)
        writer.text(entry.status.rawValue)
        writer.text(premises.communeInsee)
        writer.text(premises.type.rawValue)
        writer.real(premises.surface)
        writer.optional(premises.rent) { writer, rent in
            writer.real(rent.monthly)
            writer.real(rent.perSquareMetreYear)
            writer.text(rent.basis.rawValue)
        }
        writer.optional(premises.marketRent) { $0.real($1) }
        writer.optional(premises.leaseKind) { $0.text($1.rawValue) }
        writer.optional(premises.availableFrom) { $0.date($1) }
        writer.optional(premises.availableUntil) { $0.date($1) }
        writer.optional(premises.accessible) { $0.boolean($1) }
    }

    private static func encode(_ parameters: MatchingParameters, into writer: inout Writer) {
        writer.tag("M")
        writer.text(parameters.strategy.rawValue)
        writer.real(parameters.surfaceTolerance)
        let weights = parameters.weights
        for weight in [weights.surface, weights.price, weights.commune, weights.accessibility, weights.discount] {
            writer.real(weight)
        }
        writer.integer(Int64(bitPattern: parameters.seed))
        writer.date(parameters.date)
    }

    // MARK: Decoding

    /// Why stored bytes do not decode.
    public struct DecodingError: Error, Equatable {
        public var offset: Int
    }

    /// A need as a round saw it. Fields the matching does not read are left empty (the
    /// structure's reference and name, remarks): a reader takes them from the register.
    public static func decodeNeed(_ bytes: [UInt8]) throws -> RoundNeed {
        var reader = Reader(bytes: bytes)
        try reader.expect("N")
        let reference = try reader.text()
        guard let status = NeedStatus(rawValue: try reader.text()) else { throw reader.failure }
        let surfaceMin = try reader.real()
        let surfaceMax = try reader.real()
        let budget = try reader.optional { try $0.real() }
        let budgetPerSquareMetre = try reader.optional { try $0.real() }
        let communes = try reader.list { try $0.text() }
        let types = try reader.list { reader in
            guard let type = PremisesType(rawValue: try reader.text()) else { throw reader.failure }
            return type
        }
        let wantedFrom = try reader.optional { try $0.date() }
        let duration = try reader.optional { Int(try $0.integer()) }
        let accessible = try reader.boolean()
        let leases = try reader.list { reader in
            guard let lease = LeaseKind(rawValue: try reader.text()) else { throw reader.failure }
            return lease
        }
        let requestedOn = try reader.optional { try $0.date() }
        let laureate = try reader.optional { Int(try $0.integer()) }
        let jobs = try reader.optional { try $0.real() }
        try reader.end()
        let need = Need(
            reference: reference, structureReference: "", surfaceMin: surfaceMin, surfaceMax: surfaceMax,
            budgetMonthly: budget, budgetPerSquareMetreYear: budgetPerSquareMetre, communes: communes, types: types,
            wantedFrom: wantedFrom, minimumDurationMonths: duration, accessibleRequired: accessible, leaseKinds: leases,
            requestedOn: requestedOn, status: status)
        return RoundNeed(need: need, structure: Structure(reference: "", name: "", jobs: jobs, laureateYear: laureate))
    }

    /// A premises as a round saw it. Fields the matching does not read are left empty (reference,
    /// address, contact, remarks): a reader takes them from the premises' record.
    public static func decodePremises(_ bytes: [UInt8]) throws -> RoundPremises {
        var reader = Reader(bytes: bytes)
        try reader.expect("P")
        let id = try reader.text()
        guard let status = PremisesStatus(rawValue: try reader.text()) else { throw reader.failure }
        let commune = try reader.text()
        guard let type = PremisesType(rawValue: try reader.text()) else { throw reader.failure }
        let surface = try reader.real()
        let rent = try reader.optional { reader -> Rent in
            let monthly = try reader.real()
            let perSquareMetre = try reader.real()
            guard let basis = Rent.Basis(rawValue: try reader.text()) else { throw reader.failure }
            return Rent(monthly: monthly, perSquareMetreYear: perSquareMetre, basis: basis)
        }
        let market = try reader.optional { try $0.real() }
        let lease = try reader.optional { reader -> LeaseKind in
            guard let lease = LeaseKind(rawValue: try reader.text()) else { throw reader.failure }
            return lease
        }
        let from = try reader.optional { try $0.date() }
        let until = try reader.optional { try $0.date() }
        let accessible = try reader.optional { try $0.boolean() }
        try reader.end()
        let premises = Premises(
            reference: "", communeInsee: commune, type: type, surface: surface, rent: rent, marketRent: market,
            leaseKind: lease, availableFrom: from, availableUntil: until, accessible: accessible, status: status)
        return RoundPremises(id: id, premises: premises, status: status)
    }

    // MARK: Bytes

    struct Writer {
        var bytes: [UInt8] = []

        mutating func tag(_ letter: Unicode.Scalar) { bytes.append(UInt8(letter.value)) }

        mutating func integer(_ value: Int64) {
            var little = value.littleEndian
            withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
        }

        mutating func count(_ value: Int) {
            var little = UInt32(value).littleEndian
            withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
        }

        mutating func real(_ value: Double) {
            integer(Int64(bitPattern: (value == 0 ? 0 : value).bitPattern))
        }

        mutating func boolean(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func text(_ value: String) {
            count(value.utf8.count)
            bytes.append(contentsOf: value.utf8)
        }

        mutating func date(_ value: CivilDate) { integer(Int64(value.daysSinceEpoch)) }

        mutating func optional<Value>(_ value: Value?, _ write: (inout Writer, Value) -> Void) {
            guard let value else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            write(&self, value)
        }

        mutating func list<Value>(_ values: [Value], _ write: (inout Writer, Value) -> Void) {
            count(values.count)
            for value in values { write(&self, value) }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var failure: DecodingError { DecodingError(offset: offset) }

        mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - offset else { throw failure }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func expect(_ letter: Unicode.Scalar) throws {
            guard try take(1).first == UInt8(letter.value) else { throw failure }
        }

        mutating func integer() throws -> Int64 {
            var value: UInt64 = 0
            for (shift, byte) in try take(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
            return Int64(bitPattern: value)
        }

        mutating func count() throws -> Int {
            var value: UInt32 = 0
            for (shift, byte) in try take(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(shift)) }
            return Int(value)
        }

        mutating func real() throws -> Double { Double(bitPattern: UInt64(bitPattern: try integer())) }

        mutating func boolean() throws -> Bool {
            switch try take(1).first {
            case 0: return false
            case 1: return true
            default: throw failure
            }
        }

        mutating func text() throws -> String {
            let length = try count()
            let start = offset
            guard let text = String(validating: try take(length), as: UTF8.self) else {
                offset = start
                throw failure
            }
            return text
        }

        mutating func date() throws -> CivilDate {
            let days = try integer()
            guard abs(days) < 10_000_000 else { throw failure }
            return CivilDate(daysSinceEpoch: Int(days))
        }

        mutating func optional<Value>(_ read: (inout Reader) throws -> Value) throws -> Value? {
            switch try take(1).first {
            case 0: return nil
            case 1: return try read(&self)
            default: throw failure
            }
        }

        mutating func list<Value>(_ read: (inout Reader) throws -> Value) throws -> [Value] {
            let count = try count()
            guard count <= bytes.count - offset else { throw failure }
            var values: [Value] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try read(&self)) }
            return values
        }

        func end() throws {
            guard offset == bytes.count else { throw failure }
        }
    }
}
