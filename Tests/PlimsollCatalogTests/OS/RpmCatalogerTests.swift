import Foundation
import PlimsollFindings
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog
import PlimsollLayers

/// Encodes rpm headers for tests: index entries over a data store, big-endian.
struct RpmHeaderBuilder {
  var entries: [(tag: UInt32, type: UInt32, offset: Int32, count: UInt32)] = []
  var store: [UInt8] = []

  mutating func add(_ tag: RpmHeader.Tag, string: String) {
    align(1)
    entries.append((tag.rawValue, 6, Int32(store.count), 1))
    store += Array(string.utf8) + [0]
  }

  mutating func add(_ tag: RpmHeader.Tag, strings: [String]) {
    entries.append((tag.rawValue, 8, Int32(store.count), UInt32(strings.count)))
    for string in strings { store += Array(string.utf8) + [0] }
  }

  mutating func add(_ tag: RpmHeader.Tag, int32s: [UInt32]) {
    align(4)
    entries.append((tag.rawValue, 4, Int32(store.count), UInt32(int32s.count)))
    for value in int32s { store += Self.bigEndian(value) }
  }

  mutating func addRaw(tag: UInt32, type: UInt32, offset: Int32, count: UInt32) {
    entries.append((tag, type, offset, count))
  }

  mutating func align(_ width: Int) {
    while store.count % width != 0 { store.append(0) }
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
  }

  var blob: [UInt8] {
    var out = Self.bigEndian(UInt32(entries.count)) + Self.bigEndian(UInt32(store.count))
    for entry in entries {
      out += Self.bigEndian(entry.tag) + Self.bigEndian(entry.type)
        + Self.bigEndian(UInt32(bitPattern: entry.offset)) + Self.bigEndian(entry.count)
    }
    return out + store
  }

  /// A well-formed header of package `name`.
  static func package(_ name: String = "demo") -> RpmHeaderBuilder {
    var builder = RpmHeaderBuilder()
    builder.add(.name, string: name)
    builder.add(.version, string: "1.0")
    builder.add(.release, string: "1.el9")
    builder.add(.arch, string: "x86_64")
    builder.add(.sourceRPM, string: "demo-src-1.0-1.el9.src.rpm")
    builder.add(.license, string: "MIT")
    return builder
  }
}

@Suite struct RpmCatalogerTests {
  let cataloger = RpmCataloger()
  let path = "/var/lib/rpm/rpmdb.sqlite"

  /// `NAME EPOCH VERSION RELEASE ARCH SOURCERPM LICENSE VENDOR` rows as `rpm -qa --qf` prints them.
  func rows(_ packages: [Package]) -> [String] {
    packages.map { package in
      let release = package.metadata["release"] ?? "(none)"
      var version = package.version
      if let epoch = package.metadata["epoch"] { version.removeFirst(epoch.count + 1) }
      if release != "(none)" { version.removeLast(release.count + 1) }
      return [package.name, package.metadata["epoch"] ?? "(none)", version, release,
              package.architecture ?? "(none)", package.metadata["sourceRpm"] ?? "(none)",
              package.licenses.first ?? "(none)", package.metadata["vendor"] ?? "(none)"]
        .joined(separator: "\t")
    }.sorted()
  }

  func fileRows(_ packages: [Package]) -> [String] {
    packages.flatMap { package in package.files.map { "\(package.name)\t\($0)" } }.sorted()
  }

  func lines(_ url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init).sorted()
  }

  func checkAgainstOracle(directory: URL) throws {
    let file = LayerFile(entry: EntryInfo(path: path, size: 0, mode: 0o644),
                           contents: [UInt8](try Data(contentsOf: directory.appendingPathComponent("rpmdb.sqlite"))))
    let result = cataloger.catalog(file)
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(rows(result.packages) == (try lines(directory.appendingPathComponent("expected.tsv"))))
    #expect(fileRows(result.packages) == (try lines(directory.appendingPathComponent("files.tsv"))))
  }

  @Test func wantsSQLiteBerkeleyAndNdbDatabases() {
    for wanted in ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages",
                   "/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db"] {
      #expect(cataloger.wants(EntryInfo(path: wanted, size: 1, mode: 0o644)))
    }
    for other in ["/var/lib/rpm/Name", "/var/lib/rpm/rpmdb.sqlite-shm", "/srv/var/lib/rpm/rpmdb.sqlite"] {
      #expect(!cataloger.wants(EntryInfo(path: other, size: 1, mode: 0o644)))
    }
  }

  @Test func committedDatabaseMatchesRpmQuery() throws {
    try checkAgainstOracle(directory: OSFixtures.url("rpm/unit"))
  }

  @Test(.enabled(if: Requirement.runs(when: OSFixtures.which("rpmbuild") != nil && OSFixtures.which("rpm") != nil),
                 "rpm or rpmbuild is not installed (Debian package rpm)"))
  func freshlyBuiltDatabaseMatchesRpmQuery() throws {
    let directory = try OSFixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try OSFixtures.run("/bin/sh", [OSFixtures.url("rpm/unit/build-rpmdb.sh").path, directory.path])
    try checkAgainstOracle(directory: directory)
  }

  @Test func walModeDatabaseIsReadInMemory() throws {
    var bytes = try OSFixtures.bytes("rpm/unit/rpmdb.sqlite")
    #expect(bytes.starts(with: Array("SQLite format 3\u{0}".utf8)))
    // rpm leaves its database in WAL mode (header bytes 18 and 19 set to 2).
    bytes[18] = 2
    bytes[19] = 2
    let result = cataloger.catalog(LayerFile(entry: EntryInfo(path: path, size: Int64(bytes.count), mode: 0o644),
                                               contents: bytes))
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.packages.count == 4)
  }

  @Test func packageFieldsFromTheFixture() throws {
    let result = cataloger.catalog(try OSFixtures.file("rpm/unit/rpmdb.sqlite", at: "/usr/lib/sysimage/rpm/rpmdb.sqlite"))
    let byName = Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let tool = try #require(byName["plimsoll-tool"])
    #expect(tool.version == "2:1.4.2-3.pf1")
    #expect(tool.metadata["epoch"] == "2")
    #expect(tool.metadata["release"] == "3.pf1")
    #expect(tool.sourceName == "plimsoll-fixture")
    #expect(tool.sourceVersion == "2:1.4.2-3.pf1")
    #expect(tool.licenses == ["GPL-2.0-or-later"])
    #expect(tool.files == ["/usr/bin/plimsoll-tool"])
    #expect(tool.foundIn == "/usr/lib/sysimage/rpm/rpmdb.sqlite")
    let plain = try #require(byName["plimsoll-plain"])
    #expect(plain.version == "0.9-1")
    #expect(plain.metadata["epoch"] == nil)
    #expect(plain.sourceName == "plimsoll-plain")
    #expect(plain.sourceVersion == "0.9-1")
  }

  /// SUSE's ndb `Packages.db` holding the headers of `rpmdb.sqlite`
  /// (`scripts/build-rpmdb-ndb-fixture`) gives the same packages as the SQLite database.
  @Test func ndbDatabaseMatchesTheSameHeadersInSQLite() throws {
    let ndbPath = "/usr/lib/sysimage/rpm/Packages.db"
    let ndb = cataloger.catalog(try OSFixtures.file("rpm/Packages.db", at: ndbPath))
    let sqlite = cataloger.catalog(try OSFixtures.file("rpm/rpmdb.sqlite", at: path))
    #expect(ndb.warnings.isEmpty, "\(ndb.warnings)")
    #expect(ndb.packages.count == 3)
    #expect(rows(ndb.packages) == rows(sqlite.packages))
    #expect(fileRows(ndb.packages) == fileRows(sqlite.packages))
    #expect(ndb.packages.allSatisfy { $0.foundIn == ndbPath })
    let expectedNames = try lines(OSFixtures.url("rpm/expected.tsv")).map { $0.split(separator: "\t")[0] }
    #expect(ndb.packages.map { Substring($0.name) }.sorted() == expectedNames.sorted())
  }

  /// Hostile ndb files: every truncation and many corruptions of the fixture end in warnings
  /// naming the file, never a crash, and an intact blob is still read.
  @Test func ndbHostileInputGivesWarningsNotCrashes() throws {
    let ndbPath = "/usr/lib/sysimage/rpm/Packages.db"
    let good = try OSFixtures.bytes("rpm/Packages.db")
    func read(_ bytes: [UInt8]) -> CatalogResult {
      cataloger.catalog(LayerFile(entry: EntryInfo(path: ndbPath, size: Int64(bytes.count), mode: 0o644), contents: bytes))
    }
    for length in stride(from: 0, to: good.count, by: 7) {
      let result = read(Array(good.prefix(length)))
      #expect(!result.warnings.isEmpty || result.packages.count == 3, "length \(length)")
      #expect(result.warnings.allSatisfy { $0.input.hasPrefix(ndbPath) })
    }
    var random = SplitMix64(seed: 20)
    for _ in 0..<300 {
      var bytes = good
      for _ in 0..<4 {
        bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
      }
      let result = read(bytes)
      #expect(result.warnings.allSatisfy { $0.input.hasPrefix(ndbPath) })
    }
    // A flipped byte inside the second blob fails its checksum; the other two are read.
    var flipped = good
    flipped[4096 + 0x8e * 16 + 40] ^= 0xff
    let partial = read(flipped)
    #expect(partial.packages.count == 2)
    #expect(partial.warnings.map(\.description) == [
      "\(ndbPath)#Packages[pkgidx=2]: rpm ndb blob fails its Adler-32 checksum; skipped"])
    // A slot pointing past the end of the file.
    var outside = good
    outside[0x28] = 0xff
    outside[0x29] = 0xff
    #expect(read(outside).warnings.first?.message.contains("outside the blob area") == true)
    #expect(read(Array("not an ndb file at all, but long enough".utf8)).warnings.first?.message
      == "not an rpm ndb database (no RpmP magic); no packages read")
  }

  @Test func unsupportedFormatsWarnClearly() {
    let notBDB = cataloger.catalog(OSFixtures.file(text: String(repeating: "x", count: 4096), at: "/var/lib/rpm/Packages"))
    #expect(notBDB.packages.isEmpty)
    #expect(notBDB.warnings.map(\.message) == [
      "not a Berkeley DB hash or btree database (bad magic); rpm packages in this database are not listed"])
    let tiny = cataloger.catalog(OSFixtures.file(text: "anything", at: "/var/lib/rpm/Packages"))
    #expect(tiny.warnings.first?.message.hasPrefix("Berkeley DB file is truncated") == true)
  }

  @Test(arguments: ["Packages", "Packages-btree"])
  func berkeleyDatabaseMatchesTheCommittedRows(fixture: String) throws {
    let bdbPath = "/var/lib/rpm/Packages"
    let result = cataloger.catalog(try OSFixtures.file("rpm/unit/\(fixture)", at: bdbPath))
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.packages.allSatisfy { $0.foundIn == bdbPath })
    #expect(rows(result.packages) == (try lines(OSFixtures.url("rpm/unit/expected.tsv"))))
    #expect(fileRows(result.packages) == (try lines(OSFixtures.url("rpm/unit/files.tsv"))))
  }

  @Test(.enabled(if: Requirement.runs(when: OSFixtures.which("rpm") != nil),
                 "rpm is not installed (Debian package rpm)"),
        arguments: ["Packages", "Packages-btree"])
  func berkeleyDatabaseMatchesRpmQuery(fixture: String) throws {
    let result = cataloger.catalog(try OSFixtures.file("rpm/unit/\(fixture)", at: "/var/lib/rpm/Packages"))
    let rpm = try #require(OSFixtures.which("rpm"), "rpm is not installed (Debian package rpm)")
    // rpm's own read-only Berkeley DB reader is the oracle for this file.
    let directory = try OSFixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.copyItem(at: OSFixtures.url("rpm/unit/\(fixture)"), to: directory.appendingPathComponent("Packages"))
    let output = try OSFixtures.run(rpm, [
      "--dbpath", directory.path, "--define", "_db_backend bdb_ro", "-qa", "--qf",
      "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\t%{VENDOR}\\n",
    ])
    #expect(rows(result.packages) == output.split(separator: "\n").map(String.init).sorted())
  }

  @Test func berkeleyOverflowLoopIsReported() throws {
    var bytes = try OSFixtures.bytes("rpm/unit/Packages")
    let pageSize = 4096
    // Point the first overflow page's next-page field at itself.
    let page = try #require((1..<(bytes.count / pageSize)).first { bytes[$0 * pageSize + 25] == 7 })
    let at = page * pageSize + 16
    bytes[at] = UInt8(page & 0xff); bytes[at + 1] = UInt8(page >> 8 & 0xff); bytes[at + 2] = 0; bytes[at + 3] = 0
    let result = cataloger.catalog(LayerFile(entry: EntryInfo(path: "/var/lib/rpm/Packages", size: 0, mode: 0o644),
                                               contents: bytes))
    #expect(result.packages.count == 3)
    #expect(result.warnings.count == 1)
    #expect(result.warnings.first?.input.hasPrefix("/var/lib/rpm/Packages#Packages[hnum=") == true)
  }

  @Test func deletedBtreeRecordsAreSkipped() throws {
    var bytes = try OSFixtures.bytes("rpm/unit/Packages-btree")
    let pageSize = 4096
    let leaf = try #require((1..<(bytes.count / pageSize)).first { bytes[$0 * pageSize + 25] == 5 })
    let base = leaf * pageSize
    // Mark the third key on the leaf (the first is rpm's instance counter) as deleted.
    let keyOffset = Int(bytes[base + 26 + 4]) | Int(bytes[base + 26 + 5]) << 8
    bytes[base + keyOffset + 2] |= 0x80
    let result = cataloger.catalog(LayerFile(entry: EntryInfo(path: "/var/lib/rpm/Packages", size: 0, mode: 0o644),
                                               contents: bytes))
    #expect(result.warnings.isEmpty)
    #expect(result.packages.count == 3)
  }

  @Test(arguments: ["Packages", "Packages-btree"])
  func damagedBerkeleyFilesNeverTrap(fixture: String) throws {
    let original = try OSFixtures.bytes("rpm/unit/\(fixture)")
    let bdbPath = "/var/lib/rpm/Packages"
    for length in stride(from: 0, through: original.count, by: 512) {
      let result = cataloger.catalog(LayerFile(entry: EntryInfo(path: bdbPath, size: 0, mode: 0o644),
                                                 contents: Array(original.prefix(length))))
      #expect(result.packages.count <= 4)
      if length < original.count { #expect(!result.warnings.isEmpty, "cut at \(length)") }
    }
    var generator = SplitMix64(seed: 7)
    for _ in 0..<3000 {
      var bytes = original
      for _ in 0..<4 {
        let index = Int(generator.next() % UInt64(bytes.count))
        bytes[index] = UInt8(truncatingIfNeeded: generator.next())
      }
      let result = cataloger.catalog(LayerFile(entry: EntryInfo(path: bdbPath, size: 0, mode: 0o644), contents: bytes))
      for warning in result.warnings { #expect(warning.input.hasPrefix(bdbPath)) }
    }
  }

  @Test func notADatabaseWarns() {
    let garbage = cataloger.catalog(OSFixtures.file(text: String(repeating: "not sqlite ", count: 100), at: path))
    #expect(garbage.packages.isEmpty)
    #expect(garbage.warnings.count == 1)
    #expect(garbage.warnings.first?.message.hasPrefix("unreadable rpm SQLite database") == true)
    let empty = cataloger.catalog(OSFixtures.file(text: "", at: path))
    #expect(empty.warnings.first?.message.contains("no Packages table") == true)
  }

  @Test func truncatedDatabaseFileWarnsWithoutCrashing() throws {
    let bytes = try OSFixtures.bytes("rpm/unit/rpmdb.sqlite")
    for length in stride(from: 0, to: bytes.count, by: 4096 / 2) {
      let file = LayerFile(entry: EntryInfo(path: path, size: Int64(length), mode: 0o644),
                             contents: Array(bytes.prefix(length)))
      let result = cataloger.catalog(file)
      #expect(result.packages.count <= 4)
    }
  }

  @Test func everyTruncationOfARealHeaderIsAnError() throws {
    let rows = RpmCataloger.headerBlobs(try OSFixtures.bytes("rpm/unit/rpmdb.sqlite"), path: path).rows
    #expect(rows.count == 4)
    let blob = try #require(rows.first?.blob)
    #expect((try? RpmCataloger.packageFromHeader(blob, path: path).get()) != nil)
    for length in 0..<blob.count {
      switch RpmCataloger.packageFromHeader(Array(blob.prefix(length)), path: path) {
      case .success: Issue.record("a header cut to \(length) of \(blob.count) bytes was accepted")
      case .failure: break
      }
    }
  }

  @Test func flippedBytesNeverCrash() throws {
    let rows = RpmCataloger.headerBlobs(try OSFixtures.bytes("rpm/unit/rpmdb.sqlite"), path: path).rows
    var generator = SplitMix64(seed: 0x5eed)
    for row in rows {
      for _ in 0..<2000 {
        var blob = row.blob
        for _ in 0..<3 {
          let index = Int(generator.next() % UInt64(blob.count))
          blob[index] = UInt8(truncatingIfNeeded: generator.next())
        }
        _ = RpmCataloger.packageFromHeader(blob, path: path)
      }
    }
  }

  @Test func craftedHeaders() {
    let good = RpmHeaderBuilder.package()
    let package = try? RpmCataloger.packageFromHeader(good.blob, path: path).get()
    #expect(package?.version == "1.0-1.el9")
    #expect(package?.sourceName == "demo-src")
    #expect(package?.sourceVersion == "1.0-1.el9")

    var unknownType = RpmHeaderBuilder.package()
    unknownType.addRaw(tag: 5000, type: 42, offset: 0, count: 1)
    var pastEnd = RpmHeaderBuilder.package()
    pastEnd.addRaw(tag: RpmHeader.Tag.epoch.rawValue, type: 4, offset: Int32(pastEnd.store.count), count: 1)
    var negative = RpmHeaderBuilder.package()
    negative.addRaw(tag: 5001, type: 6, offset: -4, count: 1)
    var hugeCount = RpmHeaderBuilder.package()
    hugeCount.addRaw(tag: RpmHeader.Tag.dirIndexes.rawValue, type: 4, offset: 0, count: 0x4000_0000)
    var badDirIndex = RpmHeaderBuilder.package()
    badDirIndex.add(.baseNames, strings: ["a", "b"])
    badDirIndex.add(.dirNames, strings: ["/usr/"])
    badDirIndex.add(.dirIndexes, int32s: [0, 1])
    var mismatched = RpmHeaderBuilder.package()
    mismatched.add(.baseNames, strings: ["a", "b"])
    mismatched.add(.dirNames, strings: ["/usr/"])
    mismatched.add(.dirIndexes, int32s: [0])
    var unterminated = RpmHeaderBuilder()
    unterminated.add(.version, string: "1")
    unterminated.addRaw(tag: RpmHeader.Tag.name.rawValue, type: 6, offset: Int32(unterminated.store.count), count: 1)
    unterminated.store += Array("abc".utf8)
    var wrongType = RpmHeaderBuilder()
    wrongType.add(.name, int32s: [7])
    wrongType.add(.version, string: "1")
    var noName = RpmHeaderBuilder()
    noName.add(.version, string: "1")
    var badRegion = RpmHeaderBuilder.package()
    badRegion.addRaw(tag: 63, type: 7, offset: 0, count: 99)
    let zeroEntries = RpmHeaderBuilder.bigEndian(0) + RpmHeaderBuilder.bigEndian(0)
    let giantCount = RpmHeaderBuilder.bigEndian(0xffff_ffff) + RpmHeaderBuilder.bigEndian(16)

    let cases: [(String, [UInt8], String)] = [
      ("unknown type", unknownType.blob, "unknown type 42"),
      ("int past the end", pastEnd.blob, "truncated"),
      ("negative offset", negative.blob, "outside"),
      ("huge count", hugeCount.blob, "outside"),
      ("dir index out of range", badDirIndex.blob, "DIRINDEXES value 1"),
      ("mismatched file arrays", mismatched.blob, "2 BASENAMES but 1 DIRINDEXES"),
      ("unterminated string", unterminated.blob, "runs past"),
      ("name not a string", wrongType.blob, "a string was expected"),
      ("no name", noName.blob, "no NAME"),
      ("bad region", badRegion.blob, "region tag 63"),
      ("zero entries", zeroEntries, "entry count 0"),
      ("giant entry count", giantCount, "out of range"),
    ]
    for (label, blob, expected) in cases {
      switch RpmCataloger.packageFromHeader(blob, path: path) {
      case .success: Issue.record("\(label): accepted")
      case .failure(let error):
        #expect(error.description.contains(expected), "\(label): \(error)")
      }
    }
  }

  @Test func relocatedHeaderUsesTheDribbleEntries() throws {
    let blob = try OSFixtures.bytes("rpm/unit/eldk-sysvinit.header")
    let package = try #require(try RpmCataloger.packageFromHeader(blob, path: "/var/lib/rpm/Packages").get())
    #expect(package.name == "SysVinit-ppc_82xx")
    #expect(package.version == "2.84-5_1")
    #expect(package.architecture == "ppc")
    #expect(package.sourceName == "SysVinit")
    #expect(package.licenses == ["GPL"])
    #expect(package.files == (try String(contentsOf: OSFixtures.url("rpm/unit/eldk-sysvinit.files"), encoding: .utf8)
      .split(separator: "\n").map(String.init)))
  }

  @Test func gpgPubkeyEntriesAreNotPackages() {
    var key = RpmHeaderBuilder()
    key.add(.name, string: "gpg-pubkey")
    key.add(.version, string: "fd431d51")
    key.add(.release, string: "4ae0493b")
    switch RpmCataloger.packageFromHeader(key.blob, path: path) {
    case .success(let package): #expect(package == nil)
    case .failure(let error): Issue.record("gpg-pubkey header rejected: \(error)")
    }
  }

  @Test(arguments: [
    ("openssl-3.0.7-25.el9_3.src.rpm", "openssl", "3.0.7", "25.el9_3"),
    ("python3.11-3.11.5-1.el9.src.rpm", "python3.11", "3.11.5", "1.el9"),
    ("kernel-rt-5.14.0-362.el9.nosrc.rpm", "kernel-rt", "5.14.0", "362.el9"),
  ])
  func sourceRPMNames(fileName: String, name: String, version: String, release: String) throws {
    let parsed = try #require(RpmCataloger.parseSourceRPM(fileName))
    #expect(parsed.name == name && parsed.version == version && parsed.release == release)
  }

  @Test func malformedSourceRPMNamesAreNotSplit() {
    #expect(RpmCataloger.parseSourceRPM("openssl.src.rpm") == nil)
    #expect(RpmCataloger.parseSourceRPM("openssl-3.0.7.tar.gz") == nil)
    #expect(RpmCataloger.parseSourceRPM("-1-2.src.rpm") == nil)
  }
}
