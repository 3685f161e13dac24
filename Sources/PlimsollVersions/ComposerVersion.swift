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

/// A Composer version constraint (`^1.2`, `~1.2.3`, `>=1.0 <2.0`, `1.0.*`, `1.0 - 2.0`, `a || b`),
/// evaluated as Composer's `VersionParser::parseConstraints` builds it.
///
/// Lower bounds of `^`, `~`, wildcards and hyphen ranges include the `-dev` pre-releases of the
/// bound (`>=1.2.0.0-dev`), as Composer does.
public struct ComposerConstraint: Sendable, CustomStringConvertible {
  /// One comparison.
  public struct Comparison: Sendable {
    /// `<`, `<=`, `>`, `>=`, `==` or `!=`.
    public let op: String
    /// The bound.
    public let version: ComposerVersion
  }

  /// Alternatives (`||`), each a conjunction; an empty conjunction matches everything.
  public let alternatives: [[Comparison]]
  /// The constraint as given.
  public let description: String

  /// Parses a constraint.
  public init(_ text: String) throws(VersionError) {
    func fail(_ reason: String) -> VersionError {
      .invalidRange(text, ecosystem: ComposerScheme.ecosystemName, reason: reason)
    }
    description = text
    var parsed: [[Comparison]] = []
    let normalized = text.replacingOccurrences(of: "||", with: "|")
    for alternative in normalized.split(separator: "|", omittingEmptySubsequences: false) {
      var tokens = alternative.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
      if tokens.isEmpty { throw fail("empty alternative") }
      var comparisons: [Comparison] = []
      if tokens.count == 3, tokens[1] == "-" {
        let lower = try Self.partial(tokens[0], fail)
        let upper = try Self.partial(tokens[2], fail)
        comparisons.append(Comparison(op: ">=", version: try Self.bound(lower.numbers, dev: true, fail)))
        if upper.count >= 3 || upper.suffix != nil {
          comparisons.append(Comparison(op: "<=", version: try ComposerVersion(tokens[2])))
        } else {
          comparisons.append(Comparison(op: "<", version: try Self.bound(Self.bump(upper.numbers, at: upper.count - 1), dev: true, fail)))
        }
        parsed.append(comparisons)
        continue
      }
      // Join a bare operator with the version after it (">= 1.0").
      var joined: [String] = []
      var index = 0
      while index < tokens.count {
        var token = tokens[index]
        if ["<", "<=", ">", ">=", "=", "==", "!=", "<>", "~", "^"].contains(token), index + 1 < tokens.count {
          token += tokens[index + 1]
          index += 1
        }
        joined.append(token)
        index += 1
      }
      tokens = joined
      for token in tokens {
        comparisons += try Self.comparisons(token, fail)
      }
      parsed.append(comparisons)
    }
    alternatives = parsed
  }

  /// True when `version` satisfies some alternative.
  public func isSatisfied(by version: ComposerVersion) -> Bool {
    alternatives.contains { all in
      all.allSatisfy { comparison in
        let order = version.compare(to: comparison.version)
        switch comparison.op {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        case ">=": return order >= 0
        case "!=": return order != 0
        default: return order == 0
        }
      }
    }
  }

  struct Partial {
    var numbers: [UInt64]
    var count: Int
    var suffix: String?
  }

  /// Reads `v?N(.N){0,3}` optionally followed by `.*`/`.x` or a stability suffix.
  static func partial(_ text: String, _ fail: (String) -> VersionError) throws(VersionError) -> Partial {
    var body = Substring(text.lowercased())
    if body.hasPrefix("v") { body = body.dropFirst() }
    var numbers: [UInt64] = []
    var rest = body
    while numbers.count < 4 {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, let value = UInt64(digits), value < UInt64(Int32.max) else { break }
      numbers.append(value)
      rest = rest.dropFirst(digits.count)
      guard rest.first == ".", let next = rest.dropFirst().first, next.isASCII, next.isNumber, numbers.count < 4
      else { break }
      rest = rest.dropFirst()
    }
    guard !numbers.isEmpty else { throw fail("bad version \"\(text)\"") }
    let count = numbers.count
    if rest == ".*" || rest == ".x" || rest.isEmpty {
      while numbers.count < 4 { numbers.append(0) }
      return Partial(numbers: numbers, count: count, suffix: nil)
    }
    while numbers.count < 4 { numbers.append(0) }
    return Partial(numbers: numbers, count: count, suffix: String(rest))
  }

  static func bump(_ numbers: [UInt64], at position: Int) -> [UInt64] {
    var result = numbers
    guard position >= 0, position < result.count else { return result }
    result[position] += 1
    for index in (position + 1)..<result.count { result[index] = 0 }
    return result
  }

  static func bound(_ numbers: [UInt64], dev: Bool, _ fail: (String) -> VersionError) throws(VersionError) -> ComposerVersion {
    let text = numbers.map(String.init).joined(separator: ".") + (dev ? "-dev" : "")
    do { return try ComposerVersion(text) } catch { throw fail("bad bound \(text)") }
  }

  static func comparisons(_ token: String, _ fail: (String) -> VersionError) throws(VersionError) -> [Comparison] {
    if token == "*" || token == "x" { return [] }
    if token.hasPrefix("^") || token.hasPrefix("~") {
      let version = try partial(String(token.dropFirst()), fail)
      let lower = Comparison(op: ">=", version: try bound(version.numbers, dev: true, fail))
      let position: Int
      if token.hasPrefix("~") {
        position = max(0, version.count - 2)
      } else {
        position = version.numbers.prefix(max(1, version.count)).firstIndex { $0 != 0 } ?? (version.count - 1)
      }
      let upper = Comparison(op: "<", version: try bound(bump(version.numbers, at: position), dev: true, fail))
      if let suffix = version.suffix, !suffix.isEmpty {
        return [Comparison(op: ">=", version: try ComposerVersion(String(token.dropFirst()))), upper]
      }
      return [lower, upper]
    }
    var op = "=="
    var operand = Substring(token)
    for candidate in [">=", "<=", "!=", "<>", "==", ">", "<", "="] where operand.hasPrefix(candidate) {
      op = candidate == "<>" ? "!=" : (candidate == "=" ? "==" : candidate)
      operand = operand.dropFirst(candidate.count)
      break
    }
    if operand.hasSuffix(".*") || operand.hasSuffix(".x") {
      let version = try partial(String(operand), fail)
      guard op == "==" else { throw fail("wildcard with \(op)") }
      return [
        Comparison(op: ">=", version: try bound(version.numbers, dev: true, fail)),
        Comparison(op: "<", version: try bound(bump(version.numbers, at: version.count - 1), dev: true, fail)),
      ]
    }
    do {
      return [Comparison(op: op, version: try ComposerVersion(String(operand)))]
    } catch {
      throw fail("bad version \"\(operand)\"")
    }
  }
}
