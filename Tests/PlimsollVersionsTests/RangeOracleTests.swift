import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollVersions

/// Generates (version, range) pairs from real versions and each syntax's operators.
struct RangePairGenerator {
  var versions: PairGenerator
  let templates: [String]

  /// Fills `V`, `W` with generated versions and `M`, `N` with their first numbers.
  mutating func pairs(_ count: Int) -> [(String, String)] {
    var result: [(String, String)] = []
    while result.count < count {
      let (first, second) = versions.pairs(1)[0]
      let (low, high) = first < second ? (first, second) : (second, first)
      let template = Mutate.element(templates, &versions.random)
      let major = String(low.prefix { $0.isNumber }.prefix(3))
      let minor = String(low.split(separator: ".").dropFirst().first?.prefix { $0.isNumber } ?? "0")
      let range = template.replacingOccurrences(of: "V", with: low).replacingOccurrences(of: "W", with: high)
        .replacingOccurrences(of: "M", with: major.isEmpty ? "1" : major)
        .replacingOccurrences(of: "N", with: minor.isEmpty ? "0" : minor)
      let candidate = Int.random(in: 0..<3, using: &versions.random) == 0 ? low : versions.mutate(low)
      result.append((candidate, range))
    }
    return result
  }
}

@Suite struct RangeOracleTests {
  static let oracleDirectory = OracleTests.oracleDirectory

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("node") != nil && Oracle.npmSemverModule != nil),
                 "node or npm's bundled semver not found (apt-get install nodejs npm)"))
  func npmRangesAgreeWithNodeSemver() throws {
    let node = try #require(Oracle.which("node"), "node not found (apt-get install nodejs npm)")
    let module = try #require(Oracle.npmSemverModule, "npm's bundled semver not found")
    var generator = RangePairGenerator(versions: try Generators.npm(seed: Sweep.seed ^ 0x55), templates: [
      "^V", "~V", ">=V <W", "V - W", "M.x", "M.N.x", "M.N", "M", "<V || >=W", ">V", "<=V", "=V", "*", "~M.N",
      "^0.N", "^0.0.M", "~>V", ">= V", "> M.N", "<=M.N", "<M", ">M.x", "V || W", "^M.N.x", "M.N - W", "x",
    ])
    let batch = generator.pairs(max(500, Sweep.size / 2))
    let result = sweep(pairs: batch, oracle: [node, "\(Self.oracleDirectory)/npm_compare.js", module, "range"]) { version, range in
      guard let parsedRange = try? NPMRange(range) else { return "E" }
      guard let parsedVersion = try? NPMVersion(version) else { return "0" }
      return parsedRange.contains(parsedVersion) ? "1" : "0"
    }
    let disagreements = try #require(result, "npm range oracle failed to run")
    print("[npm range oracle] \(batch.count) pairs, \(disagreements.count) disagreements")
    for disagreement in disagreements.prefix(40) { print("[npm range oracle] \(disagreement)") }
    #expect(disagreements.isEmpty)
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.cargoAvailable),
                 "cargo or the semver crate not found (apt-get install cargo librust-semver-dev)"))
  func cargoRequirementsAgreeWithSemverCrate() throws {
    let oracle = try #require(Oracle.cargoSemverOracle(driver: "\(Self.oracleDirectory)/cargo_compare.rs"),
                              "the Cargo requirement oracle did not build")
    defer {
      let directory = URL(fileURLWithPath: oracle[0]).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
      try? FileManager.default.removeItem(at: directory)
    }
    var generator = RangePairGenerator(versions: try Generators.cargo(seed: Sweep.seed ^ 0x33), templates: [
      "^V", "~V", ">=V, <W", "=V", "V", "M.*", "M.N.*", ">= V", "<V", "*", "~M.N", "^0.N", "M.N", "> M.N", "<=M",
      ">V", "<= V", "~M", "^M", "M.N.x", "=M.N",
    ])
    let batch = generator.pairs(max(500, Sweep.size / 2))
    let result = sweep(pairs: batch, oracle: oracle + ["requirement"]) { version, requirement in
      guard let parsedRequirement = try? CargoRequirement(requirement), let parsedVersion = try? CargoVersion(version)
      else { return "E" }
      return parsedRequirement.matches(parsedVersion) ? "1" : "0"
    }
    let disagreements = try #require(result, "Cargo requirement oracle failed to run")
    print("[Cargo requirement oracle] \(batch.count) pairs, \(disagreements.count) disagreements")
    for disagreement in disagreements.prefix(40) { print("[Cargo requirement oracle] \(disagreement)") }
    #expect(disagreements.isEmpty)
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("ruby") != nil),
                 "ruby not found (apt-get install ruby)"))
  func rubyGemsRequirementsAgreeWithGemRequirement() throws {
    let ruby = try #require(Oracle.which("ruby"), "ruby not found (apt-get install ruby)")
    var generator = RangePairGenerator(versions: try Generators.rubyGems(seed: Sweep.seed ^ 0x77), templates: [
      "~> V", ">= V", "< V", "= V", "!= V", "> V, < W", "~> M.N", "~> M", "<= V", "V", ">= V, <= W", "~>V", ">=M",
    ])
    let batch = generator.pairs(max(500, Sweep.size / 2))
    let result = sweep(pairs: batch, oracle: [ruby, "\(Self.oracleDirectory)/rubygems_compare.rb", "requirement"]) { version, requirement in
      guard let parsedRequirement = try? RubyGemsRequirement(requirement) else { return "E" }
      guard let parsedVersion = try? RubyGemsVersion(version) else { return "E" }
      return parsedRequirement.isSatisfied(by: parsedVersion) ? "1" : "0"
    }
    let disagreements = try #require(result, "RubyGems requirement oracle failed to run")
    print("[RubyGems requirement oracle] \(batch.count) pairs, \(disagreements.count) disagreements")
    for disagreement in disagreements.prefix(40) { print("[RubyGems requirement oracle] \(disagreement)") }
    #expect(disagreements.isEmpty)
  }

  @Test(.enabled(if: Requirement.runs(when: Oracle.which("php") != nil && Oracle.composerSemverAutoload != nil),
                 "php or composer/semver not found (apt-get install php-cli php-composer-semver)"))
  func composerConstraintsAgreeWithComposerSemver() throws {
    let php = try #require(Oracle.which("php"), "php not found")
    let autoload = try #require(Oracle.composerSemverAutoload, "composer/semver not found")
    var generator = RangePairGenerator(versions: try Generators.composer(seed: Sweep.seed ^ 0x99), templates: [
      "^V", "~V", ">=V <W", "V - W", "M.*", "M.N.*", "^M.N", "~M.N", ">=V", "<V", "!=V", "V || W", ">V,<=W", "*",
      "^0.N", "~M", "M.N - W", "=V", "V",
    ])
    // PHP turns a bound above 2^63 into a float when Composer increments it ("~1.<30 digits>"),
    // an artifact of the oracle, so constraints with digit runs over 18 digits are left out.
    let batch = generator.pairs(max(500, Sweep.size / 2)).filter { pair in
      !pair.1.split(whereSeparator: { !$0.isNumber }).contains { $0.count > 18 }
    }
    let result = sweep(pairs: batch, oracle: [php, "\(Self.oracleDirectory)/composer_compare.php", autoload, "constraint"]) { version, constraint in
      guard let parsedConstraint = try? ComposerConstraint(constraint), let parsedVersion = try? ComposerVersion(version)
      else { return "E" }
      return parsedConstraint.isSatisfied(by: parsedVersion) ? "1" : "0"
    }
    let disagreements = try #require(result, "Composer constraint oracle failed to run")
    print("[Composer constraint oracle] \(batch.count) pairs, \(disagreements.count) disagreements")
    for disagreement in disagreements.prefix(40) { print("[Composer constraint oracle] \(disagreement)") }
    #expect(disagreements.isEmpty)
  }

  /// Older packaging releases match epochs, v-prefixed ~= and local versions differently.
  @Test(.enabled(if: Requirement.runs(when: Oracle.packaging26Python != nil),
                 "no python3 with packaging >= 26.3 (pip install 'packaging>=26.3', or set PLIMSOLL_PACKAGING_PYTHON)"))
  func pep440SpecifiersAgreeWithPackaging() throws {
    let python = try #require(Oracle.packaging26Python, "no python3 with packaging >= 26.3")
    var generator = RangePairGenerator(versions: try Generators.pep440(seed: Sweep.seed ^ 0xAA), templates: [
      ">=V", "<V", "~=V", "==M.*", "==M.N.*", "!=V", ">V,<=W", "==V", ">=V, <W", "!=M.*", "<=V", ">V", "~=M.N",
      "===V", ">=M,!=V", "", "==V+local",
    ])
    let batch = generator.pairs(max(500, Sweep.size / 2))
    let result = sweep(pairs: batch, oracle: [python, "\(Self.oracleDirectory)/pep440_specifier.py"]) { version, specifier in
      guard let parsedSpecifier = try? PEP440Specifier(specifier), let parsedVersion = try? PEP440Version(version)
      else { return "E" }
      return parsedSpecifier.contains(parsedVersion) ? "1" : "0"
    }
    let disagreements = try #require(result, "PEP 440 specifier oracle failed to run")
    print("[PEP 440 specifier oracle] \(batch.count) pairs, \(disagreements.count) disagreements")
    for disagreement in disagreements.prefix(40) { print("[PEP 440 specifier oracle] \(disagreement)") }
    #expect(disagreements.isEmpty)
  }
}
