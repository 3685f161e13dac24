import Foundation
import PlimsollFindings

/// Reads a CVSS summary table: one CSV row per CVE with `cvss_v3_*`, `cvss_v4_*` and
/// `cvss_v2_*` columns (vector, base score, source, type), as derived from NVD feeds or CVE 5
/// records by the advisory snapshot's `extract_cvss.py`. Columns are found by header name.
///
/// NVD rows: a `Primary` metric is provider `nvd`, any other `cna`. CVE 5 rows: a source of
/// `adp:CISA-ADP` is provider `cisa-adp`, `cna` is `cna`.
public struct CVSSSummaryImporter {
  public init() {}

  /// Whether the text opens with such a table's header.
  public static func recognises(_ head: String) -> Bool {
    head.hasPrefix("cve_id,") && head.contains("cvss_v3_vector")
  }

  public func parse(_ bytes: [UInt8], input: String, into sink: inout some AdvisorySink) throws
    -> ImportReport
  {
    var tally = ImportTally()
    var lines = bytes.split(separator: UInt8(ascii: "\n")).makeIterator()
    guard let headerLine = lines.next() else {
      tally.skip(input, "empty CVSS summary table")
      return tally.report(name: "cvss-summary", origin: input)
    }
    let header = String(decoding: headerLine, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
      .map(String.init)
    var column: [String: Int] = [:]
    for (index, name) in header.enumerated() { column[name] = index }
    let isNVD = column["vuln_status"] != nil
    let name = isNVD ? "nvd" : "cve5"
    guard let idColumn = column["cve_id"] else {
      tally.skip(input, "CVSS summary table without a cve_id column")
      return tally.report(name: name, origin: input)
    }
    let modifiedColumn = column["last_modified"] ?? column["date_updated"]
    var lineNumber = 1
    while let raw = lines.next() {
      lineNumber += 1
      let fields = String(decoding: raw, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == header.count, fields[idColumn].hasPrefix("CVE-") else {
        tally.skip("\(input):\(lineNumber)", "row does not fit the header")
        continue
      }
      func field(_ key: String) -> String? {
        guard let index = column[key], !fields[index].isEmpty else { return nil }
        return String(fields[index])
      }
      if field("vuln_status") == "Rejected" || field("state") == "REJECTED" { continue }
      var byProvider: [String: [CVSSScore]] = [:]
      for version in ["v3", "v4", "v2"] {
        guard let vector = field("cvss_\(version)_vector") else { continue }
        let provider: String
        if isNVD {
          provider = field("cvss_\(version)_type") == "Primary" ? "nvd" : "cna"
        } else {
          provider = field("cvss_\(version)_source") == "adp:CISA-ADP" ? "cisa-adp" : "cna"
        }
        byProvider[provider, default: []].append(CVSSScore(
          source: provider, vector: vector, score: field("cvss_\(version)_base_score").flatMap(Double.init)))
      }
      let modified = modifiedColumn.flatMap { fields[$0].isEmpty ? nil : String(fields[$0]) }
      tally.note(date: modified.map { $0.hasSuffix("Z") ? $0 : $0 + "Z" })
      for (provider, metrics) in byProvider.sorted(by: { $0.key < $1.key }) {
        try sink.add(score: CVEScoreRecord(cve: String(fields[idColumn]), provider: provider,
                                           modified: modified, metrics: metrics))
      }
      tally.records += 1
    }
    return tally.report(name: name, origin: input)
  }
}
