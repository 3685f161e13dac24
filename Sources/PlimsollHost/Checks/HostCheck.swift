import PlimsollFindings

/// What one host check saw: its verdict, the evidence (file and value) and the file checked.
public struct HostObservation: Sendable, Hashable {
  public var status: FindingStatus
  public var evidence: String
  /// The host path of the file the verdict is about.
  public var path: String

  public init(_ status: FindingStatus, _ evidence: String, path: String) {
    self.status = status
    self.evidence = evidence
    self.path = path
  }
}

/// A host check: its documentation plus one function over a host snapshot.
///
/// The table of checks is the single source for both the auditor and `plimsoll rules`.
public struct HostCheck: Sendable {
  public var info: RuleInfo
  public var run: @Sendable (HostSnapshot) -> HostObservation

  /// The CIS Docker Benchmark this table follows.
  public static let benchmark = "https://www.cisecurity.org/benchmark/docker"

  /// Builds a check from its table columns: `PLM-HOST-nnn`, the CIS number as alias `CIS-n.n`.
  public init(
    _ number: Int, cis: String?, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    run: @escaping @Sendable (HostSnapshot) -> HostObservation
  ) {
    let digits = String(number)
    let id = "PLM-HOST-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    info = RuleInfo(
      id: id, aliases: cis.map { ["CIS-\($0)"] } ?? [], kind: .host, severity: severity,
      title: title, rationale: rationale, remediation: remediation,
      references: [Self.benchmark] + references)
    self.run = run
  }

  /// The finding this check reports for `snapshot`.
  public func finding(_ snapshot: HostSnapshot) -> Finding {
    let observation = run(snapshot)
    return info.finding(
      status: observation.status, location: Location(path: observation.path),
      evidence: observation.evidence)
  }
}

/// Every host check, in CIS Docker Benchmark v1.6 order.
public enum HostChecks {
  /// All checks: host configuration (CIS 1), daemon configuration (CIS 2), daemon
  /// configuration files (CIS 3).
  public static var all: [HostCheck] {
    HostConfigurationChecks.all + DaemonConfigurationChecks.all + DaemonFileChecks.all
  }

  /// The documentation of every check, for `plimsoll rules` and SARIF.
  public static var infos: [RuleInfo] { all.map(\.info) }
}

/// Runs the host checks over a host's files.
public enum HostAuditor {
  /// Audits the host whose root directory is `root` (`/` for this machine): one finding per
  /// check, with the warnings met reading files. `engine` is the running engine's release,
  /// when it could be asked.
  public static func audit(root: String, engine: EngineRelease? = nil) -> FindingReport {
    var snapshot = HostSnapshot.load(root: root)
    snapshot.engine = engine
    return audit(snapshot)
  }

  /// Audits a snapshot loaded before (with `engine` set when the engine was asked).
  public static func audit(_ snapshot: HostSnapshot) -> FindingReport {
    FindingReport(
      target: snapshot.root.root,
      findings: HostChecks.all.map { $0.finding(snapshot) },
      warnings: snapshot.warnings)
  }
}
