/// A dpkg version (`[epoch:]upstream[-revision]`), ordered exactly as dpkg's `verrevcmp`.
///
/// Parsing folds each part into a sequence of weights whose zero-padded lexicographic order is
/// dpkg's order (`~` < end < letters < other characters; digit runs by value), so a comparison
/// is one tight loop and equal versions ("1.0" and "1.00") are equal values.
public struct DebianVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The epoch (0 when absent).
  public let epoch: UInt32
  /// Upstream weights followed by revision weights, each with trailing zeros trimmed.
  private let weights: ContiguousArray<Int16>
  /// Index in `weights` where the revision starts.
  private let revisionStart: Int32
  /// The string as given (trimmed of surrounding blanks).
  public let description: String

  /// Parses a dpkg version; throws for what dpkg rejects as an error (empty parts, bad epoch,
  /// embedded blanks). Strings dpkg only warns about (no leading digit, odd characters) are
  /// accepted and ordered as dpkg orders them.
  public init(_ text: String) throws(VersionError) {
    let fail = VersionError.versionFailure(text, DebianScheme.ecosystemName)
    let bytes = Array(text.utf8)
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    var firstBlank = start
    while firstBlank < end, bytes[firstBlank] != 0x20, bytes[firstBlank] != 0x09 { firstBlank += 1 }
    for index in firstBlank..<end where bytes[index] != 0x20 && bytes[index] != 0x09 {
      throw fail("version string has embedded spaces")
    }
    end = firstBlank
    guard start < end else { throw fail("version string is empty") }
    if bytes[start..<end].contains(0) { throw fail("version string contains a NUL byte") }

    var epochValue: UInt32 = 0
    var versionStart = start
    if let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")) {
      var cursor = start
      var negative = false
      if bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
        negative = bytes[cursor] == UInt8(ascii: "-")
        cursor += 1
      }
      let digitsStart = cursor
      var value: UInt64 = 0
      while cursor < colon, bytes[cursor].isASCIIDigit {
        value = min(value &* 10 &+ UInt64(bytes[cursor] - 48), UInt64(Int32.max) + 1)
        cursor += 1
      }
      if cursor == digitsStart { throw fail("epoch in version is empty") }
      if cursor != colon { throw fail("epoch in version is not number") }
      if negative && value > 0 { throw fail("epoch in version is negative") }
      if value > UInt64(Int32.max) { throw fail("epoch in version is too big") }
      if colon + 1 >= end { throw fail("nothing after colon in version number") }
      epochValue = UInt32(value)
      versionStart = colon + 1
    }
    var upstreamEnd = end
    var revisionBegin = end
    if let hyphen = bytes[versionStart..<end].lastIndex(of: UInt8(ascii: "-")) {
      if hyphen + 1 == end { throw fail("revision number is empty") }
      upstreamEnd = hyphen
      revisionBegin = hyphen + 1
    }
    if upstreamEnd == versionStart { throw fail("version number is empty") }

    var encoded = ContiguousArray<Int16>()
    encoded.reserveCapacity((end - versionStart) + 8)
    guard Self.encode(bytes[versionStart..<upstreamEnd], into: &encoded) else {
      throw fail("digit run too long")
    }
    let split = encoded.count
    guard Self.encode(bytes[revisionBegin..<end], into: &encoded) else {
      throw fail("digit run too long")
    }
    epoch = epochValue
    weights = encoded
    revisionStart = Int32(split)
    description = String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The weight dpkg's `order()` gives a non-digit byte (C `char` is signed on Linux).
  @inline(__always)
  private static func weight(_ byte: UInt8) -> Int16 {
    if byte == UInt8(ascii: "~") { return -1 }
    if byte.isASCIILetter { return Int16(byte) }
    return Int16(Int8(bitPattern: byte)) + 256
  }

  /// Appends the weights of one part (upstream or revision), trimming trailing zeros.
  private static func encode(_ part: ArraySlice<UInt8>, into output: inout ContiguousArray<Int16>) -> Bool {
    let base = output.count
    var index = part.startIndex
    while index < part.endIndex {
      while index < part.endIndex, !part[index].isASCIIDigit {
        output.append(weight(part[index]))
        index += 1
      }
      output.append(0)
      while index < part.endIndex, part[index] == UInt8(ascii: "0") { index += 1 }
      let digitsStart = index
      while index < part.endIndex, part[index].isASCIIDigit { index += 1 }
      let length = index - digitsStart
      guard length < Int(Int16.max) else { return false }
      output.append(Int16(length))
      for digit in part[digitsStart..<index] { output.append(Int16(digit - 48)) }
    }
    while output.count > base, output[output.count - 1] == 0 { output.removeLast() }
    return true
  }

  /// Zero-padded lexicographic comparison of two weight runs.
  @inline(__always)
  private static func compareRuns(
    _ a: UnsafeBufferPointer<Int16>, _ aStart: Int, _ aEnd: Int,
    _ b: UnsafeBufferPointer<Int16>, _ bStart: Int, _ bEnd: Int
  ) -> Int {
    var i = aStart
    var j = bStart
    while i < aEnd || j < bEnd {
      let x = i < aEnd ? a[i] : 0
      let y = j < bEnd ? b[j] : 0
      if x != y { return x < y ? -1 : 1 }
      i += 1
      j += 1
    }
    return 0
  }

  /// Three-way comparison: -1, 0 or 1, as `dpkg --compare-versions` orders the two.
  public func compare(to other: DebianVersion) -> Int {
    if epoch != other.epoch { return epoch < other.epoch ? -1 : 1 }
    return weights.withUnsafeBufferPointer { a in
      other.weights.withUnsafeBufferPointer { b in
        let aSplit = Int(revisionStart)
        let bSplit = Int(other.revisionStart)
        let upstream = Self.compareRuns(a, 0, aSplit, b, 0, bSplit)
        if upstream != 0 { return upstream }
        return Self.compareRuns(a, aSplit, a.count, b, bSplit, b.count)
      }
    }
  }

  /// Orders as dpkg does.
  public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { lhs.compare(to: rhs) < 0 }
  /// Equal when dpkg calls them equal ("1.0" and "1.00", "0:1" and "1").
  public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool {
    lhs.epoch == rhs.epoch && lhs.revisionStart == rhs.revisionStart && lhs.weights == rhs.weights
  }
  /// Hashes the canonical weights, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(epoch)
    hasher.combine(revisionStart)
    hasher.combine(weights.count)
    for weight in weights { hasher.combine(weight) }
  }
}

/// dpkg's version scheme (Debian, Ubuntu and derivatives).
public enum DebianScheme: VersionScheme {
  /// "Debian".
  public static let ecosystemName = "Debian"
  /// Parses a dpkg version.
  public static func parse(_ text: String) throws(VersionError) -> DebianVersion { try DebianVersion(text) }
}
