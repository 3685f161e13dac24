/// An apk-tools version (`digit{.digit}…{letter}{_suffix{#}}…{~hash}{-r#}`), ordered as apk does.
///
/// Suffixes `_alpha _beta _pre _rc` sort before the bare version, `_cvs _svn _git _hg _p` after;
/// a number with a leading zero (after the first) compares as a string, like apk-tools.
public struct APKVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The version's bytes, compared token by token.
  let bytes: [UInt8]
  /// The string as given.
  public var description: String { String(decoding: bytes, as: UTF8.self) }

  /// Parses and validates an apk version; throws when apk-tools would call it invalid.
  public init(_ text: String) throws(VersionError) {
    self.init(unchecked: text)
    if let reason = APKTokenizer.validate(bytes) {
      throw .invalidVersion(text, ecosystem: APKScheme.ecosystemName, reason: reason)
    }
  }

  /// Wraps a string without validating it; apk still orders invalid strings (as `apk version -t` does).
  public init(unchecked text: String) {
    bytes = Array(text.utf8)
  }

  /// Three-way comparison: -1, 0 or 1.
  public func compare(to other: APKVersion) -> Int { APKTokenizer.compare(bytes, other.bytes, fuzzy: false) }

  /// apk's fuzzy match (`~`): true when `self` starts with the components of `prefix`.
  public func fuzzyMatches(_ prefix: APKVersion) -> Bool {
    APKTokenizer.compare(bytes, prefix.bytes, fuzzy: true) == 0
  }

  /// Orders as apk does.
  public static func < (lhs: APKVersion, rhs: APKVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal when apk calls them equal.
  public static func == (lhs: APKVersion, rhs: APKVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes each token's compared value, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    var cursor = 0
    var token = APKTokenizer.first(bytes, &cursor)
    while token.kind < APKTokenizer.end {
      hasher.combine(token.kind)
      switch token.kind {
      case APKTokenizer.letter: hasher.combine(bytes[token.valueStart])
      case APKTokenizer.suffix: hasher.combine(token.suffix)
      case APKTokenizer.commitHash: hasher.combine(bytes[token.valueStart..<token.valueEnd])
      default: hasher.combine(token.number)
      }
      APKTokenizer.next(&token, bytes, &cursor)
    }
    hasher.combine(token.kind)
  }
}

/// apk-tools' tokenizer and comparison rules.
enum APKTokenizer {
  // Token kinds in apk's order; a later kind may only follow an earlier one.
  static let initialDigit = 0, digit = 1, letter = 2, suffix = 3, suffixNumber = 4
  static let commitHash = 5, revision = 6, end = 7, invalid = 8

  // Suffix ranks: pre-release suffixes rank below `none`, post-release ones above.
  static let suffixNone = 5
  static func suffixRank(_ name: ArraySlice<UInt8>) -> Int? {
    switch String(decoding: name, as: UTF8.self) {
    case "alpha": return 1
    case "beta": return 2
    case "pre": return 3
    case "rc": return 4
    case "cvs": return 6
    case "svn": return 7
    case "git": return 8
    case "hg": return 9
    case "p": return 10
    default: return nil
    }
  }

  struct Token {
    var kind = APKTokenizer.initialDigit
    var suffix = 0
    var number: UInt64 = 0
    var valueStart = 0
    var valueEnd = 0
  }

  static func parseDigits(_ token: inout Token, _ bytes: [UInt8], _ cursor: inout Int) {
    let start = cursor
    var value: UInt64 = 0
    while cursor < bytes.count, bytes[cursor].isASCIIDigit {
      value = value &* 10 &+ UInt64(bytes[cursor] - 48)
      cursor += 1
    }
    token.number = value
    token.valueStart = start
    token.valueEnd = cursor
    if cursor == start { token.kind = invalid }
  }

  static func first(_ bytes: [UInt8], _ cursor: inout Int) -> Token {
    var token = Token()
    if cursor < bytes.count, bytes[cursor] == 0 { token.kind = invalid; return token }
    parseDigits(&token, bytes, &cursor)
    return token
  }

  static func next(_ token: inout Token, _ bytes: [UInt8], _ cursor: inout Int) {
    guard cursor < bytes.count else { token.kind = end; return }
    let byte = bytes[cursor]
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"):
      guard token.kind <= digit else { token.kind = invalid; return }
      token.valueStart = cursor
      token.valueEnd = cursor + 1
      token.kind = letter
      cursor += 1
    case UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
      if byte == UInt8(ascii: ".") {
        guard token.kind <= digit else { token.kind = invalid; return }
        cursor += 1
      }
      switch token.kind {
      case initialDigit, digit: token.kind = digit
      case suffix: token.kind = suffixNumber
      default: token.kind = invalid; return
      }
      parseDigits(&token, bytes, &cursor)
    case UInt8(ascii: "_"):
      guard token.kind <= suffixNumber else { token.kind = invalid; return }
      cursor += 1
      let start = cursor
      while cursor < bytes.count, bytes[cursor].isASCIILower { cursor += 1 }
      token.valueStart = start
      token.valueEnd = cursor
      guard let rank = suffixRank(bytes[start..<cursor]) else { token.kind = invalid; return }
      token.suffix = rank
      token.kind = suffix
    case UInt8(ascii: "~"):
      guard token.kind < commitHash else { token.kind = invalid; return }
      cursor += 1
      let start = cursor
      while cursor < bytes.count,
        bytes[cursor].isASCIIDigit || (bytes[cursor] >= 97 && bytes[cursor] <= 102)
      {
        cursor += 1
      }
      guard cursor > start else { token.kind = invalid; return }
      token.valueStart = start
      token.valueEnd = cursor
      token.kind = commitHash
    case UInt8(ascii: "-"):
      guard token.kind < revision, cursor + 1 < bytes.count, bytes[cursor + 1] == UInt8(ascii: "r")
      else { token.kind = invalid; return }
      cursor += 2
      token.kind = revision
      parseDigits(&token, bytes, &cursor)
    default:
      token.kind = invalid
    }
  }

  static func compareTokens(_ a: Token, _ aBytes: [UInt8], _ b: Token, _ bBytes: [UInt8]) -> Int {
    switch a.kind {
    case digit where aBytes[a.valueStart] == UInt8(ascii: "0") || bBytes[b.valueStart] == UInt8(ascii: "0"):
      return compareValues(a, aBytes, b, bBytes)
    case initialDigit, digit, suffixNumber, revision:
      return threeWay(a.number, b.number)
    case letter:
      return threeWay(aBytes[a.valueStart], bBytes[b.valueStart])
    case suffix:
      return threeWay(a.suffix, b.suffix)
    default:
      return compareValues(a, aBytes, b, bBytes)
    }
  }

  static func compareValues(_ a: Token, _ aBytes: [UInt8], _ b: Token, _ bBytes: [UInt8]) -> Int {
    let left = aBytes[a.valueStart..<a.valueEnd]
    let right = bBytes[b.valueStart..<b.valueEnd]
    if left == right { return 0 }
    return left.lexicographicallyPrecedes(right) ? -1 : 1
  }

  /// apk's comparison; with `fuzzy`, `b` running out first counts as equal (prefix match).
  static func compare(_ aBytes: [UInt8], _ bBytes: [UInt8], fuzzy: Bool) -> Int {
    var aCursor = 0
    var bCursor = 0
    var a = first(aBytes, &aCursor)
    var b = first(bBytes, &bCursor)
    while a.kind == b.kind && a.kind < end {
      let result = compareTokens(a, aBytes, b, bBytes)
      if result != 0 { return result }
      next(&a, aBytes, &aCursor)
      next(&b, bBytes, &bCursor)
    }
    if a.kind == b.kind { return 0 }
    if b.kind == end && fuzzy { return 0 }
    if a.kind == suffix && a.suffix < suffixNone { return -1 }
    if b.kind == suffix && b.suffix < suffixNone { return 1 }
    if a.kind > b.kind { return -1 }
    if b.kind > a.kind { return 1 }
    return 0
  }

  /// Nil when apk accepts the version, else the reason it does not.
  static func validate(_ bytes: [UInt8]) -> String? {
    var cursor = 0
    var token = first(bytes, &cursor)
    while token.kind < end { next(&token, bytes, &cursor) }
    if token.kind == end { return nil }
    return cursor >= bytes.count && bytes.isEmpty
      ? "version string is empty" : "unexpected character at offset \(cursor)"
  }
}

/// apk-tools' version scheme (Alpine, Wolfi, Chainguard).
public enum APKScheme: VersionScheme {
  /// "Alpine".
  public static let ecosystemName = "Alpine"
  /// Parses and validates an apk version.
  public static func parse(_ text: String) throws(VersionError) -> APKVersion { try APKVersion(text) }
}
