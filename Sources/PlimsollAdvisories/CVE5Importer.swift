import Foundation
import PlimsollDiagnostics
import PlimsollFindings

/// Reads CVE JSON 5 records (the CVE List, CISA's vulnrichment): the CVSS metrics of the CNA
/// container (provider `cna`) and of CISA's ADP container (provider `cisa-adp`), for CVEs
/// that NVD has not scored.
public struct CVE5Importer {
  struct Record: Decodable {
    var dataType: String?
    var cveMetadata: Metadata
    var containers: Containers?
  }

  struct Metadata: Decodable {
    var cveId: String
    var state: String?
    var dateUpdated: String?
    var assignerShortName: String?
  }

  struct Containers: Decodable {
    var cna: Container?
    var adp: [Container]?
  }

  struct Container: Decodable {
    var metrics: [Metric]?
    var providerMetadata: Provider?
  }

  struct Provider: Decodable {
    var shortName: String?
    var dateUpdated: String?
  }

  struct Metric: Decodable {
    var cvssV4_0: CVSSData?
    var cvssV3_1: CVSSData?
    var cvssV3_0: CVSSData?
    var cvssV2_0: CVSSData?
  }

  struct CVSSData: Decodable {
    var vectorString: String
    var baseScore: Double?
  }

  public init() {}

  /// Whether the text opens like a CVE JSON 5 record.
  public static func recognises(_ head: String) -> Bool {
    head.contains("\"CVE_RECORD\"") || head.contains("\"cveMetadata\"")
  }

  /// Parses one record: nil for a rejected or unscored CVE, a warning for a malformed one.
  public func parse(_ bytes: [UInt8], input: String) -> Result<[CVEScoreRecord], ScanWarning> {
    let record: Record
    do {
      record = try JSONDecoder().decode(Record.self, from: Data(bytes))
    } catch {
      return .failure(ScanWarning(input: input, message: "skipped: malformed CVE JSON 5 record (\(error))"))
    }
    let metadata = record.cveMetadata
    guard metadata.state != "REJECTED" else { return .success([]) }
    var out: [CVEScoreRecord] = []
    if let cna = record.containers?.cna {
      let metrics = Self.scores(cna.metrics ?? [], provider: "cna")
      if !metrics.isEmpty {
        out.append(CVEScoreRecord(cve: metadata.cveId, provider: "cna",
                                  scoredBy: cna.providerMetadata?.shortName ?? metadata.assignerShortName,
                                  modified: cna.providerMetadata?.dateUpdated ?? metadata.dateUpdated,
                                  metrics: metrics))
      }
    }
    for adp in record.containers?.adp ?? [] where adp.providerMetadata?.shortName == "CISA-ADP" {
      let metrics = Self.scores(adp.metrics ?? [], provider: "cisa-adp")
      if !metrics.isEmpty {
        out.append(CVEScoreRecord(cve: metadata.cveId, provider: "cisa-adp", scoredBy: "CISA-ADP",
                                  modified: adp.providerMetadata?.dateUpdated ?? metadata.dateUpdated,
                                  metrics: metrics))
      }
    }
    return .success(out)
  }

  /// The first metric of each CVSS version.
  static func scores(_ metrics: [Metric], provider: String) -> [CVSSScore] {
    var out: [CVSSScore] = []
    for pick in [\Metric.cvssV4_0, \.cvssV3_1, \.cvssV3_0, \.cvssV2_0] {
      if let data = metrics.lazy.compactMap({ $0[keyPath: pick] }).first {
        out.append(CVSSScore(source: provider, vector: data.vectorString, score: data.baseScore))
      }
    }
    return out
  }
}
