import Foundation

/// Reads EPSS scores: FIRST's daily CSV (`epss_scores-current.csv.gz`: a
/// `#model_version:…,score_date:…` line, the header `cve,epss,percentile`, then rows) and the
/// header-less `CVE;epss;percentile` layout of per-year API dumps, whose date the caller
/// supplies.
public struct EPSSImporter {
  public init() {}

  /// Whether the text opens like an EPSS score file.
  public static func recognises(_ head: String) -> Bool {
    head.hasPrefix("#model_version") || head.hasPrefix("cve,epss,percentile")
      || head.range(of: #"^CVE-\d{4}-\d+;[0-9.]+;[0-9.]+"#, options: .regularExpression) != nil
  }

  /// Parses one file; a malformed row is skipped with a warning naming its line.
  public func parse(_ bytes: [UInt8], input: String, date: String?,
                    into sink: inout some AdvisorySink) throws -> ImportReport
  {
    var tally = ImportTally()
    var scoreDate = date
    var lineNumber = 0
    for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = Substring(decoding: rawLine, as: UTF8.self)
      if line.hasSuffix("\r") { line = line.dropLast() }
      if line.isEmpty || line.hasPrefix("cve,") { continue }
      if line.hasPrefix("#") {
        // `#model_version:v2025.03.14,score_date:2026-08-16T12:55:00Z`
        for field in line.dropFirst().split(separator: ",") where field.hasPrefix("score_date:") {
          scoreDate = String(field.dropFirst("score_date:".count).prefix(10))
        }
        continue
      }
      let separator: Character = line.contains(";") ? ";" : ","
      let fields = line.split(separator: separator, omittingEmptySubsequences: false)
      guard fields.count >= 3, fields[0].hasPrefix("CVE-"),
        let probability = Double(fields[1]), let percentile = Double(fields[2]),
        (0...1).contains(probability), (0...1).contains(percentile)
      else {
        tally.skip("\(input):\(lineNumber)", "not an EPSS row")
        continue
      }
      try sink.add(epss: EPSSRecord(cve: String(fields[0]), probability: probability,
                                    percentile: percentile, date: scoreDate))
      tally.records += 1
    }
    tally.note(date: scoreDate)
    return tally.report(name: "epss", origin: input)
  }
}
