import BourseCore
import CLibXML2
import Foundation

/// Reads a landlord's XML inventory with libxml2's SAX2 push parser: one pass, memory flat
/// whatever the file size, every record mapped by a profile (or our own format, validated against
/// its XSD while reading) and validated like a CSV row.
///
/// Safety: a DOCTYPE is refused as soon as the parser sees it, before any declaration in it is
/// read, so no entity is ever declared or expanded and no external resource is loaded; the
/// network is off (`XML_PARSE_NONET`); depth and captured text are bounded.
public final class XMLInventoryReader: InventoryReader {
    public let path: String
    public let displayName: String
    public let facts: FileFacts
    public let profile: XMLMappingProfile
    public var format: String { "xml" }
    public var delimiterName: String? { nil }
    public var headerLine: Int? { nil }
    public private(set) var notes: [Diagnostic] = []
    /// libxml2 parses on the thread that calls `read`.
    public var leavesReadingThreadIdle: Bool { false }

    public var skipsFreeText: Bool {
        get { validator.skipsFreeText }
        set { validator.skipsFreeText = newValue }
    }
    /// Checks the records against the source the file is imported for (a commune's inventory
    /// holds that commune's premises).
    public func expect(_ source: Source) {
        validator.expectedSourceID = source.id
        validator.expectedCommuneInsee = source.inventoryCommuneInsee
    }
    /// The landlord the file names (the bourse format's `bailleur` attribute, a profile's
    /// `bailleur` path read from the root), if any.
    public private(set) var namedLandlord: String?
    /// The inventory date the root gives (profile `date`), read by a look at the file's start.
    public private(set) var titleDate: CivilDate?
    /// The encoding the file declares (or its byte-order mark implies).
    public let declaredEncoding: String
    /// Whether the last read ran libxml2's schema check: always for a file in our format validated
    /// against another XSD, and against ours only when `BourseFormatConformance` could not vouch
    /// for the file.
    private(set) var schemaCheckStarted = false
    /// Whether a file in our format is first followed by `BourseFormatConformance` (tests turn it
    /// off to compare with libxml2's check alone). Public only for the tests and the fuzzing
    /// harness (Sources/BourseFuzz), which read a file both ways and compare the outcomes.
    public var followsBourseFormat = true
    private var validator: PremisesRowValidator
    private let territory: Territory
    private let transcoding: XMLTranscoding

    /// Deepest nesting accepted.
    public static let maximumDepth = 64
    /// Most text captured for one premises record (all its fields together).
    public static let maximumRecordText = 1 << 20
    /// Most attributes on one element (an inventory's have a handful).
    public static let maximumAttributes = 256
    /// Most bytes libxml2 may hold unparsed, waiting for the end of one tag, comment or
    /// processing instruction; the file is fed in pieces of a quarter of it, so no tag longer
    /// than this and a piece is ever parsed.
    public static let maximumMarkup = 256 << 10

    /// Opens a file, looks at its start (encoding, DOCTYPE, root element) and chooses the profile.
    /// - Parameters:
    ///   - profile: a landlord's profile; `nil` for the bourse's own format.
    ///   - schemaPath: the XSD of the bourse's format.
    /// - Throws: `InventoryReadError` for an unreadable file, a DOCTYPE, an unknown shape.
    ///   - knownProfiles: landlords' profiles to recognise by their root element when `profile` is
    ///     `nil` and the file is not in the bourse's format (the profiles shipped in `Imports/profils/`).
    public init(
        path: String, displayName: String? = nil, territory: Territory, profile: XMLMappingProfile?, schemaPath: String?,
        knownProfiles: [XMLMappingProfile] = [], fingerprint: Bool = true
    ) throws(InventoryReadError) {
        self.path = path
        let name = displayName ?? URL(fileURLWithPath: path).lastPathComponent
        self.displayName = name
        self.territory = territory
        let facts: FileFacts
        let head: [UInt8]
        do throws(InputFileError) {
            facts = try ChunkedFile.facts(path: path, detectEncoding: false, hash: fingerprint)
            head = try ChunkedFile(path: path).readBytes(upTo: min(facts.byteCount, 64 << 10))
        } catch {
            throw .input(error)
        }
        if facts.byteCount <= facts.bomLength { throw .empty(file: name) }
        self.facts = facts
        let (transcoding, encodingName) = XMLTranscoding.detect(head)
        guard let transcoding else { throw .xml(file: name, .unsupportedEncoding(encodingName)) }
        self.transcoding = transcoding
        declaredEncoding = encodingName

        // A first look at the start: DOCTYPE, root element, root attributes.
        let peek = XMLPeek.run(head: head, transcoding: transcoding)
        if let line = peek.doctypeLine { throw .xml(file: name, .doctype(line: line)) }
        let chosen: XMLMappingProfile
        if let profile {
            chosen = profile
            if let expected = profile.root, let root = peek.root, root != expected {
                throw .xml(file: name, .wrongRoot(expected: expected.local, found: root.local))
            }
        } else if let root = peek.root {
            if root.uri == XMLMappingProfile.bourseNamespace {
                chosen = XMLMappingProfile.bourseFormat(schemaPath: schemaPath)
            } else {
                // A landlord's own export: the profile whose root element (name and namespace URI) it has.
                let matching = knownProfiles.filter { $0.root == root }
                guard let only = matching.first else {
                    throw .xml(file: name, .unknownShape(root: root.local, namespace: root.uri, known: knownProfiles.map(\.name).sorted()))
                }
                guard matching.count == 1 else {
                    throw .xml(file: name, .ambiguousShape(root: root.local, profiles: matching.map(\.name).sorted()))
                }
                chosen = only
                recognisedByRoot = true
            }
        } else {
            // No root in the first 64 KiB: the full parse reports what is wrong.
            chosen = XMLMappingProfile.bourseFormat(schemaPath: schemaPath)
        }
        self.profile = chosen
        var headers: [PremisesField: String] = [:]
        for (field, spec) in chosen.fields { headers[field] = spec.path.written }
        validator = PremisesRowValidator(territory: territory, encoding: .utf8, headers: headers)
        if let datePath = chosen.date, var text = peek.rootValue(datePath) {
            // A date-time (2026-05-31T06:00:00) gives its day.
            if let time = text.firstIndex(of: "T"), text.distance(from: text.startIndex, to: time) == 10 { text = String(text[..<time]) }
            if case .value(.date(let date)) = FieldParsers.date(text: text) { titleDate = date }
        }
        if let landlordPath = chosen.landlord, let text = peek.rootValue(landlordPath)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            namedLandlord = text
        }
        notes.append(Diagnostic(.note, "lu comme \(shapeDescription)", file: name))
    }

    /// The profile was not given but recognised by the file's root element.
    public private(set) var recognisedByRoot = false

    /// How the file is read, for the summary.
    public var shapeDescription: String {
        if profile.schemaPath != nil { return "format XML de la bourse, validé par son schéma XSD" }
        return recognisedByRoot ? "\(profile.name), reconnu à l'élément racine" : profile.name
    }

    public func read(
        progress: ((Int, Int) -> Void)? = nil,
        accept: (Premises, Int) throws -> Void,
        reject: (Reject) throws -> Void,
        warn: (Diagnostic) throws -> Void
    ) throws -> InventoryReadSummary {
        var summary = InventoryReadSummary(facts: facts)
        summary.shape = shapeDescription
        summary.encodingName = declaredEncoding
        let sink = InventoryRecordSink(summary: summary, territory: territory, displayName: displayName, referenceHeader: profile.fields[.reference]?.path.written ?? "reference")
        let parse = try XMLRecordParser(profile: profile, displayName: displayName, validator: validator, sink: sink)
        parse.followsBourseFormat = followsBourseFormat
        defer {
            validator = parse.validator
            schemaCheckStarted = parse.schemaCheckStarted
        }
        return try withoutActuallyEscaping(accept) { accept in
            try withoutActuallyEscaping(reject) { reject in
                try withoutActuallyEscaping(warn) { warn in
                    try parse.run(
                        path: path, transcoding: transcoding, byteCount: facts.byteCount, progress: progress,
                        accept: accept, reject: reject, warn: warn)
                }
            }
        }
    }
}

/// How the bytes of a file reach libxml2: always as UTF-8, single-byte and UTF-16 files being
/// transcoded by us (libxml2 then ignores the declaration), so that byte offsets index what was fed
/// and the raw text of a rejected record can be shown whatever the file's encoding.
enum XMLTranscoding {
    case utf8
    case singleByte([[UInt8]])
    case utf16(bigEndian: Bool)

    /// The parser options the transcoding needs.
    var parserOptions: Int32 {
        switch self {
        case .utf8: return Int32(XML_PARSE_NONET.rawValue)
        case .singleByte, .utf16: return Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_IGNORE_ENC.rawValue)
        }
    }

    /// Reads the byte-order mark and the XML declaration.
    /// - Returns: the transcoding (`nil` for an unsupported encoding) and the encoding's name.
    static func detect(_ head: [UInt8]) -> (XMLTranscoding?, String) {
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16(bigEndian: false), "UTF-16") }
        if head.starts(with: [0xFE, 0xFF]) { return (.utf16(bigEndian: true), "UTF-16") }
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        guard head.count >= start + 5, Array(head[start..<start + 5]) == Array("<?xml".utf8) else { return (.utf8, "UTF-8") }
        let end = head[start...].firstIndex(of: UInt8(ascii: ">")) ?? head.count
        let declaration = String(decoding: head[start..<end], as: UTF8.self)
        guard let match = declaration.firstMatch(of: /encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/) else { return (.utf8, "UTF-8") }
        let name = String(match.1)
        switch name.uppercased().replacingOccurrences(of: "_", with: "-") {
        case "UTF-8", "UTF8", "US-ASCII", "ASCII": return (.utf8, name)
        case "ISO-8859-1", "LATIN1", "LATIN-1", "ISO8859-1", "ISO-LATIN-1", "WINDOWS-1252", "CP1252", "X-CP1252":
            return (.singleByte(table(euroSet: false)), name)
        case "ISO-8859-15", "LATIN9", "LATIN-9", "ISO8859-15": return (.singleByte(table(euroSet: true)), name)
        // Declared UTF-16 without a byte-order mark over ASCII-compatible bytes: libxml2 says what
        // is wrong.
        case "UTF-16", "UTF-16LE", "UTF-16BE": return (.utf8, name)
        default: return (nil, name)
        }
    }

    /// UTF-8 of each byte: Windows-1252 (a superset of ISO-8859-1's printable characters, as web
    /// browsers read both), or ISO-8859-15.
    private static func table(euroSet: Bool) -> [[UInt8]] {
        let windows1252: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        let latin9: [Int: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
        return (0..<256).map { byte -> [UInt8] in
            var scalar = UInt32(byte)
            if euroSet {
                if let mapped = latin9[byte] { scalar = mapped }
            } else if byte >= 0x80 && byte < 0xA0 {
                scalar = windows1252[byte - 0x80]
            }
            return Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
        }
    }
}

/// Turns a file's chunks into the UTF-8 fed to libxml2, keeping what a chunk boundary cut (half a
/// UTF-16 code unit, a lone high surrogate).
struct XMLFeeder {
    /// Written where the file's bytes are not text in its encoding.
    static let undecodable: UInt8 = 0xFF
    let transcoding: XMLTranscoding
    private var oddByte: UInt8?
    private var highSurrogate: UInt16?
    private var atStart = true

    init(_ transcoding: XMLTranscoding) {
        self.transcoding = transcoding
    }

    /// Appends `bytes` as fed to libxml2.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        switch transcoding {
        case .utf8:
            output.append(contentsOf: bytes)
        case .singleByte(let table):
            output.reserveCapacity(output.count + bytes.count + bytes.count / 8)
            for byte in bytes {
                if byte < 0x80 { output.append(byte) } else { output.append(contentsOf: table[Int(byte)]) }
            }
        case .utf16(let bigEndian):
            output.reserveCapacity(output.count + bytes.count)
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let first: UInt8
                if let odd = oddByte {
                    first = odd
                    oddByte = nil
                } else {
                    first = bytes[index]
                    index += 1
                }
                guard index < bytes.endIndex else {
                    oddByte = first
                    break
                }
                let second = bytes[index]
                index += 1
                let unit = bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
                if atStart {
                    atStart = false
                    if unit == 0xFEFF { continue }
                }
                append(unit, to: &output)
            }
        }
    }

    private mutating func append(_ unit: UInt16, to output: inout [UInt8]) {
        var scalar: Unicode.Scalar
        if let high = highSurrogate {
            highSurrogate = nil
            if unit >= 0xDC00 && unit <= 0xDFFF {
                let value = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                output.append(contentsOf: String(Character(scalar)).utf8)
                return
            }
            // A broken surrogate pair is not text: a byte that is never UTF-8 makes libxml2 refuse
            // the file at this very place (nothing is silently replaced).
            output.append(Self.undecodable)
        }
        if unit >= 0xD800 && unit <= 0xDBFF {
            highSurrogate = unit
            return
        }
        if unit >= 0xDC00 && unit <= 0xDFFF {
            output.append(Self.undecodable)
            return
        }
        scalar = Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}"
        if scalar.value < 0x80 {
            output.append(UInt8(scalar.value))
        } else {
            output.append(contentsOf: String(Character(scalar)).utf8)
        }
    }
}
