import Foundation
import PlimsollDiagnostics
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollAdvisories

/// The language feed archives of the shared snapshot.
enum LanguageFeedArchives {
  static let ruby = vulndata + "/ruby/ruby-advisory-db.tar.gz"
  static let npm = vulndata + "/npm/nodejs-security-wg-vuln.tar.gz"
  static let php = vulndata + "/php/friendsofphp-security-advisories.tar.gz"

  /// Whether tests over the snapshot run: when it is there, and always in CI (`CI=true`),
  /// where a missing snapshot must fail them.
  static let available = ProcessInfo.processInfo.environment["CI"] == "true"
    || [ruby, npm, php].allSatisfy { FileManager.default.fileExists(atPath: $0) }

  /// Builds a database from a directory holding only `archives` (linked, not copied).
  static func build(_ archives: [String], in scratch: Scratch) throws
    -> (DatabaseBuilder.UpdateReport, AdvisoryDatabase)
  {
    let feeds = scratch.path + "/feeds"
    try FileManager.default.createDirectory(atPath: feeds, withIntermediateDirectories: true)
    for archive in archives {
      try FileManager.default.createSymbolicLink(
        atPath: feeds + "/" + (archive as NSString).lastPathComponent, withDestinationPath: archive)
    }
    let destination = scratch.path + "/advisories.db"
    let report = try DatabaseBuilder().build(from: feeds, to: destination)
    return (report, try AdvisoryDatabase(path: destination))
  }
}

@Suite(.enabled(if: LanguageFeedArchives.available, "the advisory snapshot ../shared/vulndata is missing"))
struct LanguageFeedSnapshotTests {
  @Test func rubySecGemAdvisoriesAreAllRead() throws {
    let scratch = try Scratch()
    let (report, database) = try LanguageFeedArchives.build([LanguageFeedArchives.ruby], in: scratch)
    // Every gem advisory; the 147 interpreter advisories under rubies/ are not read or counted.
    #expect(report.sources.map(\.name) == ["rubysec"])
    #expect(report.sources.first?.records == 1234)
    #expect(report.sources.first?.skipped == 0)
    #expect(report.warnings.isEmpty, "\(report.warnings.prefix(5))")
    #expect(try database.ecosystems() == ["RubyGems"])
    let nokogiri = try #require(try database.fullCandidates(ecosystem: "RubyGems", packages: ["nokogiri"])
      .first { $0.advisory.id == "CVE-2019-5477" })
    #expect(nokogiri.advisory.aliases == ["GHSA-cr5j-953j-xw5p"])
    #expect(nokogiri.advisory.source == "rubysec")
    #expect(nokogiri.advisory.published == "2019-08-11")
    #expect(nokogiri.advisory.severity == .critical)
    #expect(nokogiri.advisory.cvss.map(\.score) == [9.8, 7.5])
    #expect(nokogiri.entry.kind == .requirements)
    #expect(nokogiri.entry.patched == [">= 1.10.4"])
    #expect(nokogiri.entry.unaffected.isEmpty)
    // An advisory with only an OSVDB id keeps that id.
    let names = try database.candidateNames(ecosystem: "RubyGems")
    let all = try database.fullCandidates(ecosystem: "RubyGems", packages: Set(names))
    #expect(all.contains { $0.advisory.id.hasPrefix("OSVDB-") })
    #expect(all.allSatisfy { candidate in
      ["CVE-", "GHSA-", "OSVDB-"].contains { candidate.advisory.id.hasPrefix($0) }
    })
  }

  @Test func nodeSecurityEcosystemAdvisoriesAreAllRead() throws {
    let scratch = try Scratch()
    let (report, database) = try LanguageFeedArchives.build([LanguageFeedArchives.npm], in: scratch)
    // index.json and the vuln/core runtime advisories are not read or counted.
    #expect(report.sources.map(\.name) == ["nodejs-security-wg"])
    #expect(report.sources.first?.records == 467)
    #expect(report.sources.first?.skipped == 0)
    #expect(report.warnings.isEmpty, "\(report.warnings.prefix(5))")
    #expect(try database.status().advisories == 467)
    let mqtt = try #require(try database.fullCandidates(ecosystem: "npm", packages: ["mqtt-packet"])
      .first { $0.advisory.id == "NSWG-ECO-500" })
    #expect(mqtt.advisory.aliases == ["CVE-2019-5432"])
    #expect(mqtt.advisory.summary == "Buffer Over-read")
    #expect(mqtt.advisory.severity == .high)
    #expect(mqtt.advisory.cvss == [CVSSScore(source: "nodejs-security-wg",
                                             vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5)])
    #expect(mqtt.entry.kind == .requirements)
    #expect(mqtt.entry.vulnerable == [["<3.5.1 || >=4.0.0 <4.1.3 || >=5.0.0 <5.6.1 || >=6.0.0 <6.1.2"]])
    #expect(mqtt.entry.patched == [">=3.5.1 <4.0.0 || >=4.1.3 <5.0.0 || >=5.6.1 <6.0.0 || >=6.1.2"])
  }

  @Test func friendsOfPHPAdvisoriesAreAllRead() throws {
    let scratch = try Scratch()
    let (report, database) = try LanguageFeedArchives.build([LanguageFeedArchives.php], in: scratch)
    #expect(report.sources.map(\.name) == ["friendsofphp"])
    #expect(report.sources.first?.records == 1592)
    #expect(report.sources.first?.skipped == 0)
    #expect(report.warnings.isEmpty, "\(report.warnings.prefix(5))")
    let contao = try database.fullCandidates(ecosystem: "Packagist", packages: ["contao/core"])
    let injection = try #require(contao.first { $0.advisory.id == "FRIENDSOFPHP-contao/core/2014-04-07" })
    #expect(injection.advisory.summary == "Insufficient input validation allows for code injection and remote execution")
    #expect(injection.advisory.published == "2014-04-07")
    #expect(injection.entry.vulnerable == [[">=2.0.0", "<2.11.17"], [">=3.0.0", "<3.2.9"]])
    #expect(contao.contains { $0.advisory.id == "CVE-2015-0269" })
  }
}

@Suite struct LanguageFeedMalformedInputTests {
  static let fixtures = Repository.root.path + "/Tests/Fixtures/language-feeds"

  /// Packs one fixture tree into `<tree>.tar.gz` inside `scratch`'s `feeds` folder.
  func pack(_ tree: String, in scratch: Scratch) throws {
    try FileManager.default.createDirectory(atPath: scratch.path + "/feeds", withIntermediateDirectories: true)
    try scratch.run(["tar", "-czf", "feeds/\(tree).tar.gz", "-C", Self.fixtures, tree])
  }

  func build(_ tree: String) throws -> (DatabaseBuilder.UpdateReport, AdvisoryDatabase, Scratch) {
    let scratch = try Scratch()
    try pack(tree, in: scratch)
    let report = try DatabaseBuilder().build(from: scratch.path + "/feeds", to: scratch.path + "/advisories.db")
    return (report, try AdvisoryDatabase(path: scratch.path + "/advisories.db"), scratch)
  }

  @Test func rubySecBadRecordsAreWarningsNamingTheMember() throws {
    let (report, database, _) = try build("ruby-advisory-db")
    #expect(report.sources.first?.records == 1)
    #expect(report.sources.first?.skipped == 2)
    let inputs = report.warnings.map(\.input).sorted()
    #expect(inputs == ["ruby-advisory-db.tar.gz:ruby-advisory-db/gems/examplegem/GHSA-bad-yaml.yml",
                       "ruby-advisory-db.tar.gz:ruby-advisory-db/gems/examplegem/no-id.yml"])
    #expect(report.warnings.contains { $0.message.hasPrefix("skipped: malformed RubySec advisory") })
    #expect(report.warnings.contains { $0.message == "skipped: RubySec advisory without a cve, ghsa or osvdb id" })
    let example = try #require(try database.fullCandidates(ecosystem: "RubyGems", packages: ["examplegem"]).first)
    #expect(example.advisory.id == "CVE-2099-0001" && example.advisory.aliases == ["GHSA-xxxx-yyyy-zzzz"])
    // The newest CVSS version rates it, not the higher v2 score.
    #expect(example.advisory.severity == .medium)
    #expect(example.entry.patched == ["~> 1.2.3", ">= 2.0.5"] && example.entry.unaffected == ["< 1.0"])
  }

  @Test func nodeSecurityBadRecordsAreWarningsNamingTheMember() throws {
    let (report, database, _) = try build("nodejs-security-wg")
    #expect(report.sources.first?.records == 1)
    #expect(report.warnings.map(\.input).sorted() == [
      "nodejs-security-wg.tar.gz:nodejs-security-wg/vuln/npm/2.json",
      "nodejs-security-wg.tar.gz:nodejs-security-wg/vuln/npm/3.json",
    ])
    #expect(report.warnings.allSatisfy { $0.message.hasPrefix("skipped: ") })
    let example = try #require(try database.fullCandidates(ecosystem: "npm", packages: ["example-module"]).first)
    #expect(example.advisory.id == "NSWG-ECO-1" && example.advisory.aliases == ["CVE-2099-0003"])
    #expect(example.advisory.details == "Versions before 1.4.0 are affected.\n\nRecommendation: Update to 1.4.0 or later.")
  }

  @Test func friendsOfPHPBadRecordsAreWarningsNamingTheMember() throws {
    let (report, database, _) = try build("friendsofphp-security-advisories")
    #expect(report.sources.first?.records == 1)
    let prefix = "friendsofphp-security-advisories.tar.gz:friendsofphp-security-advisories/example/package/"
    #expect(report.warnings.map(\.input).sorted() == [prefix + "CVE-2099-0005.yaml", prefix + "broken.yaml"])
    #expect(report.warnings.contains { $0.message == "skipped: FriendsOfPHP advisory with a branch without version constraints" })
    // Composer names compare case-insensitively: the mixed-case reference is stored lowercased.
    let example = try #require(try database.fullCandidates(ecosystem: "Packagist", packages: ["example/package"]).first)
    #expect(example.advisory.id == "FRIENDSOFPHP-example/package/2099-01-01")
    #expect(example.advisory.published == "2099-01-01" && example.advisory.modified == "2099-01-02")
  }

  @Test func importersNeverThrowOnGarbage() {
    let garbage: [[UInt8]] = [[], [0xFF, 0xFE, 0x00], Array("- just\n- a list".utf8), Array("{}".utf8),
                              Array("gem: [1, 2]\ncve: {a: b}".utf8), Array("\"id\": \"x\"".utf8)]
    for bytes in garbage {
      for result in [RubySecAdvisoryImporter().parse(bytes, input: "x.yml"),
                     NodeSecurityImporter().parse(bytes, input: "x.json"),
                     FriendsOfPHPImporter().parse(bytes, input: "a/b/x.yaml")] {
        guard case .failure(let warning) = result else {
          Issue.record("garbage \(bytes) was accepted")
          continue
        }
        #expect(warning.input.hasPrefix("x.") || warning.input == "a/b/x.yaml")
      }
    }
  }
}

extension AdvisoryDatabase {
  /// Candidates with their whole advisory records (matching reads heads only), for assertions
  /// on an advisory's text, dates and scores.
  func fullCandidates(ecosystem: String, packages: Set<String>) throws -> [Candidate] {
    let found = try candidates(ecosystem: ecosystem, packages: packages)
    let records = try advisories(Set(found.map(\.advisoryRowID)))
    return found.map { candidate in
      var candidate = candidate
      if let record = records[candidate.advisoryRowID] { candidate.advisory = record }
      return candidate
    }
  }
}
