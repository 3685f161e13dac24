import Foundation
import PlimsollFindings
import PlimsollRules
import PlimsollTestSupport
import Testing
@testable import PlimsollFix

/// Compose and Kubernetes fixers: each removes its findings (or adds its comment) without
/// anything new firing, keeps comments and layout, and its output is YAML another parser
/// (PyYAML) reads; over the project's and the real-world corpus the result is never worse.
@Suite struct YAMLFixTests {
  static let compose = """
    # a comment that must stay
    services:
      web:
        image: nginx:1.27.0  # pinned
        privileged: true
        ports:
          - "8080:80"
          - "9090"
          - target: 443
            published: 8443
        volumes:
          - ./html:/usr/share/nginx/html
        security_opt: [label:disable]
        cap_drop:
          - NET_RAW
        environment:
          API_TOKEN: ghp_R8xq2LmZ4vT7yK1pW9sN3bC6dF0hJ5gA2eUq
        volumes_from: []
      socket:
        image: docker:27.0.3
        volumes:
          - /var/run/docker.sock:/var/run/docker.sock

    """

  static let kubernetes = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: app  # the name
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          securityContext:
            allowPrivilegeEscalation: true
            privileged: true
          env:
            - name: DB_PASSWORD
              value: "s3cr3t-passw0rd-value"
      volumes:
        - name: sock
          hostPath:
            path: /run/containerd/containerd.sock

    """

  static let rules: [(rule: String, text: String)] =
    ComposeFixers.all.map { ($0.ruleID, compose) } + KubernetesFixers.all.map { ($0.ruleID, kubernetes) }

  func counts(_ findings: [Finding]) -> [String: Int] {
    findings.reduce(into: [:]) { $0[$1.id, default: 0] += 1 }
  }

  /// Parses YAML with PyYAML; nil when it cannot (with the error).
  func pyYAMLErrors(_ text: String) throws -> String? {
    let scratch = try Scratch()
    try scratch.write("doc.yaml", text)
    let script = "import sys, yaml\nlist(yaml.safe_load_all(open(sys.argv[1])))\n"
    do {
      try scratch.run(["python3", "-c", script, scratch.path + "/doc.yaml"])
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test(arguments: rules.map(\.rule))
  func theFixRemovesItsFindingsKeepsCommentsAndParses(rule: String) throws {
    let text = try #require(Self.rules.first { $0.rule == rule }?.text)
    let path = rule.hasPrefix("PLM-DC") ? "compose.yaml" : "pod.yaml"
    let before = counts(YAMLFix.engine.parse(text).map { YAMLFix.engine.scan($0.model, path) } ?? [])
    #expect(before[rule, default: 0] > 0, "the case must make \(rule) fire: \(before)")
    let outcome = YAMLFix.fix(text: text, path: path, rules: [rule])
    #expect(outcome.applied.map(\.ruleID) == [rule], "\(outcome.rejected)")
    let after = counts(outcome.findingsAfter)
    let adviceOnly = YAMLFix.fixers.first { $0.ruleID == rule }?.adviceOnly ?? false
    if adviceOnly {
      #expect(outcome.fixed.contains("# plimsoll fix: "), "\(outcome.fixed)")
    } else {
      #expect(after[rule] == nil, "\(rule) still fires:\n\(outcome.fixed)")
    }
    for (other, count) in after where other != rule {
      #expect(count <= before[other, default: 0], "\(other) fires more after fixing \(rule):\n\(outcome.fixed)")
    }
    for line in text.split(separator: "\n") where line.contains("#") {
      #expect(outcome.fixed.contains(line), "comment lost: \(line)")
    }
    #expect(try pyYAMLErrors(outcome.fixed) == nil, "\(outcome.fixed)")
  }

  @Test func fixedValuesAreTheOnesTheRulesWant() throws {
    let compose = YAMLFix.fix(text: Self.compose, path: "compose.yaml").fixed
    #expect(compose.contains("      - \"127.0.0.1:8080:80\"\n      - \"127.0.0.1::9090\"\n"))
    #expect(compose.contains("        published: 8443\n        host_ip: 127.0.0.1\n"))
    #expect(compose.contains("      - ./html:/usr/share/nginx/html:ro\n"))
    #expect(compose.contains("    security_opt: [label:disable, no-new-privileges:true]\n"))
    #expect(compose.contains("      - NET_RAW\n      - ALL\n"))
    let pod = YAMLFix.fix(text: Self.kubernetes, path: "pod.yaml").fixed
    #expect(pod.contains("        allowPrivilegeEscalation: false\n"))
    #expect(pod.contains("  automountServiceAccountToken: false\n"))
    // A flow-style container gives no safe place for new keys: it stays as written, and its
    // findings stay too.
    let flow = Self.kubernetes.replacingOccurrences(
      of: "\n  volumes:", with: "\n    - {name: side, image: \"busybox:1.36\"}\n  volumes:")
    let outcome = YAMLFix.fix(text: flow, path: "pod.yaml")
    #expect(outcome.fixed.contains("    - {name: side, image: \"busybox:1.36\"}\n"))
    #expect(outcome.findingsAfter.contains { $0.id == "PLM-K8S-013" })
  }

  static var corpora: [String] {
    let root = Repository.root.path
    return [root + "/Tests/Fixtures/compose", root + "/Tests/Fixtures/kubernetes",
            root + "/../shared/realworld-configs/compose", root + "/../shared/realworld-configs/k8s"]
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: Repository.root.path + "/../shared/realworld-configs")
    || ProcessInfo.processInfo.environment["CI"] == "true", "the real-world corpus is not beside the repository"))
  func overEveryCorpusFileTheResultIsNeverWorseAndParses() throws {
    var files = 0, fixed = 0, total = 0
    for folder in Self.corpora {
      let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
      for name in names {
        let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        let outcome = YAMLFix.fix(text: text, path: name)
        let before = counts(outcome.findingsBefore), after = counts(outcome.findingsAfter)
        for (rule, count) in after {
          #expect(count <= before[rule, default: 0], "\(name): \(rule) rose from \(before[rule, default: 0]) to \(count)")
        }
        if outcome.fixed != text {
          #expect(try pyYAMLErrors(outcome.fixed) == nil, "\(name) no longer parses:\n\(outcome.diff)")
          let again = YAMLFix.fix(text: outcome.fixed, path: name)
          #expect(again.fixed == outcome.fixed, "\(name): a second run changes more:\n\(again.diff)")
        }
        files += 1
        total += outcome.findingsBefore.count
        fixed += outcome.findingsBefore.count - outcome.findingsAfter.count
      }
    }
    print("[fix] \(files) Compose and Kubernetes files: \(fixed) of \(total) findings fixed")
    #expect(files > 100 && fixed > 0)
  }
}
