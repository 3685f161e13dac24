import Foundation
import Testing
@testable import PlimsollVersions

/// An OSV record reduced to what range matching reads.
struct OSVRecord: Decodable {
  struct Affected: Decodable {
    struct Package: Decodable { let ecosystem: String; let name: String }
    let package: Package
    let ranges: [OSVRange]?
    let versions: [String]?
  }
  let id: String
  let affected: [Affected]

  static func load(prefix: String) throws -> [OSVRecord] {
    let directory = Fixtures.directory.appendingPathComponent("osv")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    return try names.map { try JSONDecoder().decode(OSVRecord.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
  }
}

@Suite struct OSVRangeTests {
  /// The PyPI database lists affected versions computed from the ranges: every listed version
  /// must fall in the ranges, and each `fixed` version must not.
  @Test func pypiListedVersionsFallInTheirRanges() throws {
    let records = try OSVRecord.load(prefix: "pypi-")
    #expect(records.count >= 10)
    var checked = 0
    for record in records {
      for affected in record.affected {
        let ranges = (affected.ranges ?? []).filter { $0.type == "ECOSYSTEM" }
        let matcher = OSVAffectedMatcher<PEP440Scheme>(ranges: ranges, versions: [])
        #expect(matcher.rangeProblems.isEmpty, "\(record.id): \(matcher.rangeProblems)")
        for version in affected.versions ?? [] {
          #expect(matcher.evaluate(version) == .affected, "\(record.id) \(version)")
          checked += 1
        }
        let fixed = ranges.flatMap(\.events).filter { $0.kind == .fixed }.map(\.version)
        let introduced = Set(ranges.flatMap(\.events).filter { $0.kind == .introduced }.map(\.version))
        for version in fixed where !introduced.contains(version) {
          #expect(matcher.evaluate(version) == .notAffected, "\(record.id) fixed \(version)")
          checked += 1
        }
      }
    }
    #expect(checked > 100)
  }

  /// Go records: each `introduced` version (v-prefixed, as build info reports it) is affected,
  /// each `fixed` version is not, and a version just below a fix is.
  @Test func goRangesBracketTheirEvents() throws {
    let records = try OSVRecord.load(prefix: "go-")
    #expect(records.count >= 10)
    for record in records {
      for affected in record.affected {
        let ranges = affected.ranges ?? []
        let matcher = Ecosystem.go.matcher(ranges: ranges)
        for event in ranges.flatMap(\.events) {
          switch event.kind {
          case .introduced where event.version != "0":
            #expect(matcher.evaluate("v" + event.version) == .affected, "\(record.id) introduced \(event.version)")
          case .fixed:
            #expect(matcher.evaluate("v" + event.version) == .notAffected, "\(record.id) fixed \(event.version)")
          default: break
          }
        }
        #expect(matcher.evaluate("v0.0.0-00010101000000-000000000000") == .affected
                  || !ranges.flatMap(\.events).contains { $0.kind == .introduced && $0.version == "0" },
                "\(record.id) earliest version")
      }
    }
  }

  @Test func stdlibStyleRangeWithTwoBranches() {
    let range = OSVRange(type: "SEMVER", events: [
      .init(.introduced, "0"), .init(.fixed, "1.19.6"), .init(.introduced, "1.20.0-0"), .init(.fixed, "1.20.1"),
    ])
    let matcher = Ecosystem.go.matcher(ranges: [range])
    #expect(matcher.evaluate("v1.19.5") == .affected)
    #expect(matcher.evaluate("v1.19.6") == .notAffected)
    #expect(matcher.evaluate("v1.20.0-rc.1") == .affected)
    #expect(matcher.evaluate("v1.20.0") == .affected)
    #expect(matcher.evaluate("v1.20.1") == .notAffected)
    #expect(matcher.evaluate("go1.20.1") == .notAffected)
  }

  @Test func lastAffectedAndLimit() {
    let lastAffected = OSVRange(type: "ECOSYSTEM", events: [.init(.introduced, "1.0"), .init(.lastAffected, "1.4")])
    #expect(OSVEvaluator.evaluate(version: "1.4", ecosystem: "PyPI", ranges: [lastAffected]) == .affected)
    #expect(OSVEvaluator.evaluate(version: "1.4.post1", ecosystem: "PyPI", ranges: [lastAffected]) == .notAffected)
    #expect(OSVEvaluator.evaluate(version: "0.9", ecosystem: "PyPI", ranges: [lastAffected]) == .notAffected)
    let limited = OSVRange(type: "ECOSYSTEM", events: [.init(.introduced, "0"), .init(.limit, "2.0")])
    #expect(OSVEvaluator.evaluate(version: "1.9", ecosystem: "PyPI", ranges: [limited]) == .affected)
    #expect(OSVEvaluator.evaluate(version: "2.0", ecosystem: "PyPI", ranges: [limited]) == .notAffected)
  }

  @Test func unsortedEventsAreSorted() {
    let range = OSVRange(type: "ECOSYSTEM", events: [.init(.fixed, "1:2.0-1"), .init(.introduced, "1:1.0-1")])
    #expect(OSVEvaluator.evaluate(version: "1:1.5-1", ecosystem: "Debian:12", ranges: [range]) == .affected)
    #expect(OSVEvaluator.evaluate(version: "1.5-1", ecosystem: "Debian:12", ranges: [range]) == .notAffected)
  }

  @Test func versionsListMatchesExactly() {
    let verdict = OSVEvaluator.evaluate(version: "2.31.0", ecosystem: "PyPI", ranges: [], versions: ["2.31.0", "2.30.0"])
    #expect(verdict == .affected)
    #expect(OSVEvaluator.evaluate(version: "2.31", ecosystem: "PyPI", ranges: [], versions: ["2.31.0"]) == .affected)
    #expect(OSVEvaluator.evaluate(version: "2.32.0", ecosystem: "PyPI", ranges: [], versions: ["2.31.0"]) == .notAffected)
  }

  @Test func unparsableInputIsNeverNotAffected() {
    let range = OSVRange(type: "ECOSYSTEM", events: [.init(.introduced, "0"), .init(.fixed, "2.0")])
    guard case .couldNotCompare(let reason) = OSVEvaluator.evaluate(version: "not a version", ecosystem: "PyPI", ranges: [range]) else {
      Issue.record("expected couldNotCompare")
      return
    }
    #expect(reason.contains("not a version") && reason.contains("PyPI"))
    let badEvent = OSVRange(type: "ECOSYSTEM", events: [.init(.introduced, "0"), .init(.fixed, "2.0.x")])
    #expect(OSVEvaluator.evaluate(version: "3.0", ecosystem: "npm", ranges: [badEvent]) != .notAffected)
    let git = OSVRange(type: "GIT", events: [.init(.introduced, "abc123")])
    #expect(OSVEvaluator.evaluate(version: "1.0", ecosystem: "PyPI", ranges: [git]) != .notAffected)
    #expect(OSVEvaluator.evaluate(version: "3.0", ecosystem: "PyPI", ranges: [git, range]) == .notAffected)
    #expect(OSVEvaluator.evaluate(version: "1.0", ecosystem: "Hackage", ranges: [range]) != .notAffected)
  }

  @Test func ecosystemNamesMapToSchemes() {
    #expect(Ecosystem(osvName: "Debian:12")?.family == .dpkg)
    #expect(Ecosystem(osvName: "Alpine:v3.18")?.family == .apk)
    #expect(Ecosystem(osvName: "Rocky Linux:9")?.family == .rpm)
    #expect(Ecosystem(osvName: "crates.io")?.family == .cargo)
    #expect(Ecosystem(osvName: "Packagist")?.family == .composer)
    #expect(Ecosystem(osvName: "Hackage") == nil)
  }

  @Test func eventsDecodeFromOSVJSON() throws {
    let json = #"{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"},{"last_affected":"1.1.0"},{"limit":"*"}]}"#
    let range = try JSONDecoder().decode(OSVRange.self, from: Data(json.utf8))
    #expect(range.events.map(\.kind) == [.introduced, .fixed, .lastAffected, .limit])
  }
}
