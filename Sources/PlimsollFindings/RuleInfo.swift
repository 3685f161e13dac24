/// The documentation of one rule or check, listed by `plimsoll rules` from the same table the
/// engine runs, so documentation cannot drift from behaviour.
public struct RuleInfo: Codable, Sendable, Hashable {
  /// Plimsoll's own id, e.g. `PLM-DF-001`.
  public var id: String
  /// Peer ids for the same check: hadolint `DL3007`, CIS `4.1`, Dockle `CIS-DI-0001`.
  public var aliases: [String]
  public var kind: FindingKind
  public var severity: Severity
  public var title: String
  /// Why it matters.
  public var rationale: String
  /// How to fix it.
  public var remediation: String
  public var references: [String]
  /// What `plimsoll fix` does for this rule's findings, when it has a fixer.
  public var fix: String?

  public init(id: String, aliases: [String] = [], kind: FindingKind, severity: Severity,
              title: String, rationale: String, remediation: String, references: [String] = []) {
    self.id = id
    self.aliases = aliases
    self.kind = kind
    self.severity = severity
    self.title = title
    self.rationale = rationale
    self.remediation = remediation
    self.references = references
  }
}

extension RuleInfo {
  /// The finding this rule reports at `location`: its id, aliases, kind, severity, title,
  /// rationale, remediation and references, with the verdict and evidence of one check.
  public func finding(
    status: FindingStatus, location: Location, evidence: String?,
    properties: [String: String] = [:]
  ) -> Finding {
    Finding(
      kind: kind, id: id, aliases: aliases, title: title, description: rationale,
      severity: severity, status: status, location: location, remediation: remediation,
      references: references, evidence: evidence, properties: properties)
  }
}

/// The CIS Docker Benchmark the host, image and container check tables follow.
public enum CISDockerBenchmark {
  /// Where the benchmark is published.
  public static let reference = "https://www.cisecurity.org/benchmark/docker"
}
