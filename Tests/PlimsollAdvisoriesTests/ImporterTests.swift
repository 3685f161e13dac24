import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollAdvisories

/// The shared advisory snapshot beside the repository.
let vulndata = Repository.vulndata

@Suite struct DebianTrackerImporterTests {
  let sample = """
    [29 Mar 2023] DSA-5380-1 xorg-server - security update
    \t{CVE-2023-1393}
    \t[bullseye] - xorg-server 2:1.20.11-1+deb11u6
    [17 Mar 2023] DSA-5356-2 sox - regression update
    \t[bullseye] - sox 14.4.2+git20190427-2+deb11u2
    [12 Jan 2010] DSA-1966-1 horde3 - several vulnerabilities
    \t{CVE-2009-3237 CVE-2009-3701}
    \t[lenny] - horde3 <not-affected> (Vulnerable code not present)
    \t[squeeze] - virtualbox-ose <end-of-life>
    \t[etch] - horde3 <unfixed>
    \tNOTE: anything
    [bogus header
    [August 26th, 2005] DTSA-1-1 kismet - various
    \t[sarge] - kismet 2005.08.R1-0.1sarge1
    """

  @Test func parsesEveryReleaseMarker() throws {
    var sink = AdvisoryCollector()
    let report = try DebianTrackerImporter().parse(sample, source: "debian-dsa", input: "DSA-list",
                                                   into: &sink)
    #expect(report.summary.records == 4)
    #expect(report.summary.snapshotDate == "2023-03-29")
    #expect(report.warnings.map(\.description) == ["DSA-list:12: skipped: malformed advisory header '[bogus header'"])
    let xorg = try #require(sink.advisories.first)
    #expect(xorg.id == "DSA-5380-1" && xorg.aliases == ["CVE-2023-1393"])
    #expect(xorg.affected == [AffectedEntry(ecosystem: "debian:bullseye", package: "xorg-server",
                                            kind: .fixedIn, fixedVersion: "2:1.20.11-1+deb11u6")])
    let horde = try #require(sink.advisories.first { $0.id == "DSA-1966-1" })
    #expect(horde.affected.map(\.kind) == [.notAffected, .endOfLife, .unfixed])
    #expect(horde.affected.first?.note == "Vulnerable code not present")
    #expect(sink.advisories.last?.published == "2005-08-26")
  }
}

@Suite struct OSVImporterTests {
  @Test func readsYAMLWithVersionsKeptAsText() throws {
    let yaml = """
      id: PYSEC-2014-13
      aliases: [CVE-2014-1829]
      details: Requests before 2.3.0 leaks netrc passwords.
      affected:
      - package:
          name: Requests
          ecosystem: PyPI
        ranges:
        - type: ECOSYSTEM
          events:
          - introduced: "0"
          - fixed: 2.3.0
        versions: [1.10, 2.0.0]
      """
    let advisory = try #require(try OSVImporter().parse(Array(yaml.utf8), isYAML: true, input: "x").get())
    #expect(advisory.source == "osv-pypi")
    #expect(advisory.affected.first?.package == "requests")
    #expect(advisory.affected.first?.versions == ["1.10", "2.0.0"])
    #expect(advisory.affected.first?.ranges.first?.events.last?.fixed == "2.3.0")
  }

  @Test func malformedRecordIsAWarningNamingTheInput() {
    let result = OSVImporter().parse(Array("{\"id\": 5".utf8), isYAML: false, input: "go.tar.gz:GO-1.json")
    guard case .failure(let warning) = result else {
      Issue.record("expected a failure")
      return
    }
    #expect(warning.input == "go.tar.gz:GO-1.json")
    #expect(warning.message.hasPrefix("skipped: malformed OSV record"))
  }

  @Test func cvssScoresFollowTheSpecification() {
    // Scores as the FIRST calculator gives them.
    #expect(CVSS.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == 9.8)
    #expect(CVSS.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == 6.1)
    #expect(CVSS.baseScore("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == 7.8)
    #expect(CVSS.baseScore("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N") == 1.8)
    #expect(CVSS.baseScore("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H") == 9.9)
    #expect(CVSS.baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") == 0)
    #expect(CVSS.baseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P") == nil)
    #expect(CVSS.severity(score: 9.8) == .critical && CVSS.severity(score: 6.1) == .medium)
  }
}

@Suite struct RustSecImporterTests {
  @Test func readsFrontMatterAndTitle() throws {
    let text = """
      ```toml
      [advisory]
      id = "RUSTSEC-2018-0003"
      package = "smallvec"
      aliases = ["CVE-2018-20991", "GHSA-rxr4-x558-x7hw"]
      cvss = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
      date = "2018-07-19"
      keywords = ["memory-corruption"]

      [affected]
      functions = { "smallvec::SmallVec::insert_many" = ["< 0.6.3"] }

      [versions]
      patched = [
        ">= 0.6.3",
        "^0.3.4", # a comment
      ]
      unaffected = ["< 0.3.2"]
      ```

      # Possible double free during unwinding in SmallVec::insert_many
      """
    let advisory = try #require(try RustSecImporter().parse(text, input: "crates/smallvec/x.md").get())
    #expect(advisory.id == "RUSTSEC-2018-0003")
    #expect(advisory.summary == "Possible double free during unwinding in SmallVec::insert_many")
    #expect(advisory.severity == .critical)
    #expect(advisory.affected.first?.patched == [">= 0.6.3", "^0.3.4"])
    #expect(advisory.affected.first?.unaffected == ["< 0.3.2"])
  }

  @Test func missingFrontMatterIsAWarning() {
    let result = RustSecImporter().parse("# just a title", input: "crates/x/y.md")
    if case .failure(let warning) = result {
      #expect(warning.message.contains("no ```toml front matter"))
    } else {
      Issue.record("expected a failure")
    }
  }
}

@Suite struct DatabaseBuilderTests {
  @Test func buildsFromTheRealSnapshotAndReplacesAtomically() throws {
    let scratch = try Scratch()
    let destination = scratch.path + "/cache/advisories.db"
    let report = try DatabaseBuilder().build(from: vulndata, to: destination)
    let bySource = Dictionary(grouping: report.sources, by: \.name).mapValues { $0.reduce(0) { $0 + $1.records } }
    // Counts from the snapshot's README (less withdrawn OSV records).
    #expect(bySource["debian-dsa"] == 5406)
    #expect(bySource["debian-dla"] == 3534)
    #expect(bySource["debian-dtsa"] == 208)
    #expect((bySource["osv-go"] ?? 0) > 4200)
    #expect((bySource["osv-pypi"] ?? 0) > 2600)
    #expect((bySource["rustsec"] ?? 0) > 1200)
    #expect(bySource["alpine-secdb"] == 1139 + 485 + 1121 + 601 + 1182 + 720 + 1204 + 895)
    let database = try AdvisoryDatabase(path: destination)
    let requests = try database.candidates(ecosystem: "PyPI", packages: ["requests"])
    #expect(requests.contains { $0.advisory.id == "PYSEC-2014-13" })
    let xorg = try database.candidates(ecosystem: "debian:bullseye", packages: ["xorg-server"])
    #expect(xorg.contains { $0.advisory.id == "DSA-5380-1" && $0.entry.fixedVersion == "2:1.20.11-1+deb11u6" })
    // No temporary files are left beside the database.
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/cache") == ["advisories.db"])
  }

  @Test func aDirectoryWithoutFeedsIsAnErrorAndKeepsTheOldDatabase() throws {
    let scratch = try Scratch()
    try scratch.write("feeds/README.md", "nothing here")
    try scratch.write("cache/advisories.db", "old")
    #expect(throws: (any Error).self) {
      try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/cache/advisories.db")
    }
    #expect(try scratch.read("cache/advisories.db") == Array("old".utf8))
  }

  @Test func aForeignFileIsNotOpenedAsADatabase() throws {
    let scratch = try Scratch()
    let path = try scratch.write("advisories.db", "not sqlite at all")
    #expect {
      _ = try AdvisoryDatabase(path: path)
    } throws: { error in
      "\(error)".contains("not a Plimsoll advisory database")
    }
  }
}

@Suite struct KilledUpdateTests {
  // Synchronous on purpose: an async sleep could wait behind other tests' blocking work on
  // the shared cooperative threads, and the update would finish before the kill.
  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func killNineDuringAnUpdateLeavesTheOldDatabaseWorking() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built (swift build)")
    let scratch = try Scratch()
    try scratch.run(["mkdir", "-p", "small"])
    try scratch.run(["cp", vulndata + "/alpine/v3.11-main.json", "small/"])
    let cache = scratch.path + "/cache"
    _ = try DatabaseBuilder().build(from: scratch.path + "/small", to: cache + "/advisories.db")
    let before = try AdvisoryDatabase(path: cache + "/advisories.db").status()
    // A full update takes seconds; kill it part-way through.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: plimsoll)
    process.arguments = ["db", "update", "--from", vulndata, "--cache-dir", cache]
    process.standardOutput = FileHandle.nullDevice
    let errors = scratch.path + "/stderr"
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    process.standardError = FileHandle(forWritingAtPath: errors)
    try process.run()
    // Wait until the new database is being written aside, then kill the update.
    for _ in 0..<300 {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []
      if names.contains(where: { $0.hasPrefix(".advisories-") }) || !process.isRunning { break }
      usleep(100_000)
    }
    usleep(300_000)
    #expect(process.isRunning, "the update ended before it could be killed: \(String(decoding: (try? scratch.read("stderr")) ?? [], as: UTF8.self))")
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    let after = try AdvisoryDatabase(path: cache + "/advisories.db")
    #expect(try after.status().advisories == before.advisories)
    #expect(try after.candidates(ecosystem: "alpine:v3.11", packages: ["ansible"]).count > 0)
  }
}
