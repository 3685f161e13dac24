import Foundation
import PlimsollFindings

/// Reads CISA's Known Exploited Vulnerabilities catalog
/// (`known_exploited_vulnerabilities.json`).
public struct KEVImporter {
  struct Catalog: Decodable {
    var catalogVersion: String?
    var dateReleased: String?
    var vulnerabilities: [Entry]
  }

  struct Entry: Decodable {
    var cveID: String
    var vulnerabilityName: String?
    var dateAdded: String
    var dueDate: String?
    var knownRansomwareCampaignUse: String?
  }

  public init() {}

  /// Whether the text opens like the KEV catalog.
  public static func recognises(_ head: String) -> Bool {
    head.contains("\"catalogVersion\"") && head.contains("\"vulnerabilities\"")
  }

  /// Parses the catalog; its `dateReleased` is the data date.
  public func parse(_ bytes: [UInt8], input: String, into sink: inout some AdvisorySink) throws
    -> ImportReport
  {
    var tally = ImportTally()
    let catalog: Catalog
    do {
      catalog = try JSONDecoder().decode(Catalog.self, from: Data(bytes))
    } catch {
      tally.skip(input, "malformed CISA KEV catalog (\(error))")
      return tally.report(name: "cisa-kev", origin: input)
    }
    tally.note(date: catalog.dateReleased)
    for entry in catalog.vulnerabilities {
      guard entry.cveID.hasPrefix("CVE-") else {
        tally.skip(input, "KEV entry without a CVE id (\(entry.cveID))")
        continue
      }
      try sink.add(kev: KEVRecord(cve: entry.cveID, entry: KnownExploited(
        dateAdded: entry.dateAdded, dueDate: entry.dueDate,
        ransomware: entry.knownRansomwareCampaignUse == "Known", name: entry.vulnerabilityName)))
      tally.records += 1
    }
    return tally.report(name: "cisa-kev", origin: input)
  }
}
