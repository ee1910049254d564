import BourseCore
import Foundation

/// The 8 communes of Paris Terres d'Envol, read from the territory the tool ships
/// (`Imports/territoire.csv`), so that the tests and the tool never drift apart. The file is read
/// here with a plain split (four columns, `;`, `|` between variants), not through BourseImport,
/// so that the core's tests depend on the core alone.
public let ptdeCommunes: [Commune] = {
    let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Imports/territoire.csv")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
        fatalError("territory not found at \(file.path)")
    }
    return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
        let cells = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard cells.count == 4 else { fatalError("bad territory line: \(line)") }
        return Commune(
            inseeCode: cells[0], postalCodes: cells[1].split(separator: "|").map(String.init), name: cells[2],
            variants: cells[3].split(separator: "|").map(String.init))
    }
}()
