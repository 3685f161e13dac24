import Foundation
import PlimsollCatalog
import PlimsollDiagnostics
import PlimsollFindings
import Yams

/// Reads ruby-advisory-db (RubySec) gem advisories: one YAML document per advisory,
/// `gems/<gem>/<id>.yml`, whose `patched_versions` and `unaffected_versions` are RubyGems
/// requirement strings.
///
/// The interpreter advisories under `rubies/` are not read (and not counted as skipped): no
/// cataloger reports a Ruby interpreter as a package yet.
public struct RubySecAdvisoryImporter {
  struct Record: Decodable {
    var gem: String?
    var cve: String?
    var ghsa: String?
    var osvdb: String?
    var url: String?
    var title: String?
    var date: String?
    var description: String?
    var cvssV2: Double?
    var cvssV3: Double?
    var cvssV4: Double?
    var patchedVersions: [String]?
    var unaffectedVersions: [String]?
    var related: Related?
    var platform: String?

    enum CodingKeys: String, CodingKey {
      case gem, cve, ghsa, osvdb, url, title, date, description, related, platform
      case cvssV2 = "cvss_v2", cvssV3 = "cvss_v3", cvssV4 = "cvss_v4"
      case patchedVersions = "patched_versions", unaffectedVersions = "unaffected_versions"
    }
  }

  struct Related: Decodable {
    var url: [String]?
  }

  public init() {}

  /// Whether an archive member is a gem advisory (`…/gems/<gem>/<id>.yml`).
  static func isGemAdvisory(_ member: String) -> Bool {
    member.hasSuffix(".yml") && LanguageFeed.folder(of: member, levels: 2) == "gems"
  }

  /// Whether an archive member is an interpreter advisory (`…/rubies/<engine>/<id>.yml`).
  static func isInterpreterAdvisory(_ member: String) -> Bool {
    member.hasSuffix(".yml") && LanguageFeed.folder(of: member, levels: 2) == "rubies"
  }

  /// Parses one advisory; a malformed one is a warning naming it.
  public func parse(_ bytes: [UInt8], input: String) -> Result<Advisory?, ScanWarning> {
    let record: Record
    do {
      record = try YAMLDecoder().decode(Record.self, from: String(decoding: bytes, as: UTF8.self))
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: malformed RubySec advisory (\(error))"))
    }
    guard let gem = record.gem?.trimmingCharacters(in: .whitespaces), !gem.isEmpty else {
      return .failure(ScanWarning(input: input, message: "skipped: RubySec advisory without a gem"))
    }
    // The id is the CVE when there is one, else the GHSA, else the OSVDB id; the rest are aliases.
    let ids = [record.cve.map { "CVE-" + $0 }, record.ghsa.map { "GHSA-" + $0 },
               record.osvdb.map { "OSVDB-" + $0 }].compactMap { $0 }
    guard let id = ids.first else {
      return .failure(ScanWarning(input: input, message: "skipped: RubySec advisory without a cve, ghsa or osvdb id"))
    }
    // The feed gives scores without vectors (and v3 without its minor version).
    var cvss: [CVSSScore] = []
    for (version, score) in [("4.0", record.cvssV4), ("3.x", record.cvssV3), ("2.0", record.cvssV2)] {
      if let score { cvss.append(CVSSScore(source: "rubysec", version: version, score: score)) }
    }
    // The newest CVSS version rates the advisory; CVSS v2 has no critical rating.
    let severity = cvss.first.flatMap { score in
      score.score.map { value in
        score.version == "2.0" ? min(CVSS.severity(score: value), .high) : CVSS.severity(score: value)
      }
    }
    let name = PackageEcosystem.forAdvisoryEcosystem("RubyGems")?.normalizedName(gem) ?? gem
    return .success(Advisory(
      source: "rubysec", id: id, aliases: Array(ids.dropFirst()), summary: record.title,
      details: record.description?.trimmingCharacters(in: .whitespacesAndNewlines),
      severity: severity, cvss: cvss, published: record.date,
      references: [record.url].compactMap { $0 } + (record.related?.url ?? []),
      affected: [AffectedEntry(
        ecosystem: "RubyGems", package: name, kind: .requirements,
        patched: record.patchedVersions ?? [], unaffected: record.unaffectedVersions ?? [],
        note: record.platform.map { "platform: \($0)" })]))
  }
}
