import Foundation

/// Ordering rules of one ecosystem's versions: parse a string once, compare parsed values.
///
/// Each ecosystem has its own scheme type (`DebianScheme`, `PEP440Scheme`, …); generic
/// range code (`OSVRangeEvaluator`) is written once over this protocol.
public protocol VersionScheme: Sendable {
  /// The parsed, compact form of a version; comparing two of them is cheap.
  associatedtype Version: Comparable & Hashable & Sendable
  /// The ecosystem's name as errors show it ("Debian", "PyPI", …).
  static var ecosystemName: String { get }
  /// Parses `text`, throwing `VersionError.invalidVersion` naming it when the ecosystem's tool would reject it.
  static func parse(_ text: String) throws(VersionError) -> Version
}

extension VersionScheme {
  /// Compares two version strings: -1, 0 or 1, as the ecosystem's tool orders them.
  public static func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
    let left = try parse(lhs)
    let right = try parse(rhs)
    return left < right ? -1 : (right < left ? 1 : 0)
  }
}

/// Why a version or a range could not be understood; the message names the input and ecosystem.
public enum VersionError: Error, LocalizedError, Equatable, Hashable, Sendable {
  /// A version string the ecosystem's rules reject.
  case invalidVersion(String, ecosystem: String, reason: String)
  /// A range or requirement expression the ecosystem's syntax rejects.
  case invalidRange(String, ecosystem: String, reason: String)
  /// An OSV ecosystem name this stage has no scheme for.
  case unknownEcosystem(String)

  /// A message naming the offending string, its ecosystem and the problem.
  public var errorDescription: String? {
    switch self {
    case .invalidVersion(let text, let ecosystem, let reason):
      return "invalid \(ecosystem) version \"\(text)\": \(reason)"
    case .invalidRange(let text, let ecosystem, let reason):
      return "invalid \(ecosystem) range \"\(text)\": \(reason)"
    case .unknownEcosystem(let name):
      return "no version scheme for ecosystem \"\(name)\""
    }
  }
}

/// The errors of one parse: the text, its ecosystem and whether it is a version or a range are
/// fixed, and each failure names only its reason (`fail("bad number")`).
///
/// Why: a parser rejects its input at many points and names only the reason at each.
struct ParseFailure: Sendable {
  let text: String
  let ecosystem: String
  let isRange: Bool

  /// The error for `reason`.
  func callAsFunction(_ reason: String) -> VersionError {
    isRange
      ? .invalidRange(text, ecosystem: ecosystem, reason: reason)
      : .invalidVersion(text, ecosystem: ecosystem, reason: reason)
  }
}

extension VersionError {
  /// The `invalidVersion` errors of parsing `text` in `ecosystem`.
  static func versionFailure(_ text: String, _ ecosystem: String) -> ParseFailure {
    ParseFailure(text: text, ecosystem: ecosystem, isRange: false)
  }

  /// The `invalidRange` errors of parsing `text` in `ecosystem`.
  static func rangeFailure(_ text: String, _ ecosystem: String) -> ParseFailure {
    ParseFailure(text: text, ecosystem: ecosystem, isRange: true)
  }
}
