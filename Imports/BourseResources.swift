import Foundation

/// Locates the files of `Imports/` (territory, sample inventories, mapping profiles, demo manifest).
///
/// The files are bundled as package resources so that the tool finds them from any working folder.
/// The lookup never traps: when the bundle cannot be found it falls back on an `Imports/` folder in
/// the working directory, then reports `nil`.
public enum BourseResources {
    /// Name of the resource bundle SwiftPM builds beside the executable.
    static let bundleName = "Bourse_BourseResources.resources"

    /// The folder holding the bundled `Imports/` files, or `nil` when it cannot be found.
    public static func directory() -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName))
        // Test bundles live beside the resource bundle in the build folder.
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(bundleName))
        }
        candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent("Imports"))
        for candidate in candidates {
            let probe = candidate.appendingPathComponent("territoire.csv")
            if fileManager.fileExists(atPath: probe.path) { return candidate }
        }
        return nil
    }

    /// The URL of one bundled file, for example `territoire.csv` or `communes/drancy-2026-03-31.csv`.
    public static func url(_ relativePath: String) -> URL? {
        guard let directory = directory() else { return nil }
        let url = directory.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
