import BourseCore
import BourseImport
import Foundation
import Testing

/// One expected reject of `Fixtures/rejets.csv`.
struct ExpectedReject: Sendable, CustomTestStringConvertible {
    var line: Int
    var field: String?
    var fragments: [String]

    var testDescription: String { "ligne \(line) : \(fragments.joined(separator: " … "))" }
}

@Suite("CSVInventoryReader")
struct CSVInventoryReaderTests {
    // MARK: Every reject reason, with its physical line

    static let rejets: [ExpectedReject] = [
        ExpectedReject(line: 3, field: "Référence", fragments: ["référence manquante"]),
        ExpectedReject(line: 4, field: "Commune", fragments: ["commune manquante"]),
        ExpectedReject(line: 5, field: "Commune", fragments: ["« Paris »", "inconnue du territoire"]),
        ExpectedReject(line: 6, field: "Commune", fragments: ["commune incohérente", "« 93600 »", "Aulnay-sous-Bois", "« Drancy »"]),
        ExpectedReject(line: 7, field: "Surface (m²)", fragments: ["surface manquante"]),
        ExpectedReject(line: 8, field: "Surface (m²)", fragments: ["surface nulle ou négative (0)"]),
        ExpectedReject(line: 9, field: "Surface (m²)", fragments: ["surface nulle ou négative (-12)"]),
        ExpectedReject(line: 10, field: "Surface (m²)", fragments: ["surface", "non numérique", "« cinquante »"]),
        ExpectedReject(line: 11, field: "Loyer mensuel HC", fragments: ["loyer mensuel négatif (-150)"]),
        ExpectedReject(line: 12, field: "Loyer mensuel HC", fragments: ["loyer mensuel", "non numérique", "« à négocier »"]),
        ExpectedReject(line: 13, field: "Disponible à partir du", fragments: ["date invalide", "« 31/02/2026 »", "n'existe pas"]),
        ExpectedReject(line: 14, field: "Disponible jusqu'au", fragments: ["01/01/2026", "antérieure", "01/06/2026"]),
        ExpectedReject(line: 15, field: "PMR", fragments: ["« peut-être »", "oui ou non"]),
        ExpectedReject(line: 16, field: "Étage", fragments: ["« grenier »"]),
        ExpectedReject(line: 17, field: "Statut", fragments: ["« Bidule »", "non reconnu"]),
        ExpectedReject(line: 18, field: nil, fragments: ["nombre de champs incorrect", "8 au lieu de 12"]),
        ExpectedReject(line: 19, field: nil, fragments: ["nombre de champs incorrect", "13 au lieu de 12"]),
        ExpectedReject(line: 20, field: "Référence", fragments: ["doublon", "« R01 »", "ligne 2"]),
        ExpectedReject(line: 26, field: "Surface (m²)", fragments: ["surface nulle ou négative (0)"]),
        ExpectedReject(line: 27, field: "Disponible à partir du", fragments: ["« 29/02/2026 »", "n'existe pas"]),
    ]

    @Test("Every reject reason of rejets.csv, each on its physical line with one reason", arguments: rejets)
    func rejectReason(_ expected: ExpectedReject) throws {
        let read = try readInventory(path: Fixtures.path("rejets.csv"))
        let reject = try #require(read.reject(line: expected.line), "no reject on line \(expected.line)")
        #expect(reject.issues.count == 1, "\(reject.issues)")
        let issue = try #require(reject.issues.first)
        #expect(issue.field == expected.field)
        for fragment in expected.fragments {
            #expect(issue.message.contains(fragment), "« \(issue.message) » lacks « \(fragment) »")
        }
        #expect(reject.file == "rejets.csv")
    }

    @Test("rejets.csv: exactly these lines rejected, the rest accepted, blank rows skipped")
    func rejetsSummary() throws {
        let read = try readInventory(path: Fixtures.path("rejets.csv"))
        #expect(read.rejectLines == Self.rejets.map(\.line))
        #expect(read.accepted.map(\.line) == [2, 21, 24])
        #expect(read.accepted.map(\.premises.reference) == ["R01", "R20", "R21"])
        #expect(read.summary.headerLine == 1)
        #expect(read.summary.records == 23)
        #expect(read.summary.blankRecords == 2)
        #expect(read.summary.accepted == 3)
        #expect(read.summary.rejected == 20)
        #expect(read.summary.warnings == read.warnings.count)
        #expect(read.summary.dialect?.delimiter == UInt8(ascii: ";"))
    }

    @Test("rejets.csv: the raw record is kept as written")
    func rejectRaw() throws {
        let read = try readInventory(path: Fixtures.path("rejets.csv"))
        #expect(read.reject(line: 18)?.raw == "R17;Drancy;;50;;;;")
        #expect(read.reject(line: 19)?.raw == "R18;Drancy;;50;;;;;;;;;en trop")
        #expect(read.reject(line: 12)?.raw == "R11;Drancy;;50;à négocier;;;;;;;")
        let diagnostic = try #require(read.reject(line: 3)?.diagnostics.first)
        #expect(diagnostic.description == "rejets.csv:3: erreur : [Référence] référence manquante")
        #expect(diagnostic.line == 3)
    }

    @Test("rejets.csv: the accepted records carry every value")
    func acceptedValues() throws {
        let read = try readInventory(path: Fixtures.path("rejets.csv"))
        let r01 = try #require(read.premises("R01"))
        #expect(r01.communeInsee == "93029")
        #expect(r01.surface == 50)
        #expect(r01.rent == Rent(monthly: 100, perSquareMetreYear: 24, basis: .monthly))
        #expect(r01.availableFrom == CivilDate(year: 2026, month: 4, day: 1))
        #expect(r01.availableUntil == nil)
        #expect(r01.floor == 0)
        #expect(r01.accessible == true)
        #expect(r01.status == .available)
        #expect(r01.type == .office)
        #expect(r01.typeLabel == nil)
        #expect(r01.remarks == "premier R01")
        // The duplicate on line 20 did not replace the first occurrence.
        #expect(read.accepted.filter { $0.premises.reference == "R01" }.count == 1)

        let r21 = try #require(read.premises("R21"))
        #expect(r21.type == .other)
        #expect(r21.typeLabel == "Chapiteau")
        #expect(r21.remarks == "sur deux\nlignes")
        #expect(r21.rent == nil)
        let warning = try #require(read.warnings.first { $0.line == 24 })
        #expect(warning.severity == .warning)
        #expect(warning.field == "Type de local")
        #expect(warning.message.contains("« Chapiteau »"))
    }

    // MARK: Encodings and shapes

    @Test("A Windows-1252 file is decoded, headers and values")
    func windows1252() throws {
        let read = try readInventory(path: Fixtures.path("cp1252.csv"))
        #expect(read.summary.facts.encoding == .windows1252)
        #expect(read.reader.mapping.headers.first == "Référence")
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        let w1 = try #require(read.premises("W1"))
        #expect(w1.communeInsee == "93005")
        #expect(w1.surface == 45.5)
        #expect(w1.type == .storage)
        #expect(w1.remarks == "Cœur de ville – 5 € le m² ’")
        #expect(w1.rent?.monthly == 100)
        let w2 = try #require(read.premises("W2"))
        #expect(w2.communeInsee == "93005")
        #expect(w2.surface == 1250.5)
        #expect(w2.rent?.monthly == 0)
        #expect(w2.rent?.perSquareMetreYear == 0)
        #expect(w2.type == .workshop)
        #expect(w2.remarks == "Été")
    }

    @Test("A rejected Windows-1252 record keeps its raw text decoded")
    func windows1252Reject() throws {
        let text = "Référence;Commune;Surface;Remarques\r\nW9;Drancy;à voir;Très bien\r\n"
        let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let read = try readInventory(bytes: bytes)
        #expect(read.summary.facts.encoding == .windows1252)
        #expect(read.reject(line: 2)?.raw == "W9;Drancy;à voir;Très bien")
        #expect(read.reject(line: 2)?.reason.contains("« à voir »") == true)
    }

    @Test("A BOM file: the BOM is not part of the first header; no-break space thousands")
    func bom() throws {
        let read = try readInventory(path: Fixtures.path("bom.csv"))
        #expect(read.summary.facts.bomLength == 3)
        #expect(read.reader.mapping.columns[.reference] == [0])
        #expect(read.reader.mapping.headers.first == "N° local")
        let b1 = try #require(read.premises("B1"))
        #expect(b1.communeInsee == "93007")
        #expect(b1.surface == 1120)
        #expect(b1.rent == Rent(monthly: 746.67, perSquareMetreYear: 8, basis: .perSquareMetreYear))
        #expect(read.premises("B2")?.rent?.monthly == 138)
    }

    @Test("Title lines above the header, trailing empty columns, a blank row, a TOTAL line")
    func titles() throws {
        let read = try readInventory(path: Fixtures.path("titres.csv"))
        #expect(read.summary.headerLine == 4)
        #expect(read.reader.titleLines == ["VILLE DE SEVRAN - INVENTAIRE DES LOCAUX VACANTS", "Mis à jour le 30/04/2026"])
        #expect(read.reader.titleDate == CivilDate(year: 2026, month: 4, day: 30))
        #expect(read.reader.mapping.width == 6)
        #expect(read.reader.mapping.extras.isEmpty)
        #expect(read.accepted.map(\.line) == [5, 7])
        let t1 = try #require(read.premises("T1"))
        #expect(t1.rent == Rent(monthly: 156, perSquareMetreYear: 24, basis: .annual))
        #expect(t1.communeInsee == "93071")
        #expect(read.premises("T2")?.status == .withdrawn)
        #expect(read.rejectLines == [8])
        #expect(read.reject(line: 8)?.reason.contains("commune manquante") == true)
        #expect(read.summary.blankRecords == 1)
        #expect(read.summary.records == 3)
    }

    @Test("Blank rows anywhere are skipped and do not shift line numbers")
    func blankRows() throws {
        let read = try readInventory(text: "\n;;\nRéférence;Commune;Surface\n\n;;\n  ; ;\nA;Drancy;10\n\r\nB;Drancy;0\n")
        #expect(read.summary.headerLine == 3)
        #expect(read.accepted.map(\.line) == [7])
        #expect(read.rejectLines == [9])
        #expect(read.summary.blankRecords == 4)
        #expect(read.reader.titleLines.isEmpty)
    }

    @Test("Padded fields are trimmed; quoted header cells are read")
    func padding() throws {
        let read = try readInventory(text: "\"Référence\",\"Commune\",\"Surface (m²)\"\n  A1  , Drancy ,\" 45,5 \"\n")
        let a1 = try #require(read.premises("A1"))
        #expect(a1.communeInsee == "93029")
        #expect(a1.surface == 45.5)
    }

    @Test("A file with no final newline, a multi-line last record")
    func noFinalNewline() throws {
        let read = try readInventory(text: "reference,commune,surface_m2,remarques\nD1,Drancy,\"65,5\",\"deux\nlignes\"")
        #expect(read.accepted.map(\.line) == [2])
        #expect(read.premises("D1")?.remarks == "deux\nlignes")
        #expect(read.premises("D1")?.surface == 65.5)
    }

    // MARK: Field count

    @Test("A record with the wrong number of fields is rejected, never shifted", arguments: [
        ("A;Drancy;10;5;", 5, true),       // one field too few
        ("A;Drancy", 2, true),             // four too few
        ("A;Drancy;10;5;;;x", 7, true),    // one too many, not empty
        ("A;Drancy;10;5;;;;;x;", 10, true), // a non-empty cell further right
        ("A;Drancy;10;5;;;", 7, false),    // more fields, all empty: accepted
        ("A;Drancy;10;5;;", 6, false),     // exactly the header
    ])
    func fieldCount(row: String, fields: Int, rejected: Bool) throws {
        let read = try readInventory(text: "Référence;Commune;Surface;Loyer;Étage;Remarques\n\(row)\n")
        if rejected {
            let reject = try #require(read.reject(line: 2))
            #expect(reject.reason.contains("\(fields) au lieu de 6"))
            #expect(reject.issues.first?.field == nil)
            #expect(read.accepted.isEmpty)
        } else {
            #expect(read.rejects.isEmpty)
            #expect(read.premises("A")?.rent?.monthly == 5)
        }
    }

    // MARK: Duplicates

    @Test("(commune, reference) is unique within a file; the first occurrence wins")
    func duplicates() throws {
        let read = try readInventory(text: """
            Référence;Commune;Surface
            R1;Drancy;50
            R1;Sevran;60
            R1;93700;70
            r1;Drancy;80
            R2;Drancy;0
            R2;Drancy;20
            R1;DRANCY;90

            """)
        #expect(read.accepted.map(\.line) == [2, 3, 5, 7])
        #expect(read.premises("R1")?.surface == 50)
        #expect(read.rejectLines == [4, 6, 8])
        #expect(read.reject(line: 4)?.reason.contains("ligne 2") == true)
        #expect(read.reject(line: 8)?.reason.contains("ligne 2") == true)
        // A rejected record does not count as the first occurrence.
        #expect(read.reject(line: 6)?.reason.contains("surface") == true)
        #expect(read.premises("R2")?.surface == 20)
    }

    // MARK: Rents

    @Test("Rents derived both ways", arguments: [
        ("Loyer mensuel HC", "100", Rent(monthly: 100, perSquareMetreYear: 24, basis: .monthly)),
        ("Loyer €/m²/an", "24", Rent(monthly: 100, perSquareMetreYear: 24, basis: .perSquareMetreYear)),
        ("Loyer annuel", "1 200", Rent(monthly: 100, perSquareMetreYear: 24, basis: .annual)),
        ("Loyer (€/mois)", "Gratuit", Rent(monthly: 0, perSquareMetreYear: 0, basis: .monthly)),
        ("Loyer annuel", "gratuit", Rent(monthly: 0, perSquareMetreYear: 0, basis: .annual)),
        ("Loyer €/m²/an", "12,5 €/m²/an", Rent(monthly: 52.08, perSquareMetreYear: 12.5, basis: .perSquareMetreYear)),
    ])
    func rents(header: String, value: String, expected: Rent) throws {
        let read = try readInventory(text: "Référence;Commune;Surface;\(header)\nA;Drancy;50;\(value)\n")
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        #expect(read.premises("A")?.rent == expected)
    }

    @Test("A monthly rent and a rent per m² given together are both kept as given")
    func bothRents() throws {
        let read = try readInventory(text: "Référence;Commune;Surface;Loyer mensuel HC;Loyer €/m²/an\nA;Drancy;50;100;25\n")
        #expect(read.premises("A")?.rent == Rent(monthly: 100, perSquareMetreYear: 25, basis: .monthly))
    }

    @Test("Missing rents stay unknown", arguments: ["", "NA", "N/A", "-", "n/a"])
    func missingRent(value: String) throws {
        let read = try readInventory(text: "Référence;Commune;Surface;Loyer mensuel HC;Charges\nA;Drancy;50;\(value);\(value)\n")
        let premises = try #require(read.premises("A"))
        #expect(premises.rent == nil)
        #expect(premises.charges == nil)
    }

    // MARK: Communes

    @Test("Communes given by INSEE code, postal code or any spelling", arguments: [
        ("Commune", "LE BOURGET", "93013"),
        ("Commune", "Tremblay en France", "93073"),
        ("Commune", "tremblay-en-france", "93073"),
        ("Commune", "93600", "93005"),
        ("Commune", "Aulnay s/ Bois", "93005"),
        ("Code INSEE", "93007", "93007"),
        ("Code postal", "93290", "93073"),
        ("Ville", "Sevran", "93071"),
    ])
    func communes(header: String, value: String, insee: String) throws {
        let read = try readInventory(text: "Référence;\(header);Surface\nA;\(value);50\n")
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        #expect(read.premises("A")?.communeInsee == insee)
    }

    @Test("Commune columns that agree are accepted; a postal code in an INSEE column is not an INSEE code")
    func communeColumns() throws {
        let read = try readInventory(text: """
            Référence;Commune;Code INSEE;Code postal;Surface
            A;Drancy;93029;93700;50
            B;Drancy;;93700;50
            C;;93029;;50
            D;Drancy;93700;;50
            E;Drancy;93030;;50

            """)
        #expect(read.accepted.map(\.premises.reference) == ["A", "B", "C"])
        #expect(read.reject(line: 5)?.issues.first?.field == "Code INSEE")
        #expect(read.reject(line: 5)?.reason.contains("« 93700 »") == true)
        #expect(read.reject(line: 6)?.reason.contains("incohérente") == true)
    }

    // MARK: Labels, statuses, extras

    @Test("Unknown type and lease labels are kept with a warning; réservé is not taken from a file")
    func labels() throws {
        let read = try readInventory(text: """
            Référence;Commune;Surface;Type;Bail;Statut
            A;Drancy;50;Chapiteau;Bail emphytéotique;Disponible
            B;Drancy;50;Bureau;Bail commercial;Réservé
            C;Drancy;50;Entrepôt;Mise à disposition;Vacant
            D;Drancy;50;Salle;;Indisponible

            """)
        #expect(read.rejects.isEmpty, "\(read.rejects)")
        let a = try #require(read.premises("A"))
        #expect(a.type == .other)
        #expect(a.typeLabel == "Chapiteau")
        #expect(a.leaseKind == .other)
        #expect(a.leaseLabel == "Bail emphytéotique")
        let b = try #require(read.premises("B"))
        #expect(b.status == .withdrawn)
        #expect(b.leaseKind == .commercial)
        #expect(read.premises("C")?.status == .available)
        #expect(read.premises("C")?.leaseKind == .freeLoan)
        #expect(read.premises("D")?.status == .withdrawn)
        #expect(read.premises("D")?.leaseKind == nil)
        #expect(read.warnings.map(\.line) == [2, 2, 3])
        #expect(read.warnings.map(\.field) == ["Type", "Bail", "Statut"])
        #expect(read.summary.warnings == 3)
    }

    @Test("Unknown columns are kept in premises.extra, in file order, empty values left out")
    func extras() throws {
        let read = try readInventory(text: """
            Référence;Code gestionnaire;Commune;Surface;Parking;Superficie
            X1;GP02;Drancy;50;oui;52
            X2;;Drancy;60;;

            """)
        let x1 = try #require(read.premises("X1"))
        #expect(x1.extra == [
            ExtraField(header: "Code gestionnaire", value: "GP02"), ExtraField(header: "Parking", value: "oui"),
            ExtraField(header: "Superficie", value: "52"),
        ])
        #expect(x1.surface == 50)
        #expect(read.premises("X2")?.extra == [])
        let note = try #require(read.reader.notes.first { $0.message.contains("non reconnues") })
        #expect(note.severity == .note)
        #expect(note.message.contains("« Code gestionnaire », « Parking », « Superficie »"))
        #expect(note.line == 1)
    }

    @Test("A column read by a loose rule is noted")
    func looseNote() throws {
        let read = try readInventory(text: "Référence;Commune;Surface pondérée (m²)\nA;Drancy;50\n")
        #expect(read.premises("A")?.surface == 50)
        #expect(read.reader.notes.contains { $0.message.contains("« Surface pondérée (m²) »") && $0.message.contains("surface") })
    }

    @Test("Contact columns are joined")
    func joinedContact() throws {
        let read = try readInventory(text: "Référence;Commune;Surface;Contact;Tél.;Courriel\nA;Drancy;50;Mme Benali;01 48 79 63 12;p@v.fr\nB;Drancy;50;;;q@v.fr\n")
        #expect(read.premises("A")?.contact == "Mme Benali – 01 48 79 63 12 – p@v.fr")
        #expect(read.premises("B")?.contact == "q@v.fr")
    }

    // MARK: Whole-file errors

    @Test("No header: the error lists the missing columns and the columns seen")
    func headerNotFound() throws {
        let error = inventoryError(path: try Fixtures.path("sans-entete.csv"))
        guard case let .headerNotFound(file, line, missing, seen) = error else {
            Issue.record("expected headerNotFound, got \(String(describing: error))")
            return
        }
        #expect(file == "sans-entete.csv")
        #expect(line == 1)
        #expect(missing == ["référence", "commune (ou code INSEE, ou code postal)", "surface"])
        #expect(seen == ["Nom", "Adresse", "Téléphone"])
        let text = try #require(error?.errorDescription)
        #expect(text.contains("ligne d'en-tête introuvable"))
        #expect(text.contains("référence"))
        #expect(text.contains("« Téléphone »"))
    }

    @Test("An unclosed quote after the header rejects the whole file at the line where it opened")
    func unclosedQuote() throws {
        let reader = try CSVInventoryReader(path: Fixtures.path("guillemet-ouvert.csv"), territory: ptdeTerritory(), profile: nil)
        var accepted: [String] = []
        #expect(throws: InventoryReadError.malformed(file: "guillemet-ouvert.csv", .unclosedQuote(line: 3))) {
            _ = try reader.read(accept: { premises, _ in accepted.append(premises.reference) }, reject: { _ in }, warn: { _ in })
        }
        #expect(accepted == ["Q1"])
        let description = InventoryReadError.malformed(file: "guillemet-ouvert.csv", .unclosedQuote(line: 3)).errorDescription
        #expect(description?.hasPrefix("guillemet-ouvert.csv:3 ") == true)
    }

    @Test("An unclosed quote before the header is reported when the file is opened")
    func unclosedQuoteInTitles() throws {
        let file = try TemporaryFile("Note;x;y\nAutre;z;w\n\"jamais fermé;;\nRéférence;Commune;Surface\nA;Drancy;5\n")
        #expect(throws: InventoryReadError.malformed(file: "inventaire.csv", .unclosedQuote(line: 3))) {
            _ = try CSVInventoryReader(path: file.path, territory: ptdeTerritory(), profile: nil)
        }
    }

    @Test("A quote opened on the first line and never closed is an unclosed quote, not a missing delimiter")
    func unclosedQuoteFirstLine() throws {
        let file = try TemporaryFile("\"Référence;Commune;Surface\nA;Drancy;5\nB;Drancy;6\n")
        #expect(throws: InventoryReadError.malformed(file: "inventaire.csv", .unclosedQuote(line: 1))) {
            _ = try CSVInventoryReader(path: file.path, territory: ptdeTerritory(), profile: nil)
        }
    }

    @Test("Empty files, files of one column, missing files")
    func wholeFileErrors() throws {
        let empty = try TemporaryFile("")
        #expect(inventoryError(path: empty.path) == .empty(file: "inventaire.csv"))
        let bomOnly = try TemporaryFile(bytes: [0xEF, 0xBB, 0xBF])
        #expect(inventoryError(path: bomOnly.path) == .empty(file: "inventaire.csv"))
        let oneColumn = try TemporaryFile("bonjour\nau revoir\n")
        #expect(inventoryError(path: oneColumn.path) == .noDelimiter(file: "inventaire.csv"))
        // Workbooks and PDFs sent instead of a CSV file are named for what they are.
        let documents: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("[Content_Types].xml;a,b".utf8), "un classeur Excel (.xlsx) ou LibreOffice (.ods), ou une archive zip"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x3B, 0x2C], "un classeur Excel 97-2003 (.xls)"),
            (Array("%PDF-1.7\n;;,,\n".utf8), "un document PDF"),
        ]
        for (bytes, kind) in documents {
            let document = try TemporaryFile(bytes: bytes, name: "inventaire.xlsx")
            let error = inventoryError(path: document.path)
            #expect(error == .notText(file: "inventaire.xlsx", kind: kind))
            #expect(error?.errorDescription?.contains("enregistrez-le au format « CSV UTF-8") == true)
        }
        // A UTF-8 text that only starts like one ("PK" as a reference) is read as text.
        let pk = try TemporaryFile("PK;Commune;Surface\n")
        #expect(inventoryError(path: pk.path) != .notText(file: "inventaire.csv", kind: "un classeur Excel (.xlsx) ou LibreOffice (.ods), ou une archive zip"))
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).csv").path
        guard case .input(.cannotOpen)? = inventoryError(path: missing) else {
            Issue.record("a missing file must be an input error")
            return
        }
    }

    @Test("A header-only file reads zero records")
    func headerOnly() throws {
        let read = try readInventory(text: "Référence;Commune;Surface\n")
        #expect(read.summary.records == 0)
        #expect(read.accepted.isEmpty && read.rejects.isEmpty)
    }

    @Test("Reading the same file twice gives the same fingerprint and the same outcome")
    func deterministic() throws {
        let first = try readInventory(path: Fixtures.path("rejets.csv"))
        let second = try readInventory(path: Fixtures.path("rejets.csv"))
        #expect(first.summary.facts.sha256 == second.summary.facts.sha256)
        #expect(first.rejects == second.rejects)
        #expect(first.accepted.map(\.premises) == second.accepted.map(\.premises))
    }
}
