import Foundation
import Testing

/// What one run of the `bourse` executable did.
struct CLIRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutBytes: Data

    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

    /// No Swift crash report in either stream.
    var hasNoBacktrace: Bool {
        for text in [stdout, stderr] {
            for marker in ["Fatal error", "Stack dump", "backtrace", "Crash", "Current stack trace"] where text.contains(marker) {
                return false
            }
        }
        return true
    }
}

enum BourseExecutable {
    /// The folder holding the test bundle, hence the built products (`bourse`, resource bundles).
    static let productsDirectory: URL? = {
        var candidates: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        // On Linux the test "bundle" is an executable: the running program.
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        // Fallback: the package's default build folder.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("bourse").path) }
    }()

    static func url() throws -> URL {
        let directory = try #require(productsDirectory, "the bourse executable was not found beside the test bundle")
        return directory.appendingPathComponent("bourse")
    }
}

/// A temporary working folder for one test, removed when released.
final class WorkFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    func contents(_ name: String) throws -> Data { try Data(contentsOf: url.appendingPathComponent(name)) }

    /// Runs `bourse ARGS` in this folder, with `BOURSE_DB` removed from the environment unless given.
    func bourse(_ arguments: String..., environment: [String: String] = [:]) throws -> CLIRun {
        try run(arguments, environment: environment)
    }

    /// Runs `bourse ARGS` with standard output sent to `standardOutput` (a device such as
    /// `/dev/full`) instead of a file the test reads.
    func bourse(_ arguments: String..., standardOutput: String) throws -> CLIRun {
        try run(arguments, standardOutputPath: standardOutput)
    }

    /// Runs `sh -c SCRIPT` in this folder, with `$BOURSE` naming the executable (for `ulimit`).
    func shell(_ script: String) throws -> CLIRun {
        try run(["-c", script], environment: ["BOURSE": try BourseExecutable.url().path], executable: URL(fileURLWithPath: "/bin/sh"))
    }

    func run(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil, standardOutputPath: String? = nil) throws -> CLIRun {
        let process = Process()
        process.executableURL = try executable ?? BourseExecutable.url()
        process.arguments = arguments
        process.currentDirectoryURL = url
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "BOURSE_DB")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Files, not pipes: a large output can never block the child.
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-out-\(UUID().uuidString)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: standardOutputPath.map { URL(fileURLWithPath: $0) } ?? outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return CLIRun(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A small Drancy inventory: two good rows, one reject whose raw line starts with `=`.
let drancyCSV = """
    Référence;Commune;Adresse;Type;Surface;Loyer mensuel
    D-001;Drancy;1 rue de la République;bureau;50;500
    =1+1;Drancy;2 rue de la Paix;bureau;abc;100
    D-003;Drancy;3 rue Anatole France;atelier;80,5;

    """

/// A small Le Bourget inventory.
let bourgetCSV = """
    Référence;Commune;Adresse;Type;Surface;Loyer mensuel
    LB-01;Le Bourget;54 avenue de la Division Leclerc;commerce;70;700
    LB-02;Bourget;3 rue Anizan Cavillon;bureau;32,5;300

    """

/// Parses JSON output as an array of objects.
func jsonObjects(_ run: CLIRun) throws -> [[String: Any]] {
    let value = try JSONSerialization.jsonObject(with: run.stdoutBytes)
    return try #require(value as? [[String: Any]], "not an array of objects: \(run.stdout)")
}
