import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollRules

/// A detector that reports every value containing `LEAK`, to show which values reach it.
struct LeakDetector: CredentialDetector {
  func credentials(key: String, value: String) -> [String] {
    value.contains("LEAK") ? ["leak"] : []
  }
}

@Suite struct KubernetesRBACTests {
  func ids(_ text: String, detector: any CredentialDetector = BuiltInCredentialDetector()) -> [String] {
    KubernetesScanner.scan(data: Data(text.utf8), path: "rbac.yaml", detector: detector).findings.map(\.id)
  }

  @Test func aRoleThatGrantsEverythingIsOneWildcardFindingPerRule() {
    let text = role("- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  verbs: [\"*\"]")
    #expect(ids(text) == ["PLM-K8S-030"])
    let finding = KubernetesScanner.scan(data: Data(text.utf8), path: "rbac.yaml").findings.first
    #expect(finding?.evidence == "ClusterRole/r: verbs: *, resources: *, apiGroups: *")
  }

  @Test func aWildcardVerbOnSecretsIsAlsoSecretsAccess() {
    let text = role("- apiGroups: [\"\"]\n  resources: [secrets]\n  verbs: [\"*\"]")
    #expect(ids(text).sorted() == ["PLM-K8S-030", "PLM-K8S-032"])
  }

  @Test func secretsInAnotherAPIGroupAreNotCoreSecrets() {
    let text = role("- apiGroups: [external-secrets.io]\n  resources: [secrets]\n  verbs: [get]")
    #expect(!ids(text).contains("PLM-K8S-032"))
  }

  @Test func aNamespacedRoleBindingToClusterAdminIsReported() {
    let text = clusterRoleBinding("cluster-admin").replacingOccurrences(
      of: "kind: ClusterRoleBinding", with: "kind: RoleBinding")
    let finding = KubernetesScanner.scan(data: Data(text.utf8), path: "b.yaml").findings
      .first { $0.id == "PLM-K8S-031" }
    #expect(finding?.evidence == "RoleBinding/b binds cluster-admin for ServiceAccount/ci")
  }

  @Test func bindingARoleNamedClusterAdminIsNotTheClusterRole() {
    let text = clusterRoleBinding("cluster-admin").replacingOccurrences(
      of: "  kind: ClusterRole\n", with: "  kind: Role\n")
    #expect(!ids(text).contains("PLM-K8S-031"))
  }

  @Test func secretDataIsDecodedBeforeTheDetectorSeesIt() {
    let encoded = Data("LEAK-123".utf8).base64EncodedString()
    let text = secret("data:\n  password: \(encoded)\n  user: \(Data("bob".utf8).base64EncodedString())")
    let findings = KubernetesScanner.scan(data: Data(text.utf8), path: "s.yaml", detector: LeakDetector())
      .findings.filter { $0.id == "PLM-K8S-035" }
    #expect(findings.map(\.location?.startLine) == [6])
    #expect(findings.first?.evidence == "Secret/s data.password: leak")
  }

  @Test func theBuiltInDetectorFindsAKeyShapeInBase64Data() {
    let encoded = Data("AKIAIOSFODNN7EXAMPLQ".utf8).base64EncodedString()
    #expect(ids(secret("data:\n  aws: \(encoded)")) == ["PLM-K8S-035"])
  }

  @Test func dataThatIsNotBase64IsAWarningNamingTheKey() {
    let report = KubernetesScanner.scan(data: Data(secret("data:\n  broken: '%%%'").utf8), path: "s.yaml")
    #expect(report.findings.isEmpty)
    #expect(report.warnings.map(\.description).contains { $0.contains("s.yaml") && $0.contains("broken") })
  }
}
