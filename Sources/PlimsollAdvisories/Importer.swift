import Foundation
import PlimsollFindings
import PlimsollDiagnostics

/// Receives what an importer parses; the store writes it, a test may collect it.
public protocol AdvisorySink {
  mutating func add(_ advisory: Advisory) throws
  /// One scoring party's CVSS metrics for a CVE (NVD, CVE 5 records).
  mutating func add(score: CVEScoreRecord) throws
  mutating func add(epss: EPSSRecord) throws
  mutating func add(kev: KEVRecord) throws
}

/// Collects advisories and CVE facts in memory (tests, small feeds).
public struct AdvisoryCollector: AdvisorySink {
  public var advisories: [Advisory] = []
  public var scores: [CVEScoreRecord] = []
  public var epss: [EPSSRecord] = []
  public var kev: [KEVRecord] = []
  public init() {}
  public mutating func add(_ advisory: Advisory) throws { advisories.append(advisory) }
  public mutating func add(score: CVEScoreRecord) throws { scores.append(score) }
  public mutating func add(epss: EPSSRecord) throws { self.epss.append(epss) }
  public mutating func add(kev: KEVRecord) throws { self.kev.append(kev) }
}

/// The outcome of importing one feed: its summary and the records it skipped, each named.
public struct ImportReport: Sendable {
  public var summary: SourceSummary
  public var warnings: [ScanWarning]
}

/// Counts records and skips while an importer runs, and tracks the newest date seen.
struct ImportTally {
  var records = 0
  var warnings: [ScanWarning] = []
  var newestDate: String?

  mutating func note(date: String?) {
    guard let date, !date.hasPrefix("0001-") else { return }
    if newestDate == nil || date > (newestDate ?? "") { newestDate = date }
  }

  mutating func skip(_ input: String, _ message: String) {
    warnings.append(ScanWarning(input: input, message: "skipped: \(message)"))
  }

  func report(name: String, origin: String) -> ImportReport {
    ImportReport(
      summary: SourceSummary(name: name, origin: origin, snapshotDate: newestDate,
                             records: records, skipped: warnings.count),
      warnings: warnings)
  }
}
