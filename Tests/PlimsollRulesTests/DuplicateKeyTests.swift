import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollRules

/// Kubernetes and Compose read a repeated key's last value; Plimsoll scans such files too and
/// says which key repeats where.
@Suite struct DuplicateKeyTests {
  @Test func theLastValueWinsAndTheEarlierOneIsNamed() throws {
    let file = try YAMLLoader.load("a: 1\nb: 2\na: 3\n")
    #expect(file.documents.first?["a"]?.string == "3")
    #expect(file.documents.first?.entries.map(\.key) == ["b", "a"])
    #expect(file.duplicateKeys == [.init(key: "a", line: 1)])
  }

  @Test func everyRepeatInEveryMappingAndDocumentIsFound() throws {
    let text = """
      x: {k: 1, k: 2}
      y:
        "q": 1
        q: 2
        q: 3
      ---
      z: 1
      z: 2
      """
    let file = try YAMLLoader.load(text)
    #expect(file.documents.count == 2)
    #expect(file.documents.first?.at("x", "k")?.string == "2")
    #expect(file.documents.first?.at("y", "q")?.string == "3")
    #expect(file.documents.first?["y"]?.entries.count == 1)
    #expect(file.documents.last?["z"]?.string == "2")
    #expect(file.duplicateKeys.map(\.line) == [1, 3, 4, 7])
  }

  @Test func aKubernetesManifestWithARepeatedKeyIsScannedWithAWarning() {
    let text = pod(container: "securityContext:\n  privileged: false\n  privileged: true")
    let report = KubernetesScanner.scan(data: Data(text.utf8), path: "deploy.yaml")
    #expect(report.findings.contains { $0.id == "PLM-K8S-001" })
    #expect(report.warnings.map(\.description) == [
      "deploy.yaml:10: key 'privileged' is repeated in its mapping; the last value is used",
    ])
  }

  @Test func aComposeFileWithARepeatedServiceKeyIsScannedWithAWarning() {
    let text = "services:\n  web:\n    image: a:1\n    privileged: false\n    privileged: true\n"
    let report = ComposeScanner.scan(data: Data(text.utf8), path: "compose.yaml")
    #expect(report.findings.contains { $0.id == "PLM-DC-001" })
    #expect(report.warnings.map(\.description).contains { $0.contains("compose.yaml:4") && $0.contains("'privileged'") })
  }
}
