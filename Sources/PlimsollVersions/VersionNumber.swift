/// A non-negative integer of any length, as a run of decimal digits in a version.
///
/// Version numbers may exceed 64 bits (dates, build ids); they compare by value, never overflow.
public enum VersionNumber: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// A value that fits in 64 bits.
  case small(UInt64)
  /// A value wider than 19 digits, kept as its digits without leading zeros.
  case large([UInt8])

  /// Zero.
  public static let zero = VersionNumber.small(0)

  /// Reads a run of ASCII digits (leading zeros allowed); nil when `digits` is empty or not all digits.
  public init?<C: Collection>(digits: C) where C.Element == UInt8 {
    guard !digits.isEmpty else { return nil }
    var start = digits.startIndex
    while start != digits.endIndex, digits[start] == UInt8(ascii: "0") {
      start = digits.index(after: start)
    }
    let significant = digits[start...]
    if significant.count <= 19 {
      var value: UInt64 = 0
      for byte in significant {
        guard byte >= 48, byte <= 57 else { return nil }
        value = value &* 10 &+ UInt64(byte - 48)
      }
      self = .small(value)
    } else {
      guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
      self = .large(Array(significant))
    }
  }

  /// Reads a string of ASCII digits.
  public init?(_ text: Substring) { self.init(digits: Array(text.utf8)) }

  /// Orders by value.
  public static func < (lhs: VersionNumber, rhs: VersionNumber) -> Bool {
    switch (lhs, rhs) {
    case (.small(let a), .small(let b)): return a < b
    case (.small, .large): return true
    case (.large, .small): return false
    case (.large(let a), .large(let b)):
      if a.count != b.count { return a.count < b.count }
      return a.lexicographicallyPrecedes(b)
    }
  }

  /// The value in decimal without leading zeros.
  public var description: String {
    switch self {
    case .small(let value): return String(value)
    case .large(let digits): return String(decoding: digits, as: UTF8.self)
    }
  }

  /// True for zero.
  public var isZero: Bool { self == .small(0) }

  /// The next integer (exact at any length).
  public var successor: VersionNumber {
    var digits = Array(description.utf8)
    var index = digits.count - 1
    while index >= 0 {
      if digits[index] == UInt8(ascii: "9") {
        digits[index] = UInt8(ascii: "0")
        index -= 1
      } else {
        digits[index] += 1
        break
      }
    }
    if index < 0 { digits.insert(UInt8(ascii: "1"), at: 0) }
    return VersionNumber(digits: digits) ?? self
  }
}

/// Three-way comparison helper shared by the schemes.
@inline(__always)
func threeWay<T: Comparable>(_ lhs: T, _ rhs: T) -> Int {
  lhs < rhs ? -1 : (rhs < lhs ? 1 : 0)
}

extension UInt8 {
  @inline(__always) var isASCIIDigit: Bool { self >= 48 && self <= 57 }
  @inline(__always) var isASCIILetter: Bool { (self | 0x20) >= 97 && (self | 0x20) <= 122 }
  @inline(__always) var isASCIILower: Bool { self >= 97 && self <= 122 }
  @inline(__always) var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }
  @inline(__always) var asciiLowercased: UInt8 { (self >= 65 && self <= 90) ? self | 0x20 : self }
}
