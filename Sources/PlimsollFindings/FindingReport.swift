public import PlimsollDiagnostics

/// The findings of one scan of one target, with the warnings met on the way.
public struct FindingReport: Codable, Sendable {
  /// What was scanned, as the user named it.
  public var target: String
  public var findings: [Finding]
  public var warnings: [ScanWarning]

  public init(target: String, findings: [Finding] = [], warnings: [ScanWarning] = []) {
    self.target = target
    self.findings = findings
    self.warnings = warnings
  }
}
