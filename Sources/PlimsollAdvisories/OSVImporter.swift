import Foundation
import PlimsollCatalog
import PlimsollFindings
import Yams
import PlimsollDiagnostics

/// Reads OSV records (JSON or YAML, one per file) of any ecosystem.
public struct OSVImporter {
  struct Record: Decodable {
    var id: String
    var aliases: [String]?
    var upstream: [String]?
    var summary: String?
    var details: String?
    var modified: String?
    var published: String?
    var withdrawn: String?
    var severity: [SeverityEntry]?
    var affected: [Affected]?
    var references: [Reference]?
    var databaseSpecific: DatabaseSpecific?

    enum CodingKeys: String, CodingKey {
      case id, aliases, upstream, summary, details, modified, published, withdrawn, severity, affected,
        references
      case databaseSpecific = "database_specific"
    }
  }

  struct SeverityEntry: Decodable {
    var type: String
    var score: String
  }

  struct Affected: Decodable {
    var package: PackageID?
    var ranges: [OSVRangeRecord]?
    var versions: [String]?
  }

  struct PackageID: Decodable {
    var ecosystem: String
    var name: String
  }

  struct Reference: Decodable {
    var url: String
  }

  struct DatabaseSpecific: Decodable {
    var severity: String?
  }

  public init() {}

  /// The database's name for an OSV ecosystem: distribution releases as the distribution
  /// lookups spell them (`Debian:12` → `debian:bookworm`, `Alpine:v3.20` → `alpine:v3.20`,
  /// `Ubuntu:22.04:LTS` → `ubuntu:22.04`, `Ubuntu:Pro:18.04:LTS` → `ubuntu-pro:18.04`);
  /// language ecosystems unchanged.
  public static func databaseEcosystem(_ name: String) -> String {
    let parts = name.split(separator: ":").map(String.init)
    guard parts.count >= 2 else { return name }
    switch parts[0] {
    case "Debian":
      return "debian:" + (PackageEcosystem.debianCodenames[parts[1]] ?? parts[1])
    case "Alpine":
      return "alpine:" + parts[1]
    case "Ubuntu":
      if parts[1] == "Pro", parts.count >= 3 { return "ubuntu-pro:" + parts[2] }
      return "ubuntu:" + parts[1]
    default:
      return name
    }
  }

  /// Parses one record; returns nil (and a reason) for a malformed one.
  public func parse(_ bytes: [UInt8], isYAML: Bool, input: String) -> Result<Advisory?, ScanWarning> {
    let record: Record
    do {
      if isYAML {
        record = try YAMLDecoder().decode(Record.self, from: String(decoding: bytes, as: UTF8.self))
      } else {
        record = try JSONDecoder().decode(Record.self, from: Data(bytes))
      }
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: malformed OSV record (\(error))"))
    }
    if record.withdrawn != nil { return .success(nil) }
    var cvss: [CVSSScore] = []
    for entry in record.severity ?? [] where entry.type.hasPrefix("CVSS") {
      cvss.append(CVSSScore(source: "osv", vector: entry.score, score: CVSS.baseScore(entry.score)))
    }
    // Ubuntu rates by priority (`negligible` … `critical`), as a severity entry of its own.
    let priority = record.severity?.first { $0.type == "Ubuntu" }.flatMap {
      Severity(name: $0.score == "negligible" ? "LOW" : $0.score)
    }
    let severity = record.databaseSpecific?.severity.flatMap { Severity(name: $0 == "MODERATE" ? "MEDIUM" : $0) }
      ?? priority ?? CVSS.severity(of: cvss)
    var affected: [AffectedEntry] = []
    for entry in record.affected ?? [] {
      guard let package = entry.package else { continue }
      let name = PackageEcosystem.forAdvisoryEcosystem(package.ecosystem)?.normalizedName(package.name)
        ?? package.name
      affected.append(AffectedEntry(
        ecosystem: Self.databaseEcosystem(package.ecosystem), package: name, kind: .osvRanges,
        ranges: entry.ranges ?? [], versions: entry.versions ?? []))
    }
    let ecosystem = record.affected?.first?.package?.ecosystem ?? "unknown"
    let source = "osv-" + (ecosystem.split(separator: ":").first.map(String.init) ?? ecosystem).lowercased()
    // Distribution records named after a CVE (`UBUNTU-CVE-2024-1234`, `DEBIAN-CVE-…`) are
    // reported by the CVE; a notice's `upstream` ids are the CVEs it fixes.
    var id = record.id
    var aliases = record.aliases ?? []
    if let range = id.range(of: #"^[A-Z]+-(CVE-\d{4}-\d+)$"#, options: .regularExpression), range.lowerBound == id.startIndex,
      let cve = id.range(of: #"CVE-\d{4}-\d+"#, options: .regularExpression)
    {
      aliases.insert(id, at: 0)
      id = String(id[cve])
    }
    for upstream in record.upstream ?? [] {
      if let cve = upstream.range(of: #"CVE-\d{4}-\d+$"#, options: .regularExpression) {
        let value = String(upstream[cve])
        if value != id, !aliases.contains(value) { aliases.append(value) }
      }
    }
    return .success(Advisory(
      source: source, id: id, aliases: aliases, summary: record.summary,
      details: record.details, severity: severity, cvss: cvss, published: record.published,
      modified: record.modified, references: (record.references ?? []).map(\.url),
      affected: affected))
  }
}
