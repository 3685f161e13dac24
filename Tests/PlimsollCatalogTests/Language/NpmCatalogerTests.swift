import Foundation
import Testing
@testable import PlimsollCatalog

@Suite struct NpmPackageCatalogerTests {
  let cataloger = NpmPackageCataloger()

  @Test(arguments: [
    ("/usr/lib/node_modules/npm/package.json", true),
    ("/usr/lib/node_modules/npm/node_modules/isexe/package.json", true),
    ("/usr/lib/node_modules/npm/node_modules/@tufjs/canonical-json/package.json", true),
    ("/app/node_modules/a/node_modules/b/package.json", true),
    ("/app/node_modules/a/test/fixtures/package.json", false),
    ("/app/node_modules/@scope/package.json", false),
    ("/app/node_modules/.bin/package.json", false),
    ("/app/package.json", false),
    ("/app/node_modules/a/package.json.bak", false),
  ])
  func wantsPackageRootsInsideNodeModules(path: String, wanted: Bool) {
    #expect(cataloger.wants(LanguageFixtures.entry(path)) == wanted)
  }

  @Test(arguments: [
    ("isexe", "isexe", "2.0.0", ["ISC"], "pkg:npm/isexe@2.0.0"),
    ("abbrev", "abbrev", "2.0.0", ["ISC"], "pkg:npm/abbrev@2.0.0"),
    ("@tufjs/canonical-json", "@tufjs/canonical-json", "2.0.0", ["MIT"], "pkg:npm/%40tufjs/canonical-json@2.0.0"),
    ("qrcode-terminal", "qrcode-terminal", "0.12.0", ["Apache 2.0"], "pkg:npm/qrcode-terminal@0.12.0"),
  ])
  func readsRealPackageJSONFromNpm(directory: String, name: String, version: String, licenses: [String],
                                   purl: String) throws {
    let path = "/usr/lib/node_modules/npm/node_modules/\(directory)/package.json"
    let result = cataloger.catalog(try LanguageFixtures.file("npm/node_modules/\(directory)/package.json", at: path))
    #expect(result.warnings.isEmpty)
    let package = try #require(result.packages.first)
    #expect(package.name == name)
    #expect(package.version == version)
    #expect(package.licenses == licenses)
    #expect(package.purl == purl)
    #expect(package.foundIn == path)
    #expect(package.type == .npm)
  }

  @Test func licenseObjectsAndAuthorObjects() {
    let json = #"{"name":"x","version":"1.0.0","license":{"type":"BSD-2-Clause","url":"u"},"author":{"name":"A B"}}"#
    let result = cataloger.catalog(LanguageFixtures.file(contents: Array(json.utf8), at: "/n/node_modules/x/package.json"))
    #expect(result.packages.first?.licenses == ["BSD-2-Clause"])
    #expect(result.packages.first?.metadata["author"] == "A B")
  }

  @Test func deeplyNestedJSONGivesAWarningNotAStackOverflow() {
    let depth = 100_000
    let json = #"{"name":"x","version":"1.0.0","a":"# + String(repeating: "[", count: depth)
      + String(repeating: "]", count: depth) + "}"
    let result = cataloger.catalog(LanguageFixtures.file(contents: Array(json.utf8), at: "/n/node_modules/x/package.json"))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.first?.message.hasPrefix("malformed JSON") == true)
  }

  @Test func packageJSONWithoutNameOrVersionIsSkippedQuietly() {
    let result = cataloger.catalog(LanguageFixtures.file(
      contents: Array(#"{"private": true, "dependencies": {}}"#.utf8), at: "/n/node_modules/x/package.json"))
    #expect(result.packages.isEmpty && result.warnings.isEmpty)
  }

  @Test func malformedJSONGivesAWarning() {
    let result = cataloger.catalog(LanguageFixtures.file(
      contents: Array(#"{"name": "x", "version": "#.utf8), at: "/n/node_modules/x/package.json"))
    #expect(result.packages.isEmpty)
    #expect(result.warnings.map(\.input) == ["/n/node_modules/x/package.json"])
    #expect(result.warnings.first?.message.hasPrefix("malformed JSON") == true)
    let array = cataloger.catalog(LanguageFixtures.file(contents: Array("[1]".utf8), at: "/n/node_modules/y/package.json"))
    #expect(array.warnings.first?.message == "malformed JSON: top level is not an object")
  }
}

@Suite struct NpmLockCatalogerTests {
  let cataloger = NpmLockCataloger()

  @Test func wantsLockFilesOutsideNodeModules() {
    #expect(cataloger.wants(LanguageFixtures.entry("/app/package-lock.json")))
    #expect(cataloger.wants(LanguageFixtures.entry("/app/npm-shrinkwrap.json")))
    #expect(!cataloger.wants(LanguageFixtures.entry("/app/node_modules/.package-lock.json")))
    #expect(!cataloger.wants(LanguageFixtures.entry("/app/node_modules/x/package-lock.json")))
  }

  @Test func readsVersion3PackagesMap() throws {
    let file = try LanguageFixtures.file("npm/lock-v3/package-lock.json", at: "/app/package-lock.json")
    let result = cataloger.catalog(file)
    #expect(result.warnings.isEmpty)
    #expect(result.packages.map(\.purl) == [
      "pkg:npm/lockfixture@1.0.0", "pkg:npm/%40tufjs/canonical-json@2.0.0", "pkg:npm/isexe@2.0.0",
    ])
    #expect(result.packages.map(\.name) == ["lockfixture", "@tufjs/canonical-json", "isexe"])
    #expect(result.packages[0].metadata["root"] == "true")
    #expect(result.packages[2].licenses == ["ISC"])
    #expect(result.packages[1].metadata["lockfileVersion"] == "3")
    #expect(result.packages[1].metadata["installPath"] == "node_modules/@tufjs/canonical-json")
    #expect(result.packages[1].metadata[LockfileMetadata.dependency] == "direct")
    let nested = #"{"lockfileVersion": 3, "packages": {"": {"dependencies": {"a": "1.0.0"}},"#
      + #""node_modules/a": {"version": "1.0.0"}, "node_modules/b": {"version": "2.0.0"},"#
      + #""node_modules/a/node_modules/a": {"version": "0.9.0"}}}"#
    let kinds = cataloger.catalog(LanguageFixtures.file(contents: Array(nested.utf8), at: "/app/package-lock.json"))
      .packages.map { "\($0.name)@\($0.version) \($0.metadata[LockfileMetadata.dependency] ?? "-")" }
    #expect(kinds == ["a@1.0.0 direct", "a@0.9.0 transitive", "b@2.0.0 transitive"])
    let withDev = NpmLockCataloger(includeDevDependencies: true).catalog(file)
    #expect(withDev.packages.map(\.name) == ["lockfixture", "@tufjs/canonical-json", "abbrev", "isexe"])
    #expect(withDev.packages[2].metadata["dev"] == "true")
  }

  @Test(arguments: [false, true])
  func readsVersion1NestedDependencies(includeDev: Bool) throws {
    let fixture = try LanguageFixtures.bytes("npm/lock-v1/package-lock.json")
    let result = NpmLockCataloger(includeDevDependencies: includeDev)
      .catalog(LanguageFixtures.file(contents: fixture, at: "/src/package-lock.json"))
    #expect(result.warnings.isEmpty)
    // Oracle: every distinct name@version in the file, walked with Foundation independently.
    let root = try #require(try JSONSerialization.jsonObject(with: Data(fixture)) as? [String: Any])
    var expected: Set<String> = ["d3-pprof@2.0.0"]
    func walk(_ dependencies: [String: Any]) {
      for (name, value) in dependencies {
        guard let entry = value as? [String: Any] else { continue }
        if !includeDev && (entry["dev"] as? Bool) == true { continue }
        if let version = entry["version"] as? String { expected.insert(name + "@" + version) }
        if let nested = entry["dependencies"] as? [String: Any] { walk(nested) }
      }
    }
    walk(try #require(root["dependencies"] as? [String: Any]))
    #expect(Set(result.packages.map { $0.name + "@" + $0.version }) == expected)
    #expect(result.packages.count == expected.count)
    if includeDev {
      #expect(expected.count > 100)
      let jsonExt = try #require(result.packages.first { $0.name == "@discoveryjs/json-ext" })
      #expect(jsonExt.purl == "pkg:npm/%40discoveryjs/json-ext@0.5.6")
      #expect(jsonExt.metadata["dev"] == "true")
      #expect(jsonExt.metadata["integrity"]?.hasPrefix("sha512-") == true)
    }
  }

  @Test func linksAndWorkspaceSourcesAreSkipped() {
    let json = #"""
      {"lockfileVersion": 3, "packages": {
        "node_modules/devtool": {"version": "9.9.9", "devOptional": true},
        "": {"name": "root", "version": "1.0.0"},
        "packages/ws": {"name": "ws", "version": "0.1.0"},
        "node_modules/ws": {"resolved": "packages/ws", "link": true},
        "node_modules/alias": {"name": "real-name", "version": "4.0.0"},
        "node_modules/a/node_modules/@s/b": {"version": "2.0.0", "license": "MIT"}
      }}
      """#
    let result = cataloger.catalog(LanguageFixtures.file(contents: Array(json.utf8), at: "/w/package-lock.json"))
    #expect(result.packages.map(\.purl) == ["pkg:npm/%40s/b@2.0.0", "pkg:npm/real-name@4.0.0"])
    #expect(result.packages.first?.licenses == ["MIT"])
  }

  /// npm 6 writes an alias (`"my-isexe": "npm:isexe@^3.1.1"`) as the alias name with
  /// `npm:REAL@VERSION` in place of the version (lockfile version 1).
  @Test func lockfileVersion1AliasesAreTheRealPackages() {
    let json = #"""
      {"name": "alias-demo", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
       "dependencies": {
        "canon": {"version": "npm:@tufjs/canonical-json@2.0.0",
                  "resolved": "https://registry.npmjs.org/@tufjs/canonical-json/-/canonical-json-2.0.0.tgz"},
        "my-isexe": {"version": "npm:isexe@3.1.1",
                     "resolved": "https://registry.npmjs.org/isexe/-/isexe-3.1.1.tgz",
                     "dependencies": {"old": {"version": "npm:abbrev@1.1.1"}}},
        "abbrev": {"version": "2.0.0"}
      }}
      """#
    let result = cataloger.catalog(LanguageFixtures.file(contents: Array(json.utf8), at: "/w/package-lock.json"))
    #expect(result.packages.filter { $0.metadata["root"] == nil }.map(\.purl).sorted() == [
      "pkg:npm/%40tufjs/canonical-json@2.0.0", "pkg:npm/abbrev@1.1.1", "pkg:npm/abbrev@2.0.0",
      "pkg:npm/isexe@3.1.1",
    ])
    #expect(result.packages.first { $0.name == "isexe" }?.metadata["alias"] == "my-isexe")
    #expect(result.packages.first { $0.name == "@tufjs/canonical-json" }?.metadata["alias"] == "canon")
  }

  @Test func lockWithoutPackagesGivesAWarning() {
    let result = cataloger.catalog(LanguageFixtures.file(contents: Array(#"{"lockfileVersion": 2}"#.utf8), at: "/w/package-lock.json"))
    #expect(result.warnings.first?.message
      == #"package-lock.json (lockfileVersion 2) has neither a "packages" nor a "dependencies" object"#)
  }
}
