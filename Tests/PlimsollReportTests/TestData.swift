import Foundation
import PlimsollCatalog
import PlimsollFindings
@testable import PlimsollReport
import PlimsollDiagnostics
import PlimsollLayers

/// Paths and builders shared by the report tests.
enum TestData {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/report")
  static let schemas = repositoryRoot.appendingPathComponent("Tests/Fixtures/schemas")
  static let docsSchemas = repositoryRoot.appendingPathComponent("docs/json-schema")

  /// Fixed time and id so golden files are reproducible.
  static let timestamp = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24T16:00:00Z
  static let documentID = UUID(uuidString: "0F6A3C1E-5B7D-4E2A-9C41-3D2B8E7F6A10") ?? UUID()
  static let sbomOptions = SBOMOptions(toolVersion: "0.1.0", timestamp: timestamp,
                                       documentID: documentID)
  /// The mixed report is an image's: its paths are inside the image's root filesystem.
  static let renderOptions = RenderOptions(toolVersion: "0.1.0", timestamp: timestamp,
                                           documentID: documentID,
                                           locationRoot: .filesystem(name: "image app.tar", directory: nil))

  static let layers = [
    LayerSummary(index: 0, diffID: "sha256:" + String(repeating: "a1", count: 32),
                 digest: "sha256:" + String(repeating: "b1", count: 32),
                 mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 29_150_371,
                 createdBy: "/bin/sh -c #(nop) ADD file:4b1a5e0f2d9c in / "),
    LayerSummary(index: 1, diffID: "sha256:" + String(repeating: "a2", count: 32),
                 digest: "sha256:" + String(repeating: "b2", count: 32),
                 mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 18_034_112,
                 createdBy: "/bin/sh -c apt-get update && apt-get install -y --no-install-recommends"
                   + " curl jq ca-certificates && rm -rf /var/lib/apt/lists/*"),
    LayerSummary(index: 2, diffID: "sha256:" + String(repeating: "a3", count: 32),
                 digest: "sha256:" + String(repeating: "b3", count: 32),
                 mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 2_311_904,
                 createdBy: "RUN /bin/sh -c pip install --target /app/lib requests==2.25.1"
                   + " urllib3==1.26.4 # buildkit"),
    LayerSummary(index: 3, diffID: "sha256:" + String(repeating: "a4", count: 32),
                 digest: "sha256:" + String(repeating: "b4", count: 32),
                 mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 6_102_220,
                 createdBy: "COPY app /usr/local/bin/app # buildkit"),
  ]

  static func layerRef(_ index: Int) -> LayerRef {
    let layer = layers[index]
    return LayerRef(index: layer.index, diffID: layer.diffID, createdBy: layer.createdBy)
  }

  static let target = TargetSummary(
    name: "docker-archive:app.tar", sourceKind: "docker-archive", tags: ["registry.example/app:1.4.2"],
    manifestDigest: "sha256:" + String(repeating: "c0", count: 32),
    configDigest: "sha256:" + String(repeating: "d0", count: 32), platform: "linux/amd64",
    layers: layers)

  static let os = OSRelease(id: "debian", versionID: "12", codename: "bookworm",
                            prettyName: "Debian GNU/Linux 12 (bookworm)")

  /// The Debian packages of the committed dpkg status fixture, parsed minimally.
  static func debianPackages() throws -> [Package] {
    let text = try String(contentsOf: fixtures.appendingPathComponent("dpkg-status"), encoding: .utf8)
    var packages: [Package] = []
    for stanza in text.components(separatedBy: "\n\n") {
      var fields: [String: String] = [:]
      for line in stanza.split(separator: "\n") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[String(line[..<colon])] = line[line.index(after: colon)...]
          .trimmingCharacters(in: .whitespaces)
      }
      guard let name = fields["Package"], let version = fields["Version"] else { continue }
      let arch = fields["Architecture"]
      var sourceName: String?
      var sourceVersion: String?
      if let source = fields["Source"] {
        let parts = source.split(separator: " ", maxSplits: 1)
        sourceName = parts.first.map(String.init)
        if parts.count == 2, let raw = parts.last {
          sourceVersion = raw.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        }
      }
      var qualifiers = ["distro": "debian-12"]
      if let arch { qualifiers["arch"] = arch }
      if let sourceName { qualifiers["upstream"] = sourceName }
      let purl = PackageURL(type: "deb", namespace: "debian", name: name, version: version,
                            qualifiers: qualifiers).description
      var metadata: [String: String] = [:]
      if let maintainer = fields["Maintainer"] { metadata["maintainer"] = maintainer }
      if let homepage = fields["Homepage"] { metadata["homepage"] = homepage }
      let layer = ["curl", "libcurl4", "jq", "ca-certificates"].contains(name) ? 1 : 0
      packages.append(Package(
        type: .deb, name: name, version: version, purl: purl, sourceName: sourceName,
        sourceVersion: sourceVersion, architecture: arch,
        licenses: name == "bash" ? ["GPL-3+"] : [], foundIn: "/var/lib/dpkg/status",
        metadata: metadata, layer: layerRef(layer)))
    }
    return packages
  }

  /// Language packages as the catalogers would report them, including a duplicate purl.
  static let languagePackages: [Package] = [
    Package(type: .python, name: "requests", version: "2.25.1", purl: "pkg:pypi/requests@2.25.1",
            licenses: ["Apache 2.0"],
            foundIn: "/app/lib/requests-2.25.1.dist-info/METADATA",
            metadata: ["author": "Kenneth Reitz <me@kennethreitz.org>"], layer: layerRef(2)),
    Package(type: .python, name: "urllib3", version: "1.26.4", purl: "pkg:pypi/urllib3@1.26.4",
            licenses: ["MIT"], foundIn: "/app/lib/urllib3-1.26.4.dist-info/METADATA",
            layer: layerRef(2)),
    // The same distribution installed twice (two site-packages): one purl, two components.
    Package(type: .python, name: "urllib3", version: "1.26.4", purl: "pkg:pypi/urllib3@1.26.4",
            licenses: ["MIT"],
            foundIn: "/usr/lib/python3/dist-packages/urllib3-1.26.4.dist-info/METADATA",
            layer: layerRef(2)),
    Package(type: .golang, name: "example.com/app", version: "v1.4.2",
            purl: "pkg:golang/example.com/app@v1.4.2", foundIn: "/usr/local/bin/app",
            metadata: ["goVersion": "go1.21.5", "mainModule": "true"], layer: layerRef(3)),
    Package(type: .golang, name: "golang.org/x/net", version: "v0.17.0",
            purl: "pkg:golang/golang.org/x/net@v0.17.0", licenses: ["BSD-3-Clause"],
            foundIn: "/usr/local/bin/app", layer: layerRef(3)),
    Package(type: .maven, name: "jackson-databind", version: "2.13.0",
            purl: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0",
            licenses: ["The Apache Software License, Version 2.0"],
            foundIn: "/usr/share/java/jackson-databind-2.13.0.jar",
            metadata: ["groupId": "com.fasterxml.jackson.core"], layer: layerRef(3)),
    Package(type: .cargo, name: "regex", version: "1.9.6", purl: "pkg:cargo/regex@1.9.6",
            licenses: ["MIT OR Apache-2.0"], foundIn: "/usr/local/bin/app", layer: layerRef(3)),
    Package(type: .npm, name: "@babel/core", version: "7.23.2",
            purl: "pkg:npm/%40babel/core@7.23.2",
            licenses: ["Custom license: see LICENSE.txt (c) 2023 Example Corp"],
            foundIn: "/app/node_modules/@babel/core/package.json", layer: layerRef(3)),
  ]

  static func inventory() throws -> Inventory {
    Inventory(target: target, os: os, packages: try debianPackages() + languagePackages,
              warnings: [ScanWarning(input: "/var/lib/dpkg/status.d/broken",
                                     message: "line 4: stanza without a Package field; skipped")])
  }

  /// A vulnerability report over the inventory, with real advisory ids and fix versions.
  static func vulnerabilityFindings() throws -> [Finding] {
    let packages = try debianPackages()
    func deb(_ name: String) -> Package? { packages.first { $0.name == name } }
    var findings: [Finding] = []
    for name in ["curl", "libcurl4"] {
      guard let package = deb(name) else { continue }
      findings.append(Finding(
        kind: .vulnerability, id: "CVE-2024-2398", aliases: ["DSA-5652-1"],
        title: "HTTP/2 push headers memory-leak", severity: .medium, status: .fixed,
        location: Location(path: package.foundIn, layerDigest: package.layer?.diffID,
                           createdBy: package.layer?.createdBy),
        package: AffectedPackage(name: name, installedVersion: package.version,
                                 fixedVersion: "7.88.1-10+deb12u6", purl: package.purl, type: "deb"),
        references: ["https://security-tracker.debian.org/tracker/CVE-2024-2398"],
        cvss: [CVSSScore(source: "nvd", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
                         score: 7.5)]))
    }
    if let libc = deb("libc6") {
      findings.append(Finding(
        kind: .vulnerability, id: "CVE-2019-1010022", title: "glibc stack guard bypass",
        severity: .low, status: .willNotFix,
        location: Location(path: libc.foundIn, layerDigest: libc.layer?.diffID),
        package: AffectedPackage(name: "libc6", installedVersion: libc.version, purl: libc.purl,
                                 type: "deb")))
    }
    findings.append(Finding(
      kind: .vulnerability, id: "GHSA-j8r2-6x86-q33q", aliases: ["CVE-2023-32681", "PYSEC-2023-74"],
      title: "Unintended leak of Proxy-Authorization header in requests",
      description: "Requests forwards proxy credentials to the destination server on redirects to HTTPS.",
      severity: .medium, status: .fixed,
      location: Location(path: "/app/lib/requests-2.25.1.dist-info/METADATA",
                         layerDigest: layers[2].diffID),
      package: AffectedPackage(name: "requests", installedVersion: "2.25.1", fixedVersion: "2.31.0",
                               purl: "pkg:pypi/requests@2.25.1", type: "pypi"),
      references: ["https://github.com/advisories/GHSA-j8r2-6x86-q33q"],
      cvss: [CVSSScore(source: "ghsa", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:N/A:N",
                       score: 6.1)]))
    findings.append(Finding(
      kind: .vulnerability, id: "GHSA-v845-jxx5-vc9f", aliases: ["CVE-2023-43804"],
      title: "Cookie HTTP header isn't stripped on cross-origin redirects", severity: .high,
      status: .fixed,
      location: Location(path: "/app/lib/urllib3-1.26.4.dist-info/METADATA"),
      package: AffectedPackage(name: "urllib3", installedVersion: "1.26.4", fixedVersion: "1.26.17",
                               purl: "pkg:pypi/urllib3@1.26.4", type: "pypi")))
    findings.append(Finding(
      kind: .vulnerability, id: "GO-2023-2102", aliases: ["CVE-2023-39325", "GHSA-4374-p667-p6c8"],
      title: "HTTP/2 rapid reset can cause excessive work in net/http", severity: .critical,
      status: .affected,
      location: Location(path: "/usr/local/bin/app", layerDigest: layers[3].diffID),
      package: AffectedPackage(name: "golang.org/x/net", installedVersion: "v0.17.0",
                               purl: "pkg:golang/golang.org/x/net@v0.17.0", type: "golang")))
    return findings
  }

  /// A report mixing every kind, with line numbers, passes and a warning.
  static func mixedReport() throws -> FindingReport {
    var findings = try vulnerabilityFindings()
    findings += [
      Finding(kind: .misconfiguration, id: "PLM-DF-001", aliases: ["DL3007"],
              title: "Using latest is prone to errors if the image will ever update",
              severity: .medium, status: .fail,
              location: Location(path: "Dockerfile", startLine: 1, endLine: 1),
              remediation: "Pin the base image: FROM debian:12.5",
              evidence: "FROM debian:latest"),
      Finding(kind: .misconfiguration, id: "PLM-DF-002", aliases: ["DL3002", "CIS-4.1"],
              title: "Last USER should not be root", severity: .high, status: .fail,
              location: Location(path: "Dockerfile", startLine: 9, endLine: 11)),
      Finding(kind: .misconfiguration, id: "PLM-DF-010", title: "HEALTHCHECK instruction present",
              severity: .low, status: .pass, location: Location(path: "Dockerfile")),
      Finding(kind: .secret, id: "aws-access-key-id", title: "AWS access key id",
              severity: .critical, status: .fail,
              location: Location(path: "/app/config/settings.py", startLine: 42,
                                 layerDigest: layers[2].diffID, createdBy: layers[2].createdBy),
              evidence: "AKIA************MPLE"),
      Finding(kind: .host, id: "CIS-DOCKER-2.1", title: "Run the Docker daemon as a non-root user",
              severity: .unknown, status: .manual),
      Finding(kind: .host, id: "CIS-DOCKER-2.2", title: "Restrict network traffic between containers",
              severity: .medium, status: .warn,
              location: Location(path: "/etc/docker/daemon.json", startLine: 3)),
    ]
    return FindingReport(target: "docker-archive:app.tar", findings: findings, warnings: [
      ScanWarning(input: "sha256:" + String(repeating: "a3", count: 32),
                  message: "file /app/lib/big.bin larger than 64 MiB; not scanned for secrets"),
    ])
  }

  static let rules = [
    RuleInfo(id: "PLM-DF-001", aliases: ["DL3007"], kind: .misconfiguration, severity: .medium,
             title: "Pin base image versions", rationale: "`latest` moves; builds stop being reproducible.",
             remediation: "Use a tag with a version, or a digest.",
             references: ["https://docs.docker.com/build/building/best-practices/#from"]),
    RuleInfo(id: "PLM-DF-002", aliases: ["DL3002", "CIS-4.1"], kind: .misconfiguration,
             severity: .high, title: "Do not run as root",
             rationale: "A process breaking out of a root container is root on the host.",
             remediation: "Add a USER instruction with an unprivileged user."),
    RuleInfo(id: "PLM-DF-010", kind: .misconfiguration, severity: .low,
             title: "Declare a HEALTHCHECK", rationale: "Orchestrators restart unhealthy containers.",
             remediation: "Add a HEALTHCHECK instruction."),
  ]
}

/// Golden-file and schema helpers.
enum Check {
  /// Compares `text` with the golden file; `PLIMSOLL_UPDATE_GOLDEN=1` rewrites it instead.
  static func golden(_ text: String, _ name: String) throws -> Bool {
    let url = TestData.fixtures.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["PLIMSOLL_UPDATE_GOLDEN"] == "1" {
      try Data(text.utf8).write(to: url)
      return true
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != text {
      let actual = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
      try? Data(text.utf8).write(to: actual)
      print("golden mismatch for \(name); actual output written to \(actual.path)")
    }
    return expected == text
  }

  /// Whether python3 with jsonschema is present (CI installs it; elsewhere schema checks skip).
  static let pythonAvailable: Bool = {
    (try? run(["python3", "-c", "import jsonschema, referencing"]).status) == 0
  }()

  /// Validates a JSON document against a schema with scripts/validate-json-schema.py; returns
  /// the validator's output (empty when valid) or nil when Python is not available.
  static func schemaErrors(_ document: String, schema: URL, extra: [URL] = []) throws -> String? {
    guard pythonAvailable else {
      // In CI (`CI=true`) the validator is installed, and its absence fails the test.
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        return "python3 with jsonschema is not installed (scripts/install-deps)"
      }
      print("schema validation not run: python3 with jsonschema is not installed")
      return nil
    }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-report-\(UUID().uuidString).json")
    try Data(document.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let script = TestData.repositoryRoot.appendingPathComponent("scripts/validate-json-schema.py")
    let result = try run(["python3", script.path, schema.path, file.path] + extra.map(\.path))
    return result.status == 0 ? "" : "exit \(result.status): " + result.output
  }

  static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static let cycloneDXSchema = TestData.schemas.appendingPathComponent("cyclonedx-bom-1.6.schema.json")
  static let cycloneDXExtras = [
    TestData.schemas.appendingPathComponent("cyclonedx-spdx.schema.json"),
    TestData.schemas.appendingPathComponent("cyclonedx-jsf-0.82.schema.json"),
  ]
  static let spdxSchema = TestData.schemas.appendingPathComponent("spdx-2.3-schema.json")
  static let sarifSchema = TestData.schemas.appendingPathComponent("sarif-schema-2.1.0.json")

  /// Parses JSON text into Foundation objects.
  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  /// Strips ANSI escape sequences.
  static func plain(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
  }
}
