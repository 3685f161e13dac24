import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Layouts that came out empty or wrong, through the scan of a root filesystem: SUSE's ndb
/// rpm database, Go and Rust binaries for Windows and macOS, npm lockfile v1 aliases, and
/// Java archives without Maven-shaped names.
@Suite struct InventoryLayoutTests {
  static let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures")

  func inventory(_ build: (Scratch) throws -> Void) async throws -> Inventory {
    let scratch = try Scratch()
    try build(scratch)
    return try await InventoryScanner(analyzers: DefaultCatalogers.analyzerSet, options: ScanOptions(cacheDirectory: nil))
      .inventory(of: try SourceResolver.resolve("rootfs:" + scratch.path + "/root"))
  }

  func copy(_ fixture: String, to path: String, in scratch: Scratch, mode: Int = 0o644) throws {
    try scratch.write("root" + path, [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(fixture))), mode: mode)
  }

  @Test func suseNdbDatabase() async throws {
    let result = try await inventory { scratch in
      try copy("rpm/Packages.db", to: "/usr/lib/sysimage/rpm/Packages.db", in: scratch)
      try scratch.write("root/etc/os-release", "ID=opensuse-leap\nVERSION_ID=15.5\n")
    }
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.packages.map(\.name) == ["plimsoll-hello", "plimsoll-libdemo", "plimsoll-tools"])
    #expect(result.packages.allSatisfy { $0.purl.hasPrefix("pkg:rpm/opensuse-leap/") })
  }

  @Test func goAndRustBinariesForWindowsAndMacOS() async throws {
    let result = try await inventory { scratch in
      try copy("go/versiondemo-windows-amd64.exe", to: "/app/versiondemo.exe", in: scratch, mode: 0o755)
      try copy("go/versiondemo-darwin-arm64", to: "/app/versiondemo", in: scratch, mode: 0o755)
      try copy("rust/tiny-auditable.exe", to: "/app/tiny.exe", in: scratch, mode: 0o755)
      try copy("rust/tiny-auditable-macho", to: "/app/tiny", in: scratch, mode: 0o755)
    }
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let purls = result.packages.map { "\($0.foundIn) \($0.purl)" }.sorted()
    #expect(purls == [
      "/app/tiny pkg:cargo/itoa@1.0.11", "/app/tiny pkg:cargo/serde@1.0.203", "/app/tiny pkg:cargo/tiny@0.1.0",
      "/app/tiny.exe pkg:cargo/itoa@1.0.11", "/app/tiny.exe pkg:cargo/serde@1.0.203", "/app/tiny.exe pkg:cargo/tiny@0.1.0",
      "/app/versiondemo pkg:golang/example.com/versiondemo@v1.4.0", "/app/versiondemo pkg:golang/stdlib@1.19.8",
      "/app/versiondemo.exe pkg:golang/example.com/versiondemo@v1.4.0", "/app/versiondemo.exe pkg:golang/stdlib@1.19.8",
    ])
  }

  @Test func npmLockfileVersion1Aliases() async throws {
    let result = try await inventory { scratch in
      try scratch.write("root/srv/app/package-lock.json", #"""
        {"name": "alias-demo", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
         "dependencies": {"canon": {"version": "npm:@tufjs/canonical-json@2.0.0"},
                          "my-isexe": {"version": "npm:isexe@3.1.1"}}}
        """#)
    }
    #expect(result.packages.map(\.purl).sorted() == [
      "pkg:npm/%40tufjs/canonical-json@2.0.0", "pkg:npm/alias-demo@1.0.0", "pkg:npm/isexe@3.1.1",
    ])
  }

  @Test func javaArchivesOfEveryKind() async throws {
    let names = ["plimsoll-demo.hpi", "elsewhere.jar", "library.jar", "demo-nar.nar", "demo-kar.kar",
                 "demo-lpkg.lpkg", "bare-tool-5.2.jar", "nameonly.jar"]
    let result = try await inventory { scratch in
      for name in names { try copy("java/generated/" + name, to: "/opt/lib/" + name, in: scratch) }
    }
    #expect(result.packages.map(\.purl).sorted() == [
      "pkg:maven/bare-tool/bare-tool@5.2", "pkg:maven/io.plimsoll/demo-kar@0.3", "pkg:maven/io.plimsoll/demo-lpkg@0.4",
      "pkg:maven/io.plimsoll/demo-nar@0.3", "pkg:maven/io.plimsoll/elsewhere-lib@3.1.4",
      "pkg:maven/io.plimsoll/pom-only@2.0.1", "pkg:maven/nameonly/nameonly",
      "pkg:maven/org.jenkins-ci.plugins/plimsoll-demo@1.4.2",
    ])
    // The one package without a version comes with a warning.
    #expect(result.warnings.map(\.input) == ["/opt/lib/nameonly.jar"])
  }
}
