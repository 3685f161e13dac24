public import Foundation
public import PlimsollEngine
public import PlimsollFindings

/// What the engine-wide information (`GET /info`, the daemon's configuration) tells the
/// container checks.
///
/// Every field may be unknown; a check that needs an unknown fact says so rather than guess.
public struct EngineFacts: Sendable, Hashable {
  /// The Engine's `SecurityOptions`, e.g. `name=apparmor`, `name=seccomp,profile=default`,
  /// `name=selinux`, `name=userns`, `name=rootless`. Empty when unknown.
  public var securityOptions: [String]
  /// `Swarm.LocalNodeState`: `inactive`, `pending`, `active`, `error` or `locked`; `nil` when
  /// unknown.
  public var swarmState: String?
  /// The cgroup parent the daemon gives containers by default (`cgroup-parent`), if set.
  public var defaultCgroupParent: String?
  /// Whether the daemon sets `no-new-privileges` for every container (`daemon.json`).
  public var noNewPrivilegesByDefault: Bool

  /// Builds a value from its fields (for tests and callers that assemble one).
  public init(
    securityOptions: [String] = [], swarmState: String? = nil,
    defaultCgroupParent: String? = nil, noNewPrivilegesByDefault: Bool = false
  ) {
    self.securityOptions = securityOptions
    self.swarmState = swarmState
    self.defaultCgroupParent = defaultCgroupParent
    self.noNewPrivilegesByDefault = noNewPrivilegesByDefault
  }

  /// Reads the facts `GET /info` (`docker info --format '{{json .}}'`) gives: `SecurityOptions`
  /// and `Swarm.LocalNodeState`; the daemon-configuration facts are passed in.
  ///
  /// Throws a `DecodingError` when the JSON is not an info object.
  public init(
    engineInfo json: Data, defaultCgroupParent: String? = nil,
    noNewPrivilegesByDefault: Bool = false
  ) throws {
    let info = try JSONDecoder().decode(EngineInfoFields.self, from: json)
    self.init(
      securityOptions: info.securityOptions ?? [], swarmState: info.swarm?.localNodeState,
      defaultCgroupParent: defaultCgroupParent, noNewPrivilegesByDefault: noNewPrivilegesByDefault)
  }

  /// Whether the security options are known at all.
  public var knowsSecurityOptions: Bool { !securityOptions.isEmpty }

  /// Whether the engine reports the security feature `name` (`apparmor`, `selinux`, `seccomp`,
  /// `userns`).
  public func has(_ name: String) -> Bool {
    securityOptions.contains { option in
      option.split(separator: ",").contains { $0 == "name=\(name)" } || option == name
    }
  }
}

/// The fields of the Engine's `/info` answer that the checks read.
private struct EngineInfoFields: Decodable {
  struct Swarm: Decodable {
    var localNodeState: String?
    enum CodingKeys: String, CodingKey { case localNodeState = "LocalNodeState" }
  }
  var securityOptions: [String]?
  var swarm: Swarm?
  enum CodingKeys: String, CodingKey {
    case securityOptions = "SecurityOptions"
    case swarm = "Swarm"
  }
}

/// What one container or image check saw: its verdict and the evidence (field and value).
public typealias CheckObservation = Observation

/// What a container check looks at: the engine's facts alone (checks decided once per
/// engine, such as swarm mode) or one container with them.
public enum ContainerScope: Sendable {
  case engine(EngineFacts)
  case container(ContainerInspect, EngineFacts)
}

/// A container runtime check: one observation per engine or per container, as its table
/// entry says.
public typealias ContainerCheck = Check<ContainerScope>

extension ContainerScope {
  /// The container and the engine's facts, for a per-container check.
  var container: (ContainerInspect, EngineFacts)? {
    if case .container(let container, let engine) = self { (container, engine) } else { nil }
  }

  /// The engine's facts, for a check decided once per engine.
  var engineWide: EngineFacts? {
    if case .engine(let engine) = self { engine } else { nil }
  }
}

extension Check where Subject == ContainerScope {
  /// A per-container check from its table columns: `PLM-CTR-nnn`, the CIS number as alias
  /// `CIS-n.n`.
  public init(
    _ number: Int, cis: String?, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    run: @escaping @Sendable (ContainerInspect, EngineFacts) -> Observation
  ) {
    let info = RuleInfo.runtime("PLM-CTR-", number, cis: cis, severity, title, rationale: rationale,
                                remediation: remediation, references: references)
    self.init(info: info, on: \.container) { run($0.0, $0.1) }
  }

  /// A check decided once per engine.
  public init(
    _ number: Int, cis: String?, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String] = [],
    engineWide run: @escaping @Sendable (EngineFacts) -> Observation
  ) {
    let info = RuleInfo.runtime("PLM-CTR-", number, cis: cis, severity, title, rationale: rationale,
                                remediation: remediation, references: references)
    self.init(info: info, on: \.engineWide, run: run)
  }
}

extension RuleInfo {
  /// The documentation of a container or image check: `PREFIXnnn`, the CIS number as alias
  /// `CIS-n.n`, the benchmark first among the references.
  static func runtime(
    _ prefix: String, _ number: Int, cis: String?, _ severity: Severity, _ title: String,
    rationale: String, remediation: String, references: [String]
  ) -> RuleInfo {
    RuleInfo(
      id: numberedID(prefix, number), aliases: cis.map { ["CIS-\($0)"] } ?? [], kind: .container,
      severity: severity, title: title, rationale: rationale, remediation: remediation,
      references: [CISDockerBenchmark.reference] + references)
  }
}

/// Runs the container checks (CIS Docker Benchmark section 5, and 4.1 for running containers).
public enum ContainerAuditor {
  /// The location of engine-wide findings.
  public static let engineLocation = "engine"

  /// Audits `containers` (normally the running ones): one finding per engine-wide check, then
  /// one per (container, check) in table order.
  ///
  /// With no containers, the report holds the engine-wide findings plus one `info` finding
  /// (`PLM-CTR-000`) saying no container was audited, so an empty result is never mistaken for
  /// a clean one.
  public static func audit(_ containers: [ContainerInspect], engine: EngineFacts) -> FindingReport {
    var findings = ContainerChecks.all.flatMap { $0.findings(.engine(engine), at: engineLocation) }
    if containers.isEmpty {
      findings.append(
        ContainerChecks.noContainers.info.finding(
          Observation(.info, "no running containers: the section 5 checks had nothing to audit"),
          at: engineLocation))
    }
    for container in containers {
      let location = "container:" + container.displayName
      var properties = ["container.id": String(container.id.prefix(12))]
      if !container.config.image.isEmpty { properties["container.image"] = container.config.image }
      for check in ContainerChecks.all {
        findings += check.findings(.container(container, engine), at: location, properties: properties)
      }
    }
    return FindingReport(target: "docker-engine", findings: findings)
  }
}

/// Every runtime check, for `plimsoll rules`.
public enum RuntimeChecks {
  /// The documentation of the container checks (section 5) and image checks (section 4).
  public static var infos: [RuleInfo] {
    ([ContainerChecks.noContainers] + ContainerChecks.all).map(\.info)
      + ImageChecks.all.map(\.info)
  }
}

/// The benchmark the container and image checks follow (the same one as the host checks).
public typealias RuntimeBenchmark = CISDockerBenchmark
