import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

@Suite struct SBOMRoundTripTests {
  @Test(.enabled(if: Requirement.testImage, "no test image (scripts/build-test-image)"),
        arguments: [SBOMFormat.cyclonedx, .spdxJSON, .json])
  func anSBOMReadsBackToTheSamePackagesAndOS(format: SBOMFormat) async throws {
    let directory = try #require(TestImage.available(), "no test image (scripts/build-test-image)")
    let scanner = InventoryScanner(analyzers: DefaultCatalogers.analyzerSet,
                                   options: ScanOptions(cacheDirectory: nil))
    let inventory = try await scanner.inventory(of: try SourceResolver.resolve(directory + "/test-image.tar"))
    let text = SBOMRenderer.render(inventory, format: format)
    let read = try SBOMReader.read(Array(text.utf8), name: "sbom")
    // A purl spells some names and versions canonically (PEP 503 names, Go versions without
    // "go"); the matcher reads both spellings alike.
    func keys(_ packages: [Package]) -> Set<String> {
      Set(packages.map { package in
        let name = package.type == .python ? PythonPackageName.normalize(package.name) : package.name
        var version = package.version
        if package.type == .golang, version.hasPrefix("go") { version.removeFirst(2) }
        return "\(package.type.rawValue) \(name) \(version) \(package.sourceName ?? "")"
      })
    }
    let expected = keys(inventory.packages.filter { !$0.purl.isEmpty })
    let got = keys(read.packages)
    #expect(expected.count > 300)
    #expect(got.subtracting(expected).isEmpty, "only read back: \(got.subtracting(expected).sorted().prefix(5))")
    #expect(expected.subtracting(got).isEmpty, "lost: \(expected.subtracting(got).sorted().prefix(5))")
    #expect(read.os?.id == "debian")
    #expect(read.os?.versionID == "12")
  }

  @Test(arguments: [("[1,2]", "expected a JSON object"), ("{\"bomFormat\": 3}", "not a CycloneDX"),
                    ("not json", "not JSON")])
  func aDocumentThatIsNoSBOMIsNamed(text: String, problem: String) {
    #expect {
      _ = try SBOMReader.read(Array(text.utf8), name: "in.json")
    } throws: { error in
      (error as? SBOMReader.ReadError)?.errorDescription?.contains(problem) == true
    }
  }

  @Test func purlsParseWithNamespacesQualifiersAndEscapes() throws {
    let purl = try #require(PackageURL(parsing: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"))
    #expect(purl.namespace == "debian" && purl.name == "libssl3" && purl.version == "3.0.11-1~deb12u2")
    #expect(purl.qualifiers == ["arch": "amd64", "distro": "debian-12", "upstream": "openssl"])
    let scoped = try #require(PackageURL(parsing: "pkg:npm/%40angular/core@1.0.0%2Bbuild"))
    #expect(scoped.namespace == "@angular" && scoped.version == "1.0.0+build")
    #expect(scoped.description == "pkg:npm/%40angular/core@1.0.0%2Bbuild")
    #expect(PackageURL(parsing: "npm/x@1") == nil)
  }
}
