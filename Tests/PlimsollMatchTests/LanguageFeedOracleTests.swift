import Foundation
import PlimsollAdvisories
import PlimsollCatalog
import PlimsollFindings
import PlimsollTestSupport
import PlimsollVersions
import Testing
@testable import PlimsollMatch

/// Every advisory of the RubySec, Node.js security WG and FriendsOfPHP snapshots, at versions
/// around each bound its requirements name, judged by the ecosystem's own tool (scripts/
/// rubysec-oracle.rb, nswg-oracle.js, friendsofphp-oracle.php, which read the unpacked feed
/// themselves) and by Plimsoll's importer and matcher: the affected ids must agree exactly.
@Suite(.enabled(if: LanguageFeeds.available, "the advisory snapshot ../shared/vulndata is missing"))
struct LanguageFeedOracleTests {
  /// The feed's unpacked tree, its ecosystem, and the package type it is matched for.
  struct Feed: Sendable, CustomStringConvertible {
    var archive: String
    var folder: String
    var ecosystem: String
    var type: PackageType
    var description: String { ecosystem }
  }

  static let feeds = [
    Feed(archive: LanguageFeeds.ruby, folder: "ruby-advisory-db", ecosystem: "RubyGems", type: .gem),
    Feed(archive: LanguageFeeds.npm, folder: "nodejs-security-wg", ecosystem: "npm", type: .npm),
    Feed(archive: LanguageFeeds.php, folder: "friendsofphp-security-advisories", ecosystem: "Packagist", type: .composer),
  ]

  /// npm's bundled semver module, if npm is there.
  static let npmSemver: String? = {
    guard let scratch = try? Scratch(), let root = try? scratch.run(["npm", "root", "-g"]) else { return nil }
    let module = String(decoding: root, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      + "/npm/node_modules/semver"
    return FileManager.default.fileExists(atPath: module + "/package.json") ? module : nil
  }()
  static let composerAutoload = "/usr/share/php/Composer/Semver/autoload.php"

  /// Whether the tool `feed`'s oracle runs with is there.
  static func oracleAvailable(_ feed: Feed) -> Bool {
    switch feed.ecosystem {
    case "RubyGems": runsWithTool("ruby")
    case "npm": npmSemver != nil
    default: runsWithTool("php") && FileManager.default.fileExists(atPath: composerAutoload)
    }
  }

  /// The oracle's command line for `feed` unpacked under `root`.
  static func oracle(_ feed: Feed, root: String) throws -> [String] {
    let scripts = Repository.root.path + "/scripts"
    let tree = root + "/" + feed.folder
    switch feed.ecosystem {
    case "RubyGems":
      return ["ruby", scripts + "/rubysec-oracle.rb", tree]
    case "npm":
      let module = try #require(npmSemver, "node or npm's bundled semver not found (apt-get install nodejs npm)")
      return ["node", scripts + "/nswg-oracle.js", module, tree]
    default:
      return ["php", scripts + "/friendsofphp-oracle.php", composerAutoload, tree]
    }
  }

  @Test(.enabled(if: Requirement.runs(when: oracleAvailable(feeds[0])),
                 "ruby not found (apt-get install ruby)"))
  func rubySecAgreesWithRubyGems() throws { try matcherAgreesWithTheEcosystemsOwnTool(feed: Self.feeds[0]) }

  @Test(.enabled(if: Requirement.runs(when: oracleAvailable(feeds[1])),
                 "node or npm's bundled semver not found (apt-get install nodejs npm)"))
  func nodeSecurityWGAgreesWithNodeSemver() throws { try matcherAgreesWithTheEcosystemsOwnTool(feed: Self.feeds[1]) }

  @Test(.enabled(if: Requirement.runs(when: oracleAvailable(feeds[2])),
                 "php or composer/semver not found (apt-get install php-cli php-composer-semver)"))
  func friendsOfPHPAgreesWithComposerSemver() throws {
    try matcherAgreesWithTheEcosystemsOwnTool(feed: Self.feeds[2])
  }

  func matcherAgreesWithTheEcosystemsOwnTool(feed: Feed) throws {
    let scratch = try Scratch()
    let oracle = try Self.oracle(feed, root: scratch.path)
    try scratch.run(["tar", "-xzf", feed.archive])
    let database = try LanguageFeeds.database.get()
    let names = try database.candidateNames(ecosystem: feed.ecosystem)
    let candidates = try database.candidates(ecosystem: feed.ecosystem, packages: Set(names))
    var requirements: [String: [String]] = [:]
    for candidate in candidates {
      let entry = candidate.entry
      requirements[entry.package, default: []] += (entry.vulnerable ?? []).flatMap { $0 } + entry.patched + entry.unaffected
    }
    var cases: [(name: String, version: String)] = []
    for name in requirements.keys.sorted() {
      let versions = Set((requirements[name] ?? []).flatMap { BoundVersions.around($0, feed.ecosystem) })
      cases += versions.sorted().map { (name, $0) }
    }
    let input = cases.map { "\($0.name)\t\($0.version)" }.joined(separator: "\n") + "\n"
    let answers = String(decoding: try scratch.run(oracle, stdin: Array(input.utf8)), as: UTF8.self)
      .split(separator: "\n").map(String.init)
    try #require(answers.count == cases.count, "the oracle answered \(answers.count) of \(cases.count) cases")

    let packages = cases.map {
      Package(type: feed.type, name: $0.name, version: $0.version, foundIn: "/\($0.name)/\($0.version)")
    }
    let report = try VulnerabilityMatcher(database: database).match(inventory(os: nil, packages))
    var ours: [String: Set<String>] = [:]
    var uncompared = 0
    for finding in report.findings {
      guard let package = finding.package else { continue }
      if finding.status == .couldNotCompare { uncompared += 1 }
      ours["\(package.name)\t\(package.installedVersion)", default: []].insert(finding.id)
    }
    var disagreements: [String] = []
    var affected = 0
    for (item, answer) in zip(cases, answers) {
      let theirs: Set<String> = answer == "-" ? [] : Set(answer.split(separator: " ").map(String.init))
      let mine = ours["\(item.name)\t\(item.version)", default: []]
      affected += mine.count
      if answer == "E" || theirs != mine {
        disagreements.append("\(item.name) \(item.version): oracle \(answer), plimsoll \(mine.sorted())")
      }
    }
    print("[\(feed.ecosystem) feed oracle] \(candidates.count) advisory entries, \(requirements.count) packages, "
      + "\(cases.count) package versions, \(affected) affected verdicts, \(disagreements.count) disagreements")
    #expect(uncompared == 0)
    #expect(cases.count > 1000)
    #expect(disagreements.count == 0, "first: \(disagreements.prefix(20).joined(separator: "\n"))")
  }
}

/// Versions at and around the bounds a requirement string names, kept when Plimsoll can parse
/// them for the ecosystem (the oracle must then accept them too).
enum BoundVersions {
  static func around(_ requirement: String, _ ecosystem: String) -> [String] {
    let separators = Set(" ,|<>=~^!\t[]()")
    var out: [String] = ecosystem == "npm" ? ["0.0.0", "999.0.0"] : ["0.0.1", "999"]
    for token in requirement.split(whereSeparator: { separators.contains($0) }) {
      var text = String(token)
      if text.hasPrefix("v") { text.removeFirst() }
      guard text.first?.isNumber == true else { continue }
      // x-ranges name their lowest version.
      text = text.split(separator: ".").map { ["x", "X", "*"].contains($0) ? "0" : String($0) }.joined(separator: ".")
      let release = text.prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
      guard !release.isEmpty else { continue }
      var numbers: [[Int]] = [release]
      for position in release.indices.suffix(2) {
        var up = release
        up[position] += 1
        var down = release
        down[position] -= 1
        numbers += [up] + (down[position] >= 0 ? [down] : [])
      }
      numbers.append(release + [1])
      // The bound with pre-release (and Composer patch) suffixes, its neighbours as releases.
      var versions = [text]
      for (index, parts) in numbers.enumerated() {
        let padded = ecosystem == "npm" ? Array((parts + [0, 0, 0]).prefix(3)) : parts
        let base = padded.map(String.init).joined(separator: ".")
        versions.append(base)
        guard index == 0 else { continue }
        switch ecosystem {
        case "npm": versions += [base + "-rc.1", base + "-0"]
        case "RubyGems": versions += [base + ".rc1", base + ".pre"]
        default: versions += [base + "-RC1", base + "-p1", base + "-dev"]
        }
      }
      out += versions
    }
    return out.filter { version in
      switch ecosystem {
      case "npm": (try? NPMVersion(version)) != nil
      case "RubyGems": (try? RubyGemsVersion(version)) != nil
      default: (try? ComposerVersion(version)) != nil
      }
    }
  }
}
