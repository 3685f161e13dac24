import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Every lock-file fixture, scanned by `plimsoll fs` and `plimsoll sbom fs:`, against what
/// scripts/crosscheck-lockfiles.py expects: that script reads each file with Python's own
/// parsers and judges each advisory with the ecosystem's own version tool (packaging, x/mod
/// semver, the semver crate, node-semver, Gem::Requirement, composer/semver). Packages and
/// vulnerabilities must agree exactly, file by file.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Repository.vulndata + "/ruby")
  || ProcessInfo.processInfo.environment["CI"] == "true", "the advisory snapshot ../shared/vulndata is missing"))
struct LockfileCrossCheckTests {
  /// Fixture (under Tests/Fixtures) and the name a project gives it: the hand-written ones,
  /// those the package managers wrote (scripts/make-lock-fixtures), and two npm locks.
  static let fixtures: [(fixture: String, name: String)] = handWritten + generated + npm

  static let handWritten: [(fixture: String, name: String)] = [
    ("requirements.txt", "requirements.txt"), ("poetry.lock", "poetry.lock"), ("uv.lock", "uv.lock"),
    ("pdm.lock", "pdm.lock"), ("Pipfile.lock", "Pipfile.lock"), ("go.mod", "go.mod"),
    ("Cargo.lock", "Cargo.lock"), ("Gemfile.lock", "Gemfile.lock"), ("composer.lock", "composer.lock"),
    ("yarn-classic.lock", "yarn.lock"), ("yarn-berry.lock", "yarn.lock"), ("pnpm-v6.yaml", "pnpm-lock.yaml"),
    ("pnpm-v9.yaml", "pnpm-lock.yaml"), ("gradle.lockfile", "gradle.lockfile"), ("pom.xml", "pom.xml"),
    ("packages.lock.json", "packages.lock.json"), ("app.deps.json", "app.deps.json"), ("mix.lock", "mix.lock"),
    ("pubspec.lock", "pubspec.lock"), ("swiftpm-resolved-v3.json", "Package.resolved"),
  ].map { (fixture: "lockfiles/" + $0.0, name: $0.1) }

  static let generated: [(fixture: String, name: String)] =
    ["requirements.txt", "uv.lock", "poetry.lock", "Pipfile.lock", "Cargo.lock"]
    .map { (fixture: "lockfiles/generated/" + $0, name: $0) }

  static let npm: [(fixture: String, name: String)] = [
    (fixture: "npm/lock-v1/package-lock.json", name: "package-lock.json"),
    (fixture: "npm/lock-v3/package-lock.json", name: "package-lock.json"),
  ]

  /// What the cross-check script says about one file.
  struct Expected: Decodable {
    var file: String
    var ecosystem: String
    var packages: [[String]]
    var vulnerabilities: [[String]]
    var source: Bool
  }

  /// A purl's name as the script writes it: `group:artifact` for Maven, the path otherwise;
  /// PyPI names in their normalised form.
  static func name(purl: String, ecosystem: String) -> String {
    var path = String(purl.split(separator: "?")[0].split(separator: "#")[0])
    if let at = path.lastIndex(of: "@"), path[..<at].contains("/") { path = String(path[..<at]) }
    let name = path.split(separator: "/", maxSplits: 1).dropFirst().joined().removingPercentEncoding ?? path
    switch ecosystem {
    case "Maven":
      guard let slash = name.lastIndex(of: "/") else { return name }
      return name[..<slash] + ":" + name[name.index(after: slash)...]
    case "PyPI":
      return name.lowercased().replacingOccurrences(of: #"[-_.]+"#, with: "-", options: .regularExpression)
    default:
      return name
    }
  }

  @Test func everyLockFileAgreesWithTheIndependentCrossCheck() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures").path
    var files: [String] = []
    for (index, fixture) in Self.fixtures.enumerated() {
      try scratch.run(["mkdir", "-p", "tree/\(index)"])
      try scratch.run(["cp", fixtures + "/" + fixture.fixture, "tree/\(index)/" + fixture.name])
      files.append(scratch.path + "/tree/\(index)/" + fixture.name)
    }
    // A malformed lock file beside them: named in a warning, the rest still scanned.
    try scratch.run(["mkdir", "-p", "tree/broken"])
    try scratch.run(["cp", fixtures + "/lockfiles/broken-Cargo.lock", "tree/broken/Cargo.lock"])

    let script = Repository.root.path + "/scripts/crosscheck-lockfiles.py"
    let report = try scratch.run(["python3", script, Repository.vulndata] + files)
    let expected = try JSONDecoder().decode([Expected].self, from: Data(report))
    try #require(expected.count == files.count)

    try scratch.run(["mkdir", "-p", "feeds", "cache"])
    for feed in ["pypi/vulns-pypi-osv.tar.gz", "go/vulndb-osv.tar.gz", "rust/rustsec-advisory-db.tar.gz",
                 "ruby/ruby-advisory-db.tar.gz", "php/friendsofphp-security-advisories.tar.gz",
                 "npm/nodejs-security-wg-vuln.tar.gz"] {
      try scratch.run(["ln", "-s", Repository.vulndata + "/" + feed, "feeds/" + (feed as NSString).lastPathComponent])
    }
    _ = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/cache/advisories.db")

    let (status, output, errors) = try await runPlimsollAsync(plimsoll, [
      "fs", scratch.path + "/tree", "--scanners", "vuln", "--format", "json",
      "--cache-dir", scratch.path + "/cache", "--skip-db-update",
    ])
    #expect(status == 0, "\(errors)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let findings = document["findings"] as? [[String: Any]] ?? []
    let (sbomStatus, sbomOutput, sbomErrors) = try await runPlimsollAsync(
      plimsoll, ["sbom", "fs:" + scratch.path + "/tree", "--format", "cyclonedx"])
    #expect(sbomStatus == 0, "\(sbomErrors)")
    let sbom = try #require(try JSONSerialization.jsonObject(with: Data(sbomOutput.utf8)) as? [String: Any])
    let components = sbom["components"] as? [[String: Any]] ?? []

    var packageCount = 0, vulnerabilityCount = 0
    for (index, want) in expected.enumerated() {
      let directory = "\(index)/"
      let found = components.filter { component in
        let properties = component["properties"] as? [[String: String]] ?? []
        let foundIn = properties.first { $0["name"] == "plimsoll:package:foundIn" }?["value"] ?? ""
        let root = properties.contains { $0["name"] == "plimsoll:metadata:root" && $0["value"] == "true" }
        return foundIn.hasPrefix("/" + directory) && !root
      }
      let packages = Set(found.compactMap { component -> String? in
        guard let purl = component["purl"] as? String, let version = component["version"] as? String else { return nil }
        return Self.name(purl: purl, ecosystem: want.ecosystem) + " " + version
      })
      let wantPackages = Set(want.packages.map { $0.joined(separator: " ") })
      #expect(packages == wantPackages, """
        \(Self.fixtures[index].fixture): packages only Plimsoll has \(packages.subtracting(wantPackages).sorted()), \
        only the cross-check has \(wantPackages.subtracting(packages).sorted())
        """)
      let vulnerabilities = Set(findings.compactMap { finding -> String? in
        guard finding["kind"] as? String == "vulnerability",
          let path = (finding["location"] as? [String: Any])?["path"] as? String, path.hasPrefix(directory),
          let package = finding["package"] as? [String: Any], let purl = package["purl"] as? String,
          let version = package["installedVersion"] as? String, let id = finding["id"] as? String
        else { return nil }
        return [Self.name(purl: purl, ecosystem: want.ecosystem), version, id].joined(separator: " ")
      })
      let wantVulnerabilities = Set(want.vulnerabilities.map { $0.joined(separator: " ") })
      #expect(vulnerabilities == wantVulnerabilities, """
        \(Self.fixtures[index].fixture): vulnerabilities only Plimsoll finds \
        \(vulnerabilities.subtracting(wantVulnerabilities).sorted()), only the cross-check finds \
        \(wantVulnerabilities.subtracting(vulnerabilities).sorted())
        """)
      packageCount += wantPackages.count
      vulnerabilityCount += wantVulnerabilities.count
    }
    print("[lock cross-check] \(expected.count) files, \(packageCount) packages, \(vulnerabilityCount) vulnerabilities compared")
    #expect(vulnerabilityCount > 100, "the fixtures are chosen to hold known vulnerabilities")

    // Ecosystems without an advisory source are said to be unchecked, never silently clean.
    let warnings = (document["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    for ecosystem in Set(expected.filter { !$0.source }.map(\.ecosystem)) {
      let word = ["Hex": "hex", "Pub": "pub", "SwiftURL": "swift"][ecosystem] ?? ecosystem
      #expect(warnings.contains { $0.contains("not checked") && $0.contains(word) }, "\(ecosystem): \(warnings)")
    }
    let inputs = (document["warnings"] as? [[String: Any]] ?? []).filter {
      ($0["message"] as? String)?.hasPrefix("malformed Cargo.lock") == true
    }.compactMap { $0["input"] as? String }
    #expect(inputs == ["/broken/Cargo.lock"], "\(warnings)")
  }
}
