import PlimsollFindings

/// What one host check saw: its verdict, the evidence (file and value) and the host path
/// of the file the verdict is about.
public typealias HostObservation = Observation

/// A host check: a check over a host snapshot with exactly one observation.
public typealias HostCheck = Check<HostSnapshot>

extension Check where Subject == HostSnapshot {
  /// Builds a check from its table columns: `PLM-HOST-nnn`, the CIS number as alias `CIS-n.n`.
  public init(
    _ number: Int, cis: String?, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    run: @escaping @Sendable (HostSnapshot) -> Observation
  ) {
    self.init(
      info: RuleInfo(
        id: RuleInfo.numberedID("PLM-HOST-", number), aliases: cis.map { ["CIS-\($0)"] } ?? [],
        kind: .host, severity: severity, title: title, rationale: rationale,
        remediation: remediation, references: [CISDockerBenchmark.reference] + references),
      observe: { [run($0)] })
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
      findings: HostChecks.all.flatMap { $0.findings(snapshot, at: snapshot.root.root) },
      warnings: snapshot.warnings)
  }
}
