import Foundation
import PlimsollCatalog
import PlimsollDiagnostics
import PlimsollFindings

/// Reads the Node.js security working group's ecosystem advisories (`vuln/npm/<id>.json`, the
/// NSWG-ECO records): a module name and node-semver ranges of vulnerable and patched versions.
///
/// `vuln/npm/index.json` repeats every record and is not read; neither are the Node.js runtime
/// advisories under `vuln/core/` (no cataloger reports the `node` binary as a package yet).
public struct NodeSecurityImporter {
  struct Record: Decodable {
    var id: Int
    var title: String?
    var overview: String?
    var recommendation: String?
    var updatedAt: String?
    var publishDate: String?
    var moduleName: String?
    var cves: [String]?
    var vulnerableVersions: String?
    var patchedVersions: String?
    var references: [String]?
    var cvssVector: String?
    var cvssScore: Double?

    enum CodingKeys: String, CodingKey {
      case id, title, overview, recommendation, cves, references
      case updatedAt = "updated_at", publishDate = "publish_date", moduleName = "module_name"
      case vulnerableVersions = "vulnerable_versions", patchedVersions = "patched_versions"
      case cvssVector = "cvss_vector", cvssScore = "cvss_score"
    }
  }

  public init() {}

  /// Whether an archive member is an ecosystem advisory (`…/vuln/npm/<id>.json`).
  static func isEcosystemAdvisory(_ member: String) -> Bool {
    isFeedMember(member) && member.contains("vuln/npm/") && !member.hasSuffix("/index.json")
  }

  /// Whether an archive member belongs to the feed (`…/vuln/{npm,core,deps}/*.json`).
  static func isFeedMember(_ member: String) -> Bool {
    member.hasSuffix(".json")
      && ["npm", "core", "deps"].contains(LanguageFeed.folder(of: member, levels: 1) ?? "")
      && LanguageFeed.folder(of: member, levels: 2) == "vuln"
  }

  /// Parses one advisory; a malformed one is a warning naming it.
  public func parse(_ bytes: [UInt8], input: String) -> Result<Advisory?, ScanWarning> {
    let record: Record
    do {
      record = try JSONDecoder().decode(Record.self, from: Data(bytes))
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: malformed Node.js security advisory (\(error))"))
    }
    guard let module = record.moduleName, !module.isEmpty,
      let vulnerable = record.vulnerableVersions, !vulnerable.isEmpty
    else {
      return .failure(ScanWarning(
        input: input, message: "skipped: Node.js security advisory without module_name or vulnerable_versions"))
    }
    var cvss: [CVSSScore] = []
    if let vector = record.cvssVector, !vector.isEmpty {
      cvss.append(CVSSScore(source: "nodejs-security-wg", vector: vector,
                            score: record.cvssScore ?? CVSS.baseScore(vector)))
    } else if let score = record.cvssScore {
      cvss.append(CVSSScore(source: "nodejs-security-wg", version: "3.x", score: score))
    }
    let details = [record.overview, record.recommendation.map { "Recommendation: \($0)" }]
      .compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    let patched = record.patchedVersions.map { [$0] }?.filter { !$0.isEmpty } ?? []
    // Four records carry the placeholder date 1970-01-01.
    let published = record.publishDate.flatMap { $0.hasPrefix("1970-") ? nil : $0 }
    let name = PackageEcosystem.forAdvisoryEcosystem("npm")?.normalizedName(module) ?? module
    return .success(Advisory(
      source: "nodejs-security-wg", id: "NSWG-ECO-\(record.id)", aliases: record.cves ?? [],
      summary: record.title, details: details.isEmpty ? nil : details.joined(separator: "\n\n"),
      severity: CVSS.severity(of: cvss), cvss: cvss, published: published, modified: record.updatedAt,
      references: ["https://github.com/nodejs/security-wg/blob/main/vuln/npm/\(record.id).json"]
        + (record.references ?? []),
      affected: [AffectedEntry(ecosystem: "npm", package: name, kind: .requirements, patched: patched,
                               vulnerable: [[vulnerable]])]))
  }
}
