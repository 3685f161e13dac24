import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollRules

@Suite struct RobustnessTests {
  /// Fragments that stress the parser's states: escapes, heredocs, quotes, JSON, variables.
  static let fragments = ["\\", "\\\n", "`", "<<EOF\n", "<<-'X'\n", "\"", "'", "[\"", "]", "${", "}", "$(",
                          ")", "&&", "|", "\n", "#", "# escape=`\n", "\r\n", "\u{0}", "\u{FEFF}", "ONBUILD ",
                          "--mount=", "=", " AS ", "FROM ", "RUN ", "COPY --from=", "ENV A=${B:-", "\t"]

  func mutate(_ text: String, _ random: inout SplitMix64) -> String {
    var chars = Array(text)
    for _ in 0..<Int.random(in: 1...6, using: &random) {
      let position = chars.isEmpty ? 0 : Int.random(in: 0...chars.count, using: &random)
      switch Int.random(in: 0..<3, using: &random) {
      case 0: chars.insert(contentsOf: Self.fragments.randomElement(using: &random) ?? "", at: position)
      case 1: chars = Array(chars.prefix(position))
      default:
        if position < chars.count { chars.remove(at: position) }
      }
    }
    return String(chars)
  }

  /// Thousands of mutated corpus Dockerfiles parse and lint without crashing, and every
  /// finding points at a line inside the file.
  @Test func mutatedDockerfilesNeverCrash() throws {
    let directory = fixtures("dockerfile")
    let texts = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix("Dockerfile") }.sorted()
      .map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
    var random = SplitMix64(seed: 0x5EED)
    for round in 0..<3000 {
      let text = mutate(texts[round % texts.count], &random)
      let lineCount = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.count
      let report = DockerfileScanner.scan(text: text, path: "Dockerfile")
      for finding in report.findings {
        let line = finding.location?.startLine ?? 1
        #expect(line >= 1 && line <= max(lineCount, 1), "round \(round): \(finding.id) at \(line)")
      }
    }
  }

  /// Truncated and mutated YAML fixtures give findings or warnings, never a crash.
  @Test func mutatedYAMLNeverCrashes() throws {
    var texts: [String] = []
    for kind in ["compose", "kubernetes"] {
      let directory = fixtures(kind)
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
      where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
        texts.append(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
      }
    }
    var random = SplitMix64(seed: 0xC0FFEE)
    let yamlFragments = ["&a ", "*a", "<<: *a\n", "- ", ": ", "{", "[", "\"", "'", "\n  ", "\t", "---\n", "!!binary ", "? "]
    for round in 0..<800 {
      var chars = Array(texts[round % texts.count])
      for _ in 0..<3 {
        let position = Int.random(in: 0...chars.count, using: &random)
        if Bool.random(using: &random) {
          chars.insert(contentsOf: yamlFragments.randomElement(using: &random) ?? "", at: position)
        } else {
          chars = Array(chars.prefix(position))
        }
      }
      let data = Data(String(chars).utf8)
      _ = ComposeScanner.scan(data: data, path: "compose.yaml")
      _ = KubernetesScanner.scan(data: data, path: "k8s.yaml")
    }
  }
}
