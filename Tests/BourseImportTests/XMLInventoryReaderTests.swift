import BourseCore
@testable import BourseImport
import BourseResources
import Foundation
import Testing

/// What one read of an XML inventory gave.
struct XMLRead {
    var accepted: [(premises: Premises, line: Int)] = []
    var rejects: [Reject] = []
    var warnings: [Diagnostic] = []
    var summary: InventoryReadSummary?
    var reader: XMLInventoryReader?

    func premises(_ reference: String) -> Premises? { accepted.first { $0.premises.reference == reference }?.premises }
}

enum XMLSamples {
    static func path(_ relative: String) throws -> String {
        try #require(BourseResources.url(relative)?.path, "missing shipped file \(relative)")
    }

    static var schema: String {
        get throws { try path("inventaire-bailleur.xsd") }
    }

    static func profile(_ name: String) throws -> XMLMappingProfile {
        try XMLMappingProfile.load(path: path("profils/\(name).json"))
    }
}

func readXML(path: String, profile: XMLMappingProfile? = nil) throws -> XMLRead {
    var result = XMLRead()
    let reader = try XMLInventoryReader(path: path, territory: ptdeTerritory(), profile: profile, schemaPath: XMLSamples.schema)
    result.reader = reader
    result.summary = try reader.read(
        progress: nil,
        accept: { result.accepted.append(($0, $1)) },
        reject: { result.rejects.append($0) },
        warn: { result.warnings.append($0) })
    return result
}

func readXML(_ text: String, profile: XMLMappingProfile? = nil, name: String = "bailleur.xml") throws -> XMLRead {
    let file = try TemporaryFile(text, name: name)
    return try readXML(path: file.path, profile: profile)
}

/// The error a whole-file refusal gives.
func xmlError(_ text: String, profile: XMLMappingProfile? = nil) throws -> XMLReadError? {
    do {
        _ = try readXML(text, profile: profile)
        return nil
    } catch InventoryReadError.xml(_, let error) {
        return error
    }
}

/// A document in the bourse's format around `locals`.
func bourseDocument(_ locals: String, root: String = #"bailleur="oph-test" date="2026-03-31""#) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <inventaire xmlns="urn:bourse-fonciere-ess:inventaire:1" \(root)>
    \(locals)
    </inventaire>
    """
}

func local(_ reference: String, commune: String = "Drancy", surface: String = "50", extra: String = "") -> String {
    "<local reference=\"\(reference)\"><commune>\(commune)</commune><type>bureau</type><surface>\(surface)</surface>\(extra)</local>"
}

@Suite("XML des bailleurs : format de la bourse et profils")
struct XMLInventoryReaderTests {
    // MARK: Shipped samples

    @Test func bourseFormatSampleIsValidatedAndMapped() throws {
        let read = try readXML(path: XMLSamples.path("bailleurs/oph-terres-envol-2026-03-31.xml"))
        #expect(read.accepted.map(\.premises.reference) == ["OTE-0012", "OTE-0027", "OTE-0031", "OTE-0044", "OTE-0050", "OTE-0070"])
        #expect(read.rejects.map(\.line) == [73, 80, 87])
        #expect(read.reader?.titleDate == CivilDate(iso: "2026-03-31"))
        #expect(read.summary?.records == 9)
        // Bobigny's INSEE code is outside the territory; the other two break the schema.
        #expect(read.rejects[0].reason.contains("93008"))
        #expect(read.rejects[1].reason.contains("schéma XSD") && read.rejects[1].reason.contains("48,5 m²"))
        #expect(read.rejects[2].reason.contains("schéma XSD") && read.rejects[2].reason.contains("« type »"))
        // The raw text of a reject is the element as written.
        #expect(read.rejects[0].raw.hasPrefix("<local reference=\"OTE-0061\">"))
        #expect(read.rejects[0].raw.hasSuffix("</local>"))

        let shop = try #require(read.premises("OTE-0012"))
        #expect(shop.communeInsee == "93005")
        #expect(shop.surface == 85.5)
        #expect(shop.rent?.monthly == 640)
        #expect(shop.marketRent == 1150)
        // &amp; and CDATA.
        #expect(shop.contact == "Service commerces & activités — commerces@oph-terres-envol.example")
        #expect(shop.remarks == "Vitrine sur dalle <rénovée en 2025>, rideau métallique")
        // A character reference.
        #expect(read.premises("OTE-0027")?.address == "Pied d'immeuble, 14 avenue Dumont d\u{2019}Urville")
        // €/m²/year, then quarterly amounts made monthly, then an annual market rent.
        #expect(read.premises("OTE-0027")?.rent?.perSquareMetreYear == 60)
        #expect(read.premises("OTE-0027")?.rent?.monthly == 700)
        #expect(read.premises("OTE-0031")?.rent?.monthly == 300)
        #expect(read.premises("OTE-0031")?.charges == 50)
        #expect(read.premises("OTE-0070")?.marketRent == 870)
        #expect(read.premises("OTE-0027")?.communeInsee == "93071")
    }

    @Test func nestedLandlordShapeReadsAncestorsAndBothPrefixesOfOneNamespace() throws {
        let read = try readXML(
            path: XMLSamples.path("bailleurs/logis-plaine-de-france-2026-04-30.xml"),
            profile: XMLSamples.profile("logis-plaine-de-france"))
        #expect(read.accepted.map(\.premises.reference) == ["118-B1-001", "118-B1-002", "204-A-010", "204-A-011", "310-C-001"])
        #expect(read.reader?.declaredEncoding == "ISO-8859-1")
        #expect(read.reader?.titleDate == CivilDate(iso: "2026-04-30"))
        let first = try #require(read.premises("118-B1-001"))
        #expect(first.communeInsee == "93071")  // from the programme's attribute
        #expect(first.address == "Allée Jules Verne, Sevran")  // from the programme's child, Latin-1
        #expect(first.surface == 72.4)
        #expect(first.rent?.monthly == 550)  // 6 600 a year
        #expect(first.rent?.basis == .annual)
        #expect(first.charges == 85)
        #expect(first.availableFrom == CivilDate(iso: "2026-06-01"))
        #expect(first.accessible == true)
        #expect(first.contact == "M. Olivier Marchand (0148680000)")  // another namespace, mapped
        // Records under the lpf: prefix of the same namespace URI, with the next programme's commune.
        let office = try #require(read.premises("204-A-010"))
        #expect(office.communeInsee == "93005")
        #expect(office.rent?.monthly == 350)
        #expect(office.charges == 60)
        #expect(read.premises("310-C-001")?.communeInsee == "93078")
        #expect(read.rejects.map(\.line) == [32, 61, 67])
        #expect(read.rejects[1].reason.contains("hebdomadaire"))
        #expect(read.rejects[2].reason.contains("doublon") && read.rejects[2].reason.contains("ligne 43"))
        // Latin-1 raw text comes back as UTF-8.
        #expect(read.rejects[0].raw.contains("118-B3-004"))
    }

    @Test func flatLandlordShapeWithDefaultNamespaceAndWindows1252() throws {
        let read = try readXML(
            path: XMLSamples.path("bailleurs/cooperative-habitat-93-2026-05-31.xml"),
            profile: XMLSamples.profile("cooperative-habitat-93"))
        #expect(read.accepted.map(\.premises.reference) == ["CH93-LC-0007", "CH93-LC-0011", "CH93-LC-0015", "CH93-LC-0027"])
        #expect(read.reader?.titleDate == CivilDate(iso: "2026-05-31"))  // from a date-time
        let offices = try #require(read.premises("CH93-LC-0007"))
        #expect(offices.rent?.perSquareMetreYear == 96)
        #expect(offices.rent?.monthly == 440)
        #expect(offices.marketRent == 660)
        #expect(offices.communeInsee == "93007")
        #expect(read.premises("CH93-LC-0015")?.rent?.monthly == 800)
        #expect(read.premises("CH93-LC-0027")?.communeInsee == "93078")  // b: prefix bound to the default namespace
        #expect(read.rejects.map(\.line) == [43, 51])
        #expect(read.rejects[0].reason.contains("incohérente"))
        #expect(read.rejects[1].reason.contains("2026-06-31"))
    }

    // MARK: Safety

    @Test func doctypeWithExternalEntityIsRefusedBeforeAnythingIsRead() throws {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE inventaire [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <inventaire xmlns="urn:bourse-fonciere-ess:inventaire:1" bailleur="x" date="2026-01-01">
            \(local("A", extra: "<remarques>&xxe;</remarques>"))
            </inventaire>
            """
        #expect(try xmlError(text) == .doctype(line: 2))
    }

    @Test func billionLaughsIsRefused() throws {
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE inventaire [\(entities)]>\n" + bourseDocument(local("A", extra: "<remarques>&lol9;</remarques>"))
            .split(separator: "\n", maxSplits: 1)[1]
        #expect(try xmlError(text) == .doctype(line: 2))
    }

    @Test func doctypeAfterALongPrologIsRefusedByTheMainPass() throws {
        let comment = "<!-- " + String(repeating: "x", count: 100_000) + " -->"
        let text = "<?xml version=\"1.0\"?>\n\(comment)\n<!DOCTYPE inventaire SYSTEM \"http://example.invalid/x.dtd\">\n"
            + "<inventaire xmlns=\"urn:bourse-fonciere-ess:inventaire:1\" bailleur=\"x\" date=\"2026-01-01\">\(local("A"))</inventaire>"
        #expect(try xmlError(text) == .doctype(line: 3))
    }

    @Test func undefinedEntityIsMalformed() throws {
        let error = try xmlError(bourseDocument(local("A", extra: "<remarques>&nbsp;</remarques>")))
        guard case .malformed(_, _, let message, _) = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(message.contains("&nbsp;"))
    }

    @Test func tooDeepIsRefused() throws {
        let nested = String(repeating: "<x:a xmlns:x=\"urn:autre\">", count: 100) + String(repeating: "</x:a>", count: 100)
        let error = try xmlError(bourseDocument(local("A", extra: nested)))
        #expect(error == .tooDeep(line: 3, limit: XMLInventoryReader.maximumDepth))
    }

    @Test func tooMuchTextInARecordIsRefused() throws {
        let text = bourseDocument(local("A", extra: "<remarques>" + String(repeating: "a", count: 1_500_000) + "</remarques>"))
        guard case .textTooLong = try xmlError(text) else {
            Issue.record("expected textTooLong")
            return
        }
    }

    @Test func aHugeMappedAttributeIsRefusedToo() throws {
        // Refused before libxml2 parses the tag (longer than `maximumMarkup`).
        let text = bourseDocument(local(String(repeating: "r", count: 1_200_000)))
        switch try xmlError(text) {
        case .textTooLong?, .markupTooLong?: break
        case let other: Issue.record("expected textTooLong or markupTooLong, got \(String(describing: other))")
        }
    }

    // MARK: Malformed files

    @Test func mismatchedTagGivesLineColumnAndTheOpenElement() throws {
        let text = bourseDocument(local("A") + "\n<local reference=\"B\"><commune>Drancy</commune><type>bureau</type><surface>10</surface>")
        let error = try #require(try xmlError(text))
        guard case let .malformed(line, column, message, open) = error else {
            Issue.record("expected malformed, got \(error)")
            return
        }
        #expect(line == 5)
        #expect(column > 0)
        #expect(message.contains("« inventaire »") && message.contains("« local »"))
        #expect(open.last == .init(name: "local", line: 4))
    }

    @Test func truncatedFileSaysItEndsEarly() throws {
        let text = "<?xml version=\"1.0\"?>\n<inventaire xmlns=\"urn:bourse-fonciere-ess:inventaire:1\" bailleur=\"x\" date=\"2026-01-01\">\n"
            + local("A") + "\n<local reference=\"B\"><commune>Dra"
        guard case let .malformed(_, _, message, open) = try xmlError(text) else {
            Issue.record("expected malformed")
            return
        }
        #expect(message.contains("fin de fichier prématurée"))
        #expect(open.map(\.name) == ["inventaire", "local", "commune"])
    }

    @Test func invalidUTF8IsMalformedWithAHint() throws {
        var bytes = Array(bourseDocument(local("A", commune: "Drancy")).utf8)
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "D")))
        bytes.insert(0xE9, at: index + 2)
        let file = try TemporaryFile(bytes: bytes, name: "latin.xml")
        do {
            _ = try readXML(path: file.path)
            Issue.record("expected an error")
        } catch InventoryReadError.xml(_, .malformed(_, _, let message, _)) {
            #expect(message.contains("UTF-8"))
        }
    }

    @Test func nothingIsHandedOverFromAFileThatTurnsOutMalformed() throws {
        // Records before the error were accepted by the reader, but the error is thrown: the store's
        // transaction is rolled back (see the store tests); here the read must end in an error.
        let text = bourseDocument(local("A") + local("B")) + "<trailing/>"
        #expect(throws: InventoryReadError.self) { try readXML(text) }
    }

    // MARK: Shapes and profiles

    @Test func aFileNotInOurFormatNeedsAProfile() throws {
        #expect(try xmlError("<patrimoine xmlns=\"urn:autre\"><lot/></patrimoine>") == .unknownShape(root: "patrimoine", namespace: "urn:autre", known: []))
    }

    // MARK: Profiles recognised by the root element

    private func readWithKnownProfiles(_ path: String, _ known: [XMLMappingProfile]) throws -> XMLRead {
        var result = XMLRead()
        let reader = try XMLInventoryReader(path: path, territory: ptdeTerritory(), profile: nil, schemaPath: XMLSamples.schema, knownProfiles: known)
        result.reader = reader
        result.summary = try reader.read(
            progress: nil, accept: { result.accepted.append(($0, $1)) }, reject: { result.rejects.append($0) }, warn: { result.warnings.append($0) })
        return result
    }

    @Test(arguments: [("logis-plaine-de-france-2026-04-30.xml", "logis-plaine-de-france"), ("cooperative-habitat-93-2026-05-31.xml", "cooperative-habitat-93")])
    func aShippedLandlordShapeIsRecognisedByItsRoot(file: String, profile: String) throws {
        let known = try [XMLSamples.profile("logis-plaine-de-france"), XMLSamples.profile("cooperative-habitat-93")]
        let path = try XMLSamples.path("bailleurs/" + file)
        let recognised = try readWithKnownProfiles(path, known)
        let given = try readXML(path: path, profile: XMLSamples.profile(profile))
        #expect(recognised.reader?.recognisedByRoot == true)
        #expect(recognised.reader?.shapeDescription == "profil \(profile).json, reconnu à l'élément racine")
        #expect(recognised.accepted.map(\.premises) == given.accepted.map(\.premises))
        #expect(recognised.rejects == given.rejects)
    }

    @Test func ourOwnFormatIsNotTakenForALandlords() throws {
        let known = try [XMLSamples.profile("logis-plaine-de-france"), XMLSamples.profile("cooperative-habitat-93")]
        let read = try readWithKnownProfiles(XMLSamples.path("bailleurs/oph-terres-envol-2026-03-31.xml"), known)
        #expect(read.reader?.recognisedByRoot == false)
        #expect(read.reader?.shapeDescription == "format XML de la bourse, validé par son schéma XSD")
    }

    @Test func theRootsNamespaceMustMatchTooAndUnknownRootsListTheProfiles() throws {
        let known = try [XMLSamples.profile("cooperative-habitat-93")]
        // The right local name in another namespace, and no namespace at all.
        for text in ["<Patrimoine xmlns=\"urn:autre\"><Bien/></Patrimoine>", "<Patrimoine><Bien/></Patrimoine>"] {
            let file = try TemporaryFile(text, name: "bailleur.xml")
            #expect(throws: InventoryReadError.xml(file: "bailleur.xml", .unknownShape(root: "Patrimoine", namespace: text.contains("autre") ? "urn:autre" : nil, known: ["profil cooperative-habitat-93.json"]))) {
                try readWithKnownProfiles(file.path, known)
            }
        }
    }

    @Test func twoProfilesForOneRootMustBeChosenBetween() throws {
        let coop = try XMLSamples.profile("cooperative-habitat-93")
        var twin = coop
        twin.name = "profil jumeau.json"
        let path = try XMLSamples.path("bailleurs/cooperative-habitat-93-2026-05-31.xml")
        #expect(throws: InventoryReadError.xml(file: "cooperative-habitat-93-2026-05-31.xml", .ambiguousShape(root: "Patrimoine", profiles: ["profil cooperative-habitat-93.json", "profil jumeau.json"]))) {
            try readWithKnownProfiles(path, [twin, coop])
        }
        let message = InventoryReadError.xml(file: "x.xml", .ambiguousShape(root: "Patrimoine", profiles: ["a", "b"])).errorDescription ?? ""
        #expect(message.contains("--mapping") && message.contains("« a »"))
    }

    @Test func theProfileRootMustMatch() throws {
        let profile = try XMLSamples.profile("cooperative-habitat-93")
        #expect(try xmlError("<Autre xmlns=\"urn:coop-habitat-93:export:locaux\"/>", profile: profile) == .wrongRoot(expected: "Patrimoine", found: "Autre"))
    }

    @Test func aFileWithoutRecordsIsRefused() throws {
        let profile = try XMLSamples.profile("cooperative-habitat-93")
        #expect(try xmlError("<Patrimoine xmlns=\"urn:coop-habitat-93:export:locaux\"><Entete/></Patrimoine>", profile: profile) == .noRecord(record: "Bien"))
    }

    @Test func schemaErrorOutsideRecordsRefusesTheFile() throws {
        let error = try xmlError(bourseDocument(local("A"), root: "date=\"2026-03-31\""))
        guard case .schema(_, let message) = error else {
            Issue.record("expected schema, got \(String(describing: error))")
            return
        }
        #expect(message.contains("bailleur"))
    }

    @Test func namespacesAreMatchedByURIAndRebindingIsHonoured() throws {
        let profile = try XMLMappingProfile.parse([
            "espaces_de_noms": ["p": "urn:lots"],
            "enregistrement": "p:lot",
            "champs": ["reference": "@p:ref", "commune": "p:ville", "surface": "p:surface"],
        ], name: "test")
        let text = """
            <racine xmlns="urn:lots" xmlns:q="urn:lots" xmlns:p="urn:lots">
              <lot xmlns:p="urn:lots" p:ref="A" ref="faux"><ville>Drancy</ville><surface>10</surface></lot>
              <q:lot q:ref="B"><q:ville>Sevran</q:ville><q:surface>20</q:surface><autre:surface xmlns:autre="urn:autre">99</autre:surface></q:lot>
              <p:lot xmlns:p="urn:autre" p:ref="C"><p:ville>Dugny</p:ville><p:surface>30</p:surface></p:lot>
              <lot p:ref="D"><x:ville xmlns:x="urn:x">Dugny</x:ville><ville>Dugny</ville><surface>40</surface></lot>
            </racine>
            """
        let read = try readXML(text, profile: profile)
        #expect(read.accepted.map(\.premises.reference) == ["A", "B", "D"])
        #expect(read.premises("B")?.surface == 20)
        #expect(read.premises("D")?.communeInsee == "93030")
    }

    @Test func nestedAncestorsOfOneNameEachGiveTheirOwnValues() throws {
        let profile = try XMLMappingProfile.parse([
            "enregistrement": "lot",
            "champs": ["reference": "@id", "code_insee": "ancestor::programme/@insee", "adresse": "ancestor::programme/nom", "surface": "surface"],
        ], name: "test")
        let text = """
            <racine>
              <programme insee="93029"><nom>Extérieur</nom>
                <programme insee="93071"><nom>Intérieur</nom>
                  <lot id="A"><surface>10</surface></lot>
                </programme>
                <lot id="B"><surface>20</surface></lot>
                <bloc><lot id="C"><surface>30</surface></lot></bloc>
              </programme>
            </racine>
            """
        let read = try readXML(text, profile: profile)
        #expect(read.accepted.map(\.premises.reference) == ["A", "B", "C"])
        #expect(read.premises("A")?.communeInsee == "93071")
        #expect(read.premises("A")?.address == "Intérieur")
        #expect(read.premises("B")?.communeInsee == "93029")
        #expect(read.premises("B")?.address == "Extérieur")
        #expect(read.premises("C")?.communeInsee == "93029")
    }

    @Test func attributeEscapesAreDecoded() throws {
        let text = bourseDocument(local("A&amp;B", extra: "<contact>Dupont &amp; fils &lt;dupont@example.fr&gt;</contact>"))
        let read = try readXML(text)
        #expect(read.accepted.first?.premises.reference == "A&B")
        #expect(read.accepted.first?.premises.contact == "Dupont & fils <dupont@example.fr>")
    }

    @Test func indentedMultiLineTextBecomesOneLine() throws {
        let text = bourseDocument(local("A", extra: "<remarques>\n      Première ligne\n      seconde ligne\n    </remarques>"))
        #expect(try readXML(text).accepted.first?.premises.remarks == "Première ligne seconde ligne")
    }

    @Test func rawTextOfRejectsIsExactAcrossReadChunks() throws {
        // More than one 256 KiB chunk, with bad records spread over it.
        var locals: [String] = []
        var expected: [Int: String] = [:]
        for index in 0..<4000 {
            let bad = index % 397 == 5
            let element = local(String(format: "R%05d", index), commune: bad ? "Paris" : "Drancy", extra: "<remarques>\(String(repeating: "z", count: index % 90))</remarques>")
            if bad { expected[index] = element }
            locals.append(element)
        }
        let read = try readXML(bourseDocument(locals.joined(separator: "\n")))
        #expect(read.accepted.count == 4000 - expected.count)
        #expect(read.rejects.count == expected.count)
        for reject in read.rejects {
            let index = reject.line - 3
            #expect(reject.raw == expected[index], "line \(reject.line)")
        }
    }

    @Test func schemaErrorsReachTheirRecordsAcrossChunksAndBeyondTheCheckLead() throws {
        // More records than the schema check may run ahead of the reader, some invalid for the
        // schema only (a decimal comma), some for both, some for our validation only.
        let total = XMLSchemaCheck.maximumLead + 3000
        var locals: [String] = []
        var schemaOnly: Set<Int> = []
        var validationOnly: Set<Int> = []
        for index in 0..<total {
            if index % 5003 == 17 {
                schemaOnly.insert(index)
                locals.append(local("R\(index)", surface: "12,5"))
            } else if index % 7919 == 3 {
                validationOnly.insert(index)
                locals.append(local("R\(index)", commune: "Paris"))
            } else {
                locals.append(local("R\(index)"))
            }
        }
        let read = try readXML(bourseDocument(locals.joined(separator: "\n")))
        #expect(read.accepted.count == total - schemaOnly.count - validationOnly.count)
        let rejected = Dictionary(uniqueKeysWithValues: read.rejects.map { ($0.line - 3, $0) })
        #expect(Set(rejected.keys) == schemaOnly.union(validationOnly))
        for index in schemaOnly {
            #expect(rejected[index]?.reason.contains("schéma XSD") == true, "\(index)")
        }
        for index in validationOnly {
            #expect(rejected[index]?.reason.contains("schéma XSD") == false, "\(index)")
            #expect(rejected[index]?.reason.contains("Paris") == true, "\(index)")
        }
    }

    @Test func aSchemaErrorAfterTheLastRecordRefusesTheFile() throws {
        let text = bourseDocument(local("A") + local("B") + "<surface>1</surface>")
        guard case .schema(_, let message) = try xmlError(text) else {
            Issue.record("expected a schema error")
            return
        }
        #expect(message.contains("« surface »"))
    }

    // MARK: Compiled schemas kept between reads

    @Test func aCompiledSchemaIsLentToOneReaderAtATimeAndReused() throws {
        let copy = try TemporaryFile(bytes: Array(Data(contentsOf: URL(fileURLWithPath: XMLSamples.schema))), name: "schema.xsd")
        let first = try #require(XMLSchemaPool.borrow(path: copy.path))
        let second = try #require(XMLSchemaPool.borrow(path: copy.path))
        #expect(first.schema != second.schema, "two readers at once get two copies")
        XMLSchemaPool.giveBack(first)
        let third = try #require(XMLSchemaPool.borrow(path: copy.path))
        #expect(third.schema == first.schema, "an idle copy is lent again")
        XMLSchemaPool.giveBack(second)
        XMLSchemaPool.giveBack(third)
    }

    @Test func aSchemaEditedOnDiskIsCompiledAgain() throws {
        let copy = try TemporaryFile(bytes: Array(Data(contentsOf: URL(fileURLWithPath: XMLSamples.schema))), name: "schema.xsd")
        let loan = try #require(XMLSchemaPool.borrow(path: copy.path))
        XMLSchemaPool.giveBack(loan)
        try Data("<pas-un-schema/>".utf8).write(to: copy.url)
        #expect(XMLSchemaPool.borrow(path: copy.path) == nil, "the stale compiled copy must not be lent")
        #expect(XMLSchemaPool.borrow(path: copy.path + ".absent") == nil)
    }

    @Test func readsInARowAgainstAPooledSchemaKeepTheirOwnErrors() throws {
        // The same compiled schema validates one file after another: errors must not leak between them.
        let bad = try readXML(bourseDocument(local("A", surface: "grande") + local("B")))
        #expect(bad.rejects.map(\.reason).count == 1)
        let good = try readXML(bourseDocument(local("A") + local("B")))
        #expect(good.rejects.isEmpty)
        #expect(good.accepted.map(\.premises.reference) == ["A", "B"])
    }

    @Test func singleByteTranscodingMatchesTheCodePages() {
        let (latin1, name) = XMLTranscoding.detect(Array("<?xml version='1.0' encoding='iso-8859-1'?><a/>".utf8))
        #expect(name == "iso-8859-1")
        var out: [UInt8] = []
        var feeder = XMLFeeder(latin1!)
        [UInt8]([0x41, 0xE9, 0x80, 0xA4]).withUnsafeBufferPointer { feeder.feed($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "Aé€¤")
        let (latin9, _) = XMLTranscoding.detect(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>".utf8))
        out = []
        feeder = XMLFeeder(latin9!)
        [UInt8]([0xA4, 0xBD]).withUnsafeBufferPointer { feeder.feed($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "€œ")
        #expect(XMLTranscoding.detect(Array("<?xml version=\"1.0\" encoding=\"EBCDIC-FR\"?>".utf8)).0 == nil)
    }

    @Test(arguments: [false, true])
    func utf16IsTranscodedWhateverTheChunkCuts(bigEndian: Bool) {
        let text = "<a>é€𝄞\u{1F600}z</a>"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let (transcoding, name) = XMLTranscoding.detect(bytes)
        #expect(name == "UTF-16")
        // Every way of cutting the bytes in two gives the same text.
        for cut in 0...bytes.count {
            var feeder = XMLFeeder(transcoding!)
            var out: [UInt8] = []
            bytes[..<cut].withUnsafeBufferPointer { feeder.feed($0, into: &out) }
            bytes[cut...].withUnsafeBufferPointer { feeder.feed($0, into: &out) }
            #expect(String(decoding: out, as: UTF8.self) == text, "cut at \(cut)")
        }
    }

    @Test func utf16FileKeepsTheRawTextOfItsRejects() throws {
        let text = bourseDocument(local("A") + "\n" + local("B", commune: "Bobigny")).replacingOccurrences(of: "UTF-8", with: "UTF-16")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let file = try TemporaryFile(bytes: bytes, name: "utf16.xml")
        let read = try readXML(path: file.path)
        #expect(read.accepted.count == 1)
        #expect(read.rejects.first?.raw == local("B", commune: "Bobigny"))
        #expect(read.reader?.declaredEncoding == "UTF-16")
    }

    @Test func unsupportedEncodingIsRefused() throws {
        #expect(try xmlError("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a/>") == .unsupportedEncoding("KOI8-R"))
    }

    @Test(arguments: [
        ("mensuel", nil, PremisesField.monthlyRent, 1200.0),
        ("trimestriel", nil, .monthlyRent, 400),
        ("semestriel", nil, .monthlyRent, 200),
        ("annuel", nil, .annualRent, 1200),
        ("annuel", "€/m²", .rentPerSquareMetreYear, 1200),
        ("mensuel", "euros_m2", .rentPerSquareMetreYear, 14400),
        (nil, "EUR/m2/an", .rentPerSquareMetreYear, 1200),
    ] as [(String?, String?, PremisesField, Double)])
    func rentPeriodsAndUnits(period: String?, unit: String?, field: PremisesField, value: Double) {
        var bytes = Array("1200".utf8)
        let reading = bytes.withUnsafeMutableBufferPointer { XMLRecordParser.amount(field: .monthlyRent, value: UnsafeBufferPointer($0), period: period, unit: unit) }
        switch reading {
        case .asIs: #expect(field == .monthlyRent && value == 1200)
        case .moved(let target): #expect(target == field && value == 1200)
        case .converted(let target, let text):
            #expect(target == field)
            #expect(Double(text) == value)
        case .problem(let message): Issue.record("unexpected \(message)")
        }
    }

    @Test func chargesAreMadeMonthlyAndPerSquareMetreChargesAreRefused() {
        var bytes = Array("1200".utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let value = UnsafeBufferPointer(buffer)
            #expect(XMLRecordParser.amount(field: .charges, value: value, period: "annuel", unit: nil) == .converted(.charges, "100.00"))
            #expect(XMLRecordParser.amount(field: .marketRent, value: value, period: "mensuel", unit: nil) == .asIs)
            guard case .problem = XMLRecordParser.amount(field: .charges, value: value, period: nil, unit: "€/m²") else {
                Issue.record("expected a problem")
                return
            }
            guard case .problem = XMLRecordParser.amount(field: .monthlyRent, value: value, period: "hebdo", unit: nil) else {
                Issue.record("expected a problem")
                return
            }
        }
    }
}

@Suite("Profils XML : syntaxe")
struct XMLMappingProfileTests {
    func reason(_ object: [String: Any]) -> String? {
        do {
            _ = try XMLMappingProfile.parse(object, name: "test")
            return nil
        } catch {
            return error.reason
        }
    }

    let minimal: [String: Any] = [
        "enregistrement": "lot", "champs": ["reference": "@id", "commune": "ville", "surface": "surface"],
    ]

    @Test func minimalProfileParses() throws {
        let profile = try XMLMappingProfile.parse(minimal, name: "test")
        #expect(profile.record == XMLName(uri: nil, local: "lot"))
        #expect(profile.fields[.reference]?.path.attribute == XMLName(uri: nil, local: "id"))
    }

    @Test func pathsParse() throws {
        let namespaces = ["h": "urn:h"]
        let ancestor = try XMLPath.parse("ancestor::h:programme/@commune", namespaces: namespaces, defaultNamespace: "urn:d")
        #expect(ancestor.ancestor == XMLName(uri: "urn:h", local: "programme"))
        #expect(ancestor.attribute == XMLName(uri: nil, local: "commune"))
        let child = try XMLPath.parse("a/h:b/@h:c", namespaces: namespaces, defaultNamespace: "urn:d")
        #expect(child.steps == [XMLName(uri: "urn:d", local: "a"), XMLName(uri: "urn:h", local: "b")])
        #expect(child.attribute == XMLName(uri: "urn:h", local: "c"))
    }

    @Test func mistakesAreExplained() {
        #expect(reason(minimal.merging(["inconnue": 1]) { $1 })?.contains("clé « inconnue » inconnue") == true)
        #expect(reason(["champs": minimal["champs"]!])?.contains("enregistrement") == true)
        #expect(reason(["enregistrement": "lot", "champs": ["reference": "@id"]])?.contains("commune") == true)
        #expect(reason(["enregistrement": "lot", "champs": ["reference": "@x:id", "commune": "v", "surface": "s"]])?.contains("préfixe « x »") == true)
        #expect(reason(["enregistrement": "lot", "champs": ["reference": "@id", "commune": "v", "surface": "s", "couleur": "c"]])?.contains("couleur") == true)
        #expect(reason(["enregistrement": "lot", "champs": ["reference": "@id/x", "commune": "v", "surface": "s"]])?.contains("attribut") == true)
        #expect(reason(["enregistrement": "lot", "champs": ["reference": "@id", "commune": "v", "surface": ["chemin": "s", "periodicite": "@p"]]])?.contains("loyers") == true)
        #expect(reason(["enregistrement": "a/b", "champs": minimal["champs"]!])?.contains("nom d'élément") == true)
        #expect(reason(["enregistrement": "lot", "champs": ["reference": "ancestor::p", "commune": "v", "surface": "s"]])?.contains("ancestor") == true)
    }

    @Test func shippedProfilesLoad() throws {
        #expect(try XMLSamples.profile("logis-plaine-de-france").record.local == "lot")
        #expect(try XMLSamples.profile("cooperative-habitat-93").record.uri == "urn:coop-habitat-93:export:locaux")
        #expect(XMLMappingProfile.isXMLProfile(path: try XMLSamples.path("profils/cooperative-habitat-93.json")))
        #expect(!XMLMappingProfile.isXMLProfile(path: try XMLSamples.path("profils/villepinte.json")))
    }

    @Test func schemaMessagesAreFrench() {
        #expect(SchemaMessages.french("Element '{urn:x}surface': 'abc' is not a valid value of the atomic type 'xs:decimal'.")
            == "élément « surface » : « abc » n'est pas une valeur valide (type nombre décimal avec un point)")
        #expect(SchemaMessages.french("Element '{urn:x}local': Missing child element(s). Expected is ( {urn:x}type ).")
            == "élément « local » : élément(s) enfant(s) obligatoire(s) manquant(s) : « type »")
        #expect(SchemaMessages.french("Element '{urn:x}local': The attribute 'reference' is required but missing.")
            == "élément « local » : attribut « reference » obligatoire absent")
        // Attribute errors name the element and the attribute once each.
        #expect(SchemaMessages.french("Element '{urn:x}local', attribute 'etat': The attribute 'etat' is not allowed.")
            == "élément « local » : attribut « etat » non prévu")
        #expect(SchemaMessages.french("Element '{urn:x}loyer', attribute 'unite': [facet 'enumeration'] The value '€' is not an element of the set {'euros', 'euros_m2'}.")
            == "élément « loyer », attribut « unite » : « € » n'est pas une des valeurs admises (euros, euros_m2)")
        #expect(SchemaMessages.french("Something else.") == "Something else.")
    }
}
