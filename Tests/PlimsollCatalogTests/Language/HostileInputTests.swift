import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog

/// Corrupted copies of real files must give packages or warnings, never a crash.
@Suite struct HostileInputTests {
  func mutations(of original: [UInt8], count: Int, region: Range<Int>, seed: UInt64) -> [[UInt8]] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      var bytes = original
      for _ in 0..<Int.random(in: 1...8, using: &random) {
        let index = Int.random(in: region.clamped(to: 0..<bytes.count), using: &random)
        bytes[index] = UInt8.random(in: 0...255, using: &random)
      }
      if Bool.random(using: &random) { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random))) }
      return bytes
    }
  }

  @Test func mutatedGoBinariesNeverCrash() throws {
    let original = try LanguageFixtures.bytes("go/hello-amd64")
    let elf = try ELFFile(bytes: original)
    let buildInfo = try #require(elf.section(named: ".go.buildinfo"))
    let cataloger = GoBinaryCataloger()
    var outcomes = 0
    // Headers and section table, then the build info itself.
    for (region, seed) in [(0..<1400, UInt64(1)), (Int(buildInfo.offset)..<Int(buildInfo.offset + buildInfo.size), 2)] {
      for bytes in mutations(of: original, count: 150, region: region, seed: seed) {
        let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/m", mode: 0o755))
        outcomes += result.packages.count + result.warnings.count
        #expect(result.warnings.allSatisfy { $0.input == "/bin/m" && !$0.message.isEmpty })
      }
    }
    #expect(outcomes > 0)
  }

  @Test func mutatedRustBinariesNeverCrash() throws {
    let original = try LanguageFixtures.bytes("rust/tiny-auditable")
    let cataloger = CargoAuditableCataloger()
    for bytes in mutations(of: original, count: 300, region: 0x3000..<original.count, seed: 3) {
      let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/r", mode: 0o755))
      #expect(result.warnings.allSatisfy { $0.input == "/bin/r" })
    }
  }

  @Test func mutatedJarsNeverCrash() throws {
    let original = try LanguageFixtures.bytes("java/plexus-cipher.jar")
    let cataloger = JavaArchiveCataloger()
    var warned = 0
    // The central directory sits at the end; local headers and data at the start.
    for (region, seed) in [(original.count - 2000..<original.count, UInt64(4)), (0..<original.count, 5)] {
      for bytes in mutations(of: original, count: 150, region: region, seed: seed) {
        let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/j.jar"))
        warned += result.warnings.count
        #expect(result.warnings.allSatisfy { $0.input.hasPrefix("/j.jar") })
      }
    }
    #expect(warned > 0)
  }

  @Test func mutatedJSONAndMetadataNeverCrash() throws {
    let lock = try LanguageFixtures.bytes("npm/lock-v3/package-lock.json")
    let metadata = try LanguageFixtures.bytes("python/jmespath-1.1.0.dist-info/METADATA")
    for bytes in mutations(of: lock, count: 200, region: 0..<lock.count, seed: 6) {
      _ = NpmLockCataloger().catalog(LanguageFixtures.file(contents: bytes, at: "/a/package-lock.json"))
    }
    for bytes in mutations(of: metadata, count: 200, region: 0..<metadata.count, seed: 7) {
      _ = PythonPackageCataloger().catalog(LanguageFixtures.file(contents: bytes, at: "/p/x-1.dist-info/METADATA"))
    }
  }
}
