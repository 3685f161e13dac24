/// How serious a finding is, on the scale Trivy and Grype users know.
///
/// Ordered from `unknown` (lowest) to `critical` (highest) so thresholds compare directly.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
  case unknown = "UNKNOWN"
  case low = "LOW"
  case medium = "MEDIUM"
  case high = "HIGH"
  case critical = "CRITICAL"

  /// The position on the scale, lowest first.
  public var rank: Int {
    switch self {
    case .unknown: 0
    case .low: 1
    case .medium: 2
    case .high: 3
    case .critical: 4
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

  /// Parses a severity name case-insensitively (`high`, `HIGH`); `nil` when unknown.
  public init?(name: String) {
    self.init(rawValue: name.uppercased())
  }
}
