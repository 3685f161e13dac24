import Testing
@testable import PlimsollVersions

@Suite struct RequirementSetsTests {
  /// RubySec style: affected unless a patched or unaffected requirement holds; the fix is the
  /// lowest patched release above the version.
  @Test(arguments: [
    ("0.9", RequirementSets.Verdict.notAffected), ("1.0", .affected(fixedVersion: "1.2.3")),
    ("1.2.3", .notAffected), ("1.2.9", .notAffected), ("1.3.0", .affected(fixedVersion: "2.0.5")),
    ("2.0.5", .notAffected), ("1.2.3.rc1", .affected(fixedVersion: "1.2.3")),
  ])
  func rubyGemsPatchedAndUnaffected(version: String, expected: RequirementSets.Verdict) throws {
    let sets = try RequirementSets(.rubyGems, vulnerable: [], safe: ["~> 1.2.3", ">= 2.0.5", "< 1.0"],
                                   patched: ["~> 1.2.3", ">= 2.0.5"])
    #expect(try sets.verdict(version) == expected)
  }

  /// Node.js security WG style: one vulnerable range; the fix is the next patched lower bound.
  @Test(arguments: [
    ("3.5.0", RequirementSets.Verdict.affected(fixedVersion: "3.5.1")), ("3.5.1", .notAffected),
    ("4.0.5", .affected(fixedVersion: "4.1.3")), ("6.1.1", .affected(fixedVersion: "6.1.2")),
    ("6.1.2", .notAffected), ("4.1.3-rc.1", .notAffected),
  ])
  func npmVulnerableRange(version: String, expected: RequirementSets.Verdict) throws {
    let sets = try RequirementSets(
      .npm, vulnerable: [["<3.5.1 || >=4.0.0 <4.1.3 || >=5.0.0 <5.6.1 || >=6.0.0 <6.1.2"]], safe: [],
      patched: [">=3.5.1 <4.0.0 || >=4.1.3 <5.0.0 || >=5.6.1 <6.0.0 || >=6.1.2"])
    #expect(try sets.verdict(version) == expected)
  }

  @Test func overlappingRangesNameAnUnaffectedFix() throws {
    let sets = try RequirementSets(.npm, vulnerable: [["<2.0.0 || >=1.5.0 <2.5.0"]], safe: [], patched: [])
    #expect(try sets.verdict("1.0.0") == .affected(fixedVersion: "2.5.0"))
  }

  @Test func npmWithoutPatchedRangesTakesTheVulnerableUpperBound() throws {
    let sets = try RequirementSets(.npm, vulnerable: [["2.0.x || >=3.0.0 <3.1.4"]], safe: [], patched: [])
    #expect(try sets.verdict("3.1.0") == .affected(fixedVersion: "3.1.4"))
    // `2.0.x` desugars to `<2.1.0-0`, which is no release to name; 3.1.4 is the next named one.
    #expect(try sets.verdict("2.0.3") == .affected(fixedVersion: "3.1.4"))
    #expect(try sets.verdict("3.1.4") == .notAffected)
  }

  /// FriendsOfPHP style: branches of constraints that must all hold; the fix is the branch's `<`.
  /// Composer reads `<3.2.9` as `<3.2.9.0-dev`, so 3.2.9-RC1 is outside it.
  @Test(arguments: [
    ("1.9", RequirementSets.Verdict.notAffected), ("2.0.0", .affected(fixedVersion: "2.11.17")),
    ("2.11.17", .notAffected), ("3.2.8", .affected(fixedVersion: "3.2.9")), ("3.2.9-RC1", .notAffected),
    ("v3.2.9", .notAffected),
  ])
  func composerBranches(version: String, expected: RequirementSets.Verdict) throws {
    let sets = try RequirementSets(.composer, vulnerable: [[">=2.0.0", "<2.11.17"], [">=3.0.0", "<3.2.9"]],
                                   safe: [], patched: [])
    #expect(try sets.verdict(version) == expected)
  }

  @Test func badInputThrowsNamingIt() {
    #expect(throws: VersionError.self) { try RequirementSets(.composer, vulnerable: [["<<1"]], safe: [], patched: []) }
    #expect(throws: VersionError.unknownEcosystem("dpkg")) {
      try RequirementSets(.dpkg, vulnerable: [], safe: [], patched: [])
    }
    #expect(throws: VersionError.self) {
      try RequirementSets(.rubyGems, vulnerable: [], safe: [">= 1"], patched: []).verdict("not a version!")
    }
  }
}
