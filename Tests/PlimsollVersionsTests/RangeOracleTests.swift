import Foundation
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

  @Test func npmRangesAgreeWithNodeSemver() throws {
    guard let node = Oracle.which("node"), let module = Oracle.npmSemverModule else {
      print("[npm range oracle] skipped: node or npm's bundled semver not found (apt-get install nodejs npm)")
      return
    }
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

  @Test func cargoRequirementsAgreeWithSemverCrate() throws {
    guard let oracle = Oracle.cargoSemverOracle(driver: "\(Self.oracleDirectory)/cargo_compare.rs") else {
      print("[Cargo requirement oracle] skipped: cargo or the semver crate not found (apt-get install cargo librust-semver-dev)")
      return
    }
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

  @Test func rubyGemsRequirementsAgreeWithGemRequirement() throws {
    guard let ruby = Oracle.which("ruby") else {
      print("[RubyGems requirement oracle] skipped: ruby not found (apt-get install ruby)")
      return
    }
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

  @Test func composerConstraintsAgreeWithComposerSemver() throws {
    guard let php = Oracle.which("php"), let autoload = Oracle.composerSemverAutoload else {
      print("[Composer constraint oracle] skipped: php or composer/semver not found (apt-get install php-cli php-composer-semver)")
      return
    }
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

  @Test func pep440SpecifiersAgreeWithPackaging() throws {
    guard let python = Oracle.packaging26Python else {
      print("[PEP 440 specifier oracle] skipped: no python3 with packaging >= 26.3 (pip install 'packaging>=26.3'), "
            + "or set PLIMSOLL_PACKAGING_PYTHON; older releases match epochs, v-prefixed ~= and local versions differently")
      return
    }
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
