import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollVersions

/// Compares our ordering with each ecosystem's own tool on generated pairs.
///
/// `PLIMSOLL_SWEEP=100000` runs the large sweep; a missing tool skips the test (it shows as
/// skipped), except in CI (`CI=true`), where `.ci/run` installs every tool and a missing one fails.
@Suite struct OracleTests {
  static let oracleDirectory = Fixtures.directory.appendingPathComponent("oracles").path

  func check(
    _ name: String, oracle: [String]?, missing: String, generator: () throws -> PairGenerator,
    ours: (String, String) -> String
  ) throws {
    let oracle = try #require(oracle, "[\(name) oracle] \(missing)")
    var pairs = try generator()
    let batch = pairs.pairs(Sweep.size)
    let result = sweep(pairs: batch, oracle: oracle, ours: ours)
    guard let disagreements = result else {
      Issue.record("\(name) oracle failed to run")
      return
    }
    print("[\(name) oracle] \(batch.count) pairs, \(disagreements.count) disagreements")
    for disagreement in disagreements.prefix(40) { print("[\(name) oracle] \(disagreement)") }
    #expect(disagreements.isEmpty, "\(disagreements.count) disagreements with \(name); first: \(disagreements.first.map(\.description) ?? "")")
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("dpkg") != nil), "dpkg not found"))
  func dpkgAgreesWithDpkg() throws {
    let dpkg = Oracle.which("dpkg")
    try check(
      "dpkg", oracle: dpkg.map { _ in ["/bin/sh", "\(Self.oracleDirectory)/dpkg_compare.sh"] },
      missing: "dpkg not found (apt-get install dpkg)", generator: { try Generators.debian(seed: Sweep.seed) }
    ) { a, b in verdict { try DebianScheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.python(withModule: "rpm") != nil),
                 "no python3 with the rpm module"))
  func rpmAgreesWithRpm() throws {
    let python = Oracle.python(withModule: "rpm")
    try check(
      "rpm", oracle: python.map { [$0, "\(Self.oracleDirectory)/rpm_compare.py"] },
      missing: "no python3 with the rpm module (apt-get install python3-rpm)",
      generator: { try Generators.rpm(seed: Sweep.seed) }
    ) { a, b in verdict { try RPMScheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.python(withModule: "packaging.version") != nil),
                 "no python3 with packaging"))
  func pep440AgreesWithPackaging() throws {
    let python = Oracle.packaging26Python ?? Oracle.python(withModule: "packaging.version")
    try check(
      "PEP 440", oracle: python.map { [$0, "\(Self.oracleDirectory)/pep440_compare.py"] },
      missing: "no python3 with packaging (pip install packaging)",
      generator: { try Generators.pep440(seed: Sweep.seed) }
    ) { a, b in verdict { try PEP440Scheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("node") != nil && Oracle.npmSemverModule != nil),
                 "node or npm's bundled semver not found"))
  func npmAgreesWithNodeSemver() throws {
    let node = Oracle.which("node")
    let module = Oracle.npmSemverModule
    let oracle = node.flatMap { node in module.map { [node, "\(Self.oracleDirectory)/npm_compare.js", $0] } }
    try check(
      "npm", oracle: oracle, missing: "node or npm's bundled semver not found (apt-get install nodejs npm)",
      generator: { try Generators.npm(seed: Sweep.seed) }
    ) { a, b in verdict { try NPMScheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.goAvailable),
                 "go with its vendored golang.org/x/mod not found"))
  func goAgreesWithXModSemver() throws {
    let oracle = Oracle.goSemverOracle(driver: "\(Self.oracleDirectory)/go_compare.go")
    defer {
      if let binary = oracle?.first {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: binary).deletingLastPathComponent())
      }
    }
    try check(
      "Go", oracle: oracle, missing: "go (with its vendored golang.org/x/mod) not found (apt-get install golang-go)",
      generator: { try Generators.go(seed: Sweep.seed) }
    ) { a, b in
      // x/mod/semver only reads v-prefixed strings; GoVersion also accepts OSV's bare form.
      guard a.hasPrefix("v"), b.hasPrefix("v") else { return "E" }
      return verdict { try GoScheme.compare(a, b) }
    }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.cargoAvailable),
                 "cargo or the semver crate not found"))
  func cargoAgreesWithSemverCrate() throws {
    let oracle = Oracle.cargoSemverOracle(driver: "\(Self.oracleDirectory)/cargo_compare.rs")
    defer {
      if let binary = oracle?.first {
        let directory = URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent()
          .deletingLastPathComponent()
        try? FileManager.default.removeItem(at: directory)
      }
    }
    try check(
      "Cargo", oracle: oracle, missing: "cargo or the semver crate not found (apt-get install cargo librust-semver-dev)",
      generator: { try Generators.cargo(seed: Sweep.seed) }
    ) { a, b in verdict { try CargoScheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("ruby") != nil), "ruby not found"))
  func rubyGemsAgreesWithGemVersion() throws {
    let ruby = Oracle.which("ruby")
    try check(
      "RubyGems", oracle: ruby.map { [$0, "\(Self.oracleDirectory)/rubygems_compare.rb"] },
      missing: "ruby not found (apt-get install ruby)", generator: { try Generators.rubyGems(seed: Sweep.seed) }
    ) { a, b in verdict { try RubyGemsScheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("php") != nil && Oracle.composerSemverAutoload != nil),
                 "php or composer/semver not found"))
  func composerAgreesWithComposerSemver() throws {
    let php = Oracle.which("php")
    let autoload = Oracle.composerSemverAutoload
    let oracle = php.flatMap { php in autoload.map { [php, "\(Self.oracleDirectory)/composer_compare.php", $0] } }
    try check(
      "Composer", oracle: oracle, missing: "php or composer/semver not found (apt-get install php-cli php-composer-semver)",
      generator: { try Generators.composer(seed: Sweep.seed) }
    ) { a, b in verdict { try ComposerScheme.compare(a, b) } }
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("java") != nil && Oracle.mavenArtifactJar != nil),
                 "java or the maven-artifact jar not found"))
  func mavenAgreesWithComparableVersion() throws {
    let java = Oracle.which("java")
    let jar = Oracle.mavenArtifactJar
    let oracle = java.flatMap { java in jar.map { [java, "-cp", $0, "\(Self.oracleDirectory)/MavenCompare.java"] } }
    try check(
      "Maven", oracle: oracle, missing: "java or the maven-artifact jar not found (apt-get install maven default-jdk-headless)",
      generator: { try Generators.maven(seed: Sweep.seed) }
    ) { a, b in verdict { try MavenScheme.compare(a, b) } }
  }
}
