// Over 400 lines: one harness, its checks share the territory, profiles and scratch files it loads once.

import BourseCore
import BourseImport
import BourseResources
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The readers a fuzzing run feeds.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `CSVInventoryReader`, without a mapping profile, then with Villepinte's when no header is found.
    case csv
    /// `XMLInventoryReader`: the bourse's format validated by its XSD, or the landlord's profile
    /// recognised by the root element.
    case xml
    /// The writers: `FrenchCSV.line` read back by a strict CSV reader, and `HTMLText.escape`, on
    /// values made of the input (`OutputCheck`); no scratch file.
    case output

    /// The name of the scratch file the input is written to (the readers take a path).
    var scratchName: String { self == .csv ? "entree.csv" : "entree.xml" }
}

/// Errors that stop the harness before it reads anything.
enum FuzzSetupError: Error, LocalizedError {
    case missingResource(String)
    case unusable(String, reason: String)
    case unknownTarget(String)

    var errorDescription: String? {
        switch self {
        case .missingResource(let name):
            "fichier « \(name) » introuvable (ni dans les ressources de l'outil, ni dans ./Imports)"
        case let .unusable(name, reason):
            "« \(name) » inutilisable : \(reason)"
        case .unknownTarget(let name):
            "cible « \(name) » inconnue (attendu : \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}

/// What the harness loads once per process (territory, XSD, profiles) and the check of one input.
///
/// Each input is written to a scratch file of this process, read by every configuration of its
/// target, and what comes back is checked: a reader may accept records or reject them, or refuse
/// the whole file with an `InventoryReadError` that has a French message; anything else (another
/// error type, a record the validation should have refused, counts that disagree) is a finding and
/// the process aborts, so that libFuzzer keeps the input.
struct FuzzHarness: Sendable {
    let territory: Territory
    let schemaPath: String
    /// Villepinte's CSV mapping profile.
    let csvProfile: MappingProfile
    /// The landlords' XML profiles.
    let xmlProfiles: [XMLMappingProfile]
    /// Per-process folder of the scratch files.
    let scratchFolder: String

    /// Loads the territory, the XSD and the profiles shipped in `Imports/`: those of the working
    /// folder when there is one (Scripts/fuzz.sh runs from the package's root), else the tool's
    /// resources. (Looking up the resource bundle leaks a few Foundation objects, which
    /// LeakSanitizer would blame on the first input.)
    /// - Throws: `FuzzSetupError` when a file is missing or unreadable.
    static func load() throws(FuzzSetupError) -> FuzzHarness {
        let local = FileManager.default.currentDirectoryPath + "/Imports"
        let useLocal = FileManager.default.fileExists(atPath: local + "/territoire.csv")
        func resource(_ name: String) throws(FuzzSetupError) -> String {
            if useLocal {
                let path = local + "/" + name
                guard FileManager.default.fileExists(atPath: path) else { throw .missingResource(name) }
                return path
            }
            guard let url = BourseResources.url(name) else { throw .missingResource(name) }
            return url.path
        }
        let territory: Territory
        let csvProfile: MappingProfile
        var xmlProfiles: [XMLMappingProfile] = []
        do {
            territory = try Territory(communes: TerritoryFile.read(path: resource("territoire.csv")))
            csvProfile = try MappingProfile.load(path: resource("profils/villepinte.json"))
            for name in ["logis-plaine-de-france", "cooperative-habitat-93"] {
                xmlProfiles.append(try XMLMappingProfile.load(path: resource("profils/\(name).json")))
            }
        } catch let error as FuzzSetupError {
            throw error
        } catch {
            throw .unusable("Imports", reason: (error as? any LocalizedError)?.errorDescription ?? "\(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-fuzz-\(getpid())").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unusable(folder, reason: error.localizedDescription)
        }
        return FuzzHarness(
            territory: territory, schemaPath: try resource("inventaire-bailleur.xsd"),
            csvProfile: csvProfile, xmlProfiles: xmlProfiles, scratchFolder: folder)
    }

    /// Removes the scratch folder.
    func cleanUp() {
        try? FileManager.default.removeItem(atPath: scratchFolder)
    }

    /// Writes `input` to the target's scratch file and feeds it to the target's readers.
    func run(_ target: FuzzTarget, _ input: UnsafeBufferPointer<UInt8>) {
        if target == .output {
            var outcomes: [String]?
            OutputCheck.run(input, outcomes: &outcomes)
            return
        }
        let path = scratchFolder + "/" + target.scratchName
        store(input, to: path)
        var outcomes: [String]?
        read(target, path: path, bytes: input, outcomes: &outcomes)
    }

    /// Replays a file: the same checks as `run`, and what each reading gave.
    func replay(_ target: FuzzTarget, path: String, bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var outcomes: [String]? = []
        read(target, path: path, bytes: bytes, outcomes: &outcomes)
        return outcomes ?? []
    }

    /// Reads a file as a user would: a CSV without a profile, then with Villepinte's when no header
    /// is recognised and the profile's reference column is there; an XML file as the bourse's
    /// format, or with the landlord's profile its root element names (as without `--mapping`).
    private func read(_ target: FuzzTarget, path: String, bytes: UnsafeBufferPointer<UInt8>, outcomes: inout [String]?) {
        let lines = Self.physicalLines(bytes)
        switch target {
        case .csv:
            checkChunking(bytes)
            checkThreadedReading(path: path)
            let refusal = check(label: "CSV", lines: lines, outcomes: &outcomes) { () throws(InventoryReadError) in
                try CSVInventoryReader(path: path, territory: territory, profile: nil)
            }
            // Villepinte's profile only for a file that has its reference column: trying it on every
            // file without a header would double the cost of most mutated inputs for one code path.
            guard case .headerNotFound = refusal, Self.contains(bytes, Self.villepinteReference) else { return }
            _ = check(label: "CSV, profil de Villepinte", lines: lines, outcomes: &outcomes) { () throws(InventoryReadError) in
                try CSVInventoryReader(path: path, territory: territory, profile: csvProfile)
            }
        case .xml:
            checkFormatTracking(path: path)
            // As `bourse import` without --mapping: the bourse's format, or a landlord's shape
            // recognised by its root element.
            _ = check(label: "XML, format de la bourse ou profil reconnu", lines: lines, outcomes: &outcomes) { () throws(InventoryReadError) in
                try XMLInventoryReader(path: path, territory: territory, profile: nil, schemaPath: schemaPath, knownProfiles: xmlProfiles)
            }
        case .output:
            OutputCheck.run(bytes, outcomes: &outcomes)
        }
    }

    // MARK: - Checks

    /// Opens and reads one file, checking each record handed over and the summary.
    /// - Parameter outcomes: when not `nil`, what the reading gave is appended.
    /// - Returns: the error that refused the whole file, if any.
    private func check(
        label: String, lines: Int, outcomes: inout [String]?, open: () throws(InventoryReadError) -> any InventoryReader
    ) -> InventoryReadError? {
        let reader: any InventoryReader
        do {
            reader = try open()
        } catch {
            checkRefusal(label: label, error, outcomes: &outcomes)
            return error
        }
        var accepted = 0
        var rejected = 0
        var warnings = 0
        var lastLine = 0
        do {
            // Through the same pipeline as `bourse import` (the reader on a thread of its own).
            let summary = try InventoryReadPipeline.read(
                reader,
                progress: nil,
                accept: { premises, line in
                    accepted += 1
                    checkLine(label: label, line, last: &lastLine, lines: lines)
                    checkPremises(label: label, premises, line: line)
                },
                reject: { reject in
                    rejected += 1
                    checkLine(label: label, reject.line, last: &lastLine, lines: lines)
                    expect(!reject.issues.isEmpty, label, "rejet ligne \(reject.line) sans motif")
                    expect(reject.issues.allSatisfy { !$0.message.isEmpty }, label, "rejet ligne \(reject.line) avec un motif vide")
                },
                warn: { diagnostic in
                    warnings += 1
                    expect(!diagnostic.message.isEmpty, label, "avertissement vide")
                })
            expect(summary.accepted == accepted, label, "résumé : \(summary.accepted) acceptés annoncés, \(accepted) reçus")
            expect(summary.rejected == rejected, label, "résumé : \(summary.rejected) rejets annoncés, \(rejected) reçus")
            expect(summary.warnings == warnings, label, "résumé : \(summary.warnings) avertissements annoncés, \(warnings) reçus")
            expect(
                summary.records == accepted + rejected, label,
                "résumé : \(summary.records) enregistrements pour \(accepted) acceptés et \(rejected) rejetés")
            outcomes?.append("\(label) : \(accepted) accepté(s), \(rejected) rejeté(s)")
            return nil
        } catch let error as InventoryReadError {
            checkRefusal(label: label, error, outcomes: &outcomes)
            return error
        } catch {
            finding(label, "erreur d'un type inattendu \(type(of: error)) : \(error)")
        }
    }

    /// The same CSV file scanned ahead and validated on a helper thread, by batches of two records,
    /// gives exactly what a plain reading on one thread gives: records, lines, rejects, warnings,
    /// counts and refusal.
    private func checkThreadedReading(path: String) {
        func reading(threaded: Bool) -> [String] {
            var seen: [String] = []
            do {
                let reader = try CSVInventoryReader(path: path, territory: territory, profile: nil)
                reader.scansAhead = threaded
                reader.validatesInParallel = threaded
                if threaded { reader.batchRecordLimit = 2 }
                let summary = try reader.read(
                    accept: { seen.append("accepté ligne \($1) : \($0)") },
                    reject: { seen.append("rejet : \($0)") },
                    warn: { seen.append("avertissement : \($0)") })
                seen.append("résumé : \(summary.records) \(summary.blankRecords) \(summary.accepted) \(summary.rejected) \(summary.warnings)")
            } catch {
                seen.append("refus : \(error)")
            }
            return seen
        }
        let plain = reading(threaded: false)
        let threaded = reading(threaded: true)
        if let difference = Self.firstDifference(plain, threaded) {
            finding(
                "CSV sur plusieurs fils",
                "lecture différente de la lecture simple à l'élément \(difference.index) : « \(difference.first) » / « \(difference.second) »")
        }
    }

    /// Where two readings of a file part: the position and what each gave there ("rien" past its end).
    private static func firstDifference(_ first: [String], _ second: [String]) -> (index: Int, first: String, second: String)? {
        guard first != second else { return nil }
        let index = zip(first, second).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(first.count, second.count)
        return (index, index < first.count ? first[index] : "rien", index < second.count ? second[index] : "rien")
    }

    /// A file read as the bourse's own format gives the same outcome whether
    /// `BourseFormatConformance` follows it (libxml2's schema check only once the tracker gives
    /// up) or libxml2 checks it from the start: the same premises on the same lines, the same
    /// rejects, warnings and counts; when either reading refuses the whole file, the same refusal
    /// (what was handed over before it depends on the schema check's thread). Only for the
    /// bourse's format: a landlord's profile has no schema, and the other inputs skip the two
    /// extra readings.
    private func checkFormatTracking(path: String) {
        let label = "XML, suivi du format de la bourse"
        func opened() -> XMLInventoryReader? {
            // A file refused at opening is the main check's business.
            try? XMLInventoryReader(path: path, territory: territory, profile: nil, schemaPath: schemaPath, knownProfiles: xmlProfiles)
        }
        guard let followed = opened(), followed.profile.schemaPath != nil, let checked = opened() else { return }
        checked.followsBourseFormat = false
        func reading(_ reader: XMLInventoryReader) -> (seen: [String], refusal: String?) {
            var seen: [String] = []
            do {
                let summary = try reader.read(
                    accept: { seen.append("accepté ligne \($1) : \($0)") },
                    reject: { seen.append("rejet ligne \($0.line) [\($0.fields)] : \($0.reason)") },
                    warn: { seen.append("avertissement : \($0)") })
                seen.append(
                    "résumé : \(summary.records) enregistrements, \(summary.accepted) acceptés, \(summary.rejected) rejetés, \(summary.warnings) avertissements")
                return (seen, nil)
            } catch {
                return (seen, (error as? any LocalizedError)?.errorDescription ?? "\(error)")
            }
        }
        let withTracker = reading(followed)
        let withLibxml2 = reading(checked)
        if withTracker.refusal != nil || withLibxml2.refusal != nil {
            expect(
                withTracker.refusal == withLibxml2.refusal, label,
                "refus différents : avec le suivi « \(withTracker.refusal ?? "pas de refus, \(withTracker.seen.last ?? "")") », avec libxml2 seul « \(withLibxml2.refusal ?? "pas de refus, \(withLibxml2.seen.last ?? "")") »")
            return
        }
        if let difference = Self.firstDifference(withTracker.seen, withLibxml2.seen) {
            finding(
                label,
                "lecture différente de celle de libxml2 seul à l'élément \(difference.index) : avec le suivi « \(difference.first) », avec libxml2 seul « \(difference.second) »")
        }
    }

    private func checkRefusal(label: String, _ error: InventoryReadError, outcomes: inout [String]?) {
        let message = error.errorDescription ?? ""
        expect(!message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, label, "fichier refusé sans message : \(error)")
        outcomes?.append("\(label) : fichier refusé : \(message)")
    }

    private func checkLine(label: String, _ line: Int, last: inout Int, lines: Int) {
        expect(line >= 1 && line <= lines, label, "ligne \(line) hors du fichier (\(lines) lignes)")
        expect(line >= last, label, "ligne \(line) après la ligne \(last) : enregistrements dans le désordre")
        last = line
    }

    /// What the validation promises of an accepted premises (README, « Validation »).
    private func checkPremises(label: String, _ premises: Premises, line: Int) {
        let at = "ligne \(line) acceptée"
        expect(!premises.reference.trimmingCharacters(in: .whitespaces).isEmpty, label, "\(at) sans référence")
        expect(territory.commune(insee: premises.communeInsee) != nil, label, "\(at) avec la commune « \(premises.communeInsee) » hors du territoire")
        expect(premises.surface.isFinite && premises.surface > 0, label, "\(at) avec une surface de \(premises.surface) m²")
        for (name, amount) in [
            ("loyer mensuel", premises.rent?.monthly), ("loyer au m² par an", premises.rent?.perSquareMetreYear),
            ("charges", premises.charges), ("loyer de marché", premises.marketRent),
        ] {
            guard let amount else { continue }
            expect(amount.isFinite && amount >= 0, label, "\(at) avec un \(name) de \(amount)")
        }
    }

    /// One record as the scanner gives it.
    private struct ScannedRecord: Equatable {
        var line: Int
        var fields: [[UInt8]]
        var raw: [UInt8]
    }

    /// The CSV scanner gives the same records, lines and raw bytes whatever the size of its chunks:
    /// inputs shorter than the reader's 1 MiB chunk never cross a boundary, so the scanner is run
    /// in memory twice, with one chunk for the whole input and with small chunks (4 to 64 bytes,
    /// chosen by the input's length).
    private func checkChunking(_ bytes: UnsafeBufferPointer<UInt8>) {
        let input = Array(bytes)
        let delimiter = DialectSniffer.sniff(input)?.delimiter ?? UInt8(ascii: ";")
        func scan(chunkSize: Int) -> (records: [ScannedRecord], error: CSVError?) {
            let scanner = CSVScanner(bytes: input, delimiter: delimiter, chunkSize: chunkSize)
            var records: [ScannedRecord] = []
            do {
                while try scanner.next() {
                    let fields = (0..<scanner.fieldCount).map { Array(scanner.field($0)) }
                    records.append(ScannedRecord(line: scanner.line, fields: fields, raw: Array(scanner.rawBytes)))
                }
            } catch let error as CSVError {
                return (records, error)
            } catch {
                finding("CSV, découpage", "erreur d'un type inattendu \(type(of: error)) : \(error)")
            }
            return (records, nil)
        }
        let whole = scan(chunkSize: input.count + 1)
        let small = 4 + input.count % 61
        let pieces = scan(chunkSize: small)
        guard whole.records != pieces.records || whole.error != pieces.error else { return }
        let index = zip(whole.records, pieces.records).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(whole.records.count, pieces.records.count)
        finding(
            "CSV, découpage",
            "morceaux de \(small) octets : enregistrement n° \(index + 1) différent (\(whole.records.count) enregistrements en un morceau, \(pieces.records.count) en petits morceaux ; erreurs \(String(describing: whole.error)) / \(String(describing: pieces.error)))")
    }

    private func expect(_ condition: Bool, _ label: String, _ message: @autoclosure () -> String) {
        if !condition { finding(label, message()) }
    }

    /// Reports a broken promise and aborts, so that libFuzzer saves the input.
    private func finding(_ label: String, _ message: String) -> Never {
        printError("bourse-fuzz : anomalie (\(label)) : \(message)")
        abort()
    }

    // MARK: - Files

    /// Writes the bytes through POSIX calls (cheaper than Foundation on every input).
    private func store(_ input: UnsafeBufferPointer<UInt8>, to path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { setupFailure("écriture de « \(path) » impossible : \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < input.count, let base = input.baseAddress {
            let written = write(descriptor, base + offset, input.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                setupFailure("écriture de « \(path) » impossible : \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    private func setupFailure(_ message: String) -> Never {
        printError("bourse-fuzz : \(message)")
        exit(1)
    }

    /// The header of Villepinte's reference column (`Imports/profils/villepinte.json`).
    static let villepinteReference = Array("Num. lot".utf8)

    /// Whether `bytes` hold `needle`.
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == first && needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) { return true }
            index += 1
        }
        return false
    }

    /// Lines as the readers count them: LF, CRLF or a lone CR ends one.
    static func physicalLines(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        var lines = 1
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x0A {
                lines += 1
            } else if byte == 0x0D {
                lines += 1
                if index + 1 < input.count && input[index + 1] == 0x0A { index += 1 }
            }
            index += 1
        }
        return lines
    }
}
