import Foundation
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog
import PlimsollLayers

/// Mutated and random inputs: every cataloger must return (packages, warnings), never trap,
/// and every warning must name the file it concerns.
@Suite struct OSHostileInputTests {
  static let cases: [(fixture: String, imagePath: String)] = [
    ("dpkg/status", "/var/lib/dpkg/status"),
    ("dpkg/status.d/corrupt", "/var/lib/dpkg/status.d/corrupt"),
    ("dpkg/info/netbase.list", "/var/lib/dpkg/info/netbase.list"),
    ("dpkg/copyright/coreutils", "/usr/share/doc/coreutils/copyright"),
    ("apk/installed", "/lib/apk/db/installed"),
    ("os-release/debian-12", "/etc/os-release"),
  ]

  func catalogerWanting(_ path: String) -> (any Cataloger)? {
    OSCatalogers.all.first { $0.wants(EntryInfo(path: path, size: 1, mode: 0o644)) }
  }

  @Test(arguments: cases.map(\.fixture))
  func mutatedFixturesNeverTrap(fixture: String) throws {
    let imagePath = try #require(Self.cases.first { $0.fixture == fixture }?.imagePath)
    let cataloger = try #require(catalogerWanting(imagePath))
    let original = try OSFixtures.bytes(fixture)
    var generator = SplitMix64(seed: UInt64(original.count))
    let interesting: [UInt8] = [0, 9, 10, 13, 32, 34, 35, 39, 58, 92, 0xc3, 0xff]
    for round in 0..<200 {
      var bytes = original
      for _ in 0..<(1 + round % 16) where !bytes.isEmpty {
        let index = Int(generator.next() % UInt64(bytes.count))
        switch generator.next() % 4 {
        case 0: bytes[index] = interesting[Int(generator.next() % UInt64(interesting.count))]
        case 1: bytes.remove(at: index)
        case 2: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: index)
        default: bytes = Array(bytes.prefix(index))
        }
      }
      let result = cataloger.catalog(LayerFile(
        entry: EntryInfo(path: imagePath, size: Int64(bytes.count), mode: 0o644), contents: bytes))
      for warning in result.warnings {
        #expect(warning.input.hasPrefix(imagePath), "\(warning)")
      }
    }
  }

  @Test func randomBytesNeverTrap() {
    var generator = SplitMix64(seed: 42)
    let paths = ["/var/lib/dpkg/status", "/lib/apk/db/installed", "/etc/os-release", "/etc/redhat-release",
                 "/var/lib/rpm/rpmdb.sqlite", "/usr/share/doc/x/copyright", "/var/lib/dpkg/info/x:amd64.list"]
    for path in paths {
      guard let cataloger = catalogerWanting(path) else {
        Issue.record("no cataloger wants \(path)")
        continue
      }
      for length in [0, 1, 7, 100, 4096] {
        let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let result = cataloger.catalog(LayerFile(
          entry: EntryInfo(path: path, size: Int64(length), mode: 0o644), contents: bytes))
        for warning in result.warnings { #expect(warning.input.hasPrefix(path)) }
      }
    }
  }

  @Test func largeGeneratedStatusFile() {
    var text = ""
    for index in 0..<20_000 {
      text += """
        Package: generated-\(index)
        Status: install ok installed
        Architecture: amd64
        Source: generated-src (\(index).0-1)
        Version: \(index).0-1+b1
        Description: package number \(index)
         with a continuation line
         .
         and a paragraph break


        """
    }
    let result = DpkgCataloger().catalog(OSFixtures.file(text: text, at: "/var/lib/dpkg/status"))
    #expect(result.warnings.isEmpty)
    #expect(result.packages.count == 20_000)
    #expect(result.packages.last?.version == "19999.0-1+b1")
    #expect(result.packages.last?.sourceVersion == "19999.0-1")
  }
}

/// One stanza with a 100,000-line field and an apk record with 100,000 files: appending must
/// not copy what was read so far (this once took minutes).
@Test func giantRecordsParseInOnePass() {
  let description = String(repeating: " line of a very long description\n", count: 100_000)
  let status = "Package: giant\nStatus: install ok installed\nVersion: 1\nDescription: x\n" + description
  let dpkg = DpkgCataloger().catalog(OSFixtures.file(text: status, at: "/var/lib/dpkg/status"))
  #expect(dpkg.packages.map(\.name) == ["giant"])
  let files = (0..<100_000).map { "R:file\($0)\n" }.joined()
  let apk = ApkCataloger().catalog(OSFixtures.file(text: "P:giant\nV:1-r0\nF:usr/lib\n" + files, at: "/lib/apk/db/installed"))
  #expect(apk.packages.first?.files.count == 100_000)
}
