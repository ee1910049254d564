// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Bourse",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bourse", targets: ["bourse"]),
        .library(name: "BourseCore", targets: ["BourseCore"]),
        .library(name: "BourseImport", targets: ["BourseImport"]),
        .library(name: "BourseAudit", targets: ["BourseAudit"]),
        .library(name: "BourseStore", targets: ["BourseStore"]),
        .library(name: "BourseReports", targets: ["BourseReports"]),
        .library(name: "BourseService", targets: ["BourseService"]),
        .library(name: "BourseWeb", targets: ["BourseWeb"]),
        // The fuzzing harness of the CSV and XML readers (Scripts/fuzz.sh builds it with libFuzzer).
        .executable(name: "bourse-fuzz", targets: ["BourseFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The portal: HTTP server, sessions, authorization policies, bcrypt, multipart uploads.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure domain: no files, no database, no printing.
        .target(name: "BourseCore"),
        // Bytes to core values plus diagnostics: CSV (hand-written reader) and XML (libxml2).
        .target(
            name: "BourseImport",
            dependencies: [
                "BourseCore", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
                // SQLite's C API only: the duplicate check of very large files spills to a temporary file.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The audit formats of `bourse solve` and `bourse round export`: solver profiles and answers,
        // read and written as UTF-8 bytes (a byte-level JSON scanner, no Foundation object per value).
        .target(name: "BourseAudit", dependencies: ["BourseCore"]),
        // SQLite through GRDB.
        .target(
            name: "BourseStore",
            dependencies: [
                "BourseCore", "BourseImport", "CSQLiteSetup", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "BourseReports",
            dependencies: ["BourseCore", "BourseStore", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // The application layer: one call per user action, for the command line and the portal.
        .target(
            name: "BourseService",
            dependencies: [
                "BourseCore", "BourseImport", "BourseAudit", "BourseStore", "BourseReports", "BourseResources",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The web portal (`bourse serve`): pages over the application layer, for communes,
        // landlords and the Direction ESS.
        .target(
            name: "BourseWeb",
            dependencies: [
                "BourseCore", "BourseStore", "BourseReports", "BourseService", "BourseImport", "BourseResources",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
        ),
        // The samples, territory and mapping profiles of Imports/, bundled so the tool finds them
        // from any folder.
        .target(
            name: "BourseResources",
            path: "Imports",
            exclude: ["README.md"],
            sources: ["BourseResources.swift"],
            resources: [
                .copy("territoire.csv"), .copy("communes"), .copy("profils"), .copy("demo.json"),
                .copy("structures.csv"), .copy("besoins.csv"), .copy("bailleurs"), .copy("inventaire-bailleur.xsd"),
                .copy("geo"),
            ]
        ),
        // One call to SQLite's variadic `sqlite3_config`, which Swift cannot make.
        .target(name: "CSQLiteSetup", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .executableTarget(
            name: "bourse",
            dependencies: [
                "BourseCore", "BourseImport", "BourseAudit", "BourseStore", "BourseReports", "BourseService",
                "BourseWeb", "BourseResources", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Feeds mutated inputs to the CSV and XML readers, and values made of them to the CSV writer.
        // Built plainly it replays files; built by Scripts/fuzz.sh with `-sanitize=fuzzer,address
        // -DBOURSE_FUZZING` it runs libFuzzer.
        .executableTarget(
            name: "BourseFuzz",
            dependencies: ["BourseCore", "BourseImport", "BourseReports", "BourseResources", "CLibFuzzer"]
        ),
        // libFuzzer's driver entry point, declared only (the sanitizer runtime defines it).
        .systemLibrary(name: "CLibFuzzer"),
        // What several test targets share (a seeded generator).
        .target(name: "BourseTestSupport", dependencies: ["BourseCore"], path: "Tests/BourseTestSupport"),
        .testTarget(name: "BourseCoreTests", dependencies: ["BourseCore", "BourseTestSupport"]),
        .testTarget(
            name: "BourseImportTests",
            dependencies: ["BourseImport", "BourseCore", "BourseResources", "BourseTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "BourseAuditTests", dependencies: ["BourseAudit", "BourseCore", "BourseTestSupport"]),
        .testTarget(
            name: "BourseStoreTests",
            dependencies: [
                "BourseStore", "BourseImport", "BourseCore", "BourseResources", "BourseTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BourseReportsTests",
            dependencies: ["BourseReports", "BourseCore", "BourseStore", "BourseTestSupport"],
            resources: [.copy("Golden")]
        ),
        // A second client of the application layer, standing in for the portal.
        .testTarget(
            name: "BourseServiceTests",
            dependencies: ["BourseService", "BourseCore", "BourseImport", "BourseStore", "BourseReports", "BourseResources", "BourseTestSupport"]
        ),
        .testTarget(
            name: "BourseWebTests",
            dependencies: [
                "BourseWeb", "BourseService", "BourseCore", "BourseStore", "BourseResources", "BourseTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "bourseTests",
            dependencies: ["bourse", "BourseStore", "BourseResources", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
