import Foundation
import PlimsollFindings

/// Reads NVD CVE API 2.0 documents: the yearly JSON 2.0 feeds (`nvdcve-2.0-2024.json.gz`,
/// `-modified`, `-recent`), a vulnz cache (`nvdcve-2016.json.gz`), or one API response page.
///
/// Per CVE it keeps, for each CVSS version, NVD's own `Primary` metric (provider `nvd`) and
/// the first `Secondary` one, which is the numbering authority's score as NVD carries it
/// (provider `cna`).
public struct NVDImporter {
  struct Document: Decodable {
    var format: String?
    var vulnerabilities: [Item]
  }

  struct Item: Decodable {
    var cve: Record
  }

  struct Record: Decodable {
    var id: String
    var lastModified: String?
    var vulnStatus: String?
    var metrics: Metrics?
  }

  struct Metrics: Decodable {
    var cvssMetricV40: [Metric]?
    var cvssMetricV31: [Metric]?
    var cvssMetricV30: [Metric]?
    var cvssMetricV2: [Metric]?
  }

  struct Metric: Decodable {
    var source: String?
    var type: String?
    var cvssData: Data

    struct Data: Decodable {
      var vectorString: String
      var baseScore: Double?
    }
  }

  public init() {}

  /// Whether the text opens like an NVD API 2.0 document.
  public static func recognises(_ head: String) -> Bool {
    head.contains("\"NVD_CVE\"") || (head.contains("\"vulnerabilities\"") && head.contains("\"cve\""))
  }

  /// Parses one document; rejected CVEs are skipped (they match nothing).
  public func parse(_ bytes: [UInt8], input: String, into sink: inout some AdvisorySink) throws
    -> ImportReport
  {
    var tally = ImportTally()
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: Foundation.Data(bytes))
    } catch {
      tally.skip(input, "malformed NVD CVE API 2.0 document (\(error))")
      return tally.report(name: "nvd", origin: input)
    }
    for item in document.vulnerabilities {
      let record = item.cve
      guard record.vulnStatus != "Rejected" else { continue }
      tally.note(date: record.lastModified.map { $0.hasSuffix("Z") ? $0 : $0 + "Z" })
      let all = [record.metrics?.cvssMetricV40, record.metrics?.cvssMetricV31,
                 record.metrics?.cvssMetricV30, record.metrics?.cvssMetricV2].compactMap { $0 }
      var primary: [CVSSScore] = []
      var secondary: [CVSSScore] = []
      var primaryBy: String?
      var secondaryBy: String?
      for metrics in all {
        if let metric = metrics.first(where: { $0.type == "Primary" }) {
          primary.append(CVSSScore(source: "nvd", vector: metric.cvssData.vectorString,
                                   score: metric.cvssData.baseScore))
          primaryBy = primaryBy ?? metric.source
        }
        if let metric = metrics.first(where: { $0.type != "Primary" }) {
          secondary.append(CVSSScore(source: "cna", vector: metric.cvssData.vectorString,
                                     score: metric.cvssData.baseScore))
          secondaryBy = secondaryBy ?? metric.source
        }
      }
      if !primary.isEmpty {
        try sink.add(score: CVEScoreRecord(cve: record.id, provider: "nvd", scoredBy: primaryBy,
                                           modified: record.lastModified, metrics: primary))
      }
      if !secondary.isEmpty {
        try sink.add(score: CVEScoreRecord(cve: record.id, provider: "cna", scoredBy: secondaryBy,
                                           modified: record.lastModified, metrics: secondary))
      }
      tally.records += 1
    }
    return tally.report(name: "nvd", origin: input)
  }
}
