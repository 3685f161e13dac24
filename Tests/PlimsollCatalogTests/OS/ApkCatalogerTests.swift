import Foundation
import PlimsollFindings
import Testing
@testable import PlimsollCatalog
import PlimsollLayers

@Suite struct ApkCatalogerTests {
  let cataloger = ApkCataloger()
  let path = "/lib/apk/db/installed"

  @Test func wantsOnlyTheInstalledDatabase() {
    #expect(cataloger.wants(EntryInfo(path: path, size: 1, mode: 0o644)))
    #expect(!cataloger.wants(EntryInfo(path: "/lib/apk/db/triggers", size: 1, mode: 0o644)))
    #expect(!cataloger.wants(EntryInfo(path: "/usr/lib/apk/db/installed", size: 1, mode: 0o644)))
  }

  @Test func realAlpineDatabase() throws {
    let result = cataloger.catalog(try OSFixtures.file("apk/installed", at: path))
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    // Oracle from the file itself: one package per P: line, one owned file per R: line.
    let text = try String(contentsOf: OSFixtures.url("apk/installed"), encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(result.packages.count == lines.filter { $0.hasPrefix("P:") }.count)
    #expect(result.packages.count == 26)
    #expect(result.packages.reduce(0) { $0 + $1.files.count } == lines.filter { $0.hasPrefix("R:") }.count)
    #expect(result.packages.allSatisfy { $0.type == .apk && $0.foundIn == path && $0.architecture == "armv7" })

    let byName = Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let musl = try #require(byName["musl"])
    #expect(musl.version == "1.2.2-r3")
    #expect(musl.sourceName == "musl")
    #expect(musl.sourceVersion == "1.2.2-r3")
    #expect(musl.licenses == ["MIT"])
    #expect(musl.files == ["/lib/ld-musl-armhf.so.1", "/lib/libc.musl-armv7.so.1"])
    #expect(musl.metadata["commit"] == "1e9cba35059e3bb4635f12ee7e10dfe687df31ad")
    #expect(musl.metadata["maintainer"] == "Timo Teräs <timo.teras@iki.fi>")

    let libcrypto = try #require(byName["libcrypto1.1"])
    #expect(libcrypto.sourceName == "openssl")
    #expect(libcrypto.files.contains("/usr/lib/engines-1.1/padlock.so"))
    #expect(libcrypto.files.contains("/etc/ssl/misc/CA.pl"))

    #expect(byName["ca-certificates-bundle"]?.licenses == ["MPL-2.0 AND MIT"])
    #expect(byName["busybox"]?.files.contains("/bin/busybox") == true)
    #expect(byName["libc-utils"]?.files.isEmpty == true)
    #expect(byName["libc-utils"]?.sourceName == "libc-dev")
  }

  @Test func malformedRecordsAreSkippedWithLine() {
    let text = """
      P:good
      V:1.0-r0
      A:x86_64
      F:usr/bin
      R:good

      P:garbage
      V:2.0-r0
      this is not a field

      P:noversion
      A:x86_64

      V:3.0-r0

      P:badfile
      V:1.0-r0
      F:usr
      R:a/b

      P:last
      V:4.0-r1
      R:rootfile
      """
    let result = cataloger.catalog(OSFixtures.file(text: text, at: path))
    #expect(result.packages.map(\.name) == ["good", "last"])
    #expect(result.packages.first?.files == ["/usr/bin/good"])
    #expect(result.packages.last?.files == ["/rootfile"])
    #expect(result.packages.last?.sourceName == "last")
    #expect(result.warnings.map(\.input) == ["\(path):9", "\(path):11", "\(path):14", "\(path):19"])
  }

  @Test func recordsRunTogetherAreReported() {
    let text = "P:one\nV:1-r0\nP:two\nV:2-r0\n\nP:three\nV:3-r0\n"
    let result = cataloger.catalog(OSFixtures.file(text: text, at: path))
    #expect(result.packages.map(\.name) == ["three"])
    #expect(result.warnings.map(\.input) == ["\(path):3"])
  }

  @Test func emptyDatabaseHasNoPackagesAndNoWarnings() {
    let result = cataloger.catalog(OSFixtures.file(text: "\n\n", at: path))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.isEmpty)
  }
}
