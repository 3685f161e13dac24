/// An rpm `[epoch:]version[-release]`, ordered as rpm's `rpmvercmp` / `rpmverCmp` order it.
///
/// Version and release are split into alphanumeric segments once (separators dropped,
/// leading zeros of numbers dropped); `~` sorts before anything, `^` after the base version
/// but before any further segment. A missing release sorts before any release, as in rpm.
public struct RPMVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The epoch (0 when absent).
  public let epoch: VersionNumber
  /// The version's segments.
  let version: RPMSegments
  /// The release's segments, nil when the string has no `-release`.
  let release: RPMSegments?
  /// The string as given.
  public let description: String

  /// Parses `[epoch:]version[-release]` the way rpm's `rpmverParse` splits it.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.versionFailure(text, RPMScheme.ecosystemName)
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { throw fail("version string is empty") }
    var cursor = 0
    while cursor < bytes.count, bytes[cursor].isASCIIDigit { cursor += 1 }
    var versionStart = 0
    var epochValue = VersionNumber.zero
    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
      if cursor > 0, let number = VersionNumber(digits: bytes[0..<cursor]) { epochValue = number }
      versionStart = cursor + 1
    }
    var versionEnd = bytes.count
    var parsedRelease: RPMSegments?
    if let hyphen = bytes[cursor...].lastIndex(of: UInt8(ascii: "-")), hyphen >= versionStart {
      versionEnd = hyphen
      parsedRelease = RPMSegments(bytes[(hyphen + 1)...])
    }
    epoch = epochValue
    version = RPMSegments(bytes[versionStart..<versionEnd])
    release = parsedRelease
    description = text
  }

  /// Three-way comparison: -1, 0 or 1.
  public func compare(to other: RPMVersion) -> Int {
    if epoch != other.epoch { return epoch < other.epoch ? -1 : 1 }
    let byVersion = version.compare(to: other.version)
    if byVersion != 0 { return byVersion }
    switch (release, other.release) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let left?, let right?): return left.compare(to: right)
    }
  }

  /// Orders as rpm does.
  public static func < (lhs: RPMVersion, rhs: RPMVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal when rpm calls them equal ("1.0" and "1_00").
  public static func == (lhs: RPMVersion, rhs: RPMVersion) -> Bool {
    lhs.epoch == rhs.epoch && lhs.version == rhs.version && lhs.release == rhs.release
  }
  /// Hashes the canonical segments, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(epoch)
    hasher.combine(version)
    hasher.combine(release)
  }

  /// Compares two bare version (or release) strings with `rpmvercmp` alone.
  public static func rpmvercmp(_ lhs: String, _ rhs: String) -> Int {
    RPMSegments(Array(lhs.utf8)[...]).compare(to: RPMSegments(Array(rhs.utf8)[...]))
  }
}

/// One string split into rpm's segments: `~`, `^`, digit runs and letter runs.
struct RPMSegments: Hashable, Sendable {
  /// Segment kinds; digits are stored without leading zeros.
  enum Kind: UInt8 { case tilde = 1, caret = 2, number = 3, alpha = 4 }
  /// Kind and byte range of each segment within `bytes`.
  struct Segment: Hashable, Sendable {
    var kind: Kind
    var start: Int32
    var end: Int32
  }
  let segments: [Segment]
  let bytes: [UInt8]

  init(_ slice: ArraySlice<UInt8>) {
    let source = Array(slice)
    var result: [Segment] = []
    var index = 0
    while index < source.count {
      let byte = source[index]
      if byte == UInt8(ascii: "~") {
        result.append(Segment(kind: .tilde, start: Int32(index), end: Int32(index)))
        index += 1
      } else if byte == UInt8(ascii: "^") {
        result.append(Segment(kind: .caret, start: Int32(index), end: Int32(index)))
        index += 1
      } else if byte.isASCIIDigit {
        while index < source.count, source[index] == UInt8(ascii: "0") { index += 1 }
        let start = index
        while index < source.count, source[index].isASCIIDigit { index += 1 }
        result.append(Segment(kind: .number, start: Int32(start), end: Int32(index)))
      } else if byte.isASCIILetter {
        let start = index
        while index < source.count, source[index].isASCIILetter { index += 1 }
        result.append(Segment(kind: .alpha, start: Int32(start), end: Int32(index)))
      } else {
        index += 1
      }
    }
    segments = result
    bytes = source
  }

  static func == (lhs: RPMSegments, rhs: RPMSegments) -> Bool { lhs.compare(to: rhs) == 0 }

  func hash(into hasher: inout Hasher) {
    hasher.combine(segments.count)
    for segment in segments {
      hasher.combine(segment.kind)
      hasher.combine(bytes[Int(segment.start)..<Int(segment.end)])
    }
  }

  /// `rpmvercmp` over pre-split segments.
  func compare(to other: RPMSegments) -> Int {
    var i = 0
    while true {
      let left = i < segments.count ? segments[i] : nil
      let right = i < other.segments.count ? other.segments[i] : nil
      i += 1
      if left?.kind == .tilde || right?.kind == .tilde {
        if left?.kind != .tilde { return 1 }
        if right?.kind != .tilde { return -1 }
        continue
      }
      if left?.kind == .caret || right?.kind == .caret {
        guard let left else { return -1 }
        guard let right else { return 1 }
        if left.kind != .caret { return 1 }
        if right.kind != .caret { return -1 }
        continue
      }
      guard let left, let right else {
        if left == nil && right == nil { return 0 }
        return left == nil ? -1 : 1
      }
      if left.kind != right.kind { return left.kind == .number ? 1 : -1 }
      let a = bytes[Int(left.start)..<Int(left.end)]
      let b = other.bytes[Int(right.start)..<Int(right.end)]
      if left.kind == .number, a.count != b.count { return a.count < b.count ? -1 : 1 }
      if a != b { return a.lexicographicallyPrecedes(b) ? -1 : 1 }
    }
  }
}

/// rpm's version scheme (Red Hat, Fedora, SUSE, Amazon Linux, Rocky, AlmaLinux…).
public enum RPMScheme: VersionScheme {
  /// "RPM".
  public static let ecosystemName = "RPM"
  /// Parses an rpm EVR string.
  public static func parse(_ text: String) throws(VersionError) -> RPMVersion { try RPMVersion(text) }
}
