public import PlimsollDiagnostics

/// The findings of one scan of one target, with the warnings met on the way.
public struct FindingReport: Codable, Sendable {
  /// What was scanned, as the user named it.
  public var target: String
  public var findings: [Finding]
  public var warnings: [ScanWarning]
  /// How old the advisory data behind the vulnerability findings is (nil when none was used).
  public var advisoryData: AdvisoryDataAge?
  /// Findings a VEX statement, the ignore file or `--ignore-status` took out, with why.
  public var suppressed: [Suppression]
  /// Per image layer: what it added, changed and removed (nil for a scan without layers).
  public var ledger: LayerLedger?

  public init(target: String, findings: [Finding] = [], warnings: [ScanWarning] = []) {
    self.target = target
    self.findings = findings
    self.warnings = warnings
    self.suppressed = []
  }

  enum CodingKeys: String, CodingKey {
    case target, findings, warnings, advisoryData, suppressed, ledger
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    target = try container.decode(String.self, forKey: .target)
    findings = try container.decode([Finding].self, forKey: .findings)
    warnings = try container.decode([ScanWarning].self, forKey: .warnings)
    advisoryData = try container.decodeIfPresent(AdvisoryDataAge.self, forKey: .advisoryData)
    suppressed = try container.decodeIfPresent([Suppression].self, forKey: .suppressed) ?? []
    ledger = try container.decodeIfPresent(LayerLedger.self, forKey: .ledger)
  }
}

/// The age of the advisory data a report's vulnerabilities were matched against.
public struct AdvisoryDataAge: Codable, Sendable, Hashable {
  /// When the data was last fetched or confirmed current (ISO 8601).
  public var updatedAt: String
  /// Hours since then, when the scan ran.
  public var ageHours: Double
  /// The newest date any of its sources carries (ISO 8601), where known.
  public var newestData: String?

  /// `5 hours ago`, `3 days ago` (hours up to two days), for messages.
  public static func describe(hours: Double) -> String {
    guard hours.isFinite else { return "at an unknown time" }
    return hours < 48 ? "\(Int(hours.rounded())) hours ago" : "\(Int((hours / 24).rounded())) days ago"
  }

  public init(updatedAt: String, ageHours: Double, newestData: String? = nil) {
    self.updatedAt = updatedAt
    self.ageHours = ageHours
    self.newestData = newestData
  }
}
