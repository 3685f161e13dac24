import Foundation
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog
import PlimsollLayers

@Suite struct DpkgCatalogerTests {
  let cataloger = DpkgCataloger()

  func entry(_ path: String) -> EntryInfo { EntryInfo(path: path, size: 100, mode: 0o644) }

  /// `name\tversion\tarch` lines, sorted, as `dpkg-query -W` would print them.
  func rows(_ packages: [Package]) -> [String] {
    packages.map { "\($0.name)\t\($0.version)\t\($0.architecture ?? "")" }.sorted()
  }

  /// Installed packages as dpkg-query reports them for an admin directory.
  func dpkgQueryRows(adminDirectory: String) throws -> [String] {
    guard let dpkgQuery = OSFixtures.which("dpkg-query") else { return [] }
    let output = try OSFixtures.run(dpkgQuery, [
      "--admindir=\(adminDirectory)", "-W",
      "-f=${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\n",
    ])
    let present: Set<Substring> = ["installed", "triggers-awaited", "triggers-pending", "half-configured"]
    return output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
      guard fields.count == 2, present.contains(fields[0]) else { return nil }
      return String(fields[1])
    }.sorted()
  }

  @Test func wantsDatabaseFilesOnly() {
    #expect(cataloger.wants(entry("/var/lib/dpkg/status")))
    #expect(cataloger.wants(entry("/var/lib/dpkg/status.d/libc6")))
    #expect(cataloger.wants(entry("/var/lib/dpkg/info/libc6:amd64.list")))
    #expect(cataloger.wants(entry("/var/lib/dpkg/info/netbase.list")))
    #expect(!cataloger.wants(entry("/var/lib/dpkg/status.d/libc6.md5sums")))
    #expect(!cataloger.wants(entry("/var/lib/dpkg/status-old")))
    #expect(!cataloger.wants(entry("/var/lib/dpkg/info/netbase.md5sums")))
    #expect(!cataloger.wants(entry("/var/lib/dpkg/info/sub/x.list")))
    #expect(!cataloger.wants(entry("/srv/var/lib/dpkg/status")))
  }

  @Test func fixtureStatusReadsEveryPackage() throws {
    let result = cataloger.catalog(try OSFixtures.file("dpkg/status", at: "/var/lib/dpkg/status"))
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.packages.count == 200)
  }

  @Test(.enabled(if: Requirement.runs(when: OSFixtures.which("dpkg-query") != nil),
                 "dpkg-query is not installed"))
  func fixtureStatusMatchesTheRealDpkgQuery() throws {
    let result = cataloger.catalog(try OSFixtures.file("dpkg/status", at: "/var/lib/dpkg/status"))
    let admin = try OSFixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: admin) }
    try FileManager.default.copyItem(at: OSFixtures.url("dpkg/status"), to: admin.appendingPathComponent("status"))
    let oracle = try dpkgQueryRows(adminDirectory: admin.path)
    #expect(oracle.count == 200)
    #expect(rows(result.packages) == oracle)
  }

  @Test(.enabled(if: Requirement.runs(when: OSFixtures.which("dpkg-query") != nil
                                            && FileManager.default.fileExists(atPath: "/var/lib/dpkg/status")),
                 "no dpkg-query or no /var/lib/dpkg/status on this machine"))
  func hostStatusMatchesDpkgQuery() throws {
    let path = "/var/lib/dpkg/status"
    let contents = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let file = LayerFile(entry: entry(path), contents: contents)
    let result = cataloger.catalog(file)
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let oracle = try dpkgQueryRows(adminDirectory: "/var/lib/dpkg")
    #expect(!oracle.isEmpty)
    #expect(rows(result.packages) == oracle)
  }

  @Test func sourceFieldGivesSourceNameAndVersion() throws {
    let result = cataloger.catalog(try OSFixtures.file("dpkg/status", at: "/var/lib/dpkg/status"))
    let byName = Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let bash = try #require(byName["bash"])
    #expect(bash.sourceName == "bash")
    #expect(bash.sourceVersion == "5.2.15-2")
    #expect(bash.version != bash.sourceVersion)
    let adduser = try #require(byName["adduser"])
    #expect(adduser.sourceName == "adduser")
    #expect(adduser.sourceVersion == "3.134")
    #expect(adduser.architecture == "all")
    #expect(adduser.foundIn == "/var/lib/dpkg/status")
    #expect(adduser.type == .deb)
    #expect(adduser.purl.isEmpty)
    // Every package with a Source field other than its own name keeps that name.
    let withOtherSource = result.packages.filter { $0.sourceName != $0.name }
    #expect(withOtherSource.count > 50)
  }

  @Test(arguments: [
    ("glibc", "2.36-9", "glibc", "2.36-9"),
    ("bash (5.2.15-2)", "5.2.15-2+b7", "bash", "5.2.15-2"),
    ("util-linux (2.38.1-5+deb12u3)", "2.38.1-5+b1", "util-linux", "2.38.1-5+deb12u3"),
    ("  zlib  ( 1:1.2.13.dfsg-1 ) ", "1:1.2.13.dfsg-1", "zlib", "1:1.2.13.dfsg-1"),
  ])
  func sourceFieldForms(field: String, version: String, name: String, sourceVersion: String) {
    let parsed = DpkgCataloger.parseSource(field, packageName: "binary", version: version)
    #expect(parsed.name == name)
    #expect(parsed.version == sourceVersion)
  }

  @Test func onlyConfiguredPackagesCount() {
    let status = """
      Package: ok-installed
      Status: install ok installed
      Version: 1

      Package: held
      Status: hold ok installed
      Version: 2

      Package: marked-for-removal
      Status: deinstall ok installed
      Version: 3

      Package: removed-config
      Status: deinstall ok config-files
      Version: 4

      Package: half
      Status: install reinstreq half-installed
      Version: 5

      Package: purged
      Status: purge ok not-installed

      Package: unpacked-only
      Status: install ok unpacked
      Version: 6

      Package: pending
      Status: install ok triggers-pending
      Version: 7

      Package: weird
      Status: install ok sideways
      Version: 8

      Package: no-status
      Version: 9

      """
    let result = cataloger.catalog(OSFixtures.file(text: status, at: "/var/lib/dpkg/status"))
    #expect(result.packages.map(\.name) == ["ok-installed", "held", "marked-for-removal", "pending"])
    #expect(result.packages.first(where: { $0.name == "pending" })?.metadata["status"] == "triggers-pending")
    #expect(result.packages.first(where: { $0.name == "held" })?.metadata["status"] == nil)
    #expect(result.warnings.map(\.input) == ["/var/lib/dpkg/status:32", "/var/lib/dpkg/status:36"])
    #expect(result.warnings[0].message.contains("sideways"))
    #expect(result.warnings[1].message.contains("no Status"))
  }

  /// A status database dpkg itself left with a package in each state
  /// (`scripts/build-dpkg-states-fixture`): only the installed and the half-configured one count.
  @Test func realDatabaseWithEveryStateListsOnlyConfiguredPackages() throws {
    let result = cataloger.catalog(try OSFixtures.file("dpkg/states/status", at: "/var/lib/dpkg/status"))
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.packages.map(\.name).sorted() == ["plimsoll-halfconf", "plimsoll-installed"])
    #expect(result.packages.first { $0.name == "plimsoll-halfconf" }?.metadata["status"] == "half-configured")
    // What dpkg-query reported for the same database when the fixture was made.
    let expected = String(decoding: try OSFixtures.bytes("dpkg/states/expected.tsv"), as: UTF8.self)
    let states = expected.split(separator: "\n").map { $0.split(separator: "\t")[1] }
    #expect(Set(states) == ["half-configured", "unpacked", "installed", "config-files"])
  }

  @Test func distrolessStatusDirectory() throws {
    var packages: [Package] = []
    for name in ["base-files", "libc6", "netbase"] {
      let path = "/var/lib/dpkg/status.d/\(name)"
      #expect(cataloger.wants(entry(path)))
      let result = cataloger.catalog(try OSFixtures.file("dpkg/status.d/\(name)", at: path))
      #expect(result.warnings.isEmpty, "\(result.warnings)")
      packages += result.packages
    }
    #expect(rows(packages) == [
      "base-files\t12.4+deb12u11\tamd64",
      "libc6\t2.36-9+deb12u14\tamd64",
      "libssl3\t3.0.19-1~deb12u2\tamd64",
      "netbase\t6.4\tall",
    ])
    let libssl = try #require(packages.first(where: { $0.name == "libssl3" }))
    #expect(libssl.sourceName == "openssl")
    #expect(libssl.foundIn == "/var/lib/dpkg/status.d/libc6")
    #expect(libssl.metadata["multiArch"] == "same")
  }

  @Test func corruptStanzasAreSkippedWithFileAndLine() throws {
    let path = "/var/lib/dpkg/status.d/corrupt"
    let result = cataloger.catalog(try OSFixtures.file("dpkg/status.d/corrupt", at: path))
    #expect(rows(result.packages) == ["tzdata\t2025b-0+deb12u2\tall", "zlib1g\t1:1.2.13.dfsg-1\tamd64"])
    #expect(result.packages.last?.sourceName == "zlib")
    #expect(result.warnings.map(\.input) == ["\(path):9", "\(path):12", "\(path):16", "\(path):20"])
    #expect(result.warnings[0].message.contains("line 7"))
    #expect(result.warnings[1].message.contains("no-version"))
    #expect(result.warnings[2].message.contains("continuation"))
    #expect(result.warnings[3].message.contains("without a Package"))
  }

  @Test func stanzasRunTogetherAreReported() {
    let status = """
      Package: first
      Status: install ok installed
      Version: 1
      Package: second
      Status: install ok installed
      Version: 2

      Package: third
      Status: install ok installed
      Version: 3
      """
    let result = cataloger.catalog(OSFixtures.file(text: status, at: "/var/lib/dpkg/status"))
    #expect(result.packages.map(\.name) == ["third"])
    #expect(result.warnings.map(\.input) == ["/var/lib/dpkg/status:4"])
    #expect(result.warnings.first?.message.contains("'Package' appears twice") == true)
  }

  @Test func continuationLinesAndCRLF() {
    let status = "Package: multi\r\nStatus: install ok installed\r\nVersion: 1.0\r\n"
      + "Description: first\r\n second line\r\n .\r\nArchitecture: arm64\r\n"
    let result = cataloger.catalog(OSFixtures.file(text: status, at: "/var/lib/dpkg/status"))
    #expect(result.warnings.isEmpty)
    #expect(rows(result.packages) == ["multi\t1.0\tarm64"])
  }

  @Test func multiByteTextSurvivesTrimming() {
    let status = "Package: ü\nStatus: install ok installed\nVersion: 1.0é \t\nMaintainer:  Timo Teräs\t\n"
    let result = cataloger.catalog(OSFixtures.file(text: status, at: "/var/lib/dpkg/status"))
    #expect(result.packages.first?.name == "ü")
    #expect(result.packages.first?.version == "1.0é")
    #expect(result.packages.first?.metadata["maintainer"] == "Timo Teräs")
  }

  @Test func fileListsBecomeOwnedFiles() throws {
    let netbase = cataloger.catalog(try OSFixtures.file("dpkg/info/netbase.list", at: "/var/lib/dpkg/info/netbase.list"))
    let owned = try #require(netbase.ownedFiles.first)
    #expect(owned.packageName == "netbase")
    #expect(owned.type == .deb)
    #expect(owned.databaseDirectory == "/var/lib/dpkg")
    #expect(owned.files.contains("/etc/services"))
    #expect(!owned.files.contains("/."))
    let lines = try String(contentsOf: OSFixtures.url("dpkg/info/netbase.list"), encoding: .utf8)
      .split(separator: "\n").filter { $0 != "/." }
    #expect(owned.files.count == lines.count)

    let arch = cataloger.catalog(try OSFixtures.file(
      "dpkg/info/binutils-common:amd64.list", at: "/var/lib/dpkg/info/binutils-common:amd64.list"))
    #expect(arch.ownedFiles.first?.packageName == "binutils-common")
    #expect(arch.ownedFiles.first?.files.count == 241)
    #expect(arch.warnings.isEmpty)
  }

  @Test func relativeFileListEntryWarns() {
    let result = cataloger.catalog(OSFixtures.file(text: "/.\n/usr\nusr/bin/x\n/usr/bin/y\n", at: "/var/lib/dpkg/info/x.list"))
    #expect(result.ownedFiles.first?.files == ["/usr", "/usr/bin/y"])
    #expect(result.warnings.map(\.input) == ["/var/lib/dpkg/info/x.list:3"])
  }
}
