import Foundation
import Testing

/// Golden files: expected renderings stored under `Golden/` (a test resource). A test fails on
/// any byte of difference; `BOURSE_UPDATE_GOLDEN=1 swift test --filter GoldenTests` records the
/// current renderings instead (then review them with `git diff` before committing).
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["BOURSE_UPDATE_GOLDEN"] == "1" }

    /// The golden folder in the source tree (where recordings go).
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Compares `actual` with the golden file `name`, byte for byte.
    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = Data(actual.utf8)
        if updating {
            try FileManager.default.createDirectory(at: sourceDirectory, withIntermediateDirectories: true)
            try bytes.write(to: sourceDirectory.appendingPathComponent(name))
            return
        }
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"),
              let expected = try? Data(contentsOf: url)
        else {
            Issue.record("golden file Golden/\(name) is missing: record it with BOURSE_UPDATE_GOLDEN=1 swift test --filter GoldenTests", sourceLocation: sourceLocation)
            return
        }
        guard bytes != expected else { return }
        let actualFile = FileManager.default.temporaryDirectory.appendingPathComponent("golden-actual-\(name)")
        try? bytes.write(to: actualFile)
        Issue.record("""
            \(name) differs from its golden file: \(firstDifference(expected: expected, actual: bytes))
            actual output written to \(actualFile.path) (diff it with Tests/BourseReportsTests/Golden/\(name)); \
            if the change is intended, re-record with BOURSE_UPDATE_GOLDEN=1 swift test --filter GoldenTests
            """, sourceLocation: sourceLocation)
    }

    /// The first line that differs, quoted from both sides.
    static func firstDifference(expected: Data, actual: Data) -> String {
        // CRLF is one Character in Swift: split on any newline character.
        let lines: (Data) -> [String] = { data in
            String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        }
        let old = lines(expected)
        let new = lines(actual)
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? old[index] : "<end of file>"
            let b = index < new.count ? new[index] : "<end of file>"
            if a != b { return "line \(index + 1): expected «\(a)», got «\(b)»" }
        }
        return "same text, different bytes"
    }
}
