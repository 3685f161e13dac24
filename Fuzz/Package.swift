// swift-tools-version:6.0
import PackageDescription

/// One libFuzzer executable per parser of Plimsoll (see Fuzz/README.md); built by
/// `scripts/fuzz` with address sanitizing and coverage instrumentation, never by the main package.
let targets = [
  ("tar", "FuzzTar"),
  ("decompress", "FuzzDecompress"),
  ("dockerfile", "FuzzDockerfile"),
  ("compose", "FuzzCompose"),
  ("kubernetes", "FuzzKubernetes"),
  ("secrets", "FuzzSecrets"),
  ("versions", "FuzzVersions"),
  ("image-config", "FuzzImageConfig"),
  ("sbom", "FuzzSbom"),
  ("catalog-dpkg", "FuzzCatalogDpkg"),
  ("catalog-apk", "FuzzCatalogApk"),
  ("catalog-rpm-bdb", "FuzzCatalogRpmBdb"),
  ("catalog-rpm-ndb", "FuzzCatalogRpmNdb"),
  ("catalog-python-metadata", "FuzzCatalogPythonMetadata"),
  ("catalog-npm-lock", "FuzzCatalogNpmLock"),
  ("catalog-yarn-lock", "FuzzCatalogYarnLock"),
  ("catalog-pnpm-lock", "FuzzCatalogPnpmLock"),
  ("catalog-cargo-lock", "FuzzCatalogCargoLock"),
  ("catalog-go-mod", "FuzzCatalogGoMod"),
  ("catalog-gemfile-lock", "FuzzCatalogGemfileLock"),
  ("catalog-composer-lock", "FuzzCatalogComposerLock"),
  ("catalog-poetry-lock", "FuzzCatalogPoetryLock"),
  ("catalog-jar", "FuzzCatalogJar"),
  ("catalog-binary", "FuzzCatalogBinary"),
  ("catalog-os-release", "FuzzCatalogOsRelease"),
]

let package = Package(
  name: "PlimsollFuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "Plimsoll", path: "..")],
  targets: targets.map { target, name in
    .executableTarget(
      name: name, dependencies: [.product(name: "PlimsollFuzzTargets", package: "Plimsoll")],
      path: "Targets/" + target)
  }
)
