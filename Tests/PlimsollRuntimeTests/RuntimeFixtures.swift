import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime

/// Loads the committed Engine fixtures (Tests/Fixtures/engine).
enum RuntimeFixtures {
  static var directory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/engine")
  }

  static func data(_ name: String) throws -> Data {
    try Data(contentsOf: directory.appendingPathComponent(name))
  }

  /// The one container of a `docker inspect` array fixture.
  static func container(_ name: String) throws -> ContainerInspect {
    try decodeContainer(data(name))
  }

  /// Decodes `docker inspect` output (a JSON array of one container).
  static func decodeContainer(_ json: Data) throws -> ContainerInspect {
    let containers = try JSONDecoder().decode([ContainerInspect].self, from: json)
    guard let first = containers.first else { throw FixtureError.empty }
    return first
  }

  /// Decodes `docker image inspect` output (a JSON array of one image).
  static func decodeImage(_ json: Data) throws -> ImageInspect {
    let images = try JSONDecoder().decode([ImageInspect].self, from: json)
    guard let first = images.first else { throw FixtureError.empty }
    return first
  }

  /// `docker history --format '{{.CreatedBy}}'` output as lines.
  static func historyLines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  /// The engine of the tests: seccomp on, no AppArmor or SELinux, swarm inactive.
  static let engine = EngineFacts(
    securityOptions: ["name=seccomp,profile=default"], swarmState: "inactive")

  enum FixtureError: Error { case empty }
}

/// The statuses of a report's findings keyed by CIS alias (`CIS-5.4`), for one location.
func statusesByCIS(_ report: FindingReport, at location: String) -> [String: FindingStatus] {
  var statuses: [String: FindingStatus] = [:]
  for finding in report.findings where finding.location?.path == location {
    for alias in finding.aliases { statuses[alias] = finding.status }
  }
  return statuses
}

/// The one finding with CIS alias `cis` at `location`.
func finding(_ report: FindingReport, _ cis: String, at location: String) -> Finding? {
  report.findings.first { $0.location?.path == location && $0.aliases.contains("CIS-\(cis)") }
}

/// Expected statuses per container check, written as `5.n` (and `4.1`) → status.
struct Expected {
  static func statuses(_ table: [String: FindingStatus]) -> [String: FindingStatus] {
    Dictionary(uniqueKeysWithValues: table.map { ("CIS-\($0.key)", $0.value) })
  }

  /// The hardened container's verdict on every per-container check.
  static let hardened: [String: FindingStatus] = statuses([
    "5.2": .info, "5.3": .info, "5.4": .pass, "5.5": .pass, "5.6": .pass, "5.7": .warn,
    "5.8": .pass, "5.9": .pass, "5.10": .pass, "5.11": .pass, "5.12": .pass, "5.13": .pass,
    "5.14": .pass, "5.15": .pass, "5.16": .pass, "5.17": .pass, "5.18": .pass, "5.19": .info,
    "5.20": .pass, "5.21": .pass, "5.22": .pass, "5.23": .manual, "5.24": .manual,
    "5.25": .pass, "5.26": .pass, "5.27": .pass, "5.28": .manual, "5.29": .pass, "5.30": .pass,
    "5.31": .pass, "5.32": .pass, "4.1": .pass,
  ])

  /// The insecure (unprivileged) container's verdicts.
  static let insecure: [String: FindingStatus] = statuses([
    "5.2": .info, "5.3": .info, "5.4": .fail, "5.5": .pass, "5.6": .fail, "5.7": .warn,
    "5.8": .pass, "5.9": .pass, "5.10": .pass, "5.11": .fail, "5.12": .fail, "5.13": .fail,
    "5.14": .pass, "5.15": .fail, "5.16": .fail, "5.17": .fail, "5.18": .warn, "5.19": .info,
    "5.20": .pass, "5.21": .fail, "5.22": .fail, "5.23": .manual, "5.24": .manual,
    "5.25": .pass, "5.26": .fail, "5.27": .fail, "5.28": .manual, "5.29": .fail, "5.30": .pass,
    "5.31": .fail, "5.32": .fail, "4.1": .fail,
  ])

  /// The privileged container's verdicts (the insecure options plus `--privileged`, without
  /// `--device`, `--ulimit` and `--userns host`).
  static let privileged: [String: FindingStatus] = statuses([
    "5.2": .fail, "5.3": .info, "5.4": .fail, "5.5": .fail, "5.6": .fail, "5.7": .warn,
    "5.8": .pass, "5.9": .pass, "5.10": .pass, "5.11": .fail, "5.12": .fail, "5.13": .fail,
    "5.14": .pass, "5.15": .fail, "5.16": .fail, "5.17": .fail, "5.18": .fail, "5.19": .info,
    "5.20": .pass, "5.21": .fail, "5.22": .fail, "5.23": .manual, "5.24": .manual,
    "5.25": .pass, "5.26": .fail, "5.27": .fail, "5.28": .manual, "5.29": .fail, "5.30": .pass,
    "5.31": .pass, "5.32": .fail, "4.1": .fail,
  ])

  static func with(_ base: [String: FindingStatus], _ changes: [String: FindingStatus])
    -> [String: FindingStatus]
  {
    base.merging(statuses(changes)) { _, new in new }
  }
}
