import PlimsollTestSupport
import Testing
@testable import PlimsollVersions

/// Hostile input: every parser and range syntax takes random strings without crashing, and
/// every scheme's order is a total order consistent with `==` and hashing.
@Suite struct RobustnessTests {
  static func randomStrings(_ count: Int, seed: UInt64) -> [String] {
    var random = SplitMix64(seed: seed)
    let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCRZ.-_+~^:!*=<>|, vx\t\u{0}é٣\u{FEFF}")
    var result: [String] = []
    for _ in 0..<count {
      let length = Int.random(in: 0...(Int.random(in: 0..<20, using: &random) == 0 ? 400 : 14), using: &random)
      result.append(String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }))
    }
    return result
  }

  @Test func parsersNeverCrashOnRandomInput() {
    let inputs = Self.randomStrings(10_000, seed: 1) + ["", " ", "-", ":", "1:", "-1", "~", "^", "v", "+", "!"]
    var accepted = 0
    for text in inputs {
      for family in Ecosystem.Family.allCases where (try? family.compare(text, text)) != nil { accepted += 1 }
      _ = try? NPMRange(text)
      _ = try? PEP440Specifier(text)
      _ = try? MavenRange(text)
      _ = try? CargoRequirement(text)
      _ = try? RubyGemsRequirement(text)
      _ = try? NuGetRange(text)
      _ = try? ComposerConstraint(text)
      _ = APKVersion(unchecked: text).compare(to: APKVersion(unchecked: "1.0"))
    }
    #expect(accepted > 0)
  }

  func checkTotalOrder<S: VersionScheme>(_ scheme: S.Type, _ strings: [String]) where S.Version: CustomStringConvertible {
    let versions = strings.compactMap { try? S.parse($0) }
    let sorted = versions.sorted()
    var problems: [String] = []
    for (left, right) in zip(sorted, sorted.dropFirst()) where right < left {
      problems.append("\(left) > \(right) after sorting")
    }
    var random = SplitMix64(seed: 9)
    for _ in 0..<20_000 {
      let a = versions[Int.random(in: 0..<versions.count, using: &random)]
      let b = versions[Int.random(in: 0..<versions.count, using: &random)]
      let c = versions[Int.random(in: 0..<versions.count, using: &random)]
      if (a < b) == (b < a) && a != b { problems.append("\(a) and \(b) neither ordered nor equal") }
      if a == b && a.hashValue != b.hashValue { problems.append("\(a) == \(b) but hashes differ") }
      if a < b && b < c && !(a < c) { problems.append("\(a) < \(b) < \(c) but not \(a) < \(c)") }
    }
    #expect(problems.isEmpty, "\(S.ecosystemName): \(problems.prefix(5))")
  }

  @Test func everySchemeIsATotalOrder() throws {
    var generator = try Generators.debian(seed: 3)
    let mutatedDebian = generator.pairs(4000).flatMap { [$0.0, $0.1] }
    var pypiGenerator = try Generators.pep440(seed: 3)
    let mutatedPyPI = pypiGenerator.pairs(4000).flatMap { [$0.0, $0.1] }
    var npmGenerator = try Generators.npm(seed: 3)
    let mutatedNPM = npmGenerator.pairs(4000).flatMap { [$0.0, $0.1] }
    var mavenGenerator = try Generators.maven(seed: 3)
    let mutatedMaven = mavenGenerator.pairs(4000).flatMap { [$0.0, $0.1] }
    checkTotalOrder(DebianScheme.self, mutatedDebian)
    checkTotalOrder(RPMScheme.self, mutatedDebian)
    checkTotalOrder(APKScheme.self, try Fixtures.corpus("alpine"))
    checkTotalOrder(PEP440Scheme.self, mutatedPyPI)
    checkTotalOrder(NPMScheme.self, mutatedNPM)
    checkTotalOrder(GoScheme.self, mutatedNPM.map { "v" + $0 })
    checkTotalOrder(CargoScheme.self, mutatedNPM)
    checkTotalOrder(MavenScheme.self, mutatedMaven)
    checkTotalOrder(RubyGemsScheme.self, mutatedPyPI)
    checkTotalOrder(NuGetScheme.self, mutatedNPM)
    checkTotalOrder(ComposerScheme.self, mutatedPyPI)
  }
}
