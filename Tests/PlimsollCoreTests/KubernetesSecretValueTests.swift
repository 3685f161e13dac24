import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// PLM-K8S-035 through the configuration scanner the commands use: Secret values, base64 ones
/// decoded, judged by the secret rules.
@Suite struct KubernetesSecretValueTests {
  @Test func theSecretRulesJudgeDecodedDataAndStringData() throws {
    let scratch = try Scratch()
    let token = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
    let manifest = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: ci
      data:
        github: \(Data(token.utf8).base64EncodedString())
        user: \(Data("builder".utf8).base64EncodedString())
      stringData:
        db-password: "Tr0ub4dor&3xK9q"
      """
    let path = try scratch.write("secret.yaml", manifest)
    let report = try ConfigScanner.withSecretRules().scan(path: path)
    let findings = report.findings.filter { $0.id == "PLM-K8S-035" }
    #expect(findings.map(\.location?.startLine) == [6, 9])
    let secretRuleIDs = Set(SecretRules.infos.map(\.id))
    for finding in findings {
      let ids = finding.evidence?.split(separator: ": ").last?.split(separator: ",") ?? []
      #expect(!ids.isEmpty && ids.allSatisfy { secretRuleIDs.contains($0.trimmingCharacters(in: .whitespaces)) },
              "\(finding.evidence ?? "")")
      #expect(finding.evidence?.contains(token) == false)
    }
  }
}
