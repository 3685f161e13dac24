/// A Go module version (`v1.2.3`, `v2.0.0+incompatible`, pseudo-versions), ordered as `golang.org/x/mod/semver`.
///
/// `v1` and `v1.2` are shorthands for `v1.0.0` and `v1.2.0`; build metadata such as
/// `+incompatible` is ignored by ordering. A pseudo-version
/// (`v0.0.0-20191109021931-daa7c04131f5`) is a pre-release and orders by its timestamp.
/// A version without the `v` (as OSV records write them) is read as if it had one, and a Go
/// toolchain version `go1.21.3` as `v1.21.3`.
public struct GoVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The SemVer parts.
  public let semver: SemVer
  /// The string as given.
  public let description: String

  /// Parses a Go module version.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.versionFailure(text, GoScheme.ecosystemName)
    var body = Substring(text)
    if body.hasPrefix("go") { body = body.dropFirst(2) } else if body.hasPrefix("v") { body = body.dropFirst() }
    var suffixStart = body.endIndex
    if let index = body.firstIndex(where: { $0 == "-" || $0 == "+" }) { suffixStart = index }
    let core = body[..<suffixStart]
    let parts = core.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count) else { throw fail("expected vMAJOR[.MINOR[.PATCH]]") }
    if parts.count < 3, suffixStart != body.endIndex { throw fail("a shorthand version cannot carry a suffix") }
    let padded = parts.map(String.init) + Array(repeating: "0", count: 3 - parts.count)
    guard let parsed = SemVer.parse(Substring(padded.joined(separator: ".") + body[suffixStart...])) else {
      throw fail("not a valid semantic version")
    }
    semver = parsed
    description = text
  }

  /// True for a pseudo-version (`vX.Y.Z-[pre.]0.yyyymmddhhmmss-abcdef123456`).
  public var isPseudoVersion: Bool {
    guard let last = semver.prerelease.last, case .alphanumeric(let revision) = last,
      revision.count == 12, semver.prerelease.count >= 2
    else { return false }
    let stamp = semver.prerelease[semver.prerelease.count - 2].description
    let digits = stamp.split(separator: ".").last.map(String.init) ?? stamp
    return digits.count == 14 && digits.allSatisfy(\.isNumber)
  }

  /// Three-way comparison.
  public func compare(to other: GoVersion) -> Int { semver.compare(to: other.semver) }
  /// Orders as Go's semver package does.
  public static func < (lhs: GoVersion, rhs: GoVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal precedence (`+incompatible` ignored).
  public static func == (lhs: GoVersion, rhs: GoVersion) -> Bool { lhs.semver == rhs.semver }
  /// Hashes the precedence-relevant parts.
  public func hash(into hasher: inout Hasher) { hasher.combine(semver) }
}

/// Go modules' version scheme.
public enum GoScheme: VersionScheme {
  /// "Go".
  public static let ecosystemName = "Go"
  /// Parses a Go module version.
  public static func parse(_ text: String) throws(VersionError) -> GoVersion { try GoVersion(text) }
}
