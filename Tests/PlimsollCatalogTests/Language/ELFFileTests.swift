import Testing
@testable import PlimsollCatalog

@Suite struct ELFFileTests {
  func put(_ value: UInt64, width: Int, at offset: Int, in bytes: inout [UInt8]) {
    for index in 0..<width { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
  }

  @Test func readsSectionsAndSegmentsOfARealBinary() throws {
    let elf = try ELFFile(bytes: try LanguageFixtures.bytes("go/hello-amd64"))
    #expect(elf.is64Bit && elf.isLittleEndian)
    #expect(elf.machine == 62)
    #expect(elf.sections.count == 14)
    #expect(elf.sections.map(\.name).contains(".go.buildinfo"))
    #expect(elf.segments.contains { $0.isLoadable })
    let section = try #require(elf.section(named: ".go.buildinfo"))
    // The same bytes through the section table and through the segments.
    #expect(elf.read(virtualAddress: section.address, count: 16) == elf.data(of: section)?.prefix(16))
  }

  /// ELF extended numbering: section count and name-table index kept in section header 0.
  @Test func readsExtendedSectionNumbering() throws {
    var bytes = try LanguageFixtures.bytes("go/hello-amd64")
    let original = try ELFFile(bytes: bytes)
    let shoff = Int(ELFFile.decode(bytes[40..<48], littleEndian: true))
    let shstrndx = Int(ELFFile.decode(bytes[62..<64], littleEndian: true))
    put(0, width: 2, at: 60, in: &bytes)  // e_shnum = 0
    put(0xFFFF, width: 2, at: 62, in: &bytes)  // e_shstrndx = SHN_XINDEX
    put(UInt64(original.sections.count), width: 8, at: shoff + 32, in: &bytes)  // sh_size of section 0
    put(UInt64(shstrndx), width: 4, at: shoff + 40, in: &bytes)  // sh_link of section 0
    let extended = try ELFFile(bytes: bytes)
    #expect(extended.sections.map(\.name) == original.sections.map(\.name))
  }

  @Test func rejectsBadIdentification() throws {
    var bytes = try LanguageFixtures.bytes("go/hello-amd64")
    #expect(throws: ELFError.notELF) { try ELFFile(bytes: Array("#!/bin/sh".utf8)) }
    bytes[4] = 3
    #expect(throws: ELFError.unsupportedIdent(field: "class", value: 3)) { try ELFFile(bytes: bytes) }
    bytes[4] = 2
    bytes[5] = 0
    #expect(throws: ELFError.unsupportedIdent(field: "data encoding", value: 0)) { try ELFFile(bytes: bytes) }
  }

  @Test func hugeSectionCountIsATruncationNotAnOverflow() throws {
    var bytes = try LanguageFixtures.bytes("go/hello-amd64")
    let shoff = Int(ELFFile.decode(bytes[40..<48], littleEndian: true))
    put(0, width: 2, at: 60, in: &bytes)
    put(UInt64.max / 8, width: 8, at: shoff + 32, in: &bytes)
    #expect(throws: ELFError.self) { try ELFFile(bytes: bytes) }
    #expect(GoBinaryCataloger().catalog(LanguageFixtures.file(contents: bytes, at: "/b", mode: 0o755))
      .warnings.first?.message.hasPrefix("truncated ELF: section header table needs") == true)
  }
}
