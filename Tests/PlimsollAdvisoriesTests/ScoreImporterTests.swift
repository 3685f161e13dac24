import Foundation
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollAdvisories

/// Whether the advisory snapshot is beside the repository (required in CI).
let hasSnapshot = ProcessInfo.processInfo.environment["CI"] == "true"
  || FileManager.default.fileExists(atPath: vulndata + "/nvd")

/// A handwritten NVD API 2.0 document: one CVE with NVD and CNA metrics, one rejected.
func nvdDocument(modified: String, v31: String = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
                 score: Double = 7.5) -> String {
  """
  {"resultsPerPage":2,"startIndex":0,"totalResults":2,"format":"NVD_CVE","version":"2.0",
   "timestamp":"2024-10-22T17:11:30.463","vulnerabilities":[
   {"cve":{"id":"CVE-2099-0001","sourceIdentifier":"cve@mitre.org","published":"2099-01-01T00:00:00.000",
    "lastModified":"\(modified)","vulnStatus":"Analyzed","descriptions":[],
    "metrics":{"cvssMetricV40":[{"source":"cna@example.org","type":"Secondary","cvssData":{"version":"4.0",
      "vectorString":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N","baseScore":8.7,
      "baseSeverity":"HIGH"}}],
     "cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1",
      "vectorString":"\(v31)","baseScore":\(score),"baseSeverity":"HIGH"},"exploitabilityScore":3.9}],
     "cvssMetricV2":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"2.0",
      "vectorString":"AV:N/AC:L/Au:N/C:P/I:N/A:N","baseScore":5.0},"baseSeverity":"MEDIUM"}]}}},
   {"cve":{"id":"CVE-2099-0002","lastModified":"2024-01-01T00:00:00.000","vulnStatus":"Rejected",
    "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1",
      "vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8}}]}}}]}
  """
}

@Suite struct NVDImporterTests {
  @Test func keepsNVDsOwnScoresApartFromTheCNAsAndSkipsRejected() throws {
    var sink = AdvisoryCollector()
    let report = try NVDImporter().parse(Array(nvdDocument(modified: "2024-07-02T16:52:39.560").utf8),
                                         input: "nvdcve-2.0-2099.json", into: &sink)
    #expect(report.summary.records == 1 && report.summary.name == "nvd")
    let nvd = try #require(sink.scores.first { $0.provider == "nvd" })
    #expect(nvd.metrics.map(\.version) == ["3.1", "2.0"])
    #expect(nvd.preferredMetric?.score == 7.5 && nvd.preferredMetric?.severity == .high)
    #expect(nvd.metrics.last?.severity == .medium)  // version 2: 5.0 is MEDIUM
    let cna = try #require(sink.scores.first { $0.provider == "cna" })
    #expect(cna.scoredBy == "cna@example.org" && cna.metrics.map(\.version) == ["4.0"])
    #expect(!sink.scores.contains { $0.cve == "CVE-2099-0002" })
  }

  @Test func aMalformedDocumentIsASkippedRecordNamingTheFile() throws {
    var sink = AdvisoryCollector()
    let report = try NVDImporter().parse(Array(#"{"format":"NVD_CVE","vulnerabilities":[{"cve":{}}]}"#.utf8),
                                         input: "nvdcve-2.0-2024.json.gz", into: &sink)
    #expect(report.summary.skipped == 1)
    #expect(report.warnings.first?.description.hasPrefix("nvdcve-2.0-2024.json.gz") == true)
  }

  @Test(.enabled(if: hasSnapshot)) func readsTheRealYearFeed() throws {
    let bytes = try Scratch().run(["gzip", "-dc", vulndata + "/nvd/nvdcve-2014.json.gz"])
    var sink = AdvisoryCollector()
    let report = try NVDImporter().parse(bytes, input: "nvdcve-2014.json.gz", into: &sink)
    #expect(report.summary.records > 7900 && report.summary.skipped == 0)
    let heartbleed = try #require(sink.scores.first { $0.cve == "CVE-2014-0160" && $0.provider == "nvd" })
    #expect(heartbleed.preferredMetric?.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")
    #expect(heartbleed.preferredMetric?.score == 7.5)
    #expect(heartbleed.metrics.contains { $0.version == "2.0" && $0.score == 5.0 })
  }
}

@Suite struct CVE5ImporterTests {
  let record = """
    {"dataType":"CVE_RECORD","dataVersion":"5.1",
     "cveMetadata":{"cveId":"CVE-2099-0003","state":"PUBLISHED","assignerShortName":"example",
                    "dateUpdated":"2024-09-23T17:57:18.359Z"},
     "containers":{"cna":{"providerMetadata":{"shortName":"example","dateUpdated":"2024-09-01T00:00:00Z"},
       "metrics":[{"format":"CVSS","cvssV3_1":{"version":"3.1","baseScore":10,
         "vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H","baseSeverity":"CRITICAL"}}]},
      "adp":[{"providerMetadata":{"shortName":"CISA-ADP","dateUpdated":"2024-09-23T17:57:18.359Z"},
        "metrics":[{"other":{"type":"ssvc","content":{}}},
                   {"cvssV3_1":{"baseScore":6.1,"vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"}}]},
       {"providerMetadata":{"shortName":"CVE"},"references":[]}]}}
    """

  @Test func readsTheCNAAndCISAADPScores() throws {
    let records = try CVE5Importer().parse(Array(record.utf8), input: "CVE-2099-0003.json").get()
    #expect(records.map(\.provider) == ["cna", "cisa-adp"])
    #expect(records.first?.preferredMetric?.severity == .critical)
    #expect(records.first?.scoredBy == "example")
    #expect(records.last?.preferredMetric?.score == 6.1)
  }

  @Test func rejectedRecordsGiveNothingAndBrokenOnesAWarning() throws {
    let rejected = #"{"dataType":"CVE_RECORD","cveMetadata":{"cveId":"CVE-2099-9","state":"REJECTED"}}"#
    #expect(try CVE5Importer().parse(Array(rejected.utf8), input: "r.json").get().isEmpty)
    let broken = CVE5Importer().parse(Array(#"{"dataType":"CVE_RECORD","cveMetadata":{}}"#.utf8),
                                      input: "b.json")
    guard case .failure(let warning) = broken else {
      Issue.record("a record without a CVE id was accepted")
      return
    }
    #expect(warning.input == "b.json" && warning.message.contains("malformed CVE JSON 5 record"))
  }
}

@Suite struct EPSSAndKEVImporterTests {
  @Test func readsFIRSTsCSVWithItsScoreDate() throws {
    let text = """
      #model_version:v2025.03.14,score_date:2026-08-16T12:55:00Z
      cve,epss,percentile
      CVE-2014-0160,0.94467,0.99977
      CVE-2099-0001,0.00043,0.11
      CVE-2099-0002,not-a-number,0.5
      """
    var sink = AdvisoryCollector()
    let report = try EPSSImporter().parse(Array(text.utf8), input: "epss_scores-current.csv",
                                          date: nil, into: &sink)
    #expect(sink.epss.map(\.cve) == ["CVE-2014-0160", "CVE-2099-0001"])
    #expect(sink.epss.first?.date == "2026-08-16" && sink.epss.first?.percentile == 0.99977)
    #expect(report.warnings.map(\.input) == ["epss_scores-current.csv:5"])
    #expect(report.summary.snapshotDate == "2026-08-16")
  }

  @Test func readsTheSemicolonDumpWithTheCallersDate() throws {
    var sink = AdvisoryCollector()
    _ = try EPSSImporter().parse(Array("CVE-2014-6271;0.999990000;0.999930000\n".utf8),
                                 input: "CVE_2014_EPSS.csv", date: "2026-08-16", into: &sink)
    #expect(sink.epss == [EPSSRecord(cve: "CVE-2014-6271", probability: 0.99999, percentile: 0.99993,
                                     date: "2026-08-16")])
  }

  @Test(.enabled(if: hasSnapshot)) func buildsScoresEPSSAndKEVFromTheSnapshot() throws {
    let scratch = try Scratch()
    for feed in ["kev/cisa-kev-data.tar.gz", "epss/emba-epss-data.tar.gz", "nvd/nvd-cvss-summary.csv.gz",
                 "nvd/nvdcve-modified.json.gz"] {
      try scratch.run(["mkdir", "-p", "feeds/" + (feed as NSString).deletingLastPathComponent])
      try scratch.run(["ln", "-s", vulndata + "/" + feed, "feeds/" + feed])
    }
    let report = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/advisories.db")
    let counts = Dictionary(grouping: report.sources, by: \.name).mapValues { $0.reduce(0) { $0 + $1.records } }
    #expect(counts["cisa-kev"] == 1404)
    #expect(counts["epss"] == 360_142)
    #expect(report.warnings.isEmpty, "\(report.warnings.prefix(3))")
    let database = try AdvisoryDatabase(path: scratch.path + "/advisories.db")
    let facts = try database.facts(for: ["CVE-2021-44228", "CVE-2014-6271", "CVE-2099-0001"])
    let log4shell = try #require(facts["CVE-2021-44228"])
    #expect(log4shell.kev == KnownExploited(dateAdded: "2021-12-10", dueDate: "2021-12-24", ransomware: true,
                                            name: "Apache Log4j2 Remote Code Execution Vulnerability"))
    #expect((log4shell.epss?.probability ?? 0) > 0.9)
    let shellshock = try #require(facts["CVE-2014-6271"])
    #expect(shellshock.severity?.severity == .critical && shellshock.severity?.provider == "nvd")
    #expect(shellshock.scores["nvd"]?.metrics.map(\.version) == ["3.1", "2.0"])
    #expect(shellshock.epss?.date != nil)
    #expect(facts["CVE-2099-0001"] == nil)
  }
}

@Suite struct CVEScoreStoreTests {
  /// NVD's modified feed replays updates: of two records for one CVE, the newer one stays,
  /// whichever file is read first.
  @Test func theNewestRecordOfACVEWins() throws {
    let scratch = try Scratch()
    try scratch.write("feeds/a-new.json", nvdDocument(modified: "2024-10-20T10:00:00.000", score: 9.1))
    try scratch.write("feeds/b-old.json", nvdDocument(modified: "2024-01-01T10:00:00.000", score: 5.3))
    _ = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/advisories.db")
    let facts = try AdvisoryDatabase(path: scratch.path + "/advisories.db").facts(for: ["CVE-2099-0001"])
    #expect(facts["CVE-2099-0001"]?.scores["nvd"]?.preferredMetric?.score == 9.1)
    #expect(facts["CVE-2099-0001"]?.severity?.severity == .critical)
  }

  @Test func summaryTablesAreReadByTheirHeaders() throws {
    let table = """
      cve_id,state,date_published,date_updated,assigner,cvss_v3_version,cvss_v3_base_score,cvss_v3_base_severity,cvss_v3_vector,cvss_v3_source,cvss_v4_base_score,cvss_v4_base_severity,cvss_v4_vector,cvss_v4_source,cvss_v2_base_score,cvss_v2_vector,cvss_v2_source,ssvc_exploitation,ssvc_automatable,ssvc_technical_impact,kev_date_added
      CVE-1999-0006,PUBLISHED,1999-09-29T04:00:00,2024-08-01T18:53:34.621Z,mitre,3.1,9.8,CRITICAL,CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H,adp:CISA-ADP,,,,,,,,none,yes,total,
      CVE-2099-0005,REJECTED,,,mitre,,,,,,,,,,,,,,,,
      CVE-2099-0006,PUBLISHED,too,few
      """
    var sink = AdvisoryCollector()
    let report = try CVSSSummaryImporter().parse(Array(table.utf8), input: "cvss-summary.csv", into: &sink)
    #expect(sink.scores == [CVEScoreRecord(
      cve: "CVE-1999-0006", provider: "cisa-adp", modified: "2024-08-01T18:53:34.621Z",
      metrics: [CVSSScore(source: "cisa-adp", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 9.8)])])
    #expect(report.summary.name == "cve5" && report.warnings.map(\.input) == ["cvss-summary.csv:4"])
  }
}
