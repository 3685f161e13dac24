import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog

@Suite struct GoBinaryCatalogerTests {
  let cataloger = GoBinaryCataloger()

  func packages(_ result: CatalogResult) -> [String: Package] {
    Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func readsModulesOfARealGo119Binary() throws {
    let file = try LanguageFixtures.file("go/hello-amd64", at: "/usr/local/bin/hello", mode: 0o755)
    #expect(cataloger.wants(file.entry))
    let result = cataloger.catalog(file)
    #expect(result.warnings.isEmpty)
    let byName = packages(result)
    #expect(result.packages.count == 3)
    let main = try #require(byName["example.com/hello"])
    #expect(main.version == "(devel)")
    #expect(main.purl == "pkg:golang/example.com/hello@%28devel%29")
    #expect(main.metadata["develVersion"] == "true")
    #expect(main.metadata["moduleRole"] == "main")
    #expect(main.architecture == "amd64")
    #expect(main.metadata["build.GOOS"] == "linux")
    let dep = try #require(byName["example.com/greet"])
    #expect(dep.version == "v1.2.3")
    #expect(dep.purl == "pkg:golang/example.com/greet@v1.2.3")
    #expect(dep.metadata["replacedByDirectory"] == "../greet")
    let stdlib = try #require(byName["stdlib"])
    #expect(stdlib.version == "go1.19.8")
    #expect(stdlib.purl == "pkg:golang/stdlib@1.19.8")
    #expect(stdlib.licenses == ["BSD-3-Clause"])
    #expect(stdlib.metadata["goVersion"] == "go1.19.8")
    #expect(stdlib.metadata["mainModule"] == "example.com/hello")
    #expect(stdlib.foundIn == "/usr/local/bin/hello")
  }

  @Test func readsABigEndianBinary() throws {
    let file = try LanguageFixtures.file("go/hello-s390x", at: "/app/hello", mode: 0o755)
    let elf = try ELFFile(bytes: file.contents)
    #expect(!elf.isLittleEndian && elf.is64Bit)
    let result = cataloger.catalog(file)
    #expect(result.warnings.isEmpty)
    #expect(result.packages.map(\.name).sorted() == ["example.com/greet", "example.com/hello", "stdlib"])
    #expect(result.packages.first?.architecture == "s390x")
  }

  /// The Debian-built binaries carry a Go version but no module lines (GOPATH builds).
  @Test(.enabled(if: Requirement.file("/usr/bin/fzf") && Requirement.file("/usr/bin/age"),
                 "fzf or age is not installed (scripts/install-deps installs them)"),
        arguments: ["/usr/bin/fzf", "/usr/bin/age"])
  func matchesGoVersionOfInstalledDebianBinaries(path: String) throws {
    let contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let result = cataloger.catalog(LanguageFixtures.file(contents: contents, at: path, mode: 0o755))
    #expect(result.warnings.isEmpty)
    let stdlib = try #require(result.packages.first { $0.name == "stdlib" })
    let mainPath = path.hasSuffix("fzf") ? "github.com/junegunn/fzf" : "filippo.io/age/cmd/age"
    #expect(result.packages.map(\.name) == [mainPath, "stdlib"])
    #expect(result.packages.first?.version == "(devel)")
    #expect(result.packages.first?.metadata["fromPackagePath"] == "true")
    // `strings` on the binary shows the same text; the version is whatever Debian built with.
    let marker = Array("path\t".utf8)
    #expect(contents.firstRange(of: marker) != nil)
    #expect(stdlib.version.hasPrefix("go1."))
    #expect(stdlib.metadata["mainPackage"] == (path.hasSuffix("fzf") ? "github.com/junegunn/fzf" : "filippo.io/age/cmd/age"))
    #expect(stdlib.metadata["build.GOARCH"] != nil)
    let goVersion = try goToolVersion(of: path)
    if let goVersion { #expect(stdlib.version == goVersion) }
  }

  static let goTool = ["/usr/bin/go", "/usr/local/go/bin/go", "/usr/lib/go/bin/go"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
  }

  /// `go version` of a binary (`path: go1.19.8`), when the go tool is installed.
  func goToolVersion(of path: String) throws -> String? {
    guard let tool = Self.goTool else {
      print("go tool not installed: compared against the binary's own text only")
      return nil
    }
    let line = try run(tool, ["version", path])
    return line.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
  }

  /// Oracle: the modules `go version -m` lists, with versioned replacements applied, equal
  /// the packages found. Extra binaries can be named in PLIMSOLL_GO_ORACLE_BINARIES (`:`-separated).
  @Test(.enabled(if: Requirement.runs(when: goTool != nil),
                 "the go tool is not installed (Debian package golang-go)"))
  func matchesGoVersionMOutput() throws {
    let tool = try #require(Self.goTool, "the go tool is not installed (Debian package golang-go)")
    var paths = ["go/hello-amd64", "go/hello-s390x"].map { LanguageFixtures.root.appendingPathComponent($0).path }
    paths += ["/usr/bin/fzf", "/usr/bin/age"]
    paths += (ProcessInfo.processInfo.environment["PLIMSOLL_GO_ORACLE_BINARIES"] ?? "").split(separator: ":").map(String.init)
    var compared = 0
    for path in paths where FileManager.default.isReadableFile(atPath: path) {
      let output = try run(tool, ["version", "-m", path])
      var expected: Set<String> = []
      var pending: (String, String)?
      var mainPackage: String?
      var goVersion = ""
      for (index, line) in output.split(separator: "\n").enumerated() {
        if index == 0 { goVersion = String(line.split(separator: " ").last ?? ""); continue }
        let fields = line.trimmingCharacters(in: .whitespaces).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        switch fields.first {
        case "path": mainPackage = fields.count > 1 ? fields[1] : nil
        case "mod", "dep":
          if let pending { expected.insert(pending.0 + "@" + pending.1) }
          pending = (fields[1], fields.count > 2 ? fields[2] : "")
        case "=>":
          if fields.count > 2, !fields[2].isEmpty, fields[2] != "(devel)" { pending = (fields[1], fields[2]) }
        default: continue
        }
      }
      if let pending { expected.insert(pending.0 + "@" + pending.1) }
      if expected.isEmpty, let mainPackage { expected.insert(mainPackage + "@(devel)") }
      expected.insert("stdlib@" + goVersion)
      let contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      let result = cataloger.catalog(LanguageFixtures.file(contents: contents, at: path, mode: 0o755))
      #expect(result.warnings.isEmpty, "\(path)")
      #expect(Set(result.packages.map { $0.name + "@" + $0.version }) == expected, "\(path)")
      #expect(result.packages.count == expected.count, "\(path)")
      compared += 1
    }
    #expect(compared >= 2)
  }

  @Test(arguments: [(true, true), (false, false), (true, false), (false, true)])
  func readsLegacyPointerBuildInfo(is64Bit: Bool, littleEndian: Bool) throws {
    let modInfo = GoBuildInfoReader.modInfoStart + Array("""
      path\texample.com/tool
      mod\texample.com/tool\tv0.4.0\th1:abc=
      dep\tgolang.org/x/sys\tv0.1.0\th1:sys=
      dep\tgithub.com/old/lib\tv1.0.0\th1:old=
      =>\tgithub.com/new/lib\tv1.1.0\th1:new=
      build\t-ldflags="-s -w"
      build\tGOARCH=\(is64Bit ? "amd64" : "386")

      """.utf8) + GoBuildInfoReader.modInfoEnd
    let writer = TestELFWriter(is64Bit: is64Bit, littleEndian: littleEndian)
    let bytes = writer.legacyGoBinary(version: "go1.16.15", modInfo: modInfo)
    let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/tool", mode: 0o755))
    #expect(result.warnings.isEmpty)
    let byName = packages(result)
    #expect(byName["example.com/tool"]?.purl == "pkg:golang/example.com/tool@v0.4.0")
    #expect(byName["example.com/tool"]?.metadata["h1Digest"] == "h1:abc=")
    #expect(byName["golang.org/x/sys"]?.version == "v0.1.0")
    #expect(byName["github.com/new/lib"]?.version == "v1.1.0")
    #expect(byName["github.com/new/lib"]?.metadata["replaces"] == "github.com/old/lib@v1.0.0")
    #expect(byName["github.com/old/lib"] == nil)
    #expect(byName["stdlib"]?.purl == "pkg:golang/stdlib@1.16.15")
    #expect(byName["stdlib"]?.metadata["build.-ldflags"] == "-s -w")
  }

  @Test func bogusBuildInfoPointerGivesAWarning() {
    let writer = TestELFWriter(is64Bit: true, littleEndian: true)
    let bytes = writer.legacyGoBinary(version: "go1.16", modInfo: [], modInfoPointer: 0xDEAD_BEEF)
    let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/bogus", mode: 0o755))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.map(\.input) == ["/bin/bogus"])
    #expect(result.warnings.first?.message
      == "Go build info module info pointer 0xdeadbeef lies outside the file's loaded segments")
  }

  @Test func zeroLegacyPointersGiveAWarning() {
    let writer = TestELFWriter(is64Bit: true, littleEndian: true)
    var bytes = writer.legacyGoBinary(version: "go1.15", modInfo: [])
    for index in 128 + 16..<128 + 32 { bytes[index] = 0 }
    let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/pie", mode: 0o755))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.first?.message.hasPrefix("Go build info pointers are zero") == true)
  }

  @Test func inlineLengthPastTheEndGivesAWarning() throws {
    var bytes = try LanguageFixtures.bytes("go/hello-amd64")
    let header = try #require(try GoBuildInfoReader.locateHeader(try ELFFile(bytes: bytes)))
    // Version length varint: claim 0x7f bytes more than the version has, as a 3-byte varint.
    bytes[header + 32] = 0xFF
    bytes[header + 33] = 0xFF
    bytes[header + 34] = 0x7F
    let result = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: "/bin/x", mode: 0o755))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.first?.message == "Go build info version string runs past the end of the data")
  }

  @Test func truncatedELFGivesAWarningNamingTheStructure() throws {
    let bytes = try LanguageFixtures.bytes("go/hello-amd64")
    let header = cataloger.catalog(LanguageFixtures.file(contents: Array(bytes.prefix(40)), at: "/bin/t", mode: 0o755))
    #expect(header.warnings.first?.message == "truncated ELF: ELF header needs 64 bytes at offset 0, file has 40")
    let half = cataloger.catalog(LanguageFixtures.file(contents: Array(bytes.prefix(100_000)), at: "/bin/t", mode: 0o755))
    #expect(half.packages.isEmpty)
    #expect(half.warnings.first?.message
      == "truncated ELF: section name table needs 153 bytes at offset 509856, file has 100000")
    let most = cataloger.catalog(LanguageFixtures.file(contents: Array(bytes.prefix(700_000)), at: "/bin/t", mode: 0o755))
    #expect(most.packages.isEmpty)
    #expect(most.warnings.first?.message
      == "section .go.buildinfo (offset 765952, size 304) lies outside the file of 700000 bytes; truncated binary?")
    // Cut inside the section header table itself.
    let headers = cataloger.catalog(LanguageFixtures.file(contents: Array(bytes.prefix(600)), at: "/bin/t", mode: 0o755))
    #expect(headers.warnings.first?.message
      == "truncated ELF: section header table needs 896 bytes at offset 456, file has 600")
  }

  @Test func nonGoExecutablesAndScriptsYieldNothing() throws {
    let script = LanguageFixtures.file(contents: Array("#!/bin/sh\necho hi\n".utf8), at: "/bin/s", mode: 0o755)
    #expect(cataloger.catalog(script).packages.isEmpty && cataloger.catalog(script).warnings.isEmpty)
    let elf = try LanguageFixtures.file("rust/tiny-auditable", at: "/bin/tiny", mode: 0o755)
    let result = cataloger.catalog(elf)
    #expect(result.packages.isEmpty && result.warnings.isEmpty)
    #expect(!cataloger.wants(LanguageFixtures.entry("/usr/share/doc/README", mode: 0o644)))
  }
}
