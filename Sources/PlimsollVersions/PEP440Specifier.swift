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
    /// For `==V.*`, `!=V.*` and `~=V`: the prefix as `packaging` splits it (epoch first).
    let prefixSplit: [String]?
  }

  /// The clauses; a version must satisfy all of them.
  public let clauses: [Clause]
  /// The specifier as given.
  public let description: String

  /// Parses a comma-separated specifier set; an empty string matches everything.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.rangeFailure(text, PEP440Scheme.ecosystemName)
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
        parsed.append(Clause(op: op, version: nil, wildcard: false, text: operand, prefixSplit: nil))
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
      var prefixSplit: [String]?
      if wildcard {
        prefixSplit = Self.versionSplit(version.description)
      } else if op == .compatible {
        // ~=V is >=V together with ==P.* where P is V's release without its last number.
        let prefix = PEP440Version(
          epoch: version.epoch, release: Array(version.release.dropLast()), pre: nil, post: nil, dev: nil, local: nil)
        prefixSplit = Self.versionSplit(prefix.description)
      }
      parsed.append(Clause(op: op, version: version, wildcard: wildcard, text: operand, prefixSplit: prefixSplit))
    }
    clauses = parsed
    description = text
  }

  /// True when `version` satisfies every clause (pre-releases included, as a vulnerability range wants).
  public func contains(_ version: PEP440Version) -> Bool {
    clauses.allSatisfy { Self.matches(version, $0) }
  }

  /// True when `version` satisfies one clause (packaging 26's rules).
  static func matches(_ candidate: PEP440Version, _ clause: Clause) -> Bool {
    guard let spec = clause.version else {
      return candidate.description.lowercased() == clause.text.lowercased()
    }
    switch clause.op {
    case .compatible:
      return candidate.publicVersion >= spec && prefixMatches(candidate, clause.prefixSplit ?? [])
    case .equal:
      return clause.wildcard ? prefixMatches(candidate, clause.prefixSplit ?? []) : equals(candidate, spec)
    case .notEqual:
      return clause.wildcard ? !prefixMatches(candidate, clause.prefixSplit ?? []) : !equals(candidate, spec)
    case .lessOrEqual:
      return candidate.publicVersion <= spec
    case .greaterOrEqual:
      return candidate.publicVersion >= spec
    case .less:
      guard candidate < spec else { return false }
      if !spec.isPrerelease, candidate.isPrerelease {
        let earliest = PEP440Version(
          epoch: spec.epoch, release: spec.release, pre: spec.pre, post: spec.post, dev: .zero, local: nil)
        if candidate >= earliest { return false }
      }
      return true
    case .greater:
      guard candidate > spec else { return false }
      if !spec.isPostrelease, candidate.isPostrelease {
        let postBase = PEP440Version(
          epoch: candidate.epoch, release: candidate.release, pre: candidate.pre, post: nil, dev: nil, local: nil)
        if postBase == spec { return false }
      }
      if candidate.local != nil, candidate.publicVersion == spec { return false }
      return true
    case .arbitrary:
      return false
    }
  }

  private static func equals(_ candidate: PEP440Version, _ spec: PEP440Version) -> Bool {
    spec.local == nil ? candidate.publicVersion == spec : candidate == spec
  }

  /// packaging's `_version_split`: epoch, then dot-separated items, `1a1` split as `1`, `a1`.
  static func versionSplit(_ text: String) -> [String] {
    var epoch = ""
    var rest = Substring(text)
    if let bang = text.lastIndex(of: "!") {
      epoch = String(text[..<bang])
      rest = text[text.index(after: bang)...]
    }
    var result = [epoch.isEmpty ? "0" : epoch]
    for item in rest.split(separator: ".", omittingEmptySubsequences: false) {
      let digits = item.prefix { $0.isASCII && $0.isNumber }
      let suffix = item.dropFirst(digits.count)
      let label = suffix.prefix { $0.isASCII && $0.isLetter }
      let number = suffix.dropFirst(label.count)
      if !digits.isEmpty, ["a", "b", "c", "rc"].contains(String(label)), !number.isEmpty,
        number.allSatisfy({ $0.isASCII && $0.isNumber })
      {
        result.append(String(digits))
        result.append(String(suffix))
      } else {
        result.append(String(item))
      }
    }
    return result
  }

  static func isNotSuffix(_ segment: String) -> Bool {
    !["dev", "a", "b", "rc", "post"].contains { segment.hasPrefix($0) }
  }

  static func numericPrefixLength(_ split: [String]) -> Int {
    split.prefix { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }.count
  }

  /// `==prefix.*`: the candidate's split public form, zero-padded, starts with the prefix's split.
  private static func prefixMatches(_ candidate: PEP440Version, _ prefix: [String]) -> Bool {
    var split = versionSplit(candidate.publicVersion.description)
    let numeric = numericPrefixLength(split)
    let wanted = numericPrefixLength(prefix)
    if wanted > numeric { split.insert(contentsOf: Array(repeating: "0", count: wanted - numeric), at: numeric) }
    return Array(split.prefix(prefix.count)) == prefix
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

  /// The first of `operators` the text starts with, or nil; list an operator before any
  /// operator that is its prefix (`>=` before `>`).
  func leadingOperator(among operators: [String]) -> String? {
    operators.first { hasPrefix($0) }
  }

  /// Whether the text is dot-separated identifiers of ASCII letters, digits and hyphens, none
  /// empty: the form of SemVer build metadata (also NuGet's, Cargo's and npm's).
  var isDotSeparatedIdentifiers: Bool {
    split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") }
    }
  }
}
