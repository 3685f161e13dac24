import Foundation
import Testing
import ZIPFoundation
@testable import PlimsollCatalog

@Suite struct ZipReaderTests {
  func le(_ value: UInt64, _ width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
  }

  /// One stored entry whose sizes and offset live only in zip64 records.
  func zip64Archive(path: String, content: [UInt8]) -> [UInt8] {
    let name = Array(path.utf8)
    let crc = UInt64(ZlibInflate.crc32(content))
    var out = le(0x0403_4B50, 4) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc, 4)
    out += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(name.count), 2) + le(0, 2) + name + content
    let directoryOffset = out.count
    let extra = le(1, 2) + le(24, 2) + le(UInt64(content.count), 8) + le(UInt64(content.count), 8) + le(0, 8)
    var directory = le(0x0201_4B50, 4) + le(45, 2) + le(45, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc, 4)
    directory += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(UInt64(name.count), 2)
    directory += le(UInt64(extra.count), 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0xFFFF_FFFF, 4)
    directory += name + extra
    out += directory
    let recordOffset = out.count
    out += le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
    out += le(1, 8) + le(1, 8) + le(UInt64(directory.count), 8) + le(UInt64(directoryOffset), 8)
    out += le(0x0706_4B50, 4) + le(0, 4) + le(UInt64(recordOffset), 8) + le(1, 4)
    out += le(0x0605_4B50, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF, 2)
    out += le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
    return out
  }

  @Test func readsZip64Records() throws {
    let content = Array("groupId=z\nartifactId=sixty-four\nversion=6.4\n".utf8)
    let bytes = zip64Archive(path: "META-INF/maven/z/sixty-four/pom.properties", content: content)
    let reader = try ZipReader(bytes: bytes)
    let entry = try #require(reader.entries.first)
    #expect(entry.uncompressedSize == UInt64(content.count))
    #expect(try reader.extract(entry, limit: 1000) == content)
    let result = JavaArchiveCataloger().catalog(LanguageFixtures.file(contents: bytes, at: "/z.jar"))
    #expect(result.packages.map(\.purl) == ["pkg:maven/z/sixty-four@6.4"])
  }

  @Test func readsArchivesWithAPrependedLaunchScript() throws {
    let jar = try LanguageFixtures.bytes("java/commons-cli.jar")
    let script = Array("#!/bin/bash\n# launch script of an executable jar\nexec java -jar \"$0\" \"$@\"\n".utf8)
    let result = JavaArchiveCataloger().catalog(LanguageFixtures.file(contents: script + jar, at: "/app/run.jar"))
    #expect(result.warnings.isEmpty)
    #expect(result.packages.map(\.purl) == ["pkg:maven/commons-cli/commons-cli@1.5.0"])
  }

  /// Oracle: ZIPFoundation (reading the well-formed fixture from disk) gives the same paths
  /// and bytes.
  @Test(arguments: ["commons-cli.jar", "javax.inject.jar", "plexus-cipher.jar"])
  func extractMatchesZIPFoundationOnEveryEntry(fixture: String) throws {
    let url = LanguageFixtures.root.appendingPathComponent("java/" + fixture)
    let reader = try ZipReader(bytes: try LanguageFixtures.bytes("java/" + fixture))
    let oracle = try Archive(url: url, accessMode: .read)
    var oracleFiles: [String: Data] = [:]
    for entry in oracle where entry.type == .file {
      var data = Data()
      _ = try oracle.extract(entry) { data.append($0) }
      oracleFiles[entry.path] = data
    }
    var ours: [String: Data] = [:]
    for entry in reader.entries where !entry.isDirectory {
      ours[entry.path] = Data(try reader.extract(entry, limit: 1 << 20))
    }
    #expect(!ours.isEmpty)
    #expect(ours == oracleFiles)
  }

  @Test func damagedEntriesGiveSpecificErrors() throws {
    let content = Data("groupId=g\nartifactId=a\nversion=1\n".utf8)
    let stored = [UInt8](try TestZip.make([("META-INF/maven/g/a/pom.properties", content)], compression: .none))
    let reader = try ZipReader(bytes: stored)
    let entry = try #require(reader.entries.first)
    // Flip one content byte: the CRC no longer matches.
    var flipped = stored
    let dataStart = 30 + entry.path.utf8.count
    flipped[dataStart] ^= 0xFF
    #expect(throws: ZipError.corrupt("META-INF/maven/g/a/pom.properties fails its CRC-32 check")) {
      try ZipReader(bytes: flipped).extract(entry, limit: 1000)
    }
    var encrypted = entry
    encrypted.flags |= 1
    #expect(throws: ZipError.encrypted) { try reader.extract(encrypted, limit: 1000) }
    var bzip2 = entry
    bzip2.method = 12
    #expect(throws: ZipError.unsupportedCompression(method: 12)) { try reader.extract(bzip2, limit: 1000) }
    var moved = entry
    moved.localHeaderOffset = 1 << 40
    #expect(throws: ZipError.truncated("local header of META-INF/maven/g/a/pom.properties at offset 1099511627776")) {
      try reader.extract(moved, limit: 1000)
    }
    #expect(throws: ZipError.tooLarge(limit: 10)) { try reader.extract(entry, limit: 10) }
    #expect(throws: ZipError.noEndOfCentralDirectory) { try ZipReader(bytes: Array(stored.prefix(40))) }
  }
}
