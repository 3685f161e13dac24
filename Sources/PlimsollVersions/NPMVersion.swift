/// An npm package version, parsed and ordered as node-semver (strict mode) does.
///
/// Differences from plain SemVer: a leading `v` and surrounding whitespace are accepted,
/// versions over 256 characters or with numbers above 2^53-1 are rejected, and numeric
/// pre-release identifiers above 2^53-1 compare as JavaScript numbers (doubles).
public struct NPMVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The SemVer parts.
  public let semver: SemVer
  /// The canonical form (`1.2.3-beta.1`), as node-semver's `version` property.
  public var description: String {
    var text = "\(semver.major).\(semver.minor).\(semver.patch)"
    if !semver.prerelease.isEmpty { text += "-" + semver.prerelease.map(\.description).joined(separator: ".") }
    return text
  }

  static let maxSafeInteger: UInt64 = 9_007_199_254_740_991

  /// Parses an npm version string.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.versionFailure(text, NPMScheme.ecosystemName)
    guard text.utf8.count <= 256 else { throw fail("longer than 256 characters") }
    var body = Substring(text.trimmingJSWhitespace())
    if body.hasPrefix("v") { body = body.dropFirst() }
    guard let parsed = SemVer.parse(body) else { throw fail("not a valid semver version") }
    for number in [parsed.major, parsed.minor, parsed.patch] {
      guard case .small(let value) = number, value <= Self.maxSafeInteger else {
        throw fail("version number above 2^53-1")
      }
    }
    semver = parsed
  }

  init(semver: SemVer) { self.semver = semver }

  /// node-semver's `compareIdentifiers`: numbers as JavaScript doubles.
  static func compareIdentifiers(_ left: SemVer.Identifier, _ right: SemVer.Identifier) -> Int {
    if case .numeric(let a) = left, case .numeric(let b) = right {
      if case .small(let x) = a, case .small(let y) = b, x <= maxSafeInteger, y <= maxSafeInteger {
        return threeWay(x, y)
      }
      return threeWay(Double(a.description) ?? .infinity, Double(b.description) ?? .infinity)
    }
    return SemVer.compareIdentifiers(left, right)
  }

  /// Three-way comparison as `semver.compare`.
  public func compare(to other: NPMVersion) -> Int {
    semver.compare(to: other.semver, javascriptNumbers: true)
  }

  /// Orders as node-semver does.
  public static func < (lhs: NPMVersion, rhs: NPMVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal as `semver.eq`.
  public static func == (lhs: NPMVersion, rhs: NPMVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the release numbers only (huge pre-release numbers may compare equal as doubles).
  public func hash(into hasher: inout Hasher) {
    hasher.combine(semver.major)
    hasher.combine(semver.minor)
    hasher.combine(semver.patch)
    hasher.combine(semver.prerelease.count)
  }
}

extension String {
  /// Trims the whitespace JavaScript's `String.prototype.trim` removes (ASCII and common Unicode).
  func trimmingJSWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{FEFF}" }
    var scalars = Substring(self)
    while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
    while let last = scalars.last, isSpace(last) { scalars.removeLast() }
    return String(scalars)
  }
}

/// node-semver's version scheme (npm).
public enum NPMScheme: VersionScheme {
  /// "npm".
  public static let ecosystemName = "npm"
  /// Parses an npm version.
  public static func parse(_ text: String) throws(VersionError) -> NPMVersion { try NPMVersion(text) }
}
