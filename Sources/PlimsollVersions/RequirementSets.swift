/// An advisory's affected versions written in an ecosystem's own requirement syntax: RubyGems
/// requirements (RubySec), node-semver ranges (Node.js security WG), Composer constraints
/// (FriendsOfPHP), parsed once and then judged per version.
///
/// A version is affected when it satisfies every requirement of one `vulnerable` set; an
/// advisory without `vulnerable` sets (RubySec) affects every version that satisfies no `safe`
/// requirement, as bundler-audit decides.
public struct RequirementSets: Sendable {
  /// The verdict for one version.
  public enum Verdict: Sendable, Hashable {
    case notAffected
    /// Affected; `fixedVersion` is the lowest fix above the version, where one is known.
    case affected(fixedVersion: String?)
  }

  private let judge: @Sendable (String) throws(VersionError) -> Verdict

  /// Parses the requirements of `family` (`.npm`, `.rubyGems` or `.composer`); `patched`
  /// names the fixed releases (its lower bounds are the fixes reported).
  public init(_ family: Ecosystem.Family, vulnerable: [[String]], safe: [String], patched: [String])
    throws(VersionError)
  {
    switch family {
    case .npm:
      judge = try Self.compile(
        vulnerable: vulnerable, safe: safe, patched: patched,
        parseVersion: { text throws(VersionError) in try NPMVersion(text) },
        parse: { text throws(VersionError) in try NPMRange(text) }, holds: { $0.contains($1) },
        lowerBounds: Self.npmBounds(">="), upperBounds: Self.npmBounds("<"))
    case .rubyGems:
      judge = try Self.compile(
        vulnerable: vulnerable, safe: safe, patched: patched,
        parseVersion: { text throws(VersionError) in try RubyGemsVersion(text) },
        parse: { text throws(VersionError) in try RubyGemsRequirement(text) },
        holds: { $0.isSatisfied(by: $1) },
        lowerBounds: { requirement in
          // A requirement's lowest release: its highest `>=`, `~>` or `=` bound.
          let bounds = requirement.clauses.filter { [">=", "~>", "="].contains($0.op) }.map(\.version)
          return bounds.max().map { [$0] } ?? []
        },
        upperBounds: { _ in [] })
    case .composer:
      judge = try Self.compile(
        vulnerable: vulnerable, safe: safe, patched: patched,
        parseVersion: { text throws(VersionError) in try ComposerVersion(text) },
        parse: { text throws(VersionError) in try ComposerConstraint(text) },
        holds: { $0.isSatisfied(by: $1) },
        lowerBounds: { _ in [] },
        upperBounds: { constraint in
          // Only a plain `<V` names a fix; Composer's own bound is `V`'s `-dev` form.
          let text = constraint.description.trimmingCharacters { $0 == " " }
          guard text.hasPrefix("<"), !text.hasPrefix("<="),
            let bound = try? ComposerVersion(String(text.dropFirst()).trimmingCharacters { $0 == " " })
          else { return [] }
          return [bound]
        })
    default:
      throw .unknownEcosystem(family.rawValue)
    }
  }

  /// Judges `version`; throws when it cannot be parsed.
  public func verdict(_ version: String) throws(VersionError) -> Verdict {
    try judge(version)
  }

  /// Parses every requirement once; the judge then names the lowest unaffected bound above an
  /// affected version among the `patched` lower bounds and the matching set's upper bounds.
  private static func compile<Version: Comparable & CustomStringConvertible & Sendable, Requirement: Sendable>(
    vulnerable: [[String]], safe: [String], patched: [String],
    parseVersion: @escaping @Sendable (String) throws(VersionError) -> Version,
    parse: (String) throws(VersionError) -> Requirement,
    holds: @escaping @Sendable (Requirement, Version) -> Bool,
    lowerBounds: (Requirement) -> [Version], upperBounds: (Requirement) -> [Version]
  ) throws(VersionError) -> @Sendable (String) throws(VersionError) -> Verdict {
    func parseAll(_ texts: [String]) throws(VersionError) -> [Requirement] {
      var parsed: [Requirement] = []
      for text in texts { parsed.append(try parse(text)) }
      return parsed
    }
    var parsedSets: [(requirements: [Requirement], fixes: [Version])] = []
    for texts in vulnerable {
      let requirements = try parseAll(texts)
      parsedSets.append((requirements, requirements.flatMap(upperBounds)))
    }
    let sets = parsedSets
    let safeRequirements = try parseAll(safe)
    let patchedFixes = try parseAll(patched).flatMap(lowerBounds)
    /// The fixes the matching set names when `version` is affected, else nil.
    @Sendable func affected(_ version: Version) -> [Version]? {
      if sets.isEmpty {
        return safeRequirements.contains { holds($0, version) } ? nil : []
      }
      return sets.first { $0.requirements.allSatisfy { holds($0, version) } }?.fixes
    }
    return { text throws(VersionError) in
      let version = try parseVersion(text)
      guard let setFixes = affected(version) else { return .notAffected }
      // A bound is a fix only when it is itself unaffected (ranges may overlap).
      let fixes = (patchedFixes + setFixes).filter { $0 > version && affected($0) == nil }
      return .affected(fixedVersion: fixes.min()?.description)
    }
  }

  /// The bounds a node-semver range's sets name with `op`, less the `-0` bounds that `^`, `~`
  /// and `x` ranges desugar to (not releases).
  private static func npmBounds(_ op: String) -> (NPMRange) -> [NPMVersion] {
    { range in
      range.sets.flatMap { $0.filter { $0.op == op }.compactMap(\.version) }
        .filter { !$0.description.hasSuffix("-0") }
    }
  }
}
