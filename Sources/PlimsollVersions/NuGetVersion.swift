/// A NuGet package version (`1.2.3`, `1.2.3.4`, `1.0.0-beta.2+meta`), ordered as NuGet's `VersionComparer.Default`.
///
/// Up to four numeric parts (missing ones are 0, leading zeros allowed); a release sorts after
/// its pre-releases; pre-release labels compare numerically when both are numbers, numbers
/// before text, text case-insensitively; metadata is ignored.
public struct NuGetVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// Major, minor, patch, revision.
  public let parts: [VersionNumber]
  /// Pre-release labels as written.
  public let releaseLabels: [String]
  /// The string as given.
  public let description: String

  /// Parses a NuGet version.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.versionFailure(text, NuGetScheme.ecosystemName)
    description = text
    var body = Substring(text.trimmingASCIISpaces())
    if let plus = body.firstIndex(of: "+") {
      let metadata = body[body.index(after: plus)...]
      guard metadata.isDotSeparatedIdentifiers else { throw fail("bad metadata") }
      body = body[..<plus]
    }
    var labels: [String] = []
    if let dash = body.firstIndex(of: "-") {
      for label in body[body.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false) {
        guard !label.isEmpty, label.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") }) else {
          throw fail("bad pre-release label")
        }
        labels.append(String(label))
      }
      body = body[..<dash]
    }
    let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...4).contains(pieces.count) else { throw fail("expected 1 to 4 numeric parts") }
    var numbers: [VersionNumber] = []
    for piece in pieces {
      guard let number = VersionNumber(piece), case .small(let value) = number, value <= UInt64(Int32.max) else {
        throw fail("bad numeric part \"\(piece)\"")
      }
      numbers.append(number)
    }
    while numbers.count < 4 { numbers.append(.zero) }
    parts = numbers
    releaseLabels = labels
  }

  /// True when there are pre-release labels.
  public var isPrerelease: Bool { !releaseLabels.isEmpty }

  static func compareLabels(_ a: String, _ b: String) -> Int {
    let aNumber = a.utf8.allSatisfy(\.isASCIIDigit) ? VersionNumber(Substring(a)) : nil
    let bNumber = b.utf8.allSatisfy(\.isASCIIDigit) ? VersionNumber(Substring(b)) : nil
    switch (aNumber, bNumber) {
    case (let x?, let y?): return threeWay(x, y)
    case (.some, nil): return -1
    case (nil, .some): return 1
    case (nil, nil):
      let left = a.uppercased()
      let right = b.uppercased()
      if left == right { return 0 }
      return left.utf16.lexicographicallyPrecedes(right.utf16) ? -1 : 1
    }
  }

  /// Three-way comparison.
  public func compare(to other: NuGetVersion) -> Int {
    for (left, right) in zip(parts, other.parts) where left != right { return threeWay(left, right) }
    switch (releaseLabels.isEmpty, other.releaseLabels.isEmpty) {
    case (true, true): return 0
    case (true, false): return 1
    case (false, true): return -1
    case (false, false): break
    }
    for (left, right) in zip(releaseLabels, other.releaseLabels) {
      let order = Self.compareLabels(left, right)
      if order != 0 { return order }
    }
    return threeWay(releaseLabels.count, other.releaseLabels.count)
  }

  /// Orders as NuGet does.
  public static func < (lhs: NuGetVersion, rhs: NuGetVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal as NuGet (case-insensitive labels, metadata ignored).
  public static func == (lhs: NuGetVersion, rhs: NuGetVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the numeric parts and upper-cased labels.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(parts)
    hasher.combine(releaseLabels.count)
  }
}

/// A NuGet version range: `1.0` (>= 1.0), `[1.0]`, `[1.0,2.0)`, `(,1.0]`.
public struct NuGetRange: Sendable, CustomStringConvertible {
  /// Lower bound and whether it is included.
  public let lower: (version: NuGetVersion, inclusive: Bool)?
  /// Upper bound and whether it is included.
  public let upper: (version: NuGetVersion, inclusive: Bool)?
  /// The range as given.
  public let description: String

  /// Parses NuGet's interval notation.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.rangeFailure(text, NuGetScheme.ecosystemName)
    description = text
    let trimmed = text.trimmingASCIISpaces()
    guard let open = trimmed.first, let close = trimmed.last else { throw fail("empty range") }
    if open != "[" && open != "(" {
      lower = (try NuGetVersion(trimmed), true)
      upper = nil
      return
    }
    guard close == "]" || close == ")", trimmed.count >= 2 else { throw fail("missing ] or )") }
    let inner = trimmed.dropFirst().dropLast()
    let bounds = inner.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces() }
    switch bounds.count {
    case 1:
      guard open == "[", close == "]", !bounds[0].isEmpty else { throw fail("single version must be [v]") }
      let exact = try NuGetVersion(bounds[0])
      lower = (exact, true)
      upper = (exact, true)
    case 2:
      lower = bounds[0].isEmpty ? nil : (try NuGetVersion(bounds[0]), open == "[")
      upper = bounds[1].isEmpty ? nil : (try NuGetVersion(bounds[1]), close == "]")
      if lower == nil && upper == nil { throw fail("no bounds") }
    default:
      throw fail("too many commas")
    }
  }

  /// True when `version` lies in the range.
  public func contains(_ version: NuGetVersion) -> Bool {
    if let lower {
      let order = version.compare(to: lower.version)
      if order < 0 || (order == 0 && !lower.inclusive) { return false }
    }
    if let upper {
      let order = version.compare(to: upper.version)
      if order > 0 || (order == 0 && !upper.inclusive) { return false }
    }
    return true
  }
}

/// NuGet's version scheme.
public enum NuGetScheme: VersionScheme {
  /// "NuGet".
  public static let ecosystemName = "NuGet"
  /// Parses a NuGet version.
  public static func parse(_ text: String) throws(VersionError) -> NuGetVersion { try NuGetVersion(text) }
}
