import Foundation
import PlimsollTestSupport
import Testing

/// The deploy folder passes Plimsoll's own configuration rules, but for the digest pins that
/// only a published build can give.
@Suite(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
struct DeployFolderTests {
  @Test func plimsollConfigFindsOnlyTheDigestPins() async throws {
    let (status, output, errors) = try await runPlimsoll(
      ["config", Repository.root.path + "/deploy", "--format", "json"])
    #expect(status == 0, "\(errors)")
    let findings = try #require(try HTTP.object(output)?["findings"] as? [[String: Any]])
    let ids = findings.map { $0["id"] as? String ?? "" }
    #expect(Set(ids) == ["PLM-DF-005", "PLM-K8S-025"], "\(ids)")
    #expect(ids.count == 4)
    #expect(findings.allSatisfy { $0["severity"] as? String == "LOW" })
  }
}
