import PlimsollFindings

/// What one scoring party says about one CVE: its CVSS metrics, one per CVSS version.
///
/// NVD's own (`Primary`) scores are provider `nvd`; scores NVD carries from the CVE's
/// numbering authority, and the CNA container of a CVE 5 record, are `cna`; CISA's
/// Authorized Data Publisher container is `cisa-adp`. Per CVE and provider the newest
/// record (by `modified`) wins.
public struct CVEScoreRecord: Codable, Sendable, Hashable {
  /// `CVE-2021-44228`.
  public var cve: String
  /// `nvd`, `cna` or `cisa-adp`.
  public var provider: String
  /// Who scored it: `nvd@nist.gov`, `security@apache.org`, `CISA-ADP`.
  public var scoredBy: String?
  /// When the record last changed (ISO 8601), to keep the newest of repeated records.
  public var modified: String?
  /// At most one metric per CVSS version, `source` set to the provider.
  public var metrics: [CVSSScore]


  /// The metric the severity is read from: v3.1, then v3.0, v4.0, and v2 last (the order
  /// NVD and peers rank by; v4.0 scores are still rare).
  public var preferredMetric: CVSSScore? {
    for version in ["3.1", "3.0", "4.0", "2.0"] {
      if let metric = metrics.first(where: { $0.version == version && $0.severity != nil }) {
        return metric
      }
    }
    return nil
  }
}

/// One CVE's EPSS score.
public struct EPSSRecord: Codable, Sendable, Hashable {
  public var cve: String
  public var probability: Double
  public var percentile: Double
  /// The score date (`2026-08-16`), where the feed states it.
  public var date: String?

}

/// One entry of CISA's Known Exploited Vulnerabilities catalog, as stored.
public struct KEVRecord: Codable, Sendable, Hashable {
  public var cve: String
  public var entry: KnownExploited

}

/// Everything the database knows about one CVE's severity and exploitation.
public struct CVEFacts: Sendable, Hashable {
  /// Score records by provider (`nvd`, `cna`, `cisa-adp`).
  public var scores: [String: CVEScoreRecord] = [:]
  public var epss: EPSSRecord?
  public var kev: KnownExploited?


  /// The severity and its provider: NVD's, else the CNA's, else CISA ADP's; nil when unscored.
  public var severity: (severity: Severity, provider: String, metric: CVSSScore)? {
    for provider in ["nvd", "cna", "cisa-adp"] {
      if let metric = scores[provider]?.preferredMetric, let severity = metric.severity {
        return (severity, provider, metric)
      }
    }
    return nil
  }
}
