/// A RubyGems version, ordered as `Gem::Version#<=>`.
///
/// Segments are runs of digits (numbers) or letters (strings); `-` means `.pre.`; a string
/// segment marks a pre-release and sorts before any number; trailing zeros of the release part
/// and of the pre-release part are ignored (`1.0` == `1`, `1.0.a` == `1.a`).
public struct RubyGemsVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// One segment.
  enum Segment: Hashable, Sendable {
    case number(VersionNumber)
    case text(String)
  }

  /// The canonical segments (trailing zeros of the release and pre-release parts dropped).
  let segments: [Segment]
  /// The segments as written, which `~>` bumps.
  let writtenSegments: [Segment]
  /// The string as given.
  public let description: String
  /// True when any segment is a string (`Gem::Version#prerelease?`).
  public var isPrerelease: Bool { segments.contains { if case .text = $0 { return true } else { return false } } }

  /// Parses a gem version (an empty or blank string is version "0", as RubyGems treats it).
  public init(_ text: String) throws(VersionError) {
    description = text
    let trimmed = text.trimmingCharacters(in: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    guard Self.isWellFormed(trimmed) else {
      throw .invalidVersion(text, ecosystem: RubyGemsScheme.ecosystemName, reason: "malformed version number string")
    }
    let expanded = trimmed.isEmpty ? "0" : trimmed.replacingOccurrences(of: "-", with: ".pre.")
    var raw: [Segment] = []
    var current: [UInt8] = []
    var currentIsDigit = false
    func flush() {
      guard !current.isEmpty else { return }
      if currentIsDigit, let number = VersionNumber(digits: current) {
        raw.append(.number(number))
      } else {
        raw.append(.text(String(decoding: current, as: UTF8.self)))
      }
      current = []
    }
    for byte in expanded.utf8 {
      if byte.isASCIIDigit || byte.isASCIILetter {
        if !current.isEmpty && byte.isASCIIDigit != currentIsDigit { flush() }
        currentIsDigit = byte.isASCIIDigit
        current.append(byte)
      } else {
        flush()
      }
    }
    flush()
    let stringStart = raw.firstIndex { if case .text = $0 { return true } else { return false } } ?? raw.count
    func dropTrailingZeros(_ part: ArraySlice<Segment>) -> [Segment] {
      var result = Array(part)
      while let last = result.last, last == .number(.zero) { result.removeLast() }
      return result
    }
    segments = dropTrailingZeros(raw[..<stringStart]) + dropTrailingZeros(raw[stringStart...])
    writtenSegments = raw
  }

  /// `\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z`.
  static func isWellFormed(_ text: String) -> Bool {
    if text.isEmpty { return true }
    let bytes = Array(text.utf8)
    var index = 0
    guard index < bytes.count, bytes[index].isASCIIDigit else { return false }
    while index < bytes.count, bytes[index].isASCIIDigit { index += 1 }
    while index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let start = index
      while index < bytes.count, bytes[index].isASCIIAlphanumeric { index += 1 }
      if index == start { return false }
    }
    if index == bytes.count { return true }
    guard bytes[index] == UInt8(ascii: "-") else { return false }
    index += 1
    var start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: ".") {
        if index == start { return false }
        start = index + 1
      } else if !(byte.isASCIIAlphanumeric || byte == UInt8(ascii: "-")) {
        return false
      }
      index += 1
    }
    return index > start
  }

  /// Three-way comparison as `Gem::Version#<=>`.
  public func compare(to other: RubyGemsVersion) -> Int {
    let limit = max(segments.count, other.segments.count)
    for index in 0..<limit {
      let left = index < segments.count ? segments[index] : .number(.zero)
      let right = index < other.segments.count ? other.segments[index] : .number(.zero)
      if left == right { continue }
      switch (left, right) {
      case (.text, .number): return -1
      case (.number, .text): return 1
      case (.number(let a), .number(let b)): return threeWay(a, b)
      case (.text(let a), .text(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
      }
    }
    return 0
  }

  /// The leading numbers of the written segments (everything from the first string dropped).
  private var writtenRelease: [VersionNumber] {
    var numbers: [VersionNumber] = []
    for segment in writtenSegments {
      guard case .number(let number) = segment else { break }
      numbers.append(number)
    }
    return numbers
  }

  /// The version `~>` bumps to (`Gem::Version#bump`): drop from the first string on, drop the
  /// last number when more than one remains, add one to the new last.
  var bumped: RubyGemsVersion? {
    var release = writtenRelease
    if release.count > 1 { release.removeLast() }
    guard let last = release.last else { return nil }
    release[release.count - 1] = last.successor
    return try? RubyGemsVersion(release.map(\.description).joined(separator: "."))
  }

  /// The release part (`Gem::Version#release`): a pre-release without its strings and what follows.
  var release: RubyGemsVersion? {
    guard isPrerelease else { return self }
    let numbers = writtenRelease
    return try? RubyGemsVersion(numbers.isEmpty ? "0" : numbers.map(\.description).joined(separator: "."))
  }

  /// Orders as RubyGems does.
  public static func < (lhs: RubyGemsVersion, rhs: RubyGemsVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal under `<=>`.
  public static func == (lhs: RubyGemsVersion, rhs: RubyGemsVersion) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the canonical segments.
  public func hash(into hasher: inout Hasher) { hasher.combine(segments) }
}

/// A RubyGems requirement (`~> 1.2`, `>= 1.0, < 2`, `!= 1.3.1`), as `Gem::Requirement#satisfied_by?`.
public struct RubyGemsRequirement: Sendable, CustomStringConvertible {
  /// Operator and version of each clause.
  public let clauses: [(op: String, version: RubyGemsVersion)]
  /// The requirement as given.
  public let description: String

  /// Parses comma-separated clauses; a bare version means `=`.
  public init(_ text: String) throws(VersionError) {
    description = text
    var parsed: [(op: String, version: RubyGemsVersion)] = []
    for rawPart in text.split(separator: ",") {
      var part = Substring(rawPart.trimmingASCIISpaces())
      let written = part.leadingOperator(among: ["~>", ">=", "<=", "!=", "=", ">", "<"])
      let op = written ?? "="
      part = Substring(part.dropFirst(written?.count ?? 0).trimmingASCIISpaces())
      guard !part.isEmpty else {
        throw .invalidRange(text, ecosystem: RubyGemsScheme.ecosystemName, reason: "missing version after \(op)")
      }
      do {
        parsed.append((op, try RubyGemsVersion(String(part))))
      } catch {
        throw .invalidRange(text, ecosystem: RubyGemsScheme.ecosystemName, reason: "bad version \"\(part)\"")
      }
    }
    clauses = parsed
  }

  /// True when `version` satisfies every clause.
  public func isSatisfied(by version: RubyGemsVersion) -> Bool {
    clauses.allSatisfy { clause in
      let order = version.compare(to: clause.version)
      switch clause.op {
      case "=": return order == 0
      case "!=": return order != 0
      case ">": return order > 0
      case "<": return order < 0
      case ">=": return order >= 0
      case "<=": return order <= 0
      default:
        guard order >= 0, let upper = clause.version.bumped, let release = version.release else { return false }
        return release < upper
      }
    }
  }
}

extension String {
  func trimmingCharacters(in isTrimmed: (Character) -> Bool) -> String {
    var text = Substring(self)
    while let first = text.first, isTrimmed(first) { text.removeFirst() }
    while let last = text.last, isTrimmed(last) { text.removeLast() }
    return String(text)
  }
}

/// RubyGems' version scheme.
public enum RubyGemsScheme: VersionScheme {
  /// "RubyGems".
  public static let ecosystemName = "RubyGems"
  /// Parses a gem version.
  public static func parse(_ text: String) throws(VersionError) -> RubyGemsVersion { try RubyGemsVersion(text) }
}
