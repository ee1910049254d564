import Foundation

#if BOURSE_FUZZING
import CLibFuzzer
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzzing harness of the CSV and XML inventory readers, and of the CSV and HTML writers.
///
/// Built by `Scripts/fuzz.sh` with libFuzzer (`-sanitize=fuzzer,address -DBOURSE_FUZZING`), it
/// hands its arguments to libFuzzer and feeds every input to the readers (or the writers) of the
/// target named by `BOURSE_FUZZ_TARGET` (`csv`, `xml` or `output`). Built plainly (`swift build`), it replays files:
/// `bourse-fuzz FILE…` runs each file (or each file of a folder) through the same checks, for the
/// target named by `BOURSE_FUZZ_TARGET` or all of them, and says what the readers made of it.
@main
enum BourseFuzz {
    static func main() {
        let session = FuzzSession.shared
        #if BOURSE_FUZZING
        guard session.targets.count == 1 else {
            printError("bourse-fuzz : choisissez la cible avec BOURSE_FUZZ_TARGET=csv, xml ou output")
            exit(2)
        }
        atexit { FuzzSession.shared.harness.cleanUp() }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let session = FuzzSession.shared
            session.harness.run(session.targets[0], UnsafeBufferPointer(start: data, count: size))
            return 0
        })
        #else
        defer { session.harness.cleanUp() }
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty, !arguments.contains(where: { $0 == "-h" || $0 == "--help" }) else {
            print("""
                usage : bourse-fuzz FICHIER|DOSSIER…
                Relit chaque fichier avec les lecteurs fuzzés (BOURSE_FUZZ_TARGET=csv ou xml) ou en fait des \
                valeurs pour les écritures CSV et HTML (output), sinon les trois, et vérifie ce qu'ils rendent. Pour fuzzer : Scripts/fuzz.sh.
                """)
            exit(arguments.isEmpty ? 2 : 0)
        }
        var status: Int32 = 0
        for path in replayFiles(arguments) {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("bourse-fuzz : « \(path) » illisible")
                status = 1
                continue
            }
            for target in session.targets {
                let outcomes = data.withUnsafeBytes { raw in
                    session.harness.replay(target, path: path, bytes: raw.bindMemory(to: UInt8.self))
                }
                for line in outcomes { print("\(path) : \(line)") }
            }
        }
        exit(status)
        #endif
    }

    /// The files named, and the files (not hidden) found in the folders named, in path order.
    static func replayFiles(_ arguments: some Sequence<String>) -> [String] {
        var files: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(argument)
                continue
            }
            var found: [String] = []
            let walker = FileManager.default.enumerator(atPath: argument)
            while let name = walker?.nextObject() as? String {
                let path = argument + "/" + name
                guard !URL(fileURLWithPath: name).lastPathComponent.hasPrefix(".") else { continue }
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.append(path)
                }
            }
            files += found.sorted()
        }
        return files
    }
}

/// The harness and the targets of this process, set up on first use (libFuzzer's callback is a C
/// function: it finds them here).
struct FuzzSession: Sendable {
    let harness: FuzzHarness
    let targets: [FuzzTarget]

    static let shared: FuzzSession = {
        do {
            var targets = FuzzTarget.allCases
            if let name = ProcessInfo.processInfo.environment["BOURSE_FUZZ_TARGET"], !name.isEmpty {
                guard let target = FuzzTarget(rawValue: name) else { throw FuzzSetupError.unknownTarget(name) }
                targets = [target]
            }
            return FuzzSession(harness: try FuzzHarness.load(), targets: targets)
        } catch {
            printError("bourse-fuzz : \((error as? any LocalizedError)?.errorDescription ?? "\(error)")")
            exit(1)
        }
    }()
}

/// Writes a line on the standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
