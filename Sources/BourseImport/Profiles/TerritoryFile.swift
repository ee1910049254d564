import BourseCore
import Foundation

/// Reads the territory file of `Imports/` (`code_insee;code_postal;nom;variantes`, postal codes
/// and variants separated by `|`), with the same CSV reader as the inventories.
public enum TerritoryFile {
    /// Errors that make a territory file unusable.
    public enum Error: Swift.Error, Sendable, Equatable, LocalizedError {
        case unreadable(String)
        case missingColumns(file: String, missing: [String])
        case badRow(file: String, line: Int, reason: String)

        public var errorDescription: String? {
            switch self {
            case .unreadable(let reason): "fichier de territoire illisible : \(reason)"
            case let .missingColumns(file, missing): "\(file) : colonnes absentes : \(missing.joined(separator: ", ")) (attendu code_insee;code_postal;nom;variantes)"
            case let .badRow(file, line, reason): "\(file):\(line) : \(reason)"
            }
        }
    }

    /// Reads the communes of a territory file.
    public static func read(path: String) throws(TerritoryFile.Error) -> [Commune] {
        let name = URL(fileURLWithPath: path).lastPathComponent
        do {
            let facts = try ChunkedFile.facts(path: path)
            let scanner = try CSVScanner(file: ChunkedFile(path: path), skip: facts.bomLength, delimiter: UInt8(ascii: ";"))
            var columns: [String: Int] = [:]
            var communes: [Commune] = []
            while try scanner.next() {
                if scanner.isBlank { continue }
                let cells = (0..<scanner.fieldCount).map { facts.encoding.decode(scanner.field($0)) }
                if columns.isEmpty {
                    for (index, cell) in cells.enumerated() { columns[HeaderMatcher.normalise(cell)] = index }
                    let missing = ["code insee", "code postal", "nom"].filter { columns[$0] == nil }
                    if !missing.isEmpty { throw Error.missingColumns(file: name, missing: missing) }
                    continue
                }
                func cell(_ key: String) -> String {
                    guard let index = columns[key], index < cells.count else { return "" }
                    return cells[index]
                }
                let insee = cell("code insee")
                let communeName = cell("nom")
                guard !insee.isEmpty, !communeName.isEmpty else {
                    throw Error.badRow(file: name, line: scanner.line, reason: "code INSEE et nom obligatoires")
                }
                let split: (String) -> [String] = { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
                communes.append(Commune(inseeCode: insee, postalCodes: split(cell("code postal")), name: communeName, variants: split(cell("variantes"))))
            }
            if columns.isEmpty { throw Error.missingColumns(file: name, missing: ["code_insee", "code_postal", "nom"]) }
            return communes
        } catch let error as TerritoryFile.Error {
            throw error
        } catch let error as InputFileError {
            throw .unreadable(error.errorDescription ?? "\(error)")
        } catch let error as CSVError {
            throw .unreadable("\(name) : \(error)")
        } catch {
            throw .unreadable("\(error)")
        }
    }
}
