import Testing
@testable import PlimsollVersions

/// Hand-picked orderings per scheme (each from the ecosystem's documentation or tool).
@Suite struct SchemeTests {
  static let orderings: [(Ecosystem.Family, String, String, Int)] = [
    (.dpkg, "1.0~rc1", "1.0", -1), (.dpkg, "1.0", "1.0+b1", -1), (.dpkg, "1:0.9", "2.0", 1),
    (.dpkg, "1.0", "1.00", 0), (.dpkg, "0:1.0-1", "1.0-1", 0), (.dpkg, "1.0a", "1.0+", -1),
    (.dpkg, "1.0~~", "1.0~", -1), (.dpkg, "2.30-1", "2.3-1", 1), (.dpkg, "1.0-1~bpo1", "1.0-1", -1),
    (.rpm, "1.0~rc1", "1.0", -1), (.rpm, "1.0^git1", "1.0", 1), (.rpm, "1.0^git1", "1.0.1", -1),
    (.rpm, "1.0", "1_0", 0), (.rpm, "1:1.0-1", "2.0-1", 1), (.rpm, "1.0a", "1.0", 1), (.rpm, "1.0-1", "1.0", 1),
    (.rpm, "1.0.a", "1.0.1", -1), (.rpm, "2.el9", "2.el10", -1),
    (.apk, "1.0_alpha1", "1.0", -1), (.apk, "1.0_p1", "1.0", 1), (.apk, "1.0-r1", "1.0-r0", 1),
    (.apk, "1.0a", "1.0", 1), (.apk, "1.0_rc1", "1.0_beta2", 1), (.apk, "1.02", "1.1", -1),
    (.pep440, "1.0a1", "1.0", -1), (.pep440, "1.0.post1", "1.0", 1), (.pep440, "1.0.dev1", "1.0a1", -1),
    (.pep440, "1!0.1", "2.0", 1), (.pep440, "1.0+local", "1.0", 1), (.pep440, "1.0", "1.0.0", 0),
    (.pep440, "1.0-1", "1.0.post1", 0), (.pep440, "1.0RC1", "1.0rc1", 0), (.pep440, "v1.0", "1.0", 0),
    (.npm, "1.0.0-alpha", "1.0.0-alpha.1", -1), (.npm, "1.0.0-alpha.beta", "1.0.0-beta", -1),
    (.npm, "1.0.0-rc.1", "1.0.0", -1), (.npm, "1.0.0+build", "1.0.0", 0), (.npm, "v1.2.3", "1.2.3", 0),
    (.maven, "1.0-alpha-1", "1.0", -1), (.maven, "1.0-SNAPSHOT", "1.0", -1), (.maven, "1.0-sp1", "1.0", 1),
    (.maven, "1.0.ga", "1", 0), (.maven, "1.0-cr1", "1.0-rc1", 0), (.maven, "1.0-milestone-1", "1.0-rc-1", -1),
    (.maven, "1-1", "1.1", -1), (.maven, "1.0.Final", "1", 0),
    (.go, "v1.2.3", "v1.2.4", -1), (.go, "v2.0.0+incompatible", "v2.0.0", 0), (.go, "v1.2", "v1.2.0", 0),
    (.go, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1),
    (.go, "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1), (.go, "1.19.6", "v1.19.6", 0),
    (.cargo, "1.0.0-alpha.1", "1.0.0", -1), (.cargo, "0.3.10", "0.3.9", 1),
    (.rubyGems, "1.0.a", "1.0", -1), (.rubyGems, "1.0", "1", 0), (.rubyGems, "1.0.0.pre1", "1.0.0.rc1", -1),
    (.rubyGems, "1.0-1", "1.0.pre.1", 0), (.rubyGems, "1.10", "1.9", 1), (.rubyGems, "1.0.a.0", "1.0.a", 0),
    (.nuGet, "1.0.0-beta", "1.0.0", -1), (.nuGet, "1.0", "1.0.0.0", 0), (.nuGet, "1.0.0-Beta", "1.0.0-beta", 0),
    (.nuGet, "1.0.0-2", "1.0.0-10", -1), (.nuGet, "1.0.0-alpha", "1.0.0-2", 1), (.nuGet, "1.01", "1.1", 0),
    (.composer, "1.0.0-beta2", "1.0.0", -1), (.composer, "v1.2", "1.2.0.0", 0), (.composer, "1.0.0-RC1", "1.0.0-beta9", 1),
    (.composer, "1.0.0-p1", "1.0.0", 1), (.composer, "1.0.0-dev", "1.0.0-alpha1", -1),
  ]

  @Test(arguments: orderings.indices)
  func ordering(_ index: Int) throws {
    let (family, left, right, expected) = Self.orderings[index]
    #expect(try family.compare(left, right) == expected, "\(family) \(left) vs \(right)")
    #expect(try family.compare(right, left) == -expected, "\(family) \(right) vs \(left)")
  }

  @Test func equalVersionsHashEqually() throws {
    #expect(try DebianVersion("1.0").hashValue == DebianVersion("1.00").hashValue)
    #expect(try RPMVersion("1.0").hashValue == RPMVersion("1_0").hashValue)
    #expect(try PEP440Version("1.0").hashValue == PEP440Version("1.0.0").hashValue)
    #expect(try MavenVersion("1.0.ga").hashValue == MavenVersion("1").hashValue)
    #expect(try APKVersion("01.0-r01").hashValue == APKVersion("1.0-r1").hashValue)
  }

  @Test func rejectedVersionsNameStringAndEcosystem() {
    let cases: [(Ecosystem.Family, String)] = [
      (.dpkg, "1.0 2"), (.dpkg, "a:1.0"), (.dpkg, "1.0-"), (.dpkg, ""), (.rpm, ""), (.pep440, "1.0.x"),
      (.npm, "1.0"), (.npm, "01.0.0"), (.go, "v1.2-pre"), (.go, "v01.0.0"), (.cargo, "1.0"), (.rubyGems, "1..0"),
      (.nuGet, "1.2.3.4.5"), (.composer, "dev-main"), (.maven, ""), (.apk, "1.0-foo"),
    ]
    for (family, text) in cases {
      do {
        _ = try family.compare(text, "1.0.0")
        Issue.record("\(family) accepted \"\(text)\"")
      } catch {
        #expect(error.errorDescription?.contains("\"\(text)\"") == true, "\(error)")
      }
    }
  }

  @Test func pep440Specifiers() throws {
    let cases: [(String, String, Bool)] = [
      ("1.5", ">=1.0,<2.0", true), ("2.0", ">=1.0,<2.0", false), ("1.4.5", "~=1.4.2", true),
      ("1.5.0", "~=1.4.2", false), ("1.3.9", "==1.*", true), ("2.0", "==1.*", false), ("1.3", "!=1.3", false),
      ("2.0a1", "<2.0", false), ("2.0.post1", ">2.0", false), ("1.0+local", "==1.0", true),
    ]
    for (version, specifier, expected) in cases {
      #expect(try PEP440Specifier(specifier).contains(PEP440Version(version)) == expected, "\(version) in \(specifier)")
    }
    #expect(throws: VersionError.self) { try PEP440Specifier(">=1.0.*") }
  }

  @Test func npmRanges() throws {
    let cases: [(String, String, Bool)] = [
      ("1.2.3", "^1.2.0", true), ("2.0.0", "^1.2.0", false), ("0.2.5", "^0.2.3", true), ("0.3.0", "^0.2.3", false),
      ("1.2.9", "~1.2.3", true), ("1.3.0", "~1.2.3", false), ("1.5.0", "1.x", true), ("2.3.4", "1.2.3 - 2.3.4", true),
      ("2.3.5", "1.2.3 - 2.3.4", false), ("3.1.0", "<2 || >=3", true), ("1.3.0-beta", "^1.2.0", false),
      ("1.2.4-beta", ">=1.2.4-alpha <1.3.0", true), ("5.0.0", "*", true),
    ]
    for (version, range, expected) in cases {
      #expect(try NPMRange(range).contains(NPMVersion(version)) == expected, "\(version) in \(range)")
    }
  }

  @Test func mavenRanges() throws {
    #expect(try MavenRange("[1.0,2.0)").contains(MavenVersion("1.5")))
    #expect(try !MavenRange("[1.0,2.0)").contains(MavenVersion("2.0")))
    #expect(try MavenRange("(,1.0],[1.2,)").contains(MavenVersion("1.3")))
    #expect(try !MavenRange("(,1.0],[1.2,)").contains(MavenVersion("1.1")))
    #expect(try MavenRange("[1.2]").contains(MavenVersion("1.2.0")))
    #expect(throws: VersionError.self) { try MavenRange("[2.0,1.0]") }
  }

  @Test func cargoRequirements() throws {
    let cases: [(String, String, Bool)] = [
      ("0.6.3", ">= 0.6.3", true), ("0.3.5", "^0.3.4", true), ("0.4.0", "^0.3.4", false), ("0.3.1", "< 0.3.2", true),
      ("1.2.9", "~1.2.3", true), ("1.3.0", "~1.2", false), ("1.9.0", "1.*", true), ("1.0.0-alpha", ">=0.9", false),
      ("1.0.0-beta", ">=1.0.0-alpha", true), ("0.0.4", "^0.0.3", false), ("2.5.0", ">=1.0, <2.0", false),
    ]
    for (version, requirement, expected) in cases {
      #expect(try CargoRequirement(requirement).matches(CargoVersion(version)) == expected, "\(version) in \(requirement)")
    }
  }

  @Test func rubyGemsAndNuGetRanges() throws {
    #expect(try RubyGemsRequirement("~> 1.2").isSatisfied(by: RubyGemsVersion("1.9")))
    #expect(try !RubyGemsRequirement("~> 1.2").isSatisfied(by: RubyGemsVersion("2.0")))
    #expect(try RubyGemsRequirement("~> 1.2.3").isSatisfied(by: RubyGemsVersion("1.2.9")))
    #expect(try !RubyGemsRequirement("~> 1.2.3").isSatisfied(by: RubyGemsVersion("1.3")))
    #expect(try RubyGemsRequirement(">= 1.0, < 2").isSatisfied(by: RubyGemsVersion("1.5")))
    #expect(try NuGetRange("[1.0,2.0)").contains(NuGetVersion("1.5.0")))
    #expect(try NuGetRange("1.0").contains(NuGetVersion("3.0")))
    #expect(try !NuGetRange("(1.0,)").contains(NuGetVersion("1.0.0")))
  }
}

/// Each oracle disagreement ever found, with the oracle's verdict, kept as a regression case.
@Suite struct RegressionTests {
  static let rows: [[String]] = {
    ((try? Fixtures.lines("regressions.tsv")) ?? [])
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
      .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
  }()

  @Test func fixtureIsPresent() { #expect(Self.rows.count >= 5) }

  @Test(arguments: rows.indices)
  func regression(_ index: Int) throws {
    let row = Self.rows[index]
    try #require(row.count == 4, "malformed row \(row)")
    let family = try #require(Ecosystem.Family(rawValue: row[0]))
    #expect(verdict { try family.compare(row[1], row[2]) } == row[3], "\(row)")
  }
}

/// Each range-oracle disagreement ever found, kept as a regression case.
@Suite struct RangeRegressionTests {
  static let rows: [[String]] = {
    ((try? Fixtures.lines("range-regressions.tsv")) ?? [])
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
      .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
  }()

  @Test func fixtureIsPresent() { #expect(Self.rows.count >= 5) }

  @Test(arguments: rows.indices)
  func regression(_ index: Int) throws {
    let row = Self.rows[index]
    try #require(row.count == 4, "malformed row \(row)")
    let ours: String
    switch row[0] {
    case "cargo":
      if let requirement = try? CargoRequirement(row[2]), let version = try? CargoVersion(row[1]) {
        ours = requirement.matches(version) ? "1" : "0"
      } else {
        ours = "E"
      }
    case "composer":
      if let constraint = try? ComposerConstraint(row[2]), let version = try? ComposerVersion(row[1]) {
        ours = constraint.isSatisfied(by: version) ? "1" : "0"
      } else {
        ours = "E"
      }
    case "rubygems":
      if let requirement = try? RubyGemsRequirement(row[2]), let version = try? RubyGemsVersion(row[1]) {
        ours = requirement.isSatisfied(by: version) ? "1" : "0"
      } else {
        ours = "E"
      }
    case "npm":
      if let range = try? NPMRange(row[2]) {
        ours = (try? NPMVersion(row[1])).map { range.contains($0) ? "1" : "0" } ?? "0"
      } else {
        ours = "E"
      }
    default:
      if let specifier = try? PEP440Specifier(row[2]), let version = try? PEP440Version(row[1]) {
        ours = specifier.contains(version) ? "1" : "0"
      } else {
        ours = "E"
      }
    }
    #expect(ours == row[3], "\(row)")
  }
}

/// Every requirement string in RustSec's advisories (patched / unaffected) parses, and each
/// single-comparator requirement treats its own version as its operator says.
@Suite struct CargoRequirementCorpusTests {
  @Test func rustsecRequirementsParseAndBracketTheirVersion() throws {
    let requirements = try Fixtures.lines("cargo-requirements.txt").filter { !$0.isEmpty }
    #expect(requirements.count > 500)
    var failures: [String] = []
    for text in requirements {
      guard let requirement = try? CargoRequirement(text) else {
        failures.append("unparsed: \(text)")
        continue
      }
      guard requirement.comparators.count == 1, let comparator = requirement.comparators.first,
        let minor = comparator.minor, let patch = comparator.patch
      else { continue }
      let pre = comparator.prerelease.isEmpty ? "" : "-" + comparator.prerelease.map(\.description).joined(separator: ".")
      guard let own = try? CargoVersion("\(comparator.major).\(minor).\(patch)\(pre)") else { continue }
      let expected = !["<", ">"].contains(comparator.op)
      if requirement.matches(own) != expected { failures.append("\(text) vs own version") }
    }
    #expect(failures.isEmpty, "\(failures.prefix(20))")
  }
}

/// Composer constraints, with the expansions Composer's documentation gives.
@Suite struct ComposerConstraintTests {
  static let cases: [(String, String, Bool)] = [
    ("1.2.9", "^1.2.3", true), ("2.0.0", "^1.2.3", false), ("0.3.9", "^0.3", true), ("0.4.0", "^0.3", false),
    ("0.0.3", "^0.0.3", true), ("0.0.4", "^0.0.3", false), ("1.9", "~1.2", true), ("2.0", "~1.2", false),
    ("1.2.9", "~1.2.3", true), ("1.3.0", "~1.2.3", false), ("1.0.5", "1.0.*", true), ("1.1.0", "1.0.*", false),
    ("2.0.9", "1.0 - 2.0", true), ("2.1.0", "1.0 - 2.0", false), ("2.1.0", "1.0.0 - 2.1.0", true),
    ("2.1.1", "1.0.0 - 2.1.0", false), ("1.5", ">=1.0 <2.0", true), ("1.5", ">=1.0,<1.5", false),
    ("3.1", "^1.0 || ^3.0", true), ("1.2.0-beta1", "^1.2", true), ("1.2.0-beta1", ">=1.2", true), ("1.2.0-beta1", ">1.1.9,<1.2", false),
    ("1.0.1", "!=1.0.0", true), ("9.9", "*", true),
  ]

  @Test(arguments: cases.indices)
  func constraint(_ index: Int) throws {
    let (version, constraint, expected) = Self.cases[index]
    #expect(try ComposerConstraint(constraint).isSatisfied(by: ComposerVersion(version)) == expected, "\(version) in \(constraint)")
  }

  @Test func badConstraintIsATypedError() {
    #expect(throws: VersionError.self) { try ComposerConstraint("^") }
    #expect(throws: VersionError.self) { try ComposerConstraint(">=foo") }
  }
}
