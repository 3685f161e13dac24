import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Images without `/etc/os-release`: the other signals decide the distribution, and the
/// inventory says which one did.
@Suite struct DistributionFallbackTests {
  static let fixture = Repository.root.appendingPathComponent("Tests/Fixtures/os-release/ubuntu-22.04-no-os-release")

  func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Self.fixture.appendingPathComponent(name)))
  }

  /// A root with the jammy dpkg status plus the listed signals.
  func ubuntuRoot(_ scratch: Scratch, lsb: Bool = false, origins: Bool = false, debianVersion: Bool = false) throws -> String {
    try scratch.write("root/var/lib/dpkg/status", try bytes("status"))
    if lsb { try scratch.write("root/etc/lsb-release", try bytes("lsb-release")) }
    if origins {
      try scratch.write("root/etc/dpkg/origins/ubuntu", try bytes("dpkg-origins-ubuntu"))
      try scratch.write("root/etc/dpkg/origins/debian", "Vendor: Debian\nVendor-URL: https://www.debian.org/\n")
      try scratch.run(["ln", "-s", "ubuntu", "root/etc/dpkg/origins/default"])
    }
    if debianVersion { try scratch.write("root/etc/debian_version", try bytes("debian_version")) }
    return "rootfs:" + scratch.path + "/root"
  }

  func inventory(_ reference: String) async throws -> Inventory {
    try await InventoryScanner(analyzers: DefaultCatalogers.analyzerSet, options: ScanOptions(cacheDirectory: nil))
      .inventory(of: try SourceResolver.resolve(reference))
  }

  func debPurls(_ inventory: Inventory) -> [String] {
    inventory.packages.filter { $0.type == .deb }.map(\.purl)
  }

  @Test func lsbReleaseDecidesAndSaysSo() async throws {
    let scratch = try Scratch()
    let result = try await inventory(try ubuntuRoot(scratch, lsb: true, origins: true, debianVersion: true))
    #expect(result.os?.id == "ubuntu")
    #expect(result.os?.versionID == "22.04")
    #expect(debPurls(result).count == 5)
    #expect(debPurls(result).allSatisfy { $0.hasPrefix("pkg:deb/ubuntu/") && $0.contains("distro=ubuntu-22.04") })
    #expect(result.warnings.map(\.description).contains(
      "/etc/lsb-release: no os-release file; operating system ubuntu 22.04 taken from this file"))
  }

  @Test func dpkgVendorBeatsDebianVersion() async throws {
    let scratch = try Scratch()
    let result = try await inventory(try ubuntuRoot(scratch, origins: true, debianVersion: true))
    #expect(result.os?.id == "ubuntu")
    #expect(debPurls(result).allSatisfy { $0.hasPrefix("pkg:deb/ubuntu/") })
    #expect(result.warnings.contains { $0.input == "/etc/dpkg/origins/default" && $0.message.contains("ubuntu") })
  }

  @Test func ubuntuPackageVersionsBeatDebianVersion() async throws {
    let scratch = try Scratch()
    let result = try await inventory(try ubuntuRoot(scratch, debianVersion: true))
    #expect(result.os?.id == "ubuntu")
    #expect(result.os?.codename == nil)
    #expect(debPurls(result).allSatisfy { $0.hasPrefix("pkg:deb/ubuntu/") })
    let warning = try #require(result.warnings.first { $0.input == "/var/lib/dpkg/status" })
    #expect(warning.message.contains("ubuntu from the versions of 4 of 5 deb packages"))
  }

  @Test func ubuntuPackageVersionsAloneDecide() async throws {
    let scratch = try Scratch()
    let result = try await inventory(try ubuntuRoot(scratch))
    #expect(result.os?.id == "ubuntu")
    #expect(debPurls(result).allSatisfy { $0.hasPrefix("pkg:deb/ubuntu/") })
  }

  @Test func debianPackagesStayDebian() async throws {
    let scratch = try Scratch()
    let status = Repository.root.appendingPathComponent("Tests/Fixtures/dpkg/status")
    try scratch.write("root/var/lib/dpkg/status", [UInt8](try Data(contentsOf: status)))
    try scratch.write("root/etc/debian_version", "12.11\n")
    let result = try await inventory("rootfs:" + scratch.path + "/root")
    #expect(result.os?.id == "debian")
    #expect(result.os?.versionID == "12")
    #expect(debPurls(result).count == 200)
    #expect(debPurls(result).allSatisfy { $0.hasPrefix("pkg:deb/debian/") })
    #expect(result.warnings.map(\.description) == [
      "/etc/debian_version: no os-release file; operating system debian 12 taken from this file"])
  }

  /// dpkg's own states (`scripts/build-dpkg-states-fixture`) through the scan: only the
  /// installed and the half-configured package are in the inventory.
  @Test func onlyConfiguredDpkgPackagesAreInTheInventory() async throws {
    let scratch = try Scratch()
    let status = Repository.root.appendingPathComponent("Tests/Fixtures/dpkg/states/status")
    try scratch.write("root/var/lib/dpkg/status", [UInt8](try Data(contentsOf: status)))
    try scratch.write("root/etc/os-release", "ID=debian\nVERSION_ID=12\n")
    let result = try await inventory("rootfs:" + scratch.path + "/root")
    #expect(result.packages.map(\.name) == ["plimsoll-halfconf", "plimsoll-installed"])
    #expect(result.warnings.isEmpty, "\(result.warnings)")
  }
}
