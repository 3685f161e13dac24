import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore
import PlimsollDiagnostics

/// A cataloger for tests: each line `name version` of `/var/lib/toy/db` is a package, and
/// `/etc/os-release`'s ID is the OS.
struct ToyCataloger: Cataloger {
  var name: String { "toy" }

  func wants(_ entry: EntryInfo) -> Bool {
    entry.path == "/var/lib/toy/db" || entry.path == "/etc/os-release"
  }

  func catalog(_ file: LayerFile) -> CatalogResult {
    let text = String(decoding: file.contents, as: UTF8.self)
    if file.path == "/etc/os-release" {
      let id = text.split(separator: "\n").first { $0.hasPrefix("ID=") }?.dropFirst(3) ?? ""
      return CatalogResult(osRelease: OSRelease(id: String(id)))
    }
    let packages = text.split(separator: "\n").map { line in
      let parts = line.split(separator: " ")
      return Package(type: .deb, name: String(parts[0]), version: String(parts.last ?? ""),
                     foundIn: file.path)
    }
    return CatalogResult(packages: packages)
  }
}

func toyScanner(cache: URL? = nil) -> InventoryScanner {
  InventoryScanner(analyzers: AnalyzerSet(catalogers: [ToyCataloger()]),
                   options: ScanOptions(cacheDirectory: cache))
}

@Suite struct LayerMergeTests {
  /// Layer 0: base db (a, b); layer 1: db rewritten with c added and b upgraded; layer 2:
  /// deletes a file from layer 0 and hides a directory.
  func threeLayers(_ scratch: Scratch) throws -> ImageBuilder {
    try scratch.write("l0/etc/os-release", "ID=debian\n")
    try scratch.write("l0/var/lib/toy/db", "a 1.0\nb 1.0\n")
    try scratch.write("l0/opt/old/x", "x")
    try scratch.write("l0/secret.txt", "s")
    try scratch.write("l1/var/lib/toy/db", "a 1.0\nb 2.0\nc 1.0\n")
    try scratch.write("l2/.wh.secret.txt", "")
    try scratch.write("l2/opt/old/.wh..wh..opq", "")
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [
      .init(directory: "l0", createdBy: "base"),
      .init(directory: "l1", createdBy: "RUN toy install c && toy upgrade b", compression: "zstd"),
      .init(directory: "l2", createdBy: "RUN rm /secret.txt", compression: "none"),
    ]
    return builder
  }

  @Test func packagesAreAttributedToTheLayerThatIntroducedThem() async throws {
    let scratch = try Scratch()
    let layout = try threeLayers(scratch).writeOCILayout("oci")
    let inventory = try await toyScanner().inventory(of: try SourceResolver.resolve(layout))
    let byName = Dictionary(uniqueKeysWithValues: inventory.packages.map { ($0.name, $0) })
    #expect(inventory.packages.count == 3)
    #expect(byName["a"]?.layer?.index == 0)
    #expect(byName["b"]?.version == "2.0")
    #expect(byName["b"]?.layer?.index == 1)
    #expect(byName["c"]?.layer?.createdBy == "RUN toy install c && toy upgrade b")
    #expect(inventory.os?.id == "debian")
    #expect(inventory.target.layers.count == 3)
  }

  @Test func aWhiteoutRemovesTheDatabaseBelow() async throws {
    let scratch = try Scratch()
    try scratch.write("l0/var/lib/toy/db", "a 1.0\n")
    try scratch.write("l1/var/lib/toy/.wh.db", "")
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "base"), .init(directory: "l1", createdBy: "rm")]
    let archive = try builder.writeDockerArchive("img.tar")
    let inventory = try await toyScanner().inventory(of: try SourceResolver.resolve(archive))
    #expect(inventory.packages.isEmpty)
  }

  @Test func anOpaqueDirectoryHidesLowerContent() async throws {
    let scratch = try Scratch()
    try scratch.write("l0/var/lib/toy/db", "a 1.0\n")
    try scratch.write("l1/var/lib/toy/.wh..wh..opq", "")
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "base"), .init(directory: "l1", createdBy: "opq")]
    let inventory = try await toyScanner().inventory(of: try SourceResolver.resolve(
      try builder.writeOCILayout("oci")))
    #expect(inventory.packages.isEmpty)
  }

  @Test func aTamperedLayerIsADigestMismatchNamingTheLayer() async throws {
    let scratch = try Scratch()
    let archive = try threeLayers(scratch).writeDockerArchive("img.tar", tamperLayer: 1)
    let artifact = try SourceResolver.resolve(archive)
    await #expect {
      _ = try await toyScanner().inventory(of: artifact)
    } throws: { error in
      let message = (error as? InputError)?.errorDescription ?? ""
      return message.contains("l1/layer.tar") && message.contains("digest mismatch")
    }
  }

  @Test func theSecondScanComesFromTheCache() async throws {
    let scratch = try Scratch()
    let layout = try threeLayers(scratch).writeOCILayout("oci")
    let cache = scratch.url.appendingPathComponent("cache")
    let artifact = try SourceResolver.resolve(layout)
    let first = try await toyScanner(cache: cache).scan(artifact)
    let second = try await toyScanner(cache: cache).scan(artifact)
    #expect(first.statistics.layersWalked == 3)
    #expect(second.statistics.layersWalked == 0)
    #expect(second.statistics.layersFromCache == 3)
    #expect(second.inventory.packages.map(\.identity) == first.inventory.packages.map(\.identity))
    #expect(second.inventory.packages.map(\.layer) == first.inventory.packages.map(\.layer))
    // Nothing is written outside the cache directory.
    let written = try FileManager.default.contentsOfDirectory(atPath: cache.path + "/facts")
    #expect(written.count == 3)
  }

  @Test func hostilePathsAndDanglingHardLinksAreWarnedAbout() async throws {
    let scratch = try Scratch()
    try scratch.write("make.py", """
      import io, tarfile
      with tarfile.open("evil.tar", "w", format=tarfile.PAX_FORMAT) as tar:
          for name, data in [("../../etc/passwd", b"root:x:0:0"), ("var/lib/toy/db", b"a 1.0\\n")]:
              info = tarfile.TarInfo(name); info.size = len(data); tar.addfile(info, io.BytesIO(data))
          link = tarfile.TarInfo("usr/bin/hard"); link.type = tarfile.LNKTYPE; link.linkname = "usr/bin/missing"
          tar.addfile(link)
      """)
    try scratch.run(["python3", "make.py"])
    let walker = LayerWalker(analysis: AnalyzerSet(catalogers: [ToyCataloger()]))
    let path = scratch.path + "/evil.tar"
    let facts = try walker.walkTar(
      TarReader(BufferedReader(try FileByteStream(path: path), name: path)), diffID: "sha256:x")
    let messages = facts.warnings.map(\.description)
    #expect(messages.contains { $0.contains("../../etc/passwd") && $0.contains("leaves the layer root") })
    #expect(messages.contains { $0.contains("/usr/bin/hard") && $0.contains("usr/bin/missing") })
    // The rest of the layer is still read.
    #expect(facts.files.flatMap(\.result.packages).map(\.name) == ["a"])
  }

  @Test func aSymlinkLoopInARootFilesystemDoesNotTrapTheWalk() async throws {
    let scratch = try Scratch()
    try scratch.write("root/var/lib/toy/db", "a 1.0\n")
    try scratch.run(["ln", "-s", "loop2", "root/loop1"])
    try scratch.run(["ln", "-s", "loop1", "root/loop2"])
    try scratch.run(["ln", "-s", "..", "root/var/up"])
    let inventory = try await toyScanner().inventory(of: try SourceResolver.resolve("rootfs:" + scratch.path + "/root"))
    #expect(inventory.packages.map(\.name) == ["a"])
    #expect(inventory.packages.first?.layer?.index == 0)
  }
}

/// A file analyzer for tests: every line containing `TOKEN=` is a finding.
struct ToyTokenAnalyzer: FileAnalyzer {
  var name: String { "toy-token" }
  var version: String { "1" }
  var maxFileSize: Int64 { 1 << 20 }
  func wants(_ entry: EntryInfo) -> Bool { true }
  func analyze(_ file: LayerFile) -> [Finding] {
    String(decoding: file.contents, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated().filter { $0.element.contains("TOKEN=") }.map { line in
        Finding(kind: .secret, id: "toy-token", title: "token", severity: .high, status: .fail,
                location: Location(path: file.path, startLine: line.offset + 1))
      }
  }
}

@Suite struct LayeredFindingTests {
  @Test func aFileDeletedByALaterLayerIsStillReportedWithBothLayers() async throws {
    let scratch = try Scratch()
    try scratch.write("l0/app/.env", "A=1\nTOKEN=abc\n")
    try scratch.write("l0/app/kept", "TOKEN=kept\n")
    try scratch.write("l1/app/.wh..env", "")
    try scratch.write("l2/app/kept", "nothing now\n")
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "COPY . /app"),
                      .init(directory: "l1", createdBy: "RUN rm /app/.env"),
                      .init(directory: "l2", createdBy: "COPY kept /app/kept")]
    let scanner = InventoryScanner(
      analyzers: AnalyzerSet(catalogers: [], fileAnalyzers: [ToyTokenAnalyzer()]),
      options: ScanOptions(cacheDirectory: scratch.url.appendingPathComponent("cache")))
    let artifact = try SourceResolver.resolve(try builder.writeOCILayout("oci"))
    for _ in 0..<2 {  // the second run reads the facts from the cache
      let findings = try await scanner.scan(artifact).findings.sorted { $0.location?.path ?? "" < $1.location?.path ?? "" }
      #expect(findings.count == 2)
      #expect(findings[0].location?.path == "/app/.env")
      #expect(findings[0].location?.startLine == 2)
      #expect(findings[0].properties["removedInLayer"] == "1")
      #expect(findings[0].location?.createdBy == "COPY . /app")
      #expect(findings[0].description?.hasPrefix("Deleted or replaced in layer 1") == true)
      #expect(findings[1].location?.path == "/app/kept")
      #expect(findings[1].properties["removedInLayer"] == "2")
    }
  }
}

/// A cataloger that reads nothing over 10 bytes.
struct TinyCataloger: Cataloger {
  var name: String { "tiny" }
  var maxFileSize: Int64 { 10 }
  func wants(_ entry: EntryInfo) -> Bool { entry.path == "/var/lib/toy/db" }
  func catalog(_ file: LayerFile) -> CatalogResult { ToyCataloger().catalog(file) }
}

@Suite struct SizeLimitTests {
  @Test func aFileOverACatalogersLimitIsSkippedWithAWarning() async throws {
    let scratch = try Scratch()
    try scratch.write("root/var/lib/toy/db", "a 1.0\nb 2.0\nc 3.0\n")
    let scanner = InventoryScanner(analyzers: AnalyzerSet(catalogers: [TinyCataloger(), ToyCataloger()]),
                                   options: ScanOptions(cacheDirectory: nil))
    let inventory = try await scanner.inventory(of: try SourceResolver.resolve("rootfs:" + scratch.path + "/root"))
    #expect(inventory.warnings.map(\.description)
            == ["/var/lib/toy/db: not read by the tiny cataloger: 18 bytes exceeds its 10-byte limit"])
    // The other cataloger still read it.
    #expect(inventory.packages.map(\.name) == ["a", "b", "c"])
  }
}
