import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollRules

@Suite struct InlineIgnoreTests {
  @Test func plimsollAndHadolintCommentsSilenceTheNextInstruction() {
    let text = """
      FROM debian:12
      # plimsoll:ignore=PLM-DF-006,PLM-DF-009
      RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
      # hadolint ignore=DL3008
      # (a second comment line between is fine)
      RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
      RUN apt-get update && apt-get install -y --no-install-recommends vim && rm -rf /var/lib/apt/lists/*
      USER 1000
      """
    let findings = DockerfileScanner.scan(text: text, path: "Dockerfile").findings
    #expect(findings.filter { $0.id == "PLM-DF-006" }.map(\.location?.startLine) == [7])
    #expect(findings.filter { $0.id == "PLM-DF-009" }.isEmpty)
  }

  @Test func ignoreOnlyAppliesToTheInstructionBelow() {
    let text = "FROM debian:12\n# hadolint ignore=DL3003\nRUN cd /a\n\nRUN cd /b\n"
    let findings = DockerfileScanner.scan(text: text, path: "Dockerfile").findings
    #expect(findings.filter { $0.id == "PLM-DF-053" }.map(\.location?.startLine) == [5])
  }

  @Test func globalIgnoresAndScannerIgnoreList() {
    let text = "# hadolint global ignore=DL3006\nFROM debian\nRUN cd /a\n"
    let report = DockerfileScanner.scan(text: text, path: "Dockerfile", ignoring: ["DL3003", "PLM-DF-005"])
    let ids = Set(report.findings.map(\.id))
    #expect(!ids.contains("PLM-DF-003"))
    #expect(!ids.contains("PLM-DF-053"))
    #expect(!ids.contains("PLM-DF-005"))
    #expect(ids.contains("PLM-DF-002"))
  }
}

@Suite struct ConfigScannerTests {
  @Test func directoryScanFindsEveryKind() throws {
    let root = fixtures("").path
    let report = try ConfigScanner().scan(path: root)
    let paths = Set(report.findings.compactMap(\.location?.path))
    #expect(paths.contains("dockerfile/ubuntu-legacy.Dockerfile"))
    #expect(paths.contains("compose/docker-compose.insecure.yml"))
    #expect(paths.contains("kubernetes/deployment-insecure.yaml"))
    #expect(!paths.contains("kubernetes/pod-restricted.yaml"))
    #expect(!paths.contains("compose/compose.hardened.yaml"))
    // Unrelated YAML is skipped silently in a directory walk.
    #expect(!report.warnings.contains { $0.input.contains("not-kubernetes") })
    #expect(report.findings.allSatisfy { $0.kind == .misconfiguration && $0.status == .fail })
  }

  @Test func fileNamesDecideTheKind() {
    #expect(ConfigScanner.kind(ofFileNamed: "Dockerfile") == .dockerfile)
    #expect(ConfigScanner.kind(ofFileNamed: "Dockerfile.prod") == .dockerfile)
    #expect(ConfigScanner.kind(ofFileNamed: "api.dockerfile") == .dockerfile)
    #expect(ConfigScanner.kind(ofFileNamed: "Containerfile") == .dockerfile)
    #expect(ConfigScanner.kind(ofFileNamed: "Dockerfile-dev") == .dockerfile)
    #expect(ConfigScanner.kind(ofFileNamed: "DockerfileRuleCases.swift") == nil)
    #expect(ConfigScanner.kind(ofFileNamed: "Dockerfile.md") == nil)
    #expect(ConfigScanner.kind(ofFileNamed: "dockerfile-lint.yaml") == nil)
    #expect(ConfigScanner.kind(ofFileNamed: "docker-compose.override.yml") == .compose)
    #expect(ConfigScanner.kind(ofFileNamed: "compose.yaml") == .compose)
    #expect(ConfigScanner.kind(ofFileNamed: "deploy.yaml") == nil)
    #expect(ConfigScanner.kind(ofFileNamed: "README.md") == nil)
  }

  @Test func fixtureFindingsCarryLinesAliasesAndRemediation() throws {
    let path = fixtures("dockerfile").appendingPathComponent("ubuntu-legacy.Dockerfile").path
    let report = try ConfigScanner().scan(path: path)
    let sudo = report.findings.first { $0.id == "PLM-DF-052" }
    #expect(sudo?.location?.startLine == 10)
    #expect(sudo?.aliases == ["DL3004", "CKV2_DOCKER_1"])
    #expect(sudo?.severity == .high)
    #expect(sudo?.remediation?.isEmpty == false)
    #expect(report.findings.first { $0.id == "PLM-DF-004" }?.location?.startLine == 1)
    #expect(report.findings.first { $0.id == "PLM-DF-064" }?.location?.startLine == 11)
  }

  @Test func composeFixtureLines() throws {
    let path = fixtures("compose").appendingPathComponent("docker-compose.insecure.yml").path
    let findings = try ConfigScanner().scan(path: path).findings
    func lines(_ id: String) -> [Int?] { findings.filter { $0.id == id }.map(\.location?.startLine) }
    #expect(lines("PLM-DC-008") == [18])
    #expect(lines("PLM-DC-012") == [14, 15, 52])
    #expect(lines("PLM-DC-001") == [24])
    #expect(lines("PLM-DC-019") == [33, 59])
    #expect(lines("PLM-DC-009") == [38])
    // The merge key brings `environment` from the anchor without a secret.
    #expect(!findings.contains { $0.id == "PLM-DC-019" && $0.evidence?.contains("proxy") == true })
  }

  @Test func kubernetesFixtureLines() throws {
    let path = fixtures("kubernetes").appendingPathComponent("deployment-insecure.yaml").path
    let findings = try ConfigScanner().scan(path: path).findings
    func lines(_ id: String) -> [Int?] { findings.filter { $0.id == id }.map(\.location?.startLine) }
    #expect(lines("PLM-K8S-001") == [25])
    #expect(lines("PLM-K8S-004") == [38])
    #expect(lines("PLM-K8S-007") == [54])
    #expect(lines("PLM-K8S-010") == [64])
    #expect(lines("PLM-K8S-026") == [31])
  }

  @Test func networkPolicyInAnotherFileCoversTheNamespace() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-netpol-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try pod(metadata: "namespace: shop").write(
      to: directory.appendingPathComponent("pod.yaml"), atomically: true, encoding: .utf8)
    let scanner = ConfigScanner()
    #expect(try scanner.scan(path: directory.path).findings.contains { $0.id == "PLM-K8S-029" })
    try "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d, namespace: shop}\nspec: {podSelector: {}}\n"
      .write(to: directory.appendingPathComponent("netpol.yml"), atomically: true, encoding: .utf8)
    #expect(!(try scanner.scan(path: directory.path).findings.contains { $0.id == "PLM-K8S-029" }))
  }

  @Test func missingPathIsATypedError() {
    #expect(throws: ConfigScanError.pathNotFound("/nonexistent/plimsoll")) {
      try ConfigScanner().scan(path: "/nonexistent/plimsoll")
    }
  }

  @Test func deviceFileIsUnsupported() {
    #expect(throws: ConfigScanError.unsupportedPath("/dev/null")) {
      try ConfigScanner().scan(path: "/dev/null")
    }
  }

  @Test func explicitYAMLWithServicesIsReadAsCompose() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString).yml")
    defer { try? FileManager.default.removeItem(at: file) }
    try compose("image: a:1\nprivileged: true").write(to: file, atomically: true, encoding: .utf8)
    let findings = try ConfigScanner().scan(path: file.path).findings
    #expect(findings.contains { $0.id == "PLM-DC-001" })
  }
}

@Suite struct HostileYAMLTests {
  @Test func billionLaughsIsBounded() {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    var previous = "a"
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
      previous = name
    }
    #expect(throws: YAMLLoadError.tooManyNodes(YAMLLoader.maxNodes)) {
      try YAMLLoader.documents(text)
    }
    let report = KubernetesScanner.scan(data: Data(("apiVersion: v1\nkind: Pod\n" + text).utf8), path: "bomb.yaml")
    #expect(report.warnings.first?.message.contains("alias bomb") == true)
  }

  @Test func selfReferencingAnchorsAndMergeKeysTerminate() {
    let texts = ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a {<<: *a, x: 1}\n",
                 "x: &x {k: 1}\ny: &y {<<: [*x, *x, *x]}\nz: {<<: [*y, *y]}\n"]
    for text in texts {
      let report = ComposeScanner.scan(data: Data(text.utf8), path: "compose.yaml")
      #expect(report.findings.isEmpty)
    }
  }

  @Test func deepNestingIsRejectedBeforeParsing() {
    let flow = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    #expect(throws: YAMLLoadError.tooDeep(YAMLLoader.maxDepth)) { try YAMLLoader.documents("a: " + flow) }
    var block = ""
    for depth in 0..<600 { block += String(repeating: " ", count: depth) + "k\(depth):\n" }
    #expect(throws: YAMLLoadError.tooDeep(YAMLLoader.maxDepth)) { try YAMLLoader.documents(block) }
  }

  @Test func deepestAcceptedNestingParsesOnWorkerThreads() throws {
    // Just under the indentation bound, scanned through the parallel directory walk.
    var block = "apiVersion: v1\nkind: ConfigMap\ndata:\n"
    for depth in 1..<95 { block += String(repeating: " ", count: depth * 2) + "k\(depth):\n" }
    block += String(repeating: " ", count: 190) + "leaf: x\n"
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plimsoll-deep-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for index in 0..<4 {
      try block.write(to: directory.appendingPathComponent("deep\(index).yaml"), atomically: true, encoding: .utf8)
    }
    let report = try ConfigScanner().scan(path: directory.path)
    #expect(report.findings.isEmpty)
    #expect(report.warnings.isEmpty, "\(report.warnings)")
  }

  @Test func invalidUTF8AndSyntaxErrorsAreWarnings() {
    let bad = ComposeScanner.scan(data: Data([0x73, 0x3A, 0x20, 0xFF, 0xFE]), path: "compose.yaml")
    #expect(bad.warnings.map(\.message) == ["not valid UTF-8"])
    let syntax = ComposeScanner.scan(data: Data("services: [unclosed\n".utf8), path: "compose.yaml")
    #expect(syntax.warnings.first?.message.hasPrefix("YAML syntax error") == true)
    #expect(syntax.findings.isEmpty)
  }

  @Test func oversizedFileIsSkippedWithAWarning() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("Dockerfile.big-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data(repeating: 0x41, count: 2048).write(to: file)
    let report = try ConfigScanner(maxFileSize: 1024).scan(path: file.path)
    #expect(report.findings.isEmpty)
    #expect(report.warnings.first?.message.contains("over the 1024-byte limit") == true)
  }
}

@Suite struct SensitiveValueTests {
  @Test(arguments: [
    ("DB_PASSWORD", true), ("GITHUB_TOKEN", true), ("AWS_SECRET_ACCESS_KEY", true), ("api-key", true),
    ("DB_PASSWORD_FILE", false), ("TOKEN_URL", false), ("PWD", false), ("PATH", false), ("KEYBOARD", false),
  ])
  func names(_ name: String, _ sensitive: Bool) {
    #expect(SensitiveValues.isSensitiveName(name) == sensitive)
  }

  @Test func urlCredentialsInEnvAreSecrets() {
    let findings = DockerfileScanner.scan(text: "FROM a:1\nENV BROKER_URL=redis://:brokerpass@redis:6379/0\n", path: "Dockerfile").findings
    let secret = findings.first { $0.id == "PLM-DF-062" }
    #expect(secret?.evidence == "ENV BROKER_URL=redis://:****@redis:6379/0")
    #expect(findings.allSatisfy { !($0.evidence ?? "").contains("brokerpass") })
  }

  @Test func redactMasksValuesAndURLPasswords() {
    #expect(SensitiveValues.redact("|1 NPM_TOKEN=abcd1234 git clone https://u:pw@h/r") == "|1 NPM_TOKEN=ab****** git clone https://u:****@h/r")
  }
}
