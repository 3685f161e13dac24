/// A Composer (Packagist) version, normalised as Composer's `VersionParser` and ordered as
/// PHP's `version_compare` orders the normalised strings.
///
/// `v1.2` becomes `1.2.0.0`; stability suffixes order dev < alpha < beta < RC < (release) < patch.
/// Branch names (`dev-main`, `1.x-dev`) have no order and are rejected.
public struct ComposerVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The four numeric parts.
  public let numbers: [VersionNumber]
  /// Stability rank: 0 dev, 1 alpha, 2 beta, 3 RC, 4 stable, 5 patch.
  public let stability: Int
  /// The stability's number (`beta2` → 2), 0 when absent.
  public let stabilityNumber: VersionNumber
  /// True for a trailing `-dev` after a stability (`1.0.0-beta2-dev`).
  public let devSuffix: Bool
  /// The string as given.
  public let description: String

  /// Parses and normalises a Composer version.
  public init(_ text: String) throws(VersionError) {
    func fail(_ reason: String) -> VersionError {
      .invalidVersion(text, ecosystem: ComposerScheme.ecosystemName, reason: reason)
    }
    description = text
    var body = Substring(text.trimmingASCIISpaces().lowercased())
    if let at = body.firstIndex(of: "@") { body = body[..<at] }
    if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
    if body.hasPrefix("dev-") || body.hasSuffix(".x-dev") || body == "dev-master" {
      throw fail("branch versions have no order")
    }
    if body.hasPrefix("v") { body = body.dropFirst() }
    var index = body.startIndex
    var parsedNumbers: [VersionNumber] = []
    while parsedNumbers.count < 4 {
      let start = index
      while index < body.endIndex, body[index].isASCII, body[index].isNumber { index = body.index(after: index) }
      guard index > start, let number = VersionNumber(body[start..<index]) else { break }
      parsedNumbers.append(number)
      guard index < body.endIndex, body[index] == ".", body.index(after: index) < body.endIndex,
        body[body.index(after: index)].isNumber
      else { break }
      index = body.index(after: index)
    }
    guard !parsedNumbers.isEmpty else { throw fail("no numeric version") }
    while parsedNumbers.count < 4 { parsedNumbers.append(.zero) }
    var rest = body[index...]
    var rank = 4
    var rankNumber = VersionNumber.zero
    var dev = false
    if rest.first == "-" || rest.first == "." || rest.first == "_" { rest = rest.dropFirst() }
    if !rest.isEmpty {
      let labels: [(String, Int)] = [
        ("stable", 4), ("beta", 2), ("b", 2), ("rc", 3), ("alpha", 1), ("a", 1), ("patch", 5), ("pl", 5),
        ("p", 5), ("dev", 0),
      ]
      guard let (label, labelRank) = labels.first(where: { rest.hasPrefix($0.0) }) else {
        throw fail("unknown stability suffix \"\(rest)\"")
      }
      rank = labelRank
      rest = rest.dropFirst(label.count)
      if rest.first == "." || rest.first == "-" { rest = rest.dropFirst() }
      let digitsStart = rest.startIndex
      var digitsEnd = digitsStart
      while digitsEnd < rest.endIndex, rest[digitsEnd].isASCII, rest[digitsEnd].isNumber {
        digitsEnd = rest.index(after: digitsEnd)
      }
      if digitsEnd > digitsStart, let number = VersionNumber(rest[digitsStart..<digitsEnd]) { rankNumber = number }
      rest = rest[digitsEnd...]
      if rank != 0, rest == "-dev" || rest == ".dev" || rest == "dev" {
        dev = true
        rest = rest[rest.endIndex...]
      }
      guard rest.isEmpty else { throw fail("unexpected \"\(rest)\"") }
    }
    numbers = parsedNumbers
    stability = rank
    stabilityNumber = rankNumber
    devSuffix = dev
  }

  /// Three-way comparison.
  public func compare(to other: ComposerVersion) -> Int {
    for (left, right) in zip(numbers, other.numbers) where left != right { return threeWay(left, right) }
    if stability != other.stability { return threeWay(stability, other.stability) }
    if stabilityNumber != other.stabilityNumber { return threeWay(stabilityNumber, other.stabilityNumber) }
    if devSuffix != other.devSuffix { return devSuffix ? -1 : 1 }
    return 0
  }

  /// Orders as Composer does.
  public static func < (lhs: ComposerVersion, rhs: ComposerVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal after normalisation.
  public static func == (lhs: ComposerVersion, rhs: ComposerVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the normalised parts.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(numbers)
    hasher.combine(stability)
    hasher.combine(stabilityNumber)
    hasher.combine(devSuffix)
  }
}

/// Composer's version scheme (Packagist).
public enum ComposerScheme: VersionScheme {
  /// "Packagist".
  public static let ecosystemName = "Packagist"
  /// Parses a Composer version.
  public static func parse(_ text: String) throws(VersionError) -> ComposerVersion { try ComposerVersion(text) }
}
