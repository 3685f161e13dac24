import Foundation
import PlimsollCore

/// The parsers fuzzing drives, each behind one entry point taking raw bytes: the fuzz
/// executables under `Fuzz/` call `run(_:_:)` from libFuzzer, and the regression test replays
/// every committed input through the same function. A target must never crash, hang or leak;
/// errors (thrown, or warnings) are the expected answer to bad input and are ignored here.
public enum FuzzTargets {
  /// Every target by name.
  public static let all: [String: @Sendable ([UInt8]) -> Void] = {
    var targets: [String: @Sendable ([UInt8]) -> Void] = [
      "tar": tar, "decompress": decompress, "dockerfile": dockerfile, "compose": compose,
      "kubernetes": kubernetes, "secrets": secrets, "versions": versions, "image-config": imageConfig,
      "sbom": sbom,
    ]
    for (name, path) in catalogerPaths {
      targets["catalog-" + name] = { catalog($0, path: path) }
    }
    return targets
  }()

  /// Runs target `name` over `bytes` (libFuzzer's entry point calls this).
  public static func run(_ name: String, _ start: UnsafeRawPointer?, _ count: Int) -> Int32 {
    guard let target = all[name] else { return -1 }
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    target(bytes)
    return 0
  }

  /// A path each kind of package database or manifest is found at, so the catalogers that
  /// want it read the input as that file.
  public static let catalogerPaths: [String: String] = [
    "dpkg": "var/lib/dpkg/status",
    "apk": "lib/apk/db/installed",
    "rpm-bdb": "var/lib/rpm/Packages",
    "rpm-ndb": "usr/lib/sysimage/rpm/Packages.db",
    "python-metadata": "usr/lib/python3/dist-packages/demo-1.0.dist-info/METADATA",
    "npm-lock": "app/package-lock.json",
    "yarn-lock": "app/yarn.lock",
    "pnpm-lock": "app/pnpm-lock.yaml",
    "cargo-lock": "app/Cargo.lock",
    "go-mod": "app/go.mod",
    "gemfile-lock": "app/Gemfile.lock",
    "composer-lock": "app/composer.lock",
    "poetry-lock": "app/poetry.lock",
    "jar": "opt/app/demo-1.0.jar",
    "binary": "usr/local/bin/tool",
    "os-release": "etc/os-release",
  ]

  /// Every default cataloger that wants the file at `path` reads `bytes` as it.
  static func catalog(_ bytes: [UInt8], path: String) {
    let entry = EntryInfo(path: path, size: Int64(bytes.count), mode: 0o100755)
    let file = LayerFile(entry: entry, contents: bytes)
    for cataloger in DefaultCatalogers.all where cataloger.wants(entry) {
      _ = cataloger.catalog(file)
    }
  }

  /// A layer tar: every entry's header and contents.
  static func tar(_ bytes: [UInt8]) {
    let reader = TarReader(BufferedReader(MemoryByteStream(bytes), name: "fuzz.tar", capacity: 1 << 16))
    while let entry = try? reader.next() {
      _ = ArchivePath.normalize(entry.rawPath)
      if entry.type == .file { _ = try? reader.readContents(limit: 1 << 20) }
    }
  }

  /// gzip and zstd streams (chosen by magic bytes, as for layers), at most 16 MiB out.
  static func decompress(_ bytes: [UInt8]) {
    let reader = BufferedReader(MemoryByteStream(bytes), name: "fuzz.blob", capacity: 1 << 16)
    guard let stream = try? Compression.decompressing(reader, maxOutput: 16 << 20) else { return }
    _ = try? BufferedReader(stream, name: "fuzz.blob", capacity: 1 << 16).drain()
  }

  static func dockerfile(_ bytes: [UInt8]) {
    let parsed = DockerfileParser.parse(Data(bytes))
    _ = DockerfileScanner.scan(parsed, path: "Dockerfile")
  }

  static func compose(_ bytes: [UInt8]) {
    _ = ComposeScanner.scan(data: Data(bytes), path: "compose.yaml")
  }

  static func kubernetes(_ bytes: [UInt8]) {
    _ = KubernetesScanner.scan(data: Data(bytes), path: "manifest.yaml")
  }

  static let secretScanner = try? SecretScanner()

  static func secrets(_ bytes: [UInt8]) {
    _ = secretScanner?.scan(bytes: bytes, path: "fuzz.txt")
  }

  /// Two versions (split at the first newline) parsed and compared in every ecosystem.
  static func versions(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let (left, right) = (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    _ = try? DebianScheme.compare(left, right)
    _ = try? RPMScheme.compare(left, right)
    _ = try? APKScheme.compare(left, right)
    _ = try? PEP440Scheme.compare(left, right)
    _ = try? NPMScheme.compare(left, right)
    _ = try? SemVerScheme.compare(left, right)
    _ = try? GoScheme.compare(left, right)
    _ = try? CargoScheme.compare(left, right)
    _ = try? MavenScheme.compare(left, right)
    _ = try? NuGetScheme.compare(left, right)
    _ = try? ComposerScheme.compare(left, right)
    _ = try? RubyGemsScheme.compare(left, right)
  }

  /// An image config as a registry or an archive serves it.
  static func imageConfig(_ bytes: [UInt8]) {
    _ = try? JSONDecoder().decode(ImageConfig.self, from: Data(bytes))
  }

  /// The SBOM documents `sbom-scan` reads (CycloneDX, SPDX, Syft JSON), by content.
  static func sbom(_ bytes: [UInt8]) {
    _ = try? SBOMReader.read(bytes, name: "fuzz.json")
  }
}
