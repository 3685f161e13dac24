import Foundation
import Testing
@testable import PlimsollSecrets

/// A scratch directory removed when the test ends.
private final class ScratchTree {
  let root: String
  init() throws {
    root = NSTemporaryDirectory() + "plimsoll-secrets-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: root) }
  func write(_ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: root + "/" + relative)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }
}

private let token = "glpat-" + String((0..<20).map { _ in "aB3dE5fG7hJ9kL2mN4pQ6rS8".randomElement() ?? "a" })

@Test func treeScanSkipsGitSymlinksBinariesAndLargeFiles() async throws {
  let tree = try ScratchTree()
  let outside = try ScratchTree()
  try tree.write("src/a.env", "TOKEN=\(token)\n")
  try tree.write(".git/config", "TOKEN=\(token)\n")
  try tree.write("big.txt", String(repeating: "x", count: 2_000) + "\n\(token)\n")
  try tree.write("img.bin", "\u{0}\u{1}\(token)")
  try outside.write("secret.env", "TOKEN=\(token)\n")
  try FileManager.default.createSymbolicLink(
    atPath: tree.root + "/link.env", withDestinationPath: outside.root + "/secret.env")
  try FileManager.default.createSymbolicLink(
    atPath: tree.root + "/linkdir", withDestinationPath: outside.root)

  let scanner = SecretDirectoryScanner(scanner: try SecretScanner(maxFileSize: 1_000), concurrency: 3)
  let result = try await scanner.scan(path: tree.root, target: "tree")
  #expect(result.report.target == "tree")
  #expect(result.report.findings.map { $0.location?.path } == ["src/a.env"])
  #expect(result.report.findings.first?.location?.startLine == 1)
  #expect(result.statistics.filesScanned == 1)
  #expect(result.statistics.skippedBinary == 1)
  #expect(result.statistics.skippedTooLarge == 1)
  #expect(result.statistics.skippedSymlinks == 2)
  #expect(result.report.warnings.contains { $0.input == "big.txt" })
}

@Test func treeScanHonoursAllowedPaths() async throws {
  let tree = try ScratchTree()
  try tree.write("vendor/lib/a.env", "TOKEN=\(token)\n")
  try tree.write("app/a.env", "TOKEN=\(token)\n")
  let config = try SecretConfig.parse("allow:\n  paths: ['vendor/**']", file: "c.yaml")
  let scanner = SecretDirectoryScanner(scanner: try config.scanner(file: "c.yaml"))
  let result = try await scanner.scan(path: tree.root)
  #expect(result.report.findings.map { $0.location?.path } == ["app/a.env"])
  #expect(result.statistics.skippedAllowed == 1)
}

@Test func singleFileIsScannedUnderItsGivenName() async throws {
  let tree = try ScratchTree()
  try tree.write("one.env", "\n\nTOKEN=\(token)\n")
  let scanner = SecretDirectoryScanner(scanner: try SecretScanner())
  let result = try await scanner.scan(path: tree.root + "/one.env")
  #expect(result.report.findings.map { $0.location?.path } == [tree.root + "/one.env"])
  #expect(result.report.findings.first?.location?.startLine == 3)
}

@Test func missingPathIsATypedError() async throws {
  let scanner = SecretDirectoryScanner(scanner: try SecretScanner())
  await #expect(throws: SecretDirectoryError.notFound("/nonexistent/tree")) {
    try await scanner.scan(path: "/nonexistent/tree")
  }
}

@Test func unreadableFileBecomesAWarning() throws {
  let entry = SecretDirectoryScanner.Entry(absolute: "/nonexistent/file", display: "file")
  let result = SecretDirectoryScanner.scanFile(entry, scanner: try SecretScanner())
  #expect(result.warning?.input == "file")
  #expect(result.matches.isEmpty)
}

@Test func manyFilesScanInParallelInAStableOrder() async throws {
  let tree = try ScratchTree()
  for index in 0..<200 {
    try tree.write(String(format: "d%02d/f%03d.txt", index % 7, index),
                   index % 10 == 0 ? "a\nTOKEN=\(token)\n" : "nothing here \(index)\n")
  }
  let first = try await SecretDirectoryScanner(scanner: try SecretScanner(), concurrency: 4)
    .scan(path: tree.root)
  let second = try await SecretDirectoryScanner(scanner: try SecretScanner(), concurrency: 1)
    .scan(path: tree.root)
  #expect(first.report.findings.count == 20)
  #expect(first.report.findings == second.report.findings)
  #expect(first.statistics.filesScanned == 200)
}
