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
      case id, aliases, summary, details, modified, published, withdrawn, severity, affected,
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
    let severity = record.databaseSpecific?.severity.flatMap { Severity(name: $0 == "MODERATE" ? "MEDIUM" : $0) }
      ?? CVSS.severity(of: cvss)
    var affected: [AffectedEntry] = []
    for entry in record.affected ?? [] {
      guard let package = entry.package else { continue }
      let name = PackageEcosystem.forAdvisoryEcosystem(package.ecosystem)?.normalizedName(package.name)
        ?? package.name
      affected.append(AffectedEntry(
        ecosystem: package.ecosystem, package: name, kind: .osvRanges,
        ranges: entry.ranges ?? [], versions: entry.versions ?? []))
    }
    let source = "osv-" + (record.affected?.first?.package?.ecosystem.lowercased() ?? "unknown")
    return .success(Advisory(
      source: source, id: record.id, aliases: record.aliases ?? [], summary: record.summary,
      details: record.details, severity: severity, cvss: cvss, published: record.published,
      modified: record.modified, references: (record.references ?? []).map(\.url),
      affected: affected))
  }
}
