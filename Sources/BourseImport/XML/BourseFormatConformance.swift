// Over 400 lines: one state machine that follows the schema element by element; its rules share that state.

import CLibXML2
import Foundation

/// Follows the SAX events of a file in the bourse's own format and vouches that it is valid
/// against `Imports/inventaire-bailleur.xsd` (version 1), so that libxml2's schema validation,
/// which costs about two and a half times the parse, does not run at all for a file that is.
///
/// It is deliberately narrower than the schema. It knows the plain, unambiguous shape of each
/// value: a date written `AAAA-MM-JJ`, an amount as digits with an optional decimal point, an
/// enumerated value written exactly. Anything else makes it give up: a number with a sign or an
/// exponent, a date with a time zone, an `xsi:type`, CDATA between elements, an entity in an
/// attribute value, a prefixed attribute, and of course any value or structure the schema refuses. The reader then starts libxml2's check (`XMLSchemaCheck`),
/// which validates the whole file from its first byte and gives the records their schema errors as
/// before. So a file gets exactly the verdicts and messages of libxml2 whether or not this tracker
/// gave up; its one duty is soundness, never vouching for a file the schema refuses, and the
/// tests hold it to that against libxml2 on generated and mutated documents.
///
/// The tracker is used only with the very schema it was written for (`schemaSHA256`); a test
/// fails when the shipped XSD changes without this file.
struct BourseFormatConformance {
    /// SHA-256 of the XSD this tracker follows.
    static let schemaSHA256 = "b0be7df7a836515a3c0fc4167e58f43d80f5e7a1cd5184f7eb8d1c06c214f3cb"
    static let namespace = "urn:bourse-fonciere-ess:inventaire:1"
    static let schemaInstance = "http://www.w3.org/2001/XMLSchema-instance"

    /// The simple types of the schema, as far as the tracker vouches for them.
    enum Rule: UInt8 {
        /// `texte`: `xs:string` of at most 4,000 characters.
        case texte
        /// `texteCourt`: `xs:string` of 1 to 100 characters.
        case texteCourt
        /// `surface`: `xs:decimal` > 0, as 1 to 12 digits and optionally a point and 1 to 6 digits.
        case surface
        /// `montant`: `xs:decimal` ≥ 0, written as for `surface`.
        case montant
        /// `xs:date` as `AAAA-MM-JJ`, years 1000 to 9999, a day that exists, no time zone.
        case date
        /// `ouiNon`, `statut`, `periodicite`, the `unite` of a rent, the fixed `version`: one of
        /// their values exactly.
        case ouiNon, statut, periodicite, unite, version
        /// `[0-9][0-9AB][0-9]{3}` and `[0-9]{5}`.
        case insee, codePostal
    }

    /// The children of `local`, in the schema's order: name, whether required, value, attributes.
    static let children: [(name: String, required: Bool, value: Rule, attributes: [(name: String, rule: Rule)])] = [
        ("commune", true, .texte, [("insee", .insee), ("code_postal", .codePostal)]),
        ("adresse", false, .texte, []),
        ("type", true, .texte, []),
        ("surface", true, .surface, []),
        ("loyer", false, .montant, [("periodicite", .periodicite), ("unite", .unite)]),
        ("charges", false, .montant, [("periodicite", .periodicite)]),
        ("loyer_marche", false, .montant, [("periodicite", .periodicite)]),
        ("bail", false, .texte, []),
        ("disponible_le", false, .date, []),
        ("disponible_jusqu_au", false, .date, []),
        ("etage", false, .texteCourt, []),
        ("pmr", false, .ouiNon, []),
        ("statut", false, .statut, []),
        ("contact", false, .texte, []),
        ("remarques", false, .texte, []),
    ]
    /// Position of the last required child: a `local` is complete once the tracker passed it
    /// (kept per instance too, with the count: a static derived from `children` costs a
    /// once-check at every use, and these are used for every element).
    static let lastRequired = children.lastIndex { $0.required }!
    private static let childCount = children.count
    private let lastRequired = Self.lastRequired
    private let childCount = Self.childCount
    /// Attributes a child may have, at most.
    private static let attributeSlots = 2
    /// Longest value kept: 4,000 characters are at most 16,000 bytes (beyond, a value is too long).
    private static let valueCapacity = 16_000

    /// Whether the tracker follows the file (false: not started, or gave up).
    private(set) var isActive = false

    // Names, interned in the parse's dictionary (libxml2 gives every name and namespace URI of a
    // parse from it, so a name is recognised by comparing pointers), and the rules, in flat tables.
    private var target: XMLString?
    private var instance: XMLString?
    private var rootName: XMLString?
    private var localName: XMLString?
    private var bailleurName: XMLString?
    private var dateName: XMLString?
    private var versionName: XMLString?
    private var referenceName: XMLString?
    private var schemaLocationName: XMLString?
    private var noNamespaceSchemaLocationName: XMLString?
    private let childName: UnsafeMutablePointer<XMLString?>
    private let childRequired: UnsafeMutablePointer<Bool>
    private let childRule: UnsafeMutablePointer<Rule>
    private let attributeName: UnsafeMutablePointer<XMLString?>
    private let attributeRule: UnsafeMutablePointer<Rule>

    // Where the parse stands.
    /// Elements open in the schema's structure: 1 in the root, 2 in a `local`, 3 in a value.
    private var depth = 0
    /// Elements open inside an extension element of another namespace (0: none).
    private var foreignDepth = 0
    private var seenLocal = false
    private var rootClosed = false
    /// Position in `children` of the last child of the current `local` (-1: none yet).
    private var position = -1
    /// The current `local` has had an extension element: only extensions may follow.
    private var inExtensions = false
    private let value: UnsafeMutablePointer<UInt8>
    private var valueCount = 0

    init() {
        childName = .allocate(capacity: Self.childCount)
        childName.initialize(repeating: nil, count: Self.childCount)
        childRequired = .allocate(capacity: Self.childCount)
        childRequired.initialize(repeating: false, count: Self.childCount)
        childRule = .allocate(capacity: Self.childCount)
        childRule.initialize(repeating: .texte, count: Self.childCount)
        attributeName = .allocate(capacity: Self.childCount * Self.attributeSlots)
        attributeName.initialize(repeating: nil, count: Self.childCount * Self.attributeSlots)
        attributeRule = .allocate(capacity: Self.childCount * Self.attributeSlots)
        attributeRule.initialize(repeating: .texte, count: Self.childCount * Self.attributeSlots)
        value = .allocate(capacity: Self.valueCapacity)
    }

    /// Frees the tables (called by the owner before the tracker is dropped).
    func free() {
        childName.deallocate()
        childRequired.deallocate()
        childRule.deallocate()
        attributeName.deallocate()
        attributeRule.deallocate()
        value.deallocate()
    }

    /// Starts following a parse whose names come from `dictionary`.
    mutating func start(dictionary: OpaquePointer?) {
        func intern(_ text: String) -> XMLString? {
            text.withCString { chars in
                chars.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1) { xmlDictLookup(dictionary, $0, -1) }
            }
        }
        target = intern(Self.namespace)
        instance = intern(Self.schemaInstance)
        rootName = intern("inventaire")
        localName = intern("local")
        bailleurName = intern("bailleur")
        dateName = intern("date")
        versionName = intern("version")
        referenceName = intern("reference")
        schemaLocationName = intern("schemaLocation")
        noNamespaceSchemaLocationName = intern("noNamespaceSchemaLocation")
        for (index, child) in Self.children.enumerated() {
            childName[index] = intern(child.name)
            childRequired[index] = child.required
            childRule[index] = child.value
            for (slot, attribute) in child.attributes.enumerated() {
                attributeName[index * Self.attributeSlots + slot] = intern(attribute.name)
                attributeRule[index * Self.attributeSlots + slot] = attribute.rule
            }
        }
        depth = 0
        foreignDepth = 0
        seenLocal = false
        rootClosed = false
        isActive = true
    }

    /// Stops following the parse.
    mutating func giveUp() { isActive = false }

    // MARK: - Events (each returns false when the tracker gives up)

    mutating func start(local: XMLString, uri: XMLString?, attributeCount: Int, attributes: UnsafeMutablePointer<XMLString?>?) -> Bool {
        if foreignDepth > 0 {
            // Inside an extension (processContents="lax"): an element of ours would be validated
            // against its global declaration, and `xsi:type` would give it a type.
            guard uri != target, extensionAttributesAreInert(attributeCount, attributes) else { return false }
            foreignDepth += 1
            return true
        }
        switch depth {
        case 2:
            if uri == target {
                guard !inExtensions else { return false }
                var index = position + 1
                while index < childCount && childName[index] != local {
                    // A required child skipped.
                    if childRequired[index] { return false }
                    index += 1
                }
                guard index < childCount, childAttributesAreValid(index, attributeCount, attributes) else { return false }
                position = index
                valueCount = 0
                depth = 3
                return true
            }
            // Extensions end a `local`, once its required children are there.
            guard position >= lastRequired, isExtension(uri), extensionAttributesAreInert(attributeCount, attributes) else { return false }
            inExtensions = true
            foreignDepth = 1
            return true
        case 1:
            if local == localName && uri == target {
                guard referenceIsValid(attributeCount, attributes) else { return false }
                seenLocal = true
                position = -1
                inExtensions = false
                depth = 2
                return true
            }
            // Extensions come before the first `local` only.
            guard !seenLocal, isExtension(uri), extensionAttributesAreInert(attributeCount, attributes) else { return false }
            foreignDepth = 1
            return true
        case 0:
            guard local == rootName, uri == target, rootAttributesAreValid(attributeCount, attributes) else { return false }
            depth = 1
            return true
        default:
            // An element inside a value.
            return false
        }
    }

    mutating func end() -> Bool {
        if foreignDepth > 0 {
            foreignDepth -= 1
            return true
        }
        switch depth {
        case 3:
            depth = 2
            return Self.isValid(UnsafeBufferPointer(start: value, count: valueCount), childRule[position])
        case 2:
            depth = 1
            return position >= lastRequired
        case 1:
            depth = 0
            rootClosed = true
            return seenLocal
        default:
            return false
        }
    }

    /// Character data (text, entity and character references already replaced).
    mutating func text(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if foreignDepth > 0 { return true }
        if depth == 3 { return appendValue(bytes, count) }
        // Element-only content: whitespace only.
        for index in 0..<count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { return false }
        }
        return true
    }

    mutating func cdata(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if foreignDepth > 0 { return true }
        return depth == 3 && appendValue(bytes, count)
    }

    /// Whether the whole document was followed: the root closed after at least one `local`.
    var vouchesForDocument: Bool { isActive && rootClosed && seenLocal }

    private mutating func appendValue(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard valueCount + count <= Self.valueCapacity else { return false }
        (value + valueCount).update(from: bytes, count: count)
        valueCount += count
        return true
    }

    // MARK: - Attributes

    private func isExtension(_ uri: XMLString?) -> Bool {
        // `##other`: a namespace, and not the schema's own.
        uri != nil && uri != target
    }

    /// The value of an attribute of ours, `nil` when the tracker cannot vouch for it: a prefixed
    /// name (an undeclared prefix leaves the namespace empty, so `q:date` would pass for `date`, and
    /// a second `date` at that), or a reference in the value (libxml2 hands those over still
    /// escaped, `&#38;`): both are left to the schema check.
    private func attributeValue(_ attributes: UnsafeMutablePointer<XMLString?>, _ index: Int) -> UnsafeBufferPointer<UInt8>? {
        guard attributes[index * 5 + 1] == nil, attributes[index * 5 + 2] == nil,
              let start = attributes[index * 5 + 3], let end = attributes[index * 5 + 4] else { return nil }
        let value = UnsafeBufferPointer(start: start, count: end - start)
        if value.contains(UInt8(ascii: "&")) { return nil }
        return value
    }

    private func rootAttributesAreValid(_ count: Int, _ attributes: UnsafeMutablePointer<XMLString?>?) -> Bool {
        var seenBailleur = false
        var seenDate = false
        if let attributes {
            for index in 0..<count {
                let name = attributes[index * 5]
                // Where the schema is (common in exports): libxml2's check, which is given the
                // schema, reads neither these hints nor what they point to, whatever their value.
                if attributes[index * 5 + 2] == instance && (name == schemaLocationName || name == noNamespaceSchemaLocationName) {
                    continue
                }
                guard let value = attributeValue(attributes, index) else { return false }
                if name == bailleurName {
                    guard Self.isValid(value, .texteCourt) else { return false }
                    seenBailleur = true
                } else if name == dateName {
                    guard Self.isValid(value, .date) else { return false }
                    seenDate = true
                } else if name == versionName {
                    guard Self.isValid(value, .version) else { return false }
                } else {
                    return false
                }
            }
        }
        return seenBailleur && seenDate
    }

    private func referenceIsValid(_ count: Int, _ attributes: UnsafeMutablePointer<XMLString?>?) -> Bool {
        guard count == 1, let attributes, attributes[0] == referenceName, attributes[2] == nil,
              let value = attributeValue(attributes, 0) else { return false }
        return Self.isValid(value, .texteCourt)
    }

    private func childAttributesAreValid(_ child: Int, _ count: Int, _ attributes: UnsafeMutablePointer<XMLString?>?) -> Bool {
        guard count > 0 else { return true }
        guard let attributes else { return false }
        let base = child * Self.attributeSlots
        for index in 0..<count {
            guard attributes[index * 5 + 2] == nil, let value = attributeValue(attributes, index) else { return false }
            let name = attributes[index * 5]
            var slot = 0
            while slot < Self.attributeSlots && (attributeName[base + slot] == nil || attributeName[base + slot] != name) { slot += 1 }
            guard slot < Self.attributeSlots, Self.isValid(value, attributeRule[base + slot]) else { return false }
        }
        return true
    }

    private func extensionAttributesAreInert(_ count: Int, _ attributes: UnsafeMutablePointer<XMLString?>?) -> Bool {
        guard let attributes else { return true }
        for index in 0..<count {
            let uri = attributes[index * 5 + 2]
            if uri != nil && (uri == instance || uri == target) { return false }
        }
        return true
    }

    // MARK: - Values

    /// Whether `value` is one the tracker knows the schema accepts for `rule`.
    static func isValid(_ value: UnsafeBufferPointer<UInt8>, _ rule: Rule) -> Bool {
        switch rule {
        // A text has at most as many characters as bytes, and at least one if it has a byte.
        case .texte: return value.count <= 4000 || characterCount(value, atMost: 4000) <= 4000
        case .texteCourt: return !value.isEmpty && (value.count <= 100 || characterCount(value, atMost: 100) <= 100)
        case .surface: return isPlainDecimal(value, positive: true)
        case .montant: return isPlainDecimal(value, positive: false)
        case .date: return isPlainDate(value)
        case .ouiNon: return equals(value, "oui") || equals(value, "non")
        case .statut: return equals(value, "disponible") || equals(value, "reserve") || equals(value, "attribue") || equals(value, "retire")
        case .periodicite:
            return equals(value, "mensuel") || equals(value, "trimestriel") || equals(value, "semestriel") || equals(value, "annuel")
        case .unite: return equals(value, "euros") || equals(value, "euros_m2")
        case .version: return value.count == 1 && value[0] == UInt8(ascii: "1")
        case .insee:
            guard value.count == 5 else { return false }
            return isDigit(value[0]) && (isDigit(value[1]) || value[1] == UInt8(ascii: "A") || value[1] == UInt8(ascii: "B"))
                && isDigit(value[2]) && isDigit(value[3]) && isDigit(value[4])
        case .codePostal:
            return value.count == 5 && isDigit(value[0]) && isDigit(value[1]) && isDigit(value[2]) && isDigit(value[3]) && isDigit(value[4])
        }
    }

    /// Characters in UTF-8 text (bytes that do not continue a character); counting stops past
    /// `limit`, and text no longer than `limit` bytes has no more characters than that.
    private static func characterCount(_ value: UnsafeBufferPointer<UInt8>, atMost limit: Int) -> Int {
        if value.count <= limit {
            var continuation = 0
            for byte in value where byte & 0xC0 == 0x80 { continuation += 1 }
            return value.count - continuation
        }
        var characters = 0
        for byte in value where byte & 0xC0 != 0x80 {
            characters += 1
            if characters > limit { break }
        }
        return characters
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func equals(_ value: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard value.count == text.utf8CodeUnitCount, let base = value.baseAddress else { return value.isEmpty && text.utf8CodeUnitCount == 0 }
        return memcmp(base, text.utf8Start, value.count) == 0
    }

    /// Digits (1 to 12), then optionally a point and digits (1 to 6); more than zero if `positive`.
    /// Whitespace around them is allowed: `xs:decimal` collapses it.
    private static func isPlainDecimal(_ padded: UnsafeBufferPointer<UInt8>, positive: Bool) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        var start = 0
        var end = padded.count
        while start < end && isSpace(padded[start]) { start += 1 }
        while end > start && isSpace(padded[end - 1]) { end -= 1 }
        let value = UnsafeBufferPointer(rebasing: padded[start..<end])
        var index = 0
        var nonZero = false
        while index < value.count, isDigit(value[index]) {
            if value[index] != 0x30 { nonZero = true }
            index += 1
        }
        guard index >= 1 && index <= 12 else { return false }
        if index < value.count {
            guard value[index] == UInt8(ascii: ".") else { return false }
            let fractionStart = index + 1
            index = fractionStart
            while index < value.count, isDigit(value[index]) {
                if value[index] != 0x30 { nonZero = true }
                index += 1
            }
            guard index == value.count, index - fractionStart >= 1, index - fractionStart <= 6 else { return false }
        }
        return nonZero || !positive
    }

    /// `AAAA-MM-JJ`, year 1000 to 9999, a day that exists.
    private static func isPlainDate(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == 10, value[4] == UInt8(ascii: "-"), value[7] == UInt8(ascii: "-") else { return false }
        func digit(_ index: Int) -> Int? {
            let byte = value[index]
            return isDigit(byte) ? Int(byte - 0x30) : nil
        }
        guard let y1 = digit(0), let y2 = digit(1), let y3 = digit(2), let y4 = digit(3),
              let m1 = digit(5), let m2 = digit(6), let d1 = digit(8), let d2 = digit(9) else { return false }
        let year = y1 * 1000 + y2 * 100 + y3 * 10 + y4
        let month = m1 * 10 + m2
        let day = d1 * 10 + d2
        guard year >= 1000, month >= 1, month <= 12, day >= 1 else { return false }
        let days: Int
        switch month {
        case 2: days = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }
}
