/// A PEP 440 version specifier set (`>=1.0,<2.0`, `~=1.4.2`, `==1.*`, `!=1.3`), as `packaging` evaluates it.
public struct PEP440Specifier: Hashable, Sendable, CustomStringConvertible {
  /// A comparison operator of PEP 440.
  public enum Operator: String, Sendable, CaseIterable {
    case compatible = "~=", equal = "==", notEqual = "!=", lessOrEqual = "<="
    case greaterOrEqual = ">=", less = "<", greater = ">", arbitrary = "==="
  }

  /// One clause: an operator and its version (or, for `===`, the raw string).
  public struct Clause: Hashable, Sendable {
    /// The operator.
    public let op: Operator
    /// The version, nil only for `===`.
    public let version: PEP440Version?
    /// True for `==V.*` / `!=V.*`.
    public let wildcard: Bool
    /// The text after the operator, trimmed.
    public let text: String
  }

  /// The clauses; a version must satisfy all of them.
  public let clauses: [Clause]
  /// The specifier as given.
  public let description: String

  /// Parses a comma-separated specifier set; an empty string matches everything.
  public init(_ text: String) throws(VersionError) {
    func fail(_ reason: String) -> VersionError {
      .invalidRange(text, ecosystem: PEP440Scheme.ecosystemName, reason: reason)
    }
    var parsed: [Clause] = []
    for rawPart in text.split(separator: ",", omittingEmptySubsequences: false) {
      let part = rawPart.trimmingASCIISpaces()
      if part.isEmpty {
        if text.trimmingASCIISpaces().isEmpty { continue }
        throw fail("empty clause")
      }
      guard let op = Operator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
        .first(where: { part.hasPrefix($0.rawValue) })
      else { throw fail("clause \"\(part)\" has no operator") }
      let operand = part.dropFirst(op.rawValue.count).trimmingASCIISpaces()
      if op == .arbitrary {
        guard !operand.isEmpty, !operand.contains(where: { $0 == " " || $0 == "\t" }) else { throw fail("bad === operand") }
        parsed.append(Clause(op: op, version: nil, wildcard: false, text: operand))
        continue
      }
      var versionText = operand
      var wildcard = false
      if operand.hasSuffix(".*") {
        guard op == .equal || op == .notEqual else { throw fail("\(op.rawValue) does not allow .*") }
        wildcard = true
        versionText = String(operand.dropLast(2))
      }
      var scanner = PEP440Scanner(versionText)
      guard !versionText.isEmpty, versionText.first?.isWhitespace != true,
        let version = scanner.parseVersion(allowLocal: !wildcard && (op == .equal || op == .notEqual)),
        scanner.atEnd
      else { throw fail("bad version \"\(operand)\" for \(op.rawValue)") }
      if wildcard, version.pre != nil || version.post != nil || version.dev != nil {
        throw fail(".* only follows a release")
      }
      if op == .compatible, version.release.count < 2 { throw fail("~= needs at least two release numbers") }
      parsed.append(Clause(op: op, version: version, wildcard: wildcard, text: operand))
    }
    clauses = parsed
    description = text
  }

  /// True when `version` satisfies every clause (pre-releases included, as a vulnerability range wants).
  public func contains(_ version: PEP440Version) -> Bool {
    clauses.allSatisfy { Self.matches(version, $0) }
  }

  /// True when `version` satisfies the text of one clause.
  static func matches(_ candidate: PEP440Version, _ clause: Clause) -> Bool {
    guard let spec = clause.version else {
      return candidate.description.lowercased() == clause.text.lowercased()
    }
    switch clause.op {
    case .compatible:
      let prefix = PEP440Version(
        epoch: spec.epoch, release: Array(spec.release.dropLast()), pre: nil, post: nil, dev: nil, local: nil)
      return candidate.publicVersion >= spec && prefixMatches(candidate, prefix)
    case .equal:
      return clause.wildcard ? prefixMatches(candidate, spec) : equals(candidate, spec)
    case .notEqual:
      return clause.wildcard ? !prefixMatches(candidate, spec) : !equals(candidate, spec)
    case .lessOrEqual:
      return candidate.publicVersion <= spec
    case .greaterOrEqual:
      return candidate.publicVersion >= spec
    case .less:
      guard candidate < spec else { return false }
      if !spec.isPrerelease, candidate.isPrerelease, candidate.baseVersion == spec.baseVersion { return false }
      return true
    case .greater:
      guard candidate > spec else { return false }
      if !spec.isPostrelease, candidate.isPostrelease, candidate.baseVersion == spec.baseVersion { return false }
      if candidate.local != nil, candidate.baseVersion == spec.baseVersion { return false }
      return true
    case .arbitrary:
      return false
    }
  }

  private static func equals(_ candidate: PEP440Version, _ spec: PEP440Version) -> Bool {
    spec.local == nil ? candidate.publicVersion == spec : candidate == spec
  }

  /// `==prefix.*`: epoch equal and the first release numbers equal (missing ones count as 0).
  private static func prefixMatches(_ candidate: PEP440Version, _ prefix: PEP440Version) -> Bool {
    guard candidate.epoch == prefix.epoch else { return false }
    for (position, number) in prefix.release.enumerated() {
      let own = position < candidate.release.count ? candidate.release[position] : .zero
      if own != number { return false }
    }
    return true
  }
}

extension StringProtocol {
  /// The text without leading and trailing ASCII spaces and tabs.
  func trimmingASCIISpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}
