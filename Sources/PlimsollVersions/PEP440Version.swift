/// A Python package version under PEP 440, normalised and ordered as `packaging.version.Version`.
///
/// Accepts every spelling PEP 440 normalises (`v1.0`, `1.0-alpha.1`, `1.0-1`, `1.0_post2`,
/// `1.0.DEV`), orders epochs, pre, post and dev releases and local versions as `packaging` does.
public struct PEP440Version: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// Kinds of pre-release, in their order.
  public enum PreRelease: UInt8, Comparable, Sendable {
    /// `a`, `alpha`.
    case alpha = 0
    /// `b`, `beta`.
    case beta = 1
    /// `rc`, `c`, `pre`, `preview`.
    case candidate = 2
    /// Orders alpha < beta < candidate.
    public static func < (lhs: PreRelease, rhs: PreRelease) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// One dot-separated segment of a local version label.
  public enum LocalSegment: Comparable, Hashable, Sendable {
    /// Letters (lowercased); sort before numbers.
    case text(String)
    /// Digits; compared by value.
    case number(VersionNumber)
    /// Text before numbers; numbers by value; text lexicographically.
    public static func < (lhs: LocalSegment, rhs: LocalSegment) -> Bool {
      switch (lhs, rhs) {
      case (.text(let a), .text(let b)): return a < b
      case (.text, .number): return true
      case (.number, .text): return false
      case (.number(let a), .number(let b)): return a < b
      }
    }
  }

  /// The epoch (`N!`), 0 when absent.
  public let epoch: VersionNumber
  /// The release numbers as written (`1.0` is [1, 0]).
  public let release: [VersionNumber]
  /// The pre-release kind and number, if any.
  public let pre: (kind: PreRelease, number: VersionNumber)?
  /// The post-release number, if any.
  public let post: VersionNumber?
  /// The dev-release number, if any.
  public let dev: VersionNumber?
  /// The local version label's segments, nil when there is none.
  public let local: [LocalSegment]?

  /// True for a pre-release or dev release (as `packaging`'s `is_prerelease`).
  public var isPrerelease: Bool { pre != nil || dev != nil }
  /// True for a post-release.
  public var isPostrelease: Bool { post != nil }
  /// The release with trailing zeros removed, as ordering sees it.
  var trimmedRelease: ArraySlice<VersionNumber> {
    var end = release.count
    while end > 0, release[end - 1].isZero { end -= 1 }
    return release[0..<end]
  }

  /// The version without its local label.
  public var publicVersion: PEP440Version {
    PEP440Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: nil)
  }
  /// Epoch and release only (`packaging`'s `base_version`).
  public var baseVersion: PEP440Version {
    PEP440Version(epoch: epoch, release: release, pre: nil, post: nil, dev: nil, local: nil)
  }

  init(
    epoch: VersionNumber, release: [VersionNumber], pre: (kind: PreRelease, number: VersionNumber)?,
    post: VersionNumber?, dev: VersionNumber?, local: [LocalSegment]?
  ) {
    self.epoch = epoch
    self.release = release
    self.pre = pre
    self.post = post
    self.dev = dev
    self.local = local
  }

  /// Parses a PEP 440 version (case-insensitive, surrounding whitespace ignored).
  public init(_ text: String) throws(VersionError) {
    var scanner = PEP440Scanner(text)
    guard let parsed = scanner.parseVersion(allowLocal: true), scanner.atEnd else {
      throw .invalidVersion(text, ecosystem: PEP440Scheme.ecosystemName, reason: "not a PEP 440 version")
    }
    self = parsed
  }

  /// The normalised form (`1.0a1.post2.dev3+local.1`), as `str(Version(...))`.
  public var description: String {
    var text = epoch.isZero ? "" : "\(epoch)!"
    text += release.map(\.description).joined(separator: ".")
    if let pre {
      text += ["a", "b", "rc"][Int(pre.kind.rawValue)] + pre.number.description
    }
    if let post { text += ".post\(post)" }
    if let dev { text += ".dev\(dev)" }
    if let local {
      text += "+" + local.map { segment -> String in
        switch segment {
        case .text(let value): return value
        case .number(let value): return value.description
        }
      }.joined(separator: ".")
    }
    return text
  }

  /// Three-way comparison following `packaging`'s comparison key.
  public func compare(to other: PEP440Version) -> Int {
    if epoch != other.epoch { return threeWay(epoch, other.epoch) }
    let left = trimmedRelease
    let right = other.trimmedRelease
    if left != right { return left.lexicographicallyPrecedes(right) ? -1 : 1 }
    let preOrder = threeWay(preKey, other.preKey)
    if preOrder != 0 { return preOrder }
    let postOrder = compareOptional(post, other.post, missing: -1)
    if postOrder != 0 { return postOrder }
    let devOrder = compareOptional(dev, other.dev, missing: 1)
    if devOrder != 0 { return devOrder }
    switch (local, other.local) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let a?, let b?):
      if a == b { return 0 }
      return a.lexicographicallyPrecedes(b) ? -1 : 1
    }
  }

  /// Pre-release key: a dev-only release sorts before every pre-release; none sorts after.
  private var preKey: PreKey {
    if let pre { return PreKey(rank: 1, kind: pre.kind.rawValue, number: pre.number) }
    if post == nil && dev != nil { return PreKey(rank: 0, kind: 0, number: .zero) }
    return PreKey(rank: 2, kind: 0, number: .zero)
  }

  private struct PreKey: Comparable {
    var rank: UInt8
    var kind: UInt8
    var number: VersionNumber
    static func < (lhs: PreKey, rhs: PreKey) -> Bool {
      (lhs.rank, lhs.kind) != (rhs.rank, rhs.kind)
        ? (lhs.rank, lhs.kind) < (rhs.rank, rhs.kind) : lhs.number < rhs.number
    }
  }

  private func compareOptional(_ a: VersionNumber?, _ b: VersionNumber?, missing: Int) -> Int {
    switch (a, b) {
    case (nil, nil): return 0
    case (nil, _): return missing
    case (_, nil): return -missing
    case (let a?, let b?): return threeWay(a, b)
    }
  }

  /// Orders as `packaging` does.
  public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal when `packaging` calls them equal (`1.0` == `1.0.0` == `1.0-0`? no: post differs).
  public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool { lhs.compare(to: rhs) == 0 }
  /// Hashes the comparison key, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(epoch)
    hasher.combine(Array(trimmedRelease))
    hasher.combine(preKey.rank)
    hasher.combine(preKey.kind)
    hasher.combine(preKey.number)
    hasher.combine(post)
    hasher.combine(dev)
    hasher.combine(local)
  }
}

/// A hand-written scanner for PEP 440's grammar (the same language as `packaging`'s pattern).
struct PEP440Scanner {
  let bytes: [UInt8]
  var index: Int
  var end: Int

  init(_ text: String) {
    bytes = Array(text.utf8).map(\.asciiLowercased)
    index = 0
    end = bytes.count
    while index < end, Self.isSpace(bytes[index]) { index += 1 }
    while end > index, Self.isSpace(bytes[end - 1]) { end -= 1 }
  }

  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

  var atEnd: Bool { index == end }

  func peek(_ offset: Int = 0) -> UInt8? { index + offset < end ? bytes[index + offset] : nil }

  static func isSeparator(_ byte: UInt8?) -> Bool {
    byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
  }

  mutating func number() -> VersionNumber? {
    let start = index
    while index < end, bytes[index].isASCIIDigit { index += 1 }
    guard index > start else { return nil }
    return VersionNumber(digits: bytes[start..<index])
  }

  /// Consumes the first of `words` found at the cursor (longest listed first).
  mutating func word(_ words: [String]) -> String? {
    for candidate in words {
      let utf8 = Array(candidate.utf8)
      if index + utf8.count <= end, Array(bytes[index..<(index + utf8.count)]) == utf8 {
        index += utf8.count
        return candidate
      }
    }
    return nil
  }

  /// Optional separator then a labelled part; restores the cursor when the label is absent.
  mutating func labelled(_ words: [String]) -> (String, VersionNumber?)? {
    let saved = index
    if Self.isSeparator(peek()) { index += 1 }
    guard let label = word(words) else { index = saved; return nil }
    // The separator after a label may be consumed even without a number ("1.0a." is 1.0a0).
    if Self.isSeparator(peek()) { index += 1 }
    if let value = number() { return (label, value) }
    return (label, nil)
  }

  mutating func parseVersion(allowLocal: Bool) -> PEP440Version? {
    if peek() == UInt8(ascii: "v") { index += 1 }
    var epoch = VersionNumber.zero
    let start = index
    guard var first = number() else { return nil }
    if peek() == UInt8(ascii: "!") {
      index += 1
      epoch = first
      guard let afterEpoch = number() else { return nil }
      first = afterEpoch
    }
    _ = start
    var release = [first]
    while peek() == UInt8(ascii: "."), peek(1)?.isASCIIDigit == true {
      index += 1
      guard let part = number() else { return nil }
      release.append(part)
    }
    var pre: (kind: PEP440Version.PreRelease, number: VersionNumber)?
    if let (label, value) = labelled(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
      let kind: PEP440Version.PreRelease
      switch label {
      case "alpha", "a": kind = .alpha
      case "beta", "b": kind = .beta
      default: kind = .candidate
      }
      pre = (kind, value ?? .zero)
    }
    var post: VersionNumber?
    if peek() == UInt8(ascii: "-"), peek(1)?.isASCIIDigit == true {
      index += 1
      post = number()
    } else if let (_, value) = labelled(["post", "rev", "r"]) {
      post = value ?? .zero
    }
    var dev: VersionNumber?
    if let (_, value) = labelled(["dev"]) { dev = value ?? .zero }
    var local: [PEP440Version.LocalSegment]?
    if allowLocal, peek() == UInt8(ascii: "+") {
      index += 1
      var segments: [PEP440Version.LocalSegment] = []
      while true {
        let segmentStart = index
        while index < end, bytes[index].isASCIIDigit || bytes[index].isASCIILower { index += 1 }
        guard index > segmentStart else { return nil }
        let segment = bytes[segmentStart..<index]
        if segment.allSatisfy(\.isASCIIDigit), let value = VersionNumber(digits: segment) {
          segments.append(.number(value))
        } else {
          segments.append(.text(String(decoding: segment, as: UTF8.self)))
        }
        if Self.isSeparator(peek()), let next = peek(1), next.isASCIIDigit || next.isASCIILower {
          index += 1
        } else {
          break
        }
      }
      local = segments
    }
    return PEP440Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: local)
  }
}

/// PEP 440's version scheme (PyPI).
public enum PEP440Scheme: VersionScheme {
  /// "PyPI".
  public static let ecosystemName = "PyPI"
  /// Parses a PEP 440 version.
  public static func parse(_ text: String) throws(VersionError) -> PEP440Version { try PEP440Version(text) }
}
