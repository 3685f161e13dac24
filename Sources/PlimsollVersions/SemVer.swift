/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-prerelease][+build]`.
///
/// Build metadata is kept for display but ignored by ordering and equality, as the spec says.
/// Used for OSV `SEMVER` ranges and as the core of npm, Cargo and Go versions.
public struct SemVer: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// One dot-separated pre-release identifier.
  public enum Identifier: Hashable, Sendable, CustomStringConvertible {
    /// Digits only; compared by value and before any alphanumeric identifier.
    case numeric(VersionNumber)
    /// Anything else; compared by ASCII order.
    case alphanumeric(String)
    /// The identifier as written.
    public var description: String {
      switch self {
      case .numeric(let value): return value.description
      case .alphanumeric(let text): return text
      }
    }
  }

  /// Major version.
  public let major: VersionNumber
  /// Minor version.
  public let minor: VersionNumber
  /// Patch version.
  public let patch: VersionNumber
  /// Pre-release identifiers (empty for a release).
  public let prerelease: [Identifier]
  /// Build metadata identifiers (ignored by ordering).
  public let build: [String]

  /// Builds a version from its parts.
  public init(
    major: VersionNumber, minor: VersionNumber, patch: VersionNumber,
    prerelease: [Identifier] = [], build: [String] = []
  ) {
    self.major = major
    self.minor = minor
    self.patch = patch
    self.prerelease = prerelease
    self.build = build
  }

  /// Parses a strict SemVer 2.0.0 string (no `v`, no leading zeros, no spaces).
  public init(_ text: String) throws(VersionError) {
    guard let parsed = SemVer.parse(Substring(text)) else {
      throw .invalidVersion(text, ecosystem: SemVerScheme.ecosystemName, reason: "not a SemVer 2.0.0 version")
    }
    self = parsed
  }

  /// Strict SemVer 2.0.0 grammar; nil when `text` does not follow it.
  static func parse(_ text: Substring) -> SemVer? {
    var rest = text
    var buildText: Substring?
    if let plus = rest.firstIndex(of: "+") {
      buildText = rest[rest.index(after: plus)...]
      rest = rest[..<plus]
    }
    var preText: Substring?
    if let dash = rest.firstIndex(of: "-") {
      preText = rest[rest.index(after: dash)...]
      rest = rest[..<dash]
    }
    let core = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard core.count == 3,
      let major = strictNumber(core[0]), let minor = strictNumber(core[1]), let patch = strictNumber(core[2])
    else { return nil }
    var prerelease: [Identifier] = []
    if let preText {
      for part in preText.split(separator: ".", omittingEmptySubsequences: false) {
        guard let identifier = prereleaseIdentifier(part) else { return nil }
        prerelease.append(identifier)
      }
    }
    var build: [String] = []
    if let buildText {
      for part in buildText.split(separator: ".", omittingEmptySubsequences: false) {
        guard !part.isEmpty, part.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") })
        else { return nil }
        build.append(String(part))
      }
    }
    return SemVer(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build)
  }

  /// `0|[1-9][0-9]*`.
  static func strictNumber(_ text: Substring) -> VersionNumber? {
    let utf8 = text.utf8
    guard let first = utf8.first, utf8.allSatisfy(\.isASCIIDigit) else { return nil }
    if first == UInt8(ascii: "0") && utf8.count > 1 { return nil }
    return VersionNumber(digits: Array(utf8))
  }

  /// A numeric identifier without leading zeros, or alphanumerics and hyphens with a non-digit.
  static func prereleaseIdentifier(_ text: Substring) -> Identifier? {
    let utf8 = text.utf8
    guard !utf8.isEmpty, utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") }) else { return nil }
    if utf8.allSatisfy(\.isASCIIDigit) {
      guard let number = strictNumber(text) else { return nil }
      return .numeric(number)
    }
    return .alphanumeric(String(text))
  }

  /// The version in canonical form.
  public var description: String {
    var text = "\(major).\(minor).\(patch)"
    if !prerelease.isEmpty { text += "-" + prerelease.map(\.description).joined(separator: ".") }
    if !build.isEmpty { text += "+" + build.joined(separator: ".") }
    return text
  }

  /// True when there are pre-release identifiers.
  public var isPrerelease: Bool { !prerelease.isEmpty }

  /// Three-way comparison by SemVer 2.0.0 precedence.
  public func compare(to other: SemVer) -> Int {
    compare(to: other, identifierOrder: Self.compareIdentifiers)
  }

  func compare(to other: SemVer, identifierOrder: (Identifier, Identifier) -> Int) -> Int {
    if major != other.major { return threeWay(major, other.major) }
    if minor != other.minor { return threeWay(minor, other.minor) }
    if patch != other.patch { return threeWay(patch, other.patch) }
    switch (prerelease.isEmpty, other.prerelease.isEmpty) {
    case (true, true): return 0
    case (true, false): return 1
    case (false, true): return -1
    case (false, false): break
    }
    for (left, right) in zip(prerelease, other.prerelease) {
      let order = identifierOrder(left, right)
      if order != 0 { return order }
    }
    return threeWay(prerelease.count, other.prerelease.count)
  }

  static func compareIdentifiers(_ left: Identifier, _ right: Identifier) -> Int {
    switch (left, right) {
    case (.numeric(let a), .numeric(let b)): return threeWay(a, b)
    case (.numeric, .alphanumeric): return -1
    case (.alphanumeric, .numeric): return 1
    case (.alphanumeric(let a), .alphanumeric(let b)):
      if a == b { return 0 }
      return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }
  }

  /// Orders by precedence.
  public static func < (lhs: SemVer, rhs: SemVer) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal precedence (build metadata ignored).
  public static func == (lhs: SemVer, rhs: SemVer) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes everything but build metadata.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(major)
    hasher.combine(minor)
    hasher.combine(patch)
    hasher.combine(prerelease)
  }
}

/// Strict SemVer 2.0.0 (OSV `SEMVER` ranges).
public enum SemVerScheme: VersionScheme {
  /// "SemVer".
  public static let ecosystemName = "SemVer"
  /// Parses a strict SemVer version; a leading `v` is tolerated, as OSV tools do.
  public static func parse(_ text: String) throws(VersionError) -> SemVer {
    if text.hasPrefix("v"), let parsed = SemVer.parse(text.dropFirst()) { return parsed }
    return try SemVer(text)
  }
}
