import Foundation
import Testing
@testable import PlimsollSecrets

/// The fixture corpus: positives with fake secrets of every rule, decoys that must not match.
enum Corpus {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/secrets")
  static let positives = root.appendingPathComponent("positives").path
  static let decoys = root.appendingPathComponent("decoys").path

  /// `file<TAB>line<TAB>rule` lines of expected.tsv.
  static func expected() throws -> Set<String> {
    let text = try String(contentsOf: root.appendingPathComponent("expected.tsv"), encoding: .utf8)
    return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
  }

  static func found(in path: String) async throws -> Set<String> {
    let scanner = SecretDirectoryScanner(scanner: try SecretScanner())
    let result = try await scanner.scan(path: path)
    return Set(result.report.findings.map {
      "\($0.location?.path ?? "")\t\($0.location?.startLine ?? 0)\t\($0.id)"
    })
  }
}

@Test func corpusPositivesAreAllFoundAndNothingElse() async throws {
  let expected = try Corpus.expected()
  let found = try await Corpus.found(in: Corpus.positives)
  let missed = expected.subtracting(found).sorted()
  let unexpected = found.subtracting(expected).sorted()
  #expect(missed.isEmpty, "missed (recall below 100%):\n\(missed.joined(separator: "\n"))")
  #expect(unexpected.isEmpty, "not in expected.tsv:\n\(unexpected.joined(separator: "\n"))")
}

@Test func corpusCoversEveryBuiltInRule() throws {
  let covered = Set(try Corpus.expected().compactMap { $0.split(separator: "\t").last.map(String.init) })
  let missing = SecretRules.all.map(\.id).filter { !covered.contains($0) }
  #expect(missing.isEmpty, "rules without a positive fixture: \(missing)")
  #expect(SecretRules.all.count >= 60)
}

@Test func corpusDecoysYieldNoFindings() async throws {
  let found = try await Corpus.found(in: Corpus.decoys)
  #expect(found.isEmpty, "decoys matched:\n\(found.sorted().joined(separator: "\n"))")
}
