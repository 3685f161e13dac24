import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Language ecosystems installed in an image (not only locked in a source tree): Ruby gems,
/// Composer's `installed.json`, .NET `*.deps.json`, zipped Python eggs, through the scan.
@Suite struct ImageEcosystemTests {
  static let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures")

  func copy(_ fixture: String, to path: String, in scratch: Scratch) throws {
    try scratch.write("root" + path, [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(fixture))))
  }

  @Test func installedPackagesOfEveryEcosystemHavePurlsAndAdvisoryKeys() async throws {
    let scratch = try Scratch()
    try copy("ruby/demo-gem-1.2.3.rc1.gemspec", to: "/usr/local/bundle/specifications/demo-gem-1.2.3.rc1.gemspec", in: scratch)
    try copy("php/composer2-installed.json", to: "/var/www/html/vendor/composer/installed.json", in: scratch)
    try copy("lockfiles/app.deps.json", to: "/app/app.deps.json", in: scratch)
    try copy("python/plimsoll_egg_demo-0.3.1-py3.11.egg",
             to: "/usr/local/lib/python3.11/site-packages/plimsoll_egg_demo-0.3.1-py3.11.egg", in: scratch)
    try copy("python/Python-2.7.18-py2.7.egg-info",
             to: "/usr/local/lib/python2.7/lib-dynload/Python-2.7.18-py2.7.egg-info", in: scratch)
    try scratch.write("root/etc/os-release", "ID=debian\nVERSION_ID=12\n")
    let inventory = try await InventoryScanner(analyzers: DefaultCatalogers.analyzerSet,
                                               options: ScanOptions(cacheDirectory: nil))
      .inventory(of: try SourceResolver.resolve("rootfs:" + scratch.path + "/root"))
    #expect(inventory.warnings.isEmpty, "\(inventory.warnings)")
    let purls = Set(inventory.packages.map(\.purl))
    for expected in ["pkg:gem/demo-gem@1.2.3.rc1", "pkg:composer/firebase/php-jwt@v6.9.0",
                     "pkg:nuget/Newtonsoft.Json@12.0.1", "pkg:pypi/plimsoll-egg-demo@0.3.1"] {
      #expect(purls.contains(expected), "\(expected) in \(purls.sorted())")
    }
    #expect(!inventory.packages.contains { $0.name == "Python" }, "the interpreter is not a package")
    for type in [PackageType.gem, .composer, .nuget, .python] {
      let packages = inventory.packages.filter { $0.type == type }
      #expect(!packages.isEmpty, "\(type)")
      for package in packages {
        guard case .key = type.ecosystem.advisoryLookup(package, inventory.os) else {
          Issue.record("\(package.name) has no advisory key")
          continue
        }
      }
    }
  }
}
