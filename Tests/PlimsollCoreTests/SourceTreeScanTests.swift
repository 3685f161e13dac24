import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// `plimsoll fs` over a source tree made of the lock-file fixtures, a Dockerfile and
/// secrets, against the advisory snapshot's language feeds.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Repository.vulndata + "/ruby")
  || ProcessInfo.processInfo.environment["CI"] == "true"))
struct SourceTreeScanTests {
  func tree(_ scratch: Scratch) throws -> String {
    let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures/lockfiles").path
    try scratch.run(["mkdir", "-p", "tree/web", "tree/svc", "tree/node_modules/left", "tree/.git", "tree/generated"])
    for (fixture, place) in [("requirements.txt", "requirements.txt"), ("Cargo.lock", "Cargo.lock"),
                             ("Gemfile.lock", "Gemfile.lock"), ("composer.lock", "composer.lock"),
                             ("yarn-classic.lock", "web/yarn.lock"), ("go.mod", "svc/go.mod")] {
      try scratch.run(["cp", fixtures + "/" + fixture, "tree/" + place])
    }
    try scratch.write("tree/Dockerfile", "FROM debian:latest\nRUN apt-get update && apt-get install -y curl\n")
    let token = "ghp_R8xq2LmZ4vT7yK1pW9sN3bC6dF0hJ5gA2eUq"
    try scratch.write("tree/deploy.sh", "export GITHUB_TOKEN=\(token)\n")
    try scratch.write("tree/node_modules/left/leak.sh", "export GITHUB_TOKEN=\(token)\n")
    try scratch.write("tree/generated/leak.sh", "export GITHUB_TOKEN=\(token)\n")
    try scratch.write("tree/.git/config", "token = \(token)\n")
    try scratch.write("tree/.gitignore", "# build output\n/dist/\n*.bak\n")
    try scratch.write("tree/dist/leak.sh", "export GITHUB_TOKEN=\(token)\n")
    try scratch.write("tree/dist/Dockerfile", "FROM debian:latest\n")
    try scratch.write("tree/node_modules/left/Dockerfile", "FROM debian:latest\n")
    try scratch.write("tree/deploy/app.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: nginx:latest\n")
    try scratch.write("tree/web/old.sh.bak", "export GITHUB_TOKEN=\(token)\n")
    return scratch.path + "/tree"
  }

  func database(_ scratch: Scratch) throws -> String {
    try scratch.run(["mkdir", "-p", "feeds", "cache"])
    for feed in ["pypi/vulns-pypi-osv.tar.gz", "go/vulndb-osv.tar.gz", "rust/rustsec-advisory-db.tar.gz",
                 "ruby/ruby-advisory-db.tar.gz", "php/friendsofphp-security-advisories.tar.gz"] {
      try scratch.run(["ln", "-s", Repository.vulndata + "/" + feed, "feeds/" + (feed as NSString).lastPathComponent])
    }
    _ = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/cache/advisories.db")
    return scratch.path + "/cache"
  }

  @Test func oneCommandFindsDependencyVulnerabilitiesMisconfigurationsAndSecrets() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let root = try tree(scratch)
    let cache = try database(scratch)
    let (status, output, errors) = try await runPlimsollAsync(plimsoll, [
      "fs", root, "--format", "json", "--cache-dir", cache, "--skip-db-update", "--exit-code", "4",
      "--skip-dirs", "generated",
    ])
    #expect(status == 4, "\(errors)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let findings = try #require(document["findings"] as? [[String: Any]])
    func ids(_ kind: String) -> Set<String> {
      Set(findings.filter { $0["kind"] as? String == kind }.compactMap { $0["id"] as? String })
    }
    let vulnerabilities = ids("vulnerability")
    for expected in ["PYSEC-2018-28", "RUSTSEC-2019-0009", "CVE-2019-5477", "GO-2023-1988",
                     "FRIENDSOFPHP-contao/core/2014-04-07"] {
      #expect(vulnerabilities.contains(expected), "\(expected) missing from \(vulnerabilities.sorted())")
    }
    #expect(ids("misconfiguration").contains("PLM-DF-004"))
    // The configuration rules read what the one walk kept: not dist/ (.gitignore) or node_modules.
    let configured = Set(findings.filter { $0["kind"] as? String == "misconfiguration" }
      .compactMap { ($0["location"] as? [String: Any])?["path"] as? String })
    #expect(configured == ["Dockerfile", "deploy/app.yaml"], "\(configured)")
    let secrets = findings.filter { $0["kind"] as? String == "secret" }
      .compactMap { ($0["location"] as? [String: Any])?["path"] as? String }
    #expect(secrets == ["deploy.sh"], "vendored, skipped, ignored and .git files are left out: \(secrets)")
    let paths = Set(findings.filter { $0["kind"] as? String == "vulnerability" }
      .compactMap { ($0["location"] as? [String: Any])?["path"] as? String })
    #expect(paths.isSuperset(of: ["requirements.txt", "Cargo.lock", "Gemfile.lock", "svc/go.mod"]), "\(paths)")
    let warnings = (document["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    #expect(warnings.contains { $0.contains("unpinned requirements not checked") && $0.contains("flask") })
  }

  @Test func aLockFilesInventoryIsAnSBOM() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let scratch = try Scratch()
    let root = try tree(scratch)
    let (status, output, errors) = try await runPlimsollAsync(plimsoll, ["sbom", "fs:" + root, "--format", "cyclonedx"])
    #expect(status == 0, "\(errors)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let purls = Set((document["components"] as? [[String: Any]] ?? []).compactMap { $0["purl"] as? String })
    for purl in ["pkg:pypi/requests@2.19.0", "pkg:cargo/smallvec@0.6.9", "pkg:gem/nokogiri@1.10.3",
                 "pkg:composer/contao/core@3.2.8", "pkg:npm/lodash@4.17.15",
                 "pkg:golang/golang.org/x/net@v0.8.0"] {
      #expect(purls.contains(purl), "\(purl) missing from \(purls.sorted())")
    }
  }
}
