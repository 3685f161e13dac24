import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollRules

/// Findings of rule `id` in a Dockerfile text.
func dockerfileFindings(_ text: String, _ id: String) -> [Finding] {
  DockerfileScanner.scan(text: text, path: "Dockerfile").findings.filter { $0.id == id }
}

/// Findings of rule `id` in a YAML text scanned as Compose or Kubernetes.
func yamlFindings(_ text: String, _ id: String, compose: Bool) -> [Finding] {
  let data = Data(text.utf8)
  let report = compose
    ? ComposeScanner.scan(data: data, path: "compose.yaml")
    : KubernetesScanner.scan(data: data, path: "k8s.yaml")
  #expect(report.warnings.isEmpty, "\(report.warnings)")
  return report.findings.filter { $0.id == id }
}

@Suite struct DockerfileRuleTableTests {
  @Test(arguments: dockerfileRuleCases)
  func positiveCaseFiresOnTheExpectedLine(_ rule: DockerfileRuleCase) {
    let findings = dockerfileFindings(rule.positive, rule.id)
    #expect(!findings.isEmpty, "\(rule.id) did not fire on:\n\(rule.positive)")
    #expect(findings.first?.location?.startLine == rule.line)
    #expect(findings.allSatisfy { $0.kind == .misconfiguration && $0.status == .fail })
  }

  @Test(arguments: dockerfileRuleCases)
  func negativeCaseDoesNotFire(_ rule: DockerfileRuleCase) {
    let findings = dockerfileFindings(rule.negative, rule.id)
    #expect(findings.isEmpty, "\(rule.id) fired on:\n\(rule.negative)\n\(findings.map(\.evidence))")
  }

  @Test func everyDockerfileRuleHasACase() {
    let covered = Set(dockerfileRuleCases.map(\.id))
    let missing = DockerfileRules.all.map(\.info.id).filter { !covered.contains($0) }
    #expect(missing.isEmpty, "rules without test cases: \(missing)")
    #expect(DockerfileRules.all.count >= 45)
  }
}

@Suite struct ComposeRuleTableTests {
  @Test(arguments: composeRuleCases)
  func positiveCaseFiresOnTheExpectedLine(_ rule: YAMLRuleCase) {
    let findings = yamlFindings(rule.positive, rule.id, compose: true)
    #expect(!findings.isEmpty, "\(rule.id) did not fire on:\n\(rule.positive)")
    #expect(findings.first?.location?.startLine == rule.line)
  }

  @Test(arguments: composeRuleCases)
  func negativeCaseDoesNotFire(_ rule: YAMLRuleCase) {
    let findings = yamlFindings(rule.negative, rule.id, compose: true)
    #expect(findings.isEmpty, "\(rule.id) fired on:\n\(rule.negative)")
  }

  @Test func everyComposeRuleHasACase() {
    let covered = Set(composeRuleCases.map(\.id))
    #expect(ComposeRules.all.map(\.info.id).filter { !covered.contains($0) }.isEmpty)
  }
}

@Suite struct KubernetesRuleTableTests {
  @Test(arguments: kubernetesRuleCases)
  func positiveCaseFiresOnTheExpectedLine(_ rule: YAMLRuleCase) {
    let findings = yamlFindings(rule.positive, rule.id, compose: false)
    #expect(!findings.isEmpty, "\(rule.id) did not fire on:\n\(rule.positive)")
    #expect(findings.first?.location?.startLine == rule.line)
  }

  @Test(arguments: kubernetesRuleCases)
  func negativeCaseDoesNotFire(_ rule: YAMLRuleCase) {
    let findings = yamlFindings(rule.negative, rule.id, compose: false)
    #expect(findings.isEmpty, "\(rule.id) fired on:\n\(rule.negative)")
  }

  @Test func everyKubernetesRuleHasACase() {
    let covered = Set(kubernetesRuleCases.map(\.id))
    #expect(KubernetesRules.all.map(\.info.id).filter { !covered.contains($0) }.isEmpty)
  }

  @Test(arguments: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"])
  func controllersAreReadThroughTheirPodTemplate(_ kind: String) {
    let text = """
      apiVersion: apps/v1
      kind: \(kind)
      metadata: {name: w}
      spec:
        template:
          spec:
            containers:
              - name: c
                image: app:1
                securityContext: {privileged: true}
      """
    let findings = yamlFindings(text, "PLM-K8S-001", compose: false)
    #expect(findings.map(\.location?.startLine) == [10])
  }

  @Test func listKindItemsAreScanned() {
    let text = """
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: p}
          spec:
            hostNetwork: true
            containers: [{name: c, image: "a:1"}]
      """
    #expect(yamlFindings(text, "PLM-K8S-002", compose: false).count == 1)
  }
}

@Suite struct CatalogTests {
  @Test func idsAreUniqueAndDocumented() {
    let rules = RuleCatalog.all
    #expect(Set(rules.map(\.id)).count == rules.count)
    for rule in rules {
      #expect(!rule.title.isEmpty && !rule.rationale.isEmpty && !rule.remediation.isEmpty, "\(rule.id)")
      #expect(rule.kind == .misconfiguration)
    }
  }

  @Test func hadolintAliasesAreInRangeAndUnique() {
    let aliases = DockerfileRules.all.flatMap(\.info.aliases).filter { $0.hasPrefix("DL") }
    // DL3064 (secrets) is shared by the ENV and ARG rules on purpose.
    #expect(Set(aliases).count == aliases.count - 1)
    for alias in aliases {
      let number = Int(alias.dropFirst(2)) ?? 0
      #expect((3000...3067).contains(number) || (4000...4006).contains(number), "\(alias)")
    }
  }

  @Test func lookupByAlias() {
    #expect(RuleCatalog.info(for: "DL3008")?.id == "PLM-DF-006")
    #expect(RuleCatalog.info(for: "PLM-K8S-001")?.title == "Privileged container")
  }
}
