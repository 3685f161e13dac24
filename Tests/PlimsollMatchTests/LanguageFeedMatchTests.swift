import Foundation
import PlimsollAdvisories
import PlimsollCatalog
import PlimsollFindings
import PlimsollTestSupport
import PlimsollVersions
import Testing
@testable import PlimsollMatch

/// The RubySec, Node.js security WG and FriendsOfPHP archives of the shared snapshot.
enum LanguageFeeds {
  static let ruby = vulndata + "/ruby/ruby-advisory-db.tar.gz"
  static let npm = vulndata + "/npm/nodejs-security-wg-vuln.tar.gz"
  static let php = vulndata + "/php/friendsofphp-security-advisories.tar.gz"
  static let archives = [ruby, npm, php]

  /// Whether tests over the snapshot run: when it is there, and always in CI (`CI=true`),
  /// where a missing snapshot must fail them.
  static let available = ProcessInfo.processInfo.environment["CI"] == "true"
    || archives.allSatisfy { FileManager.default.fileExists(atPath: $0) }

  /// A database built from a directory that links just the three archives.
  static let database: Result<AdvisoryDatabase, Error> = Result {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("plimsoll-language-feeds-\(ProcessInfo.processInfo.processIdentifier)").path
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder + "/feeds", withIntermediateDirectories: true)
    for archive in archives {
      try FileManager.default.createSymbolicLink(
        atPath: folder + "/feeds/" + (archive as NSString).lastPathComponent, withDestinationPath: archive)
    }
    _ = try DatabaseBuilder().build(from: folder + "/feeds", to: folder + "/advisories.db")
    return try AdvisoryDatabase(path: folder + "/advisories.db")
  }

  static func match(_ packages: [Package]) throws -> FindingReport {
    try VulnerabilityMatcher(database: try database.get()).match(inventory(os: nil, packages))
  }
}

@Suite(.enabled(if: LanguageFeeds.available, "the advisory snapshot ../shared/vulndata is missing"))
struct LanguageFeedMatchTests {
  @Test func aGemAnNPMModuleAndAComposerPackageGetTheirFindings() throws {
    let report = try LanguageFeeds.match([
      Package(type: .gem, name: "nokogiri", version: "1.10.3", foundIn: "/usr/local/bundle/specifications/nokogiri-1.10.3.gemspec"),
      Package(type: .npm, name: "mqtt-packet", version: "4.0.5", foundIn: "/app/node_modules/mqtt-packet/package.json"),
      Package(type: .composer, name: "contao/core", version: "3.2.8", foundIn: "sbom"),
    ])
    func finding(_ id: String, _ package: String) -> Finding? {
      report.findings.first { $0.id == id && $0.package?.name == package }
    }
    let nokogiri = try #require(finding("CVE-2019-5477", "nokogiri"))
    #expect(nokogiri.package?.fixedVersion == "1.10.4" && nokogiri.status == .fixed)
    #expect(nokogiri.severity == .critical && nokogiri.aliases == ["GHSA-cr5j-953j-xw5p"])
    #expect(nokogiri.properties["source"] == "rubysec" && nokogiri.properties["ecosystem"] == "RubyGems")
    // 4.0.5 lies between two patched ranges: the next fix above it is 4.1.3.
    let mqtt = try #require(finding("NSWG-ECO-500", "mqtt-packet"))
    #expect(mqtt.package?.fixedVersion == "4.1.3" && mqtt.aliases == ["CVE-2019-5432"])
    #expect(report.findings.filter { $0.package?.name == "mqtt-packet" }.map(\.id) == ["NSWG-ECO-500"])
    let contao = try #require(finding("FRIENDSOFPHP-contao/core/2014-04-07", "contao/core"))
    #expect(contao.package?.fixedVersion == "3.2.9")
    #expect(Set(report.findings.filter { $0.package?.name == "contao/core" }.map(\.id)) == [
      "CVE-2015-0269", "CVE-2016-4567", "CVE-2017-10993", "CVE-2017-16558", "CVE-2018-10125",
      "CVE-2018-5478", "CVE-2019-10641", "FRIENDSOFPHP-contao/core/2014-04-07",
    ])
    #expect(!report.findings.contains { $0.status == .couldNotCompare })
    #expect(report.warnings.isEmpty)
  }

  @Test func theFixedVersionsAreNotVulnerable() throws {
    let report = try LanguageFeeds.match([
      Package(type: .gem, name: "nokogiri", version: "1.10.4", foundIn: "/x"),
      Package(type: .npm, name: "mqtt-packet", version: "4.1.3", foundIn: "/x"),
      Package(type: .composer, name: "Contao/Core", version: "3.2.9", foundIn: "sbom"),
    ])
    let ids = Set(report.findings.map(\.id))
    #expect(!ids.contains("CVE-2019-5477") && !ids.contains("NSWG-ECO-500"))
    #expect(!ids.contains("FRIENDSOFPHP-contao/core/2014-04-07"))
    // Composer names are matched case-insensitively.
    #expect(ids.contains("CVE-2015-0269"))
  }

  @Test func aComposerPackageFromAnSBOMPurlIsLookedUpByVendorAndName() throws {
    let purl = try #require(PackageURL(parsing: "pkg:composer/contao/core@3.2.8"))
    let package = try #require(PackageEcosystem.forPURLType("composer")?.packageFromPURL(purl, "pkg:composer/contao/core@3.2.8"))
    #expect(package.name == "contao/core" && package.type == .composer)
    let report = try LanguageFeeds.match([package])
    #expect(report.findings.contains { $0.id == "FRIENDSOFPHP-contao/core/2014-04-07" })
  }
}
