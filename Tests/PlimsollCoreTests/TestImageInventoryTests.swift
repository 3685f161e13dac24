import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// The inventory of the real test image, checked against the package managers' own tools and
/// against what the builder put into each layer.
@Suite(.serialized) struct TestImageInventoryTests {
  static let references = ["docker-archive:test-image.tar", "test-image-ocisave.tar",
                           "oci:test-image-oci:1.0", "test-image-oci-zstd", "test-image-oci.tar"]

  func scan(_ reference: String, in directory: String) async throws -> Inventory {
    var resolved = reference
    if let colon = reference.firstIndex(of: ":"), reference.hasPrefix("oci:") || reference.hasPrefix("docker-archive:") {
      resolved = String(reference[...colon]) + directory + "/" + reference[reference.index(after: colon)...]
    } else {
      resolved = directory + "/" + reference
    }
    let scanner = InventoryScanner(analyzers: DefaultCatalogers.analyzerSet,
                                   options: ScanOptions(cacheDirectory: nil))
    return try await scanner.inventory(of: try SourceResolver.resolve(resolved))
  }

  @Test(.enabled(if: Requirement.testImage, "no test image (scripts/build-test-image)"),

        arguments: references)
  func dpkgPackagesEqualDpkgQueryOnTheSameRoot(reference: String) async throws {
    let directory = try #require(TestImage.available(), "no test image (scripts/build-test-image)")
    let inventory = try await scan(reference, in: directory)
    let scratch = try Scratch()
    let output = try scratch.run([
      "dpkg-query", "--admindir=\(directory)/rootfs/var/lib/dpkg", "-W",
      "-f=${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n",
    ])
    let oracle = String(decoding: output, as: UTF8.self).split(separator: "\n")
      .filter { $0.hasPrefix("ii") }.map { $0.split(separator: "\t").dropFirst().joined(separator: "\t") }
      .sorted()
    let ours = inventory.packages.filter { $0.type == .deb }
      .map { "\($0.name)\t\($0.version)\t\($0.architecture ?? "")" }.sorted()
    #expect(ours.count > 80)
    #expect(ours == oracle)
    #expect(inventory.os?.id == "debian" && inventory.os?.codename == "bookworm")
    #expect(inventory.warnings.isEmpty, "\(inventory.warnings)")
  }

  @Test(.enabled(if: Requirement.testImage, "no test image (scripts/build-test-image)"))
  func everyPackageIsAttributedToTheLayerThatAddedIt() async throws {
    let directory = try #require(TestImage.available(), "no test image (scripts/build-test-image)")
    let inventory = try await scan("docker-archive:test-image.tar", in: directory)
    let layers = (try TestImage.expected()["layers"] as? [[String: Any]]) ?? []
    #expect(layers.count == 7)
    for layer in layers {
      let index = layer["index"] as? Int ?? -1
      for pip in layer["pip"] as? [[String: Any]] ?? [] {
        let found = inventory.packages.first {
          $0.type == .python && $0.name == pip["name"] as? String && $0.version == pip["version"] as? String
        }
        #expect(found?.layer?.index == index, "pip \(pip)")
        #expect(found?.purl.hasPrefix("pkg:pypi/") == true)
      }
      for npm in layer["npm"] as? [[String: Any]] ?? [] {
        let found = inventory.packages.first {
          $0.type == .npm && $0.foundIn == npm["path"] as? String
        }
        #expect(found?.name == npm["name"] as? String && found?.version == npm["version"] as? String,
                "npm \(npm)")
        #expect(found?.layer?.index == index)
      }
      for jar in layer["jars"] as? [[String: Any]] ?? [] {
        let path = (jar["path"] as? String ?? "").replacingOccurrences(of: "!/", with: ":")
        let found = inventory.packages.first { $0.type == .maven && $0.foundIn == path }
        #expect(found?.name == jar["artifactId"] as? String && found?.version == jar["version"] as? String
                && found?.metadata["groupId"] == jar["groupId"] as? String, "jar \(jar)")
        #expect(found?.layer?.index == index)
      }
      for go in layer["go"] as? [[String: Any]] ?? [] {
        let stdlib = inventory.packages.first {
          $0.type == .golang && $0.name == "stdlib" && $0.foundIn == go["path"] as? String
        }
        #expect(stdlib?.version == go["goVersion"] as? String, "go \(go)")
        #expect(stdlib?.layer?.index == index)
      }
      for dpkg in layer["dpkg"] as? [[String: Any]] ?? [] {
        let found = inventory.packages.first {
          $0.type == .deb && $0.name == dpkg["name"] as? String
        }
        #expect(found?.version == dpkg["version"] as? String, "dpkg \(dpkg)")
        #expect(found?.layer?.index == index, "dpkg \(dpkg)")
        #expect(found?.sourceName == dpkg["sourceName"] as? String)
      }
    }
  }

  @Test(.enabled(if: Requirement.testImage, "no test image (scripts/build-test-image)"))
  func aMultiPlatformIndexPicksThePlatformOrListsThem() async throws {
    let directory = try #require(TestImage.available(), "no test image (scripts/build-test-image)")
    let arm = try SourceResolver.resolve(directory + "/test-image-multiarch-oci",
                                         platform: Platform("linux/arm64") ?? .defaultPlatform)
    #expect(arm.platform?.architecture == "arm64")
    #expect {
      _ = try SourceResolver.resolve(directory + "/test-image-multiarch-oci",
                                     platform: Platform("linux/s390x") ?? .defaultPlatform)
    } throws: { error in
      "\(error.localizedDescription)".contains("platforms present: linux/amd64, linux/arm64/v8")
    }
  }
}
