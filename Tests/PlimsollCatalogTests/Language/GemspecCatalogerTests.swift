import Foundation
import PlimsollLayers
import PlimsollTestSupport
import Testing
@testable import PlimsollCatalog

@Suite struct GemspecCatalogerTests {
  let cataloger = GemspecCataloger()

  @Test(arguments: [
    ("/usr/local/bundle/specifications/rack-3.0.8.gemspec", true),
    ("/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec", true),
    ("/var/lib/gems/3.1.0/specifications/nokogiri-1.15.0-x86_64-linux.gemspec", true),
    ("/app/demo.gemspec", false),
    ("/usr/local/bundle/gems/rack-3.0.8/rack.gemspec", false),
    ("/usr/local/bundle/specifications/notes.txt", false),
  ])
  func wantsInstalledSpecificationsOnly(path: String, wanted: Bool) {
    #expect(cataloger.wants(LanguageFixtures.entry(path)) == wanted)
  }

  @Test func readsWhatRubyGemsWrites() throws {
    let file = try LanguageFixtures.file(
      "ruby/demo-gem-1.2.3.rc1.gemspec",
      at: "/usr/local/bundle/specifications/demo-gem-1.2.3.rc1.gemspec")
    let result = cataloger.catalog(file)
    let package = try #require(result.packages.first)
    #expect(result.packages.count == 1 && result.warnings.isEmpty)
    #expect(package.type == .gem)
    #expect(package.name == "demo-gem")
    #expect(package.version == "1.2.3.rc1")
    #expect(package.purl == "pkg:gem/demo-gem@1.2.3.rc1")
    #expect(package.licenses == ["MIT", "Apache-2.0"])
    #expect(package.metadata["author"] == "Zoë Example, B. Tester")
    #expect(package.metadata["homepage"] == "https://example.org/demo")
    #expect(package.metadata["description"] == "Quotes \" and #{interpolation} and a\ttab")
    #expect(package.foundIn == "/usr/local/bundle/specifications/demo-gem-1.2.3.rc1.gemspec")
  }

  @Test func aSingleLicenseIsOneLicense() throws {
    let file = try LanguageFixtures.file("ruby/single-0.1.gemspec", at: "/g/specifications/single-0.1.gemspec")
    #expect(cataloger.catalog(file).packages.first?.licenses == ["BSD-2-Clause"])
  }

  @Test func aComputedNameIsAWarningNotAPackage() throws {
    let file = try LanguageFixtures.file("ruby/broken.gemspec", at: "/g/specifications/broken.gemspec")
    let result = cataloger.catalog(file)
    #expect(result.packages.isEmpty)
    #expect(result.warnings.map(\.input) == ["/g/specifications/broken.gemspec"])
  }

  @Test func theEcosystemTableKnowsGems() throws {
    let purl = try #require(PackageURL(parsing: "pkg:gem/rack@3.0.8"))
    let package = try #require(PackageEcosystem.forPURLType("gem")?.packageFromPURL(purl, "pkg:gem/rack@3.0.8"))
    #expect(package.type == .gem && package.name == "rack" && package.version == "3.0.8")
    #expect(package.type.ecosystem.advisoryLookup(package, nil)
      == .key(ecosystem: "RubyGems", name: "rack", version: "3.0.8", ordering: .rubyGems))
  }

  /// Every gem specification Debian's Ruby installed on this machine, read by RubyGems itself
  /// (`Gem::Specification.load`) and by the cataloger: the same name, version and licenses.
  @Test(.enabled(if: runsWithTool("ruby"), "ruby is not installed"))
  func agreesWithRubyGemsOnEveryInstalledSpecification() throws {
    let roots = ["/usr/lib/ruby/gems", "/usr/share/rubygems-integration", "/var/lib/gems"]
    var paths: [String] = []
    for root in roots {
      guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
      while let relative = walker.nextObject() as? String {
        let path = root + "/" + relative
        if cataloger.wants(EntryInfo(path: path, size: 1, mode: 0o644)) { paths.append(path) }
      }
    }
    #expect(paths.count >= 10, "too few installed gem specifications to compare: \(paths)")
    let script = """
      ARGV.each do |path|
        spec = Gem::Specification.load(path)
        puts [path, spec.name, spec.version.to_s, spec.licenses.join(",")].join("\\t")
      end
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["ruby", "-e", script] + paths
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let lines = output.split(separator: "\n")
    #expect(lines.count == paths.count)
    for line in lines {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fields[0])))
      let package = cataloger.catalog(LanguageFixtures.file(contents: bytes, at: fields[0])).packages.first
      #expect(package?.name == fields[1], "\(fields[0])")
      #expect(package?.version == fields[2], "\(fields[0])")
      #expect(package?.licenses.joined(separator: ",") == fields[3], "\(fields[0])")
    }
  }
}
