// swift-tools-version:6.0
import PackageDescription

/// Plimsoll: a container security scanner and hardening auditor.
///
/// One module per pipeline stage (see DESIGN.md); a stage imports only stages to its left.
/// The compiler checks that a module names every module it uses (`MemberImportVisibility`)
/// and exports none by accident (`InternalImportsByDefault`).
let strictImports: [SwiftSetting] = [
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "Plimsoll",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "plimsoll", targets: ["plimsoll"]),
    .library(name: "PlimsollCore", targets: ["PlimsollCore"]),
    // The parsers' fuzzing entry points, for the fuzz executables of the Fuzz/ package.
    .library(name: "PlimsollFuzzTargets", targets: ["PlimsollFuzzTargets"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    // The HTTP server of `plimsoll server`; in tests also the one serving advisory mirrors.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    // The server's store and metrics (`plimsoll server`).
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
  ],
  targets: [
    // System C libraries (Debian: zlib1g-dev, libzstd-dev, libisal-dev).
    .systemLibrary(name: "CPlimsollZlib", path: "Sources/CPlimsollZlib", pkgConfig: "zlib",
                   providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CPlimsollZstd", path: "Sources/CPlimsollZstd", pkgConfig: "libzstd",
                   providers: [.apt(["libzstd-dev"])]),
    // Intel ISA-L's igzip: gzip layers inflate about four times faster than with zlib.
    .systemLibrary(name: "CPlimsollISAL", path: "Sources/CPlimsollISAL", pkgConfig: "libisal",
                   providers: [.apt(["libisal-dev"])]),

    // Process settings the command line applies (glibc allocator tuning).
    .target(name: "CPlimsollSystem", path: "Sources/CPlimsollSystem"),

    // Diagnostics: warnings and input errors, which every stage may report.
    .target(name: "PlimsollDiagnostics", path: "Sources/PlimsollDiagnostics",
            swiftSettings: strictImports),
    // Findings: the one result model every scanner reports through.
    .target(name: "PlimsollFindings", dependencies: ["PlimsollDiagnostics"],
            path: "Sources/PlimsollFindings", swiftSettings: strictImports),
    // Policy: what a user asked to see (severities, ignore file, exit code).
    .target(name: "PlimsollPolicy",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollVersions",
                           .product(name: "Yams", package: "Yams")],
            path: "Sources/PlimsollPolicy", swiftSettings: strictImports),
    // Versions: ordering and range matching per ecosystem.
    .target(name: "PlimsollVersions", path: "Sources/PlimsollVersions"),
    // IO: byte streams, decompression, tar, digests.
    .target(name: "PlimsollIO",
            dependencies: ["PlimsollDiagnostics", "CPlimsollZlib", "CPlimsollZstd", "CPlimsollISAL",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/PlimsollIO"),
    // Source: docker-archive, OCI layout, rootfs -> Artifact.
    .target(name: "PlimsollSource", dependencies: ["PlimsollDiagnostics", "PlimsollIO"],
            path: "Sources/PlimsollSource"),
    // Layers: the layer engine (walk, whiteout merge, facts cache, file-analyzer seam).
    .target(name: "PlimsollLayers",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollIO", "PlimsollSource"],
            path: "Sources/PlimsollLayers", swiftSettings: strictImports),
    // Catalog: OS and language package catalogers -> Inventory.
    .target(name: "PlimsollCatalog",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollIO", "PlimsollLayers",
                           "PlimsollVersions", "CPlimsollZlib",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Yams", package: "Yams")],
            path: "Sources/PlimsollCatalog", swiftSettings: strictImports),
    // Advisories: the local advisory database and importers of upstream feeds.
    .target(name: "PlimsollAdvisories",
            dependencies: ["PlimsollDiagnostics", "PlimsollIO", "PlimsollFindings", "PlimsollCatalog",
                           "PlimsollVersions", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Yams", package: "Yams"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Sources/PlimsollAdvisories"),
    // Feeds: downloads the advisory feeds (conditional, resumable) and rebuilds the database.
    .target(name: "PlimsollFeeds",
            dependencies: ["PlimsollDiagnostics", "PlimsollAdvisories", "PlimsollIO",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Sources/PlimsollFeeds", swiftSettings: strictImports),
    // Match: joins an inventory against the advisory database.
    .target(name: "PlimsollMatch",
            dependencies: ["PlimsollDiagnostics", "PlimsollAdvisories", "PlimsollCatalog",
                           "PlimsollVersions", "PlimsollFindings"],
            path: "Sources/PlimsollMatch", swiftSettings: strictImports),
    // Rules: misconfiguration checks (Dockerfile, Compose, Kubernetes, image config).
    .target(name: "PlimsollRules",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollIO", .product(name: "Yams", package: "Yams")],
            path: "Sources/PlimsollRules", swiftSettings: strictImports),
    // Fix: rewrites what the rules flag, keeping a change only when the rules prove it.
    .target(name: "PlimsollFix", dependencies: ["PlimsollFindings", "PlimsollRules"],
            path: "Sources/PlimsollFix", swiftSettings: strictImports),
    // Secrets: secret detection in files, layers, env and history.
    .target(name: "PlimsollSecrets",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollIO",
                           .product(name: "Yams", package: "Yams")],
            path: "Sources/PlimsollSecrets"),
    // Host: CIS Docker Benchmark checks over a host's files, read through a root prefix.
    .target(name: "PlimsollHost", dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollIO"],
            path: "Sources/PlimsollHost"),
    // Engine: a Docker Engine API client over its unix socket (or a loopback tcp port).
    .target(name: "PlimsollEngine",
            dependencies: ["PlimsollDiagnostics",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio")],
            path: "Sources/PlimsollEngine"),
    // Registry: a client of the OCI Distribution API that pulls images into OCI layouts.
    .target(name: "PlimsollRegistry",
            dependencies: ["PlimsollDiagnostics", "PlimsollIO", "PlimsollSource",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Sources/PlimsollRegistry", swiftSettings: strictImports),
    // Trust: signature and attestation verification (cosign keys, containers GPG signatures).
    .target(name: "PlimsollTrust",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollRegistry",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "CryptoExtras", package: "swift-crypto"),
                           .product(name: "X509", package: "swift-certificates"),
                           .product(name: "SwiftASN1", package: "swift-asn1"),
                           .product(name: "Yams", package: "Yams")],
            path: "Sources/PlimsollTrust", swiftSettings: strictImports),
    // Runtime: CIS checks of an engine's images and containers, and container drift.
    .target(name: "PlimsollRuntime",
            dependencies: ["PlimsollDiagnostics", "PlimsollEngine", "PlimsollFindings", "PlimsollIO",
                           "PlimsollSource", "PlimsollLayers", "PlimsollHost", "PlimsollRules",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/PlimsollRuntime", swiftSettings: strictImports),
    // Report: SBOM and findings writers.
    .target(name: "PlimsollReport",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollAdvisories", "PlimsollCatalog",
                           "PlimsollIO", "PlimsollLayers", "PlimsollSource"],
            path: "Sources/PlimsollReport"),
    // Core: wires the stages into scans.
    .target(name: "PlimsollCore",
            dependencies: ["PlimsollDiagnostics", "PlimsollFindings", "PlimsollPolicy", "PlimsollVersions",
                           "PlimsollIO", "PlimsollSource", "PlimsollLayers", "PlimsollCatalog", "PlimsollRules", "PlimsollSecrets", "PlimsollReport",
                           "PlimsollAdvisories", "PlimsollFeeds", "PlimsollMatch", "PlimsollHost", "PlimsollEngine",
                           "PlimsollRegistry", "PlimsollRuntime", "PlimsollFix", "PlimsollTrust"],
            path: "Sources/PlimsollCore", swiftSettings: strictImports),
    // Server: scanning as a service on PostgreSQL (HTTP API, job queue, workers, Harbor adapter).
    .target(name: "PlimsollServer",
            dependencies: ["PlimsollCore", "PlimsollIO",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Sources/PlimsollServer", swiftSettings: strictImports),
    .executableTarget(name: "VersionsBenchmark", dependencies: ["PlimsollVersions"], path: "Benchmarks/VersionsBenchmark"),
    // Fuzzing: each parser behind one bytes-in entry point (Fuzz/ builds them with libFuzzer).
    .target(name: "PlimsollFuzzTargets", dependencies: ["PlimsollCore"], path: "Sources/PlimsollFuzzTargets"),
    .executableTarget(name: "plimsoll",
                      dependencies: ["PlimsollCore", "PlimsollServer", "CPlimsollSystem",
                                     .product(name: "ArgumentParser", package: "swift-argument-parser")],
                      path: "Sources/plimsoll"),

    .executableTarget(name: "MatchBenchmark", dependencies: ["PlimsollCore", "PlimsollTestSupport"],
                      path: "Benchmarks/MatchBenchmark"),
    .executableTarget(name: "SecretsBenchmark", dependencies: ["PlimsollSecrets", "PlimsollTestSupport"],
                      path: "Benchmarks/SecretsBenchmark"),
    // Benchmark: deep container drift analysis of a saved image and a container export.
    .executableTarget(name: "DriftBenchmark", dependencies: ["PlimsollRuntime"],
                      path: "Benchmarks/DriftBenchmark"),
    // Benchmark: language catalogers over a directory tree (prints figures).
    .executableTarget(name: "LanguageCatalogBenchmark", dependencies: ["PlimsollCatalog"],
                      path: "Benchmarks/LanguageCatalogBenchmark"),

    // Helpers shared by the test targets (temporary directories, running tools).
    .target(name: "PlimsollTestSupport", path: "Tests/PlimsollTestSupport"),
    .testTarget(name: "PlimsollVersionsTests", dependencies: ["PlimsollVersions", "PlimsollTestSupport"],
                path: "Tests/PlimsollVersionsTests"),
    .testTarget(name: "PlimsollSourceTests", dependencies: ["PlimsollSource", "PlimsollTestSupport"],
                path: "Tests/PlimsollSourceTests"),
    .testTarget(name: "PlimsollCatalogTests",
                dependencies: ["PlimsollCatalog", "PlimsollTestSupport",
                               .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                path: "Tests/PlimsollCatalogTests"),
    .testTarget(name: "PlimsollReportTests", dependencies: ["PlimsollReport"],
                path: "Tests/PlimsollReportTests"),
    .testTarget(name: "PlimsollAdvisoriesTests", dependencies: ["PlimsollAdvisories", "PlimsollTestSupport"],
                path: "Tests/PlimsollAdvisoriesTests"),
    .testTarget(name: "PlimsollFeedsTests",
                dependencies: ["PlimsollFeeds", "PlimsollAdvisories", "PlimsollTestSupport",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                path: "Tests/PlimsollFeedsTests"),
    .testTarget(name: "PlimsollMatchTests", dependencies: ["PlimsollMatch", "PlimsollTestSupport"],
                path: "Tests/PlimsollMatchTests"),
    .testTarget(name: "PlimsollFixTests", dependencies: ["PlimsollFix", "PlimsollRules", "PlimsollTestSupport"],
                path: "Tests/PlimsollFixTests"),
    .testTarget(name: "PlimsollPolicyTests", dependencies: ["PlimsollPolicy", "PlimsollTestSupport"],
                path: "Tests/PlimsollPolicyTests"),
    .testTarget(name: "PlimsollLayersTests", dependencies: ["PlimsollLayers"],
                path: "Tests/PlimsollLayersTests"),
    .testTarget(name: "PlimsollIOTests", dependencies: ["PlimsollIO", "PlimsollDiagnostics", "PlimsollTestSupport"],
                path: "Tests/PlimsollIOTests"),
    .testTarget(name: "PlimsollRulesTests", dependencies: ["PlimsollRules", "PlimsollTestSupport"],
                path: "Tests/PlimsollRulesTests"),
    .testTarget(name: "PlimsollSecretsTests", dependencies: ["PlimsollSecrets", "PlimsollTestSupport"],
                path: "Tests/PlimsollSecretsTests"),
    .testTarget(name: "PlimsollHostTests", dependencies: ["PlimsollHost", "PlimsollTestSupport"],
                path: "Tests/PlimsollHostTests"),
    .testTarget(name: "PlimsollRegistryTests",
                dependencies: ["PlimsollRegistry", "PlimsollIO", "PlimsollTestSupport",
                               .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                path: "Tests/PlimsollRegistryTests"),
    .testTarget(name: "PlimsollEngineTests", dependencies: ["PlimsollEngine", "PlimsollTestSupport"],
                path: "Tests/PlimsollEngineTests"),
    .testTarget(name: "PlimsollRuntimeTests", dependencies: ["PlimsollRuntime", "PlimsollTestSupport"],
                path: "Tests/PlimsollRuntimeTests"),
    .testTarget(name: "PlimsollServerTests",
                dependencies: ["PlimsollServer", "PlimsollCore", "PlimsollTestSupport",
                               .product(name: "AsyncHTTPClient", package: "async-http-client"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "PostgresNIO", package: "postgres-nio")],
                path: "Tests/PlimsollServerTests"),
    .testTarget(name: "PlimsollCoreTests", dependencies: ["PlimsollCore", "PlimsollFuzzTargets", "PlimsollTestSupport"],
                path: "Tests/PlimsollCoreTests"),
    .testTarget(name: "PlimsollTrustTests",
                dependencies: ["PlimsollTrust", "PlimsollRegistry", "PlimsollCore", "PlimsollTestSupport",
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "X509", package: "swift-certificates")],
                path: "Tests/PlimsollTrustTests"),
  ]
)
