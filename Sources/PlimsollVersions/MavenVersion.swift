/// A Maven version, ordered as Maven 3's `ComparableVersion`.
///
/// The string is lowercased and split into numbers and qualifiers at `.`, `-` and digit/letter
/// boundaries; `-` and boundaries open a sub-list. Qualifiers order
/// alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < others
/// (others alphabetically); trailing zeros and release qualifiers are dropped.
public struct MavenVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// One parsed item.
  indirect enum Item: Hashable, Sendable {
    case number(VersionNumber)
    /// A qualifier with its comparable key (`"0"`…`"6"` for known ones, `"7-name"` otherwise).
    case qualifier(key: [UInt16])
    case list([Item])
  }

  /// The canonical item list.
  let items: [Item]
  /// The string as given.
  public let description: String

  /// Parses a Maven version; every string is a Maven version, but the empty one is rejected.
  public init(_ text: String) throws(VersionError) {
    guard !text.isEmpty else {
      throw .invalidVersion(text, ecosystem: MavenScheme.ecosystemName, reason: "version string is empty")
    }
    description = text
    items = Self.parse(text)
  }

  static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
  static let releaseKey = Array("5".utf16)

  static func qualifierKey(_ raw: String, followedByDigit: Bool) -> [UInt16] {
    var value = raw
    if followedByDigit && value.count == 1 {
      switch value {
      case "a": value = "alpha"
      case "b": value = "beta"
      case "m": value = "milestone"
      default: break
      }
    }
    switch value {
    case "ga", "final", "release": value = ""
    case "cr": value = "rc"
    default: break
    }
    if let index = qualifiers.firstIndex(of: value) { return Array(String(index).utf16) }
    return Array("\(qualifiers.count)-\(value)".utf16)
  }

  static func parse(_ text: String) -> [Item] {
    let characters = Array(text.lowercased())
    // A stack of lists under construction; each entry records where it sits in its parent.
    var stack: [[Item]] = [[]]
    var isDigit = false
    var start = 0

    func item(_ digits: Bool, _ from: Int, _ to: Int) -> Item {
      let chunk = String(characters[from..<to])
      if digits, let number = VersionNumber(digits: Array(chunk.utf8)) { return .number(number) }
      return .qualifier(key: qualifierKey(chunk, followedByDigit: false))
    }
    func openList() { stack.append([]) }

    for index in characters.indices {
      let character = characters[index]
      if character == "." {
        stack[stack.count - 1].append(index == start ? .number(.zero) : item(isDigit, start, index))
        start = index + 1
      } else if character == "-" {
        stack[stack.count - 1].append(index == start ? .number(.zero) : item(isDigit, start, index))
        start = index + 1
        openList()
      } else if character.isASCII && character.isNumber {
        if !isDigit && index > start {
          // A qualifier right before digits opens its own list when the current one has items
          // ("1.0.0.x1" sorts like "1.0.0-x1").
          if !stack[stack.count - 1].isEmpty { openList() }
          let chunk = String(characters[start..<index])
          stack[stack.count - 1].append(.qualifier(key: qualifierKey(chunk, followedByDigit: true)))
          start = index
          openList()
        }
        isDigit = true
      } else {
        if isDigit && index > start {
          stack[stack.count - 1].append(item(true, start, index))
          start = index
          openList()
        }
        isDigit = false
      }
    }
    if characters.count > start {
      if !isDigit && !stack[stack.count - 1].isEmpty { openList() }
      stack[stack.count - 1].append(item(isDigit, start, characters.count))
    }
    // Close the nested lists innermost first, normalising each.
    while stack.count > 1 {
      let inner = normalize(stack.removeLast())
      stack[stack.count - 1].append(.list(inner))
    }
    return normalize(stack[0])
  }

  /// Drops trailing null items (0, release qualifiers, empty lists) up to the last non-list item.
  static func normalize(_ list: [Item]) -> [Item] {
    var result = list
    var index = result.count - 1
    while index >= 0 {
      let last = result[index]
      if isNull(last) {
        result.remove(at: index)
      } else if case .list = last {
      } else {
        break
      }
      index -= 1
    }
    return result
  }

  static func isNull(_ item: Item) -> Bool {
    switch item {
    case .number(let value): return value.isZero
    case .qualifier(let key): return key == releaseKey
    case .list(let items): return items.isEmpty
    }
  }

  /// `Item.compareTo(null)`.
  static func compareToNothing(_ item: Item) -> Int {
    switch item {
    case .number(let value): return value.isZero ? 0 : 1
    case .qualifier(let key): return compareKeys(key, releaseKey)
    case .list(let items):
      for item in items {
        let result = compareToNothing(item)
        if result != 0 { return result }
      }
      return 0
    }
  }

  static func compareKeys(_ a: [UInt16], _ b: [UInt16]) -> Int {
    if a == b { return 0 }
    return a.lexicographicallyPrecedes(b) ? -1 : 1
  }

  static func compare(_ left: Item, _ right: Item) -> Int {
    switch (left, right) {
    case (.number(let a), .number(let b)): return threeWay(a, b)
    case (.number, _): return 1
    case (.qualifier(let a), .qualifier(let b)): return compareKeys(a, b)
    case (.qualifier, _): return -1
    case (.list, .number): return -1
    case (.list, .qualifier): return 1
    case (.list(let a), .list(let b)): return compareLists(a, b)
    }
  }

  static func compareLists(_ a: [Item], _ b: [Item]) -> Int {
    var index = 0
    while index < a.count || index < b.count {
      let result: Int
      if index >= a.count {
        result = -compareToNothing(b[index])
      } else if index >= b.count {
        result = compareToNothing(a[index])
      } else {
        result = compare(a[index], b[index])
      }
      if result != 0 { return result }
      index += 1
    }
    return 0
  }

  /// Three-way comparison.
  public func compare(to other: MavenVersion) -> Int { Self.compareLists(items, other.items) }

  /// The canonical form of `ComparableVersion`'s `getCanonical()`.
  public var canonical: String { Self.render(items) }

  static func render(_ items: [Item]) -> String {
    var text = ""
    for (position, item) in items.enumerated() {
      switch item {
      case .number(let value):
        if position > 0 { text += "." }
        text += value.description
      case .qualifier(let key):
        if position > 0 { text += "." }
        text += String(decoding: key, as: UTF16.self)
      case .list(let inner):
        if position > 0 { text += "-" }
        text += render(inner)
      }
    }
    return text
  }

  /// Orders as Maven does.
  public static func < (lhs: MavenVersion, rhs: MavenVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal as `ComparableVersion.equals` (same canonical items).
  public static func == (lhs: MavenVersion, rhs: MavenVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the canonical items.
  public func hash(into hasher: inout Hasher) { hasher.combine(items) }
}

/// A Maven version range: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `[1,2),[3,)`; a bare version matches itself.
public struct MavenRange: Sendable, CustomStringConvertible {
  /// One interval; nil bounds are open-ended.
  public struct Restriction: Sendable {
    /// Lower bound.
    public let lower: MavenVersion?
    /// Whether the lower bound is included.
    public let lowerInclusive: Bool
    /// Upper bound.
    public let upper: MavenVersion?
    /// Whether the upper bound is included.
    public let upperInclusive: Bool

    /// True when `version` lies in the interval.
    public func contains(_ version: MavenVersion) -> Bool {
      if let lower {
        let order = version.compare(to: lower)
        if order < 0 || (order == 0 && !lowerInclusive) { return false }
      }
      if let upper {
        let order = version.compare(to: upper)
        if order > 0 || (order == 0 && !upperInclusive) { return false }
      }
      return true
    }
  }

  /// The intervals; a version matches when it lies in any.
  public let restrictions: [Restriction]
  /// The range as given.
  public let description: String

  /// Parses Maven's range syntax.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.rangeFailure(text, MavenScheme.ecosystemName)
    description = text
    var rest = Substring(text.trimmingASCIISpaces())
    var parsed: [Restriction] = []
    if let first = rest.first, first != "[" && first != "(" {
      let exact = try MavenVersion(String(rest))
      restrictions = [Restriction(lower: exact, lowerInclusive: true, upper: exact, upperInclusive: true)]
      return
    }
    while !rest.isEmpty {
      guard let open = rest.first, open == "[" || open == "(" else { throw fail("expected [ or (") }
      guard let closeIndex = rest.firstIndex(where: { $0 == "]" || $0 == ")" }) else { throw fail("missing ] or )") }
      let close = rest[closeIndex]
      let inner = rest[rest.index(after: rest.startIndex)..<closeIndex]
      let bounds = inner.split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.trimmingASCIISpaces() }
      switch bounds.count {
      case 1:
        guard open == "[", close == "]", !bounds[0].isEmpty else { throw fail("single version must be [v]") }
        let exact = try MavenVersion(bounds[0])
        parsed.append(Restriction(lower: exact, lowerInclusive: true, upper: exact, upperInclusive: true))
      case 2:
        let lower = bounds[0].isEmpty ? nil : try MavenVersion(bounds[0])
        let upper = bounds[1].isEmpty ? nil : try MavenVersion(bounds[1])
        if let lower, let upper, upper < lower { throw fail("upper bound below lower bound") }
        parsed.append(Restriction(lower: lower, lowerInclusive: open == "[", upper: upper, upperInclusive: close == "]"))
      default:
        throw fail("too many commas in one interval")
      }
      rest = rest[rest.index(after: closeIndex)...]
      rest = Substring(rest.trimmingASCIISpaces())
      if rest.first == "," { rest = Substring(rest.dropFirst().trimmingASCIISpaces()) }
    }
    guard !parsed.isEmpty else { throw fail("empty range") }
    restrictions = parsed
  }

  /// True when `version` lies in any interval.
  public func contains(_ version: MavenVersion) -> Bool { restrictions.contains { $0.contains(version) } }
}

/// Maven's version scheme.
public enum MavenScheme: VersionScheme {
  /// "Maven".
  public static let ecosystemName = "Maven"
  /// Parses a Maven version.
  public static func parse(_ text: String) throws(VersionError) -> MavenVersion { try MavenVersion(text) }
}
