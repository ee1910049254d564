import BourseImport
import BourseReports
import BourseService

/// The kinds of file the tool writes, each recognised by its first bytes, so that an output
/// replaces a file of its kind written earlier (last month's report) and never a user's own file
/// (`OutputFile`).
enum OutputKind {
    case rejects
    case text
    case html
    case landlordCSV
    case json
    case solverProfile
    case solverAnswer

    /// Whether `head`, the first bytes of an existing file, are those of a file of this kind.
    var recognises: @Sendable ([UInt8]) -> Bool {
        switch self {
        case .rejects:
            return RejectsFile.isRejectsFile
        case .text:
            return { $0.starts(with: Array("Rapport au bailleur ".utf8)) }
        case .html:
            return { head in
                guard head.starts(with: Array("<!DOCTYPE html>".utf8)) else { return false }
                let text = String(decoding: head, as: UTF8.self)
                return text.contains(HTMLReport.generatorMeta)
                    // Pages written before the generator mark.
                    || text.contains("<title>Bourse foncière ESS") || text.contains("<title>Rapport au bailleur")
            }
        case .landlordCSV:
            return { $0.starts(with: Array((FrenchCSV.bom + "Local;Référence;Commune;").utf8)) }
        case .json:
            return { $0.starts(with: Array("{\n  \"bailleur\" : ".utf8)) }
        case .solverProfile:
            return { $0.starts(with: Array("{\n  \"kind\": ".utf8)) }
        case .solverAnswer:
            return { $0.starts(with: Array("{\n  \"hospital_to_residents\": ".utf8)) || $0.starts(with: Array("{\n  \"assignment\": ".utf8)) }
        }
    }
}

/// Writes a whole output file safely (`OutputFile`: checked, written beside, renamed over).
/// - Parameters:
///   - database: the command's database (never replaced), if any.
///   - inputs: the files the command reads (never replaced).
func writeOutputFile(_ bytes: [UInt8], to path: String, kind: OutputKind, database: String?, inputs: [String] = []) throws {
    let file = try OutputFile(path: path, database: database, inputs: inputs, isOurs: kind.recognises)
    try file.write(bytes)
    try file.commit()
}

func writeOutputFile(_ text: String, to path: String, kind: OutputKind, database: String?, inputs: [String] = []) throws {
    try writeOutputFile(Array(text.utf8), to: path, kind: kind, database: database, inputs: inputs)
}
