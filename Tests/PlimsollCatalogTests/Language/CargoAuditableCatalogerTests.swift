import Foundation
import Testing
@testable import PlimsollCatalog

@Suite struct CargoAuditableCatalogerTests {
  let cataloger = CargoAuditableCataloger()

  @Test func readsCratesFromDepV0Section() throws {
    let file = try LanguageFixtures.file("rust/tiny-auditable", at: "/usr/bin/tiny", mode: 0o755)
    #expect(cataloger.wants(file.entry))
    let result = cataloger.catalog(file)
    #expect(result.warnings.isEmpty)
    #expect(result.packages.map(\.purl) == [
      "pkg:cargo/tiny@0.1.0", "pkg:cargo/itoa@1.0.11", "pkg:cargo/serde@1.0.203",
    ])
    #expect(result.packages[0].metadata["root"] == "true")
    #expect(result.packages[0].metadata["source"] == "local")
    #expect(result.packages[1].metadata["kind"] == "runtime")
    #expect(result.packages[1].metadata["source"] == "crates.io")
    let withBuild = CargoAuditableCataloger(includeBuildDependencies: true).catalog(file)
    #expect(withBuild.packages.map(\.name) == ["tiny", "itoa", "serde", "cc"])
    #expect(withBuild.packages[3].metadata["kind"] == "build")
    #expect(result.packages.allSatisfy { $0.type == .cargo && $0.foundIn == "/usr/bin/tiny" })
  }

  @Test func corruptCompressedSectionGivesAWarning() throws {
    var bytes = try LanguageFixtures.bytes("rust/tiny-auditable")
    let elf = try ELFFile(bytes: bytes)
    let section = try #require(elf.section(named: ".dep-v0"))
    // Flip bytes inside the deflate stream.
    for offset in Int(section.offset) + 4..<Int(section.offset) + 12 { bytes[offset] ^= 0x5A }
    let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/rust", mode: 0o755))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.count == 1)
    #expect(result.warnings.first?.message.hasPrefix("cargo-auditable .dep-v0 section: corrupt zlib data") == true)
  }

  @Test func sectionPastTheEndOfTheFileGivesAWarning() throws {
    var bytes = try LanguageFixtures.bytes("rust/tiny-auditable")
    let elf = try ELFFile(bytes: bytes)
    let index = try #require(elf.sections.firstIndex { $0.name == ".dep-v0" })
    // Rewrite sh_offset (64-bit LE, at +24 in the section header) to point past the end.
    let shoff = Int(ELFFile.decode(bytes[40..<48], littleEndian: true))
    let at = shoff + index * 64 + 24
    for (position, byte) in TestELFWriter(is64Bit: true, littleEndian: true)
      .integer(0x10_0000, width: 8).enumerated() { bytes[at + position] = byte }
    let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/rust", mode: 0o755))
    #expect(result.warnings.first?.message
      == "cargo-auditable .dep-v0 section lies outside the file (offset 1048576, size 149)")
  }

  @Test func inflateStopsAtItsLimit() throws {
    let json = try LanguageFixtures.bytes("rust/dep-v0.json")
    let elf = try ELFFile(bytes: try LanguageFixtures.bytes("rust/tiny-auditable"))
    let data = try #require(elf.section(named: ".dep-v0").flatMap { elf.data(of: $0) })
    #expect(try ZlibInflate.inflate(data, limit: 1 << 20) == json)
    #expect(throws: ZlibInflateError.tooLarge(limit: 100)) { try ZlibInflate.inflate(data, limit: 100) }
    #expect(throws: ZlibInflateError.truncated) { try ZlibInflate.inflate(data.prefix(40), limit: 1 << 20) }
  }

  @Test func binaryWithoutSectionYieldsNothing() throws {
    let file = try LanguageFixtures.file("go/hello-amd64", at: "/bin/hello", mode: 0o755)
    let result = cataloger.catalog(file)
    #expect(result.packages.isEmpty && result.warnings.isEmpty)
  }
}
