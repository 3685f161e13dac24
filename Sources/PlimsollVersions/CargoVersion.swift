/// A Cargo (crates.io) version: strict SemVer 2.0.0, as the `semver` crate parses it.
public struct CargoVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The SemVer parts.
  public let semver: SemVer
  /// The canonical form.
  public var description: String { semver.description }

  /// Parses a crate version (no `v`, no leading zeros).
  public init(_ text: String) throws(VersionError) {
    guard let parsed = SemVer.parse(Substring(text)) else {
      throw .invalidVersion(text, ecosystem: CargoScheme.ecosystemName, reason: "not a SemVer 2.0.0 version")
    }
    for number in [parsed.major, parsed.minor, parsed.patch] where !Self.fitsUInt64(number) {
      throw .invalidVersion(text, ecosystem: CargoScheme.ecosystemName, reason: "version number above 2^64-1")
    }
    semver = parsed
  }

  /// The semver crate keeps major, minor and patch in `u64`.
  static func fitsUInt64(_ number: VersionNumber) -> Bool {
    guard case .large(let digits) = number else { return true }
    let limit = Array("18446744073709551615".utf8)
    return digits.count < limit.count || (digits.count == limit.count && !limit.lexicographicallyPrecedes(digits))
  }

  /// Three-way comparison.
  public func compare(to other: CargoVersion) -> Int { semver.compare(to: other.semver) }
  /// Orders by SemVer precedence.
  public static func < (lhs: CargoVersion, rhs: CargoVersion) -> Bool { lhs.compare(to: rhs) < 0 }
}

/// A Cargo version requirement (`^1.2`, `~0.3.1`, `>=1.0, <2.0`, `1.*`, `=1.2.3`), as the `semver` crate's `VersionReq`.
///
/// A bare version means caret. A pre-release version only matches when some comparator names
/// a pre-release of the same `major.minor.patch`.
public struct CargoRequirement: Sendable, CustomStringConvertible {
  /// One comparator: operator and a possibly partial version.
  public struct Comparator: Sendable {
    /// `=`, `>`, `>=`, `<`, `<=`, `~`, `^` or `*` (wildcard).
    public let op: String
    /// Major.
    public let major: VersionNumber
    /// Minor, nil when omitted or a wildcard.
    public let minor: VersionNumber?
    /// Patch, nil when omitted or a wildcard.
    public let patch: VersionNumber?
    /// Pre-release identifiers.
    public let prerelease: [SemVer.Identifier]
  }

  /// The comparators (all must match); empty means any version.
  public let comparators: [Comparator]
  /// The requirement as given.
  public let description: String

  /// Parses a requirement.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.rangeFailure(text, CargoScheme.ecosystemName)
    description = text
    let trimmed = text.trimmingASCIISpaces()
    if trimmed == "*" || trimmed.isEmpty { comparators = []; return }
    var parsed: [Comparator] = []
    for rawPart in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
      var part = Substring(rawPart.trimmingASCIISpaces())
      let written = part.leadingOperator(among: [">=", "<=", "=", ">", "<", "~", "^"])
      let op = written ?? "^"
      part = Substring(part.dropFirst(written?.count ?? 0).trimmingASCIISpaces())
      if part.isEmpty { throw fail("missing version after \(op)") }
      var core = part
      var prerelease: [SemVer.Identifier] = []
      var hasBuild = false
      if let plus = core.firstIndex(of: "+") {
        let build = core[core.index(after: plus)...]
        guard build.isDotSeparatedIdentifiers else {
          throw fail("bad build metadata in \"\(part)\"")
        }
        hasBuild = true
        core = core[..<plus]
      }
      if let dash = core.firstIndex(of: "-") {
        for identifier in core[core.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false) {
          guard let parsedIdentifier = SemVer.prereleaseIdentifier(identifier) else { throw fail("bad pre-release") }
          prerelease.append(parsedIdentifier)
        }
        core = core[..<dash]
      }
      let pieces = core.split(separator: ".", omittingEmptySubsequences: false)
      guard (1...3).contains(pieces.count) else { throw fail("bad version \"\(part)\"") }
      var numbers: [VersionNumber?] = []
      var wildcard = false
      for piece in pieces {
        if piece == "*" || piece == "x" || piece == "X" {
          wildcard = true
          numbers.append(nil)
          continue
        }
        guard !wildcard, let number = SemVer.strictNumber(piece), CargoVersion.fitsUInt64(number) else {
          throw fail("bad number in \"\(part)\"")
        }
        numbers.append(number)
      }
      if hasBuild && (numbers.count != 3 || wildcard) { throw fail("build metadata needs a full version") }
      guard let major = numbers[0] else { throw fail("wildcard major") }
      if wildcard && op != "^" && op != "=" { throw fail("wildcard with \(op)") }
      if !prerelease.isEmpty && numbers.count != 3 { throw fail("pre-release needs a full version") }
      parsed.append(
        Comparator(
          op: wildcard ? "*" : op, major: major, minor: numbers.count > 1 ? numbers[1] : nil,
          patch: numbers.count > 2 ? numbers[2] : nil, prerelease: prerelease))
    }
    comparators = parsed
  }

  /// True when `version` satisfies every comparator (and the pre-release rule).
  public func matches(_ version: CargoVersion) -> Bool {
    let semver = version.semver
    guard comparators.allSatisfy({ Self.matches($0, semver) }) else { return false }
    if semver.prerelease.isEmpty { return true }
    return comparators.contains {
      !$0.prerelease.isEmpty && $0.major == semver.major && $0.minor == semver.minor && $0.patch == semver.patch
    }
  }

  static func matches(_ comparator: Comparator, _ version: SemVer) -> Bool {
    let major = comparator.major
    let minor = comparator.minor
    let patch = comparator.patch
    func exact() -> Bool {
      guard version.major == major else { return false }
      guard let minor else { return true }
      guard version.minor == minor else { return false }
      guard let patch else { return true }
      return version.patch == patch && version.prerelease == comparator.prerelease
    }
    func greater() -> Bool {
      if version.major != major { return version.major > major }
      guard let minor else { return false }
      if version.minor != minor { return version.minor > minor }
      guard let patch else { return false }
      if version.patch != patch { return version.patch > patch }
      return SemVer(major: major, minor: minor, patch: patch, prerelease: comparator.prerelease) < version
    }
    func less() -> Bool {
      if version.major != major { return version.major < major }
      guard let minor else { return false }
      if version.minor != minor { return version.minor < minor }
      guard let patch else { return false }
      if version.patch != patch { return version.patch < patch }
      return version < SemVer(major: major, minor: minor, patch: patch, prerelease: comparator.prerelease)
    }
    switch comparator.op {
    case "=", "*": return exact()
    case ">": return greater()
    case ">=": return exact() || greater()
    case "<": return less()
    case "<=": return exact() || less()
    case "~":
      guard version.major == major else { return false }
      if let minor, version.minor != minor { return false }
      if let patch, version.patch != patch { return version.patch > patch }
      return patch == nil || !less()
    default:  // caret
      guard version.major == major else { return false }
      guard let minor else { return true }
      guard let patch else {
        if !comparator.major.isZero { return version.minor >= minor }
        return version.minor == minor
      }
      if !comparator.major.isZero {
        if version.minor != minor { return version.minor > minor }
        return version.patch > patch || (version.patch == patch && !less())
      }
      if let minorBound = comparator.minor, !minorBound.isZero {
        if version.minor != minor { return false }
        return version.patch > patch || (version.patch == patch && !less())
      }
      if version.minor != minor || version.patch != patch { return false }
      return !less()
    }
  }
}

/// Cargo's version scheme (crates.io).
public enum CargoScheme: VersionScheme {
  /// "crates.io".
  public static let ecosystemName = "crates.io"
  /// Parses a crate version.
  public static func parse(_ text: String) throws(VersionError) -> CargoVersion { try CargoVersion(text) }
}
