import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Every resource limit of `ResourceLimits` stops hostile input with its own name: an error
/// for what makes a layer unusable, a warning for what only skips a file or an entry.
@Suite struct ResourceLimitsTests {
  /// Writes a PAX tar of `files` (name, size of zeros, or contents) with Python's tarfile.
  func tar(_ scratch: Scratch, _ name: String, _ script: String) throws -> TarReader {
    try scratch.write("make-\(name).py", """
      import io, tarfile
      with tarfile.open("\(name)", "w", format=tarfile.PAX_FORMAT) as tar:
          def add(path, data):
              info = tarfile.TarInfo(path); info.size = len(data); tar.addfile(info, io.BytesIO(data))
      \(script.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
      """)
    try scratch.run(["python3", "make-\(name).py"])
    let path = scratch.path + "/" + name
    return TarReader(BufferedReader(try FileByteStream(path: path), name: path))
  }

  @Test func aLayerWithMoreEntriesThanTheLimitIsAnErrorNamingTheLimit() throws {
    let scratch = try Scratch()
    let reader = try tar(scratch, "many.tar", "for i in range(10): add('f%d' % i, b'x')")
    var limits = ResourceLimits()
    limits.layerEntries = 5
    let walker = LayerWalker(analysis: AnalyzerSet(catalogers: [ToyCataloger()]), limits: limits)
    #expect(throws: ResourceLimitExceeded(.layerEntries, input: scratch.path + "/many.tar", maximum: "5 entries")) {
      _ = try walker.walkTar(reader, diffID: "sha256:x")
    }
    // At the limit, the layer is read.
    limits.layerEntries = 10
    let walked = try LayerWalker(analysis: AnalyzerSet(catalogers: [ToyCataloger()]), limits: limits)
      .walkTar(try tar(scratch, "many.tar", "for i in range(10): add('f%d' % i, b'x')"), diffID: "sha256:x")
    #expect(walked.entryCount == 10)
  }

  @Test func aPathLongerThanPathMaxIsSkippedWithAWarningAndTheRestIsRead() throws {
    let scratch = try Scratch()
    let reader = try tar(scratch, "long.tar", """
      add('a/' * 2100 + 'x', b'long')
      add('var/lib/toy/db', b'a 1.0\\n')
      """)
    let walked = try LayerWalker(analysis: AnalyzerSet(catalogers: [ToyCataloger()])).walkTar(reader, diffID: "sha256:x")
    #expect(walked.warnings.count == 1)
    #expect(walked.warnings.first?.message == "exceeds the path length limit of 4096 bytes (a fixed limit); entry ignored")
    #expect(walked.files.flatMap(\.result.packages).map(\.name) == ["a"])
  }

  @Test func aPAXHeaderOverTheMetadataLimitIsAnError() throws {
    let scratch = try Scratch()
    let reader = try tar(scratch, "pax.tar", """
      info = tarfile.TarInfo('big'); info.pax_headers = {'comment': 'x' * (1 << 20)}; tar.addfile(info, io.BytesIO(b''))
      """)
    #expect {
      _ = try LayerWalker(analysis: AnalyzerSet(catalogers: [ToyCataloger()])).walkTar(reader, diffID: "sha256:x")
    } throws: { error in
      let exceeded = error as? ResourceLimitExceeded
      return exceeded?.limit == .metadataBytes && exceeded?.maximum == "1048576 bytes"
        && exceeded?.input == scratch.path + "/pax.tar: header at byte 0"
    }
  }

  @Test func aFileOverTheFileSizeLimitIsNotReadAndTheLimitKeysTheCache() throws {
    let scratch = try Scratch()
    let reader = try tar(scratch, "big.tar", """
      add('var/lib/toy/db', b'a 1.0\\n' * 100)
      add('etc/os-release', b'ID=debian\\n')
      """)
    var limits = ResourceLimits()
    limits.fileBytes = 100
    let analysis = AnalyzerSet(catalogers: [ToyCataloger()], limits: limits)
    let walked = try LayerWalker(analysis: analysis).walkTar(reader, diffID: "sha256:x")
    #expect(walked.warnings == [ScanWarning(
      input: "/var/lib/toy/db",
      message: "exceeds the file size limit of 100 bytes (raise it with --max-file-size); not read (600 bytes)")])
    #expect(walked.files.map(\.path) == ["/etc/os-release"])
    #expect(analysis.cacheKey != AnalyzerSet(catalogers: [ToyCataloger()], limits: ResourceLimits()).cacheKey)
  }

  @Test func aFileThatOutlastsItsTimeIsCutShortAndSaysSo() throws {
    let scratch = try Scratch()
    let reader = try tar(scratch, "slow.tar", "add('srv/a', b'TOKEN=1\\n')")
    var limits = ResourceLimits()
    limits.fileTime = .milliseconds(20)
    let analysis = AnalyzerSet(catalogers: [], fileAnalyzers: [SlowAnalyzer(), ToyTokenAnalyzer()], limits: limits)
    let walked = try LayerWalker(analysis: analysis).walkTar(reader, diffID: "sha256:x")
    #expect(walked.warnings == [ScanWarning(
      input: "/srv/a",
      message: "exceeds the time per file limit of 0.02 seconds (raise it with --file-timeout); "
        + "stopped in slow; what the rest of the file holds is not reported")])
    // The analyser after the slow one did not run.
    #expect(walked.findings.isEmpty)
    #expect(walked.regularFiles == ["/srv/a"])
  }

  @Test func theSecretScannerStopsAtItsDeadline() throws {
    let scanner = try SecretScanner()
    let line = "aws_access_key_id = AKIAQ2RZ7LHNVX4KJTYU\n"
    let text = Array(String(repeating: line, count: 2000).utf8)
    let all = scanner.scan(bytes: text, path: "/a")
    #expect(!all.isEmpty)
    let stopped = text.withUnsafeBytes { scanner.scan(bytes: $0, path: "/a", deadline: .now - .seconds(1)) }
    #expect(stopped.isEmpty)
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func theCommandLineRaisesAndLowersTheLimits() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    try scratch.write("l0/etc/os-release", "ID=debian\nVERSION_ID=12\n")
    for index in 0..<20 { try scratch.write("l0/srv/f\(index)", "x") }
    try scratch.write("l0/srv/big", [UInt8](repeating: 0x41, count: 4096))
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "base")]
    let archive = try builder.writeDockerArchive("img.tar")
    let cache = scratch.path + "/cache"
    var (status, _, errors) = try runPlimsoll(plimsoll, ["sbom", archive, "--cache-dir", cache, "--max-entries", "5"])
    #expect(status == 2)
    #expect(errors.contains("exceeds the entries per layer limit of 5 entries (raise it with --max-entries)"), "\(errors)")
    (status, _, errors) = try runPlimsoll(plimsoll, ["sbom", archive, "--cache-dir", cache, "--max-layer-size", "1K"])
    #expect(status == 2)
    #expect(errors.contains("exceeds the layer size limit of 1024 bytes (raise it with --max-layer-size)"), "\(errors)")
    (status, _, errors) = try runPlimsoll(plimsoll, ["sbom", archive, "--cache-dir", cache, "--max-file-size", "12Q"])
    #expect(status == 64)
    #expect(errors.contains("--max-file-size"), "\(errors)")
    var output: String
    (status, output, errors) = try runPlimsoll(plimsoll, ["image", archive, "--cache-dir", cache, "--offline",
                                                          "--scanners", "secret", "--max-file-size", "1K",
                                                          "--format", "json"])
    #expect(status == 0, "\(errors)")
    #expect(output.contains("exceeds the file size limit of 1024 bytes (raise it with --max-file-size)"), "\(output)")
  }
}

/// A file analyser that takes longer than the tests' time limit.
struct SlowAnalyzer: FileAnalyzer {
  var name: String { "slow" }
  var version: String { "1" }
  var maxFileSize: Int64 { 1 << 20 }
  func wants(_ entry: EntryInfo) -> Bool { true }
  func analyze(_ file: LayerFile) -> [Finding] {
    Thread.sleep(forTimeInterval: 0.05)
    return []
  }
}
