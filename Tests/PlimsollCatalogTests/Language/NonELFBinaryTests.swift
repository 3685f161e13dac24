import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog

/// Go and Rust binaries in PE (Windows) and Mach-O (macOS) files: the fixtures of
/// `Tests/Fixtures/go` (cross-compiled with `GOOS=windows` and `GOOS=darwin`) and
/// `Tests/Fixtures/rust` (a `.dep-v0` section linked into a PE and a Mach-O file).
@Suite struct NonELFBinaryTests {
  let go = GoBinaryCataloger()
  let cargo = CargoAuditableCataloger()

  @Test(arguments: [
    ("go/versiondemo-windows-amd64.exe", ExecutableFormat.pe, "windows", "amd64"),
    ("go/versiondemo-darwin-arm64", ExecutableFormat.machO, "darwin", "arm64"),
  ])
  func goBuildInfoOfCrossCompiledBinaries(fixture: String, format: ExecutableFormat, goos: String, goarch: String) throws {
    let bytes = try LanguageFixtures.bytes(fixture)
    #expect(ExecutableFormat.of(bytes) == format)
    let path = "/app/versiondemo"
    let file = LanguageFixtures.file(contents: bytes, at: path, mode: 0o755)
    #expect(go.wants(file.entry))
    let result = go.catalog(file)
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let main = try #require(result.packages.first { $0.metadata["moduleRole"] == "main" })
    #expect(main.name == "example.com/versiondemo")
    // `(devel)` in the build info; `-ldflags "-X main.version=1.4.0"` gives the release.
    #expect(main.version == "v1.4.0")
    #expect(main.purl == "pkg:golang/example.com/versiondemo@v1.4.0")
    #expect(main.metadata["versionFrom"] == "-ldflags")
    #expect(main.metadata["build.GOOS"] == goos)
    #expect(main.architecture == goarch)
    #expect(result.packages.map(\.name).sorted() == ["example.com/versiondemo", "stdlib"])
    #expect(result.packages.first { $0.name == "stdlib" }?.version == "go1.19.8")
    // Neither holds a .dep-v0 section.
    #expect(cargo.catalog(file).packages.isEmpty && cargo.catalog(file).warnings.isEmpty)
  }

  @Test(arguments: [("rust/tiny-auditable.exe", ExecutableFormat.pe), ("rust/tiny-auditable-macho", ExecutableFormat.machO)])
  func cargoAuditableSectionOfPEAndMachO(fixture: String, format: ExecutableFormat) throws {
    let bytes = try LanguageFixtures.bytes(fixture)
    #expect(ExecutableFormat.of(bytes) == format)
    let file = LanguageFixtures.file(contents: bytes, at: "/app/tiny", mode: 0o755)
    let result = cargo.catalog(file)
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.packages.map(\.purl) == ["pkg:cargo/tiny@0.1.0", "pkg:cargo/itoa@1.0.11", "pkg:cargo/serde@1.0.203"])
    // Not Go: nothing from the Go cataloger, and no warning.
    #expect(go.catalog(file).packages.isEmpty && go.catalog(file).warnings.isEmpty)
  }

  @Test(arguments: [
    ("", nil), ("-s -w", nil), ("-X main.version=1.4.0", "v1.4.0"), ("-s -w -X=main.Version=v2.0.0-rc.1", "v2.0.0-rc.1"),
    ("-X 'github.com/acme/tool/internal/build.GitVersion=3.1.4+meta'", "v3.1.4+meta"),
    ("-X main.version=dev", nil), ("-X main.commit=1.2.3", nil), ("-X \"main.tag=v0.9.1\" -extldflags -static", "v0.9.1"),
  ] as [(String, String?)])
  func versionsFromLinkerFlags(ldflags: String, version: String?) {
    #expect(GoPackage.ldflagsVersion(ldflags) == version, "\(ldflags)")
  }

  /// Truncations and corruptions of PE and Mach-O files give warnings naming the file (from
  /// the Go cataloger, once) or nothing, never a crash.
  @Test(arguments: ["go/versiondemo-windows-amd64.exe", "go/versiondemo-darwin-arm64",
                    "rust/tiny-auditable.exe", "rust/tiny-auditable-macho"])
  func hostileExecutablesNeverCrash(fixture: String) throws {
    let good = try LanguageFixtures.bytes(fixture)
    var random = SplitMix64(seed: 3)
    var inputs: [[UInt8]] = (0..<40).map { _ in Array(good.prefix(Int(random.next() % UInt64(min(good.count, 70_000))))) }
    for _ in 0..<40 {
      var bytes = Array(good.prefix(70_000))
      for _ in 0..<8 {
        let index = Int(random.next() % UInt64(min(bytes.count, 4096)))
        bytes[index] = UInt8(truncatingIfNeeded: random.next())
      }
      inputs.append(bytes)
    }
    for bytes in inputs {
      let file = LanguageFixtures.file(contents: bytes, at: "/x/bin", mode: 0o755)
      for result in [go.catalog(file), cargo.catalog(file)] {
        #expect(result.warnings.allSatisfy { $0.input == "/x/bin" })
      }
    }
    let truncated = LanguageFixtures.file(contents: Array(good.prefix(200)), at: "/x/bin", mode: 0o755)
    #expect(go.catalog(truncated).packages.isEmpty)
  }

  @Test func goBuildInfoInAnUnreadFormatIsReported() throws {
    // A Go build info header inside a file that is none of ELF, PE or Mach-O.
    let elf = try LanguageFixtures.bytes("go/hello-amd64")
    var bytes = elf
    bytes.replaceSubrange(0..<4, with: Array("\u{0}asm".utf8))
    let result = go.catalog(LanguageFixtures.file(contents: bytes, at: "/app/hello.wasm", mode: 0o755))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.map(\.description) == [
      "/app/hello.wasm: executable in a format other than ELF, PE or Mach-O (starts 00 61 73 6d) holds Go build info; not read"])
  }
}
