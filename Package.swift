// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "fairaudit",
  products: [
    .executable(name: "fairaudit", targets: ["fairaudit"]),
    .library(name: "FairAuditKit", targets: ["FairAuditKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .target(
      name: "FairAuditKit",
      dependencies: ["CCmark"],
      resources: [.copy("../../Templates")],
      // The numerics are optimised in debug builds too, so `swift test` (debug) fits the bank-full
      // reference problems in seconds; -enable-testing stays on for @testable imports.
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
    ),
    .executableTarget(
      name: "fairaudit",
      dependencies: [
        "FairAuditKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "FairAuditBench",
      dependencies: ["FairAuditKit"],
      path: "Benchmarks/FairAuditBench"
    ),
    .testTarget(
      name: "FairAuditKitTests",
      dependencies: ["FairAuditKit"],
      exclude: ["Golden"],  // chart golden files, read from the source tree
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "FairAuditCLITests",
      dependencies: ["fairaudit", "FairAuditKit"],
      exclude: ["Corpus", "Golden"]  // inputs of CorpusTests and the --help golden files, read from the source tree
    ),
  ]
)
