/// What sort of scanner produced a finding.
public enum FindingKind: String, Codable, Sendable, CaseIterable {
  case vulnerability
  case misconfiguration
  case secret
  case host
  case container
  case drift
}

/// The verdict a finding carries.
///
/// Vulnerabilities use `fixed`, `affected`, `willNotFix`, `fixDeferred`, `endOfLife`,
/// `notAffected` and `couldNotCompare`; checks that can
/// also pass (host audit, CIS) use `pass`, `fail`, `warn`, `info` and `manual`.
public enum FindingStatus: String, Codable, Sendable, CaseIterable {
  /// Vulnerable, and a fixed version exists.
  case fixed
  /// Vulnerable, no fix published yet.
  case affected
  /// Vulnerable, and the distribution decided not to fix it.
  case willNotFix = "will_not_fix"
  /// Vulnerable; the distribution postponed the fix to a later update (Debian `<no-dsa>`,
  /// `<postponed>`).
  case fixDeferred = "fix_deferred"
  /// Vulnerable, and the release's security support for the package has ended.
  case endOfLife = "end_of_life"
  /// Matched by name and version, but not exploitable here, for the reason the finding gives
  /// (a kernel vulnerability in a package that only ships kernel headers).
  case notAffected = "not_affected"
  /// The installed version could not be ordered against the advisory's versions.
  case couldNotCompare = "could_not_compare"
  /// A rule matched: the configuration is wrong.
  case fail
  /// A check found nothing wrong.
  case pass
  /// A check found something worth a look.
  case warn
  /// A check reports a fact only.
  case info
  /// A check cannot be decided automatically.
  case manual

  /// Whether a finding with this status is a problem (as opposed to a passed or
  /// informational check); policy filters and exit codes count only these.
  public var isFailing: Bool {
    switch self {
    case .pass, .info, .manual, .notAffected: false
    default: true
    }
  }
}

/// Where a finding was seen: a file (on disk or inside an image) and, in an image, the layer.
public struct Location: Codable, Sendable, Hashable {
  /// The file path, relative to the scanned root or absolute inside the image.
  public var path: String
  /// First line (1-based), where the finding has one.
  public var startLine: Int?
  /// Last line (1-based), where the finding spans several.
  public var endLine: Int?
  /// The diffID (or digest) of the image layer that holds it.
  public var layerDigest: String?
  /// The history `created_by` line of that layer.
  public var createdBy: String?

  public init(path: String, startLine: Int? = nil, endLine: Int? = nil,
              layerDigest: String? = nil, createdBy: String? = nil) {
    self.path = path
    self.startLine = startLine
    self.endLine = endLine
    self.layerDigest = layerDigest
    self.createdBy = createdBy
  }
}

/// The package a vulnerability finding is about.
public struct AffectedPackage: Codable, Sendable, Hashable {
  public var name: String
  public var installedVersion: String
  public var fixedVersion: String?
  /// The Package URL of the installed package.
  public var purl: String?
  /// The ecosystem or package type (`deb`, `apk`, `pypi`, `npm`, …).
  public var type: String?

  public init(name: String, installedVersion: String, fixedVersion: String? = nil,
              purl: String? = nil, type: String? = nil) {
    self.name = name
    self.installedVersion = installedVersion
    self.fixedVersion = fixedVersion
    self.purl = purl
    self.type = type
  }
}

/// One CVSS score from one source.
public struct CVSSScore: Codable, Sendable, Hashable {
  /// Who scored it (`nvd`, `ghsa`, `rustsec`, …).
  public var source: String
  /// The vector string, e.g. `CVSS:3.1/AV:N/AC:L/...`; nil when the source gives only a score.
  public var vector: String?
  /// The base score, where known.
  public var score: Double?
  /// The CVSS version of a score given without a vector (`3.x` when the source says only v3).
  public var scoreVersion: String?

  public init(source: String, vector: String, score: Double? = nil) {
    self.source = source
    self.vector = vector
    self.score = score
  }

  /// A score its source gives without a vector, under CVSS `version` (`4.0`, `3.x`, `2.0`).
  public init(source: String, version: String, score: Double) {
    self.source = source
    self.score = score
    scoreVersion = version
  }

  /// The CVSS version: the vector's (`4.0`, `3.1`, `3.0`, or `2.0` for a vector without a
  /// `CVSS:` prefix, since version 2 has none), else the one the score was given under.
  public var version: String {
    guard let vector else { return scoreVersion ?? "2.0" }
    guard vector.hasPrefix("CVSS:") else { return "2.0" }
    let head = vector.dropFirst(5).prefix { $0 != "/" }
    return head.isEmpty ? "2.0" : String(head)
  }

  /// The qualitative rating of the score under its version's table (version 2 has no
  /// CRITICAL: 7.0 and up is HIGH); nil without a score.
  public var severity: Severity? {
    guard let score, (0...10).contains(score) else { return nil }
    if version == "2.0" {
      return score >= 7 ? .high : score >= 4 ? .medium : .low
    }
    switch score {
    case 9...: return .critical
    case 7..<9: return .high
    case 4..<7: return .medium
    case 0.1..<4: return .low
    default: return nil
    }
  }
}

/// One result of any scanner: a vulnerability, a misconfiguration, a secret or a host check.
///
/// Every scanner reports through this one model so that policy and every report writer
/// handle all kinds alike.
public struct Finding: Codable, Sendable, Hashable {
  public var kind: FindingKind
  /// The primary id: a CVE/GHSA/OSV id, or a Plimsoll rule id such as `PLM-DF-001`.
  public var id: String
  /// Other ids for the same thing (CVE, GHSA, DSA, hadolint `DL3008`, CIS `5.4`).
  public var aliases: [String]
  public var title: String
  public var description: String?
  public var severity: Severity
  public var status: FindingStatus
  public var location: Location?
  public var package: AffectedPackage?
  /// How to fix it.
  public var remediation: String?
  public var references: [String]
  /// What was seen: a masked secret, a configuration value, a command line.
  public var evidence: String?
  public var cvss: [CVSSScore]
  /// Who gave the severity of a vulnerability: its advisory's source (`debian`, `ghsa`,
  /// `rustsec`), else `nvd`, `cna` or `cisa-adp` from the CVE's scores; nil when unscored.
  public var severitySource: String?
  /// Exploitation facts of a vulnerability: its EPSS score and its CISA KEV entry.
  public var exploitation: Exploitation?
  /// Extra facts a writer may show (kept sorted by key on output).
  public var properties: [String: String]
  /// What a VEX statement says about it, when one applies and leaves it in the report.
  public var vex: VEXNote?

  public init(kind: FindingKind, id: String, aliases: [String] = [], title: String,
              description: String? = nil, severity: Severity, status: FindingStatus,
              location: Location? = nil, package: AffectedPackage? = nil,
              remediation: String? = nil, references: [String] = [], evidence: String? = nil,
              cvss: [CVSSScore] = [], severitySource: String? = nil,
              exploitation: Exploitation? = nil, properties: [String: String] = [:]) {
    self.kind = kind
    self.id = id
    self.aliases = aliases
    self.title = title
    self.description = description
    self.severity = severity
    self.status = status
    self.location = location
    self.package = package
    self.remediation = remediation
    self.references = references
    self.evidence = evidence
    self.cvss = cvss
    self.severitySource = severitySource
    self.exploitation = exploitation
    self.properties = properties
  }
}

extension Finding {
  /// Whether this finding is a problem (its status is failing).
  public var isFailing: Bool { status.isFailing }
}
