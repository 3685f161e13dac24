import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Package databases behind the image's symbolic links (merged /usr: Wolfi, Chainguard,
/// Fedora's `/var/lib/rpm -> ../../usr/lib/sysimage/rpm`), through the default catalogers.
@Suite struct PackageDatabaseLinkTests {
  static let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures")

  func defaultInventory(_ reference: String) async throws -> Inventory {
    try await InventoryScanner(analyzers: DefaultCatalogers.analyzerSet,
                               options: ScanOptions(cacheDirectory: nil))
      .inventory(of: try SourceResolver.resolve(reference))
  }

  func apkDatabase() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("apk/installed")))
  }

  @Test func aMergedUsrApkDatabaseIsReadThroughTheLibLink() async throws {
    let scratch = try Scratch()
    try scratch.write("root/usr/lib/apk/db/installed", try apkDatabase())
    try scratch.write("root/etc/os-release", "ID=wolfi\nVERSION_ID=20230201\n")
    try scratch.run(["ln", "-s", "usr/lib", "root/lib"])
    let inventory = try await defaultInventory("rootfs:" + scratch.path + "/root")
    let apk = inventory.packages.filter { $0.type == .apk }
    #expect(apk.count == 26)
    #expect(apk.allSatisfy { $0.foundIn == "/lib/apk/db/installed" })
    #expect(apk.contains { $0.purl.hasPrefix("pkg:apk/wolfi/musl@") })
    // Owned files come with the packages.
    #expect(apk.map(\.files.count).reduce(0, +) == 292)
  }

  @Test func theSameFileWithoutTheLinkIsNotADatabase() async throws {
    let scratch = try Scratch()
    try scratch.write("root/usr/lib/apk/db/installed", try apkDatabase())
    try scratch.write("root/lib/placeholder", "")
    let inventory = try await defaultInventory("rootfs:" + scratch.path + "/root")
    #expect(inventory.packages.filter { $0.type == .apk }.isEmpty)
  }

  @Test func aLinkCannotLeadOutOfTheImage() async throws {
    let scratch = try Scratch()
    // `/lib -> ../../../../outside/lib` resolves inside the image, to `/outside/lib`.
    try scratch.write("outside/lib/apk/db/installed", try apkDatabase())
    try scratch.write("root/etc/hostname", "x\n")
    try scratch.run(["ln", "-s", "../../../../outside/lib", "root/lib"])
    let inventory = try await defaultInventory("rootfs:" + scratch.path + "/root")
    #expect(inventory.packages.filter { $0.type == .apk }.isEmpty)
    // Inside the image the same link does lead to the database.
    try scratch.write("root/outside/lib/apk/db/installed", try apkDatabase())
    let inside = try await defaultInventory("rootfs:" + scratch.path + "/root")
    #expect(inside.packages.filter { $0.type == .apk }.count == 26)
  }

  @Test func aLinkInALaterLayerMovesTheDatabaseAndHidesTheOldOne() async throws {
    let scratch = try Scratch()
    try scratch.write("l0/usr/lib/apk/db/installed", try apkDatabase())
    try scratch.write("l0/etc/os-release", "ID=wolfi\n")
    try scratch.write("l1/usr/lib/.keep", "")
    try scratch.run(["ln", "-s", "usr/lib", "l1/lib"])
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "apk add"), .init(directory: "l1", createdBy: "ln -s usr/lib /lib")]
    let layout = try builder.writeOCILayout("oci")
    let inventory = try await defaultInventory(layout)
    let apk = inventory.packages.filter { $0.type == .apk }
    #expect(apk.count == 26)
    // The database became visible as `/lib/apk/db/installed` with the link, in layer 1.
    #expect(apk.allSatisfy { $0.layer?.index == 1 })
  }

  @Test func dpkgAndRpmDatabasesFollowDirectoryLinksToo() async throws {
    let scratch = try Scratch()
    let status = try Data(contentsOf: Self.fixtures.appendingPathComponent("dpkg/status"))
    try scratch.write("root/srv/dpkg-db/dpkg/status", [UInt8](status))
    try scratch.run(["mkdir", "-p", "root/var"])
    try scratch.run(["ln", "-s", "/srv/dpkg-db", "root/var/lib"])
    let rpm = try Data(contentsOf: Self.fixtures.appendingPathComponent("rpm/rpmdb.sqlite"))
    try scratch.write("root/opt/sysimage/rpm/rpmdb.sqlite", [UInt8](rpm))
    try scratch.run(["mkdir", "-p", "root/usr/lib"])
    try scratch.run(["ln", "-s", "../../opt/sysimage", "root/usr/lib/sysimage"])
    let inventory = try await defaultInventory("rootfs:" + scratch.path + "/root")
    #expect(inventory.packages.filter { $0.type == .deb }.count == 200)
    #expect(inventory.packages.filter { $0.type == .rpm }.count == 3)
  }

  @Test func theCommandListsAWolfiLayout() throws {
    let plimsoll = try #require(plimsollExecutable())
    let scratch = try Scratch()
    try scratch.write("root/usr/lib/apk/db/installed", try apkDatabase())
    try scratch.run(["ln", "-s", "usr/lib", "root/lib"])
    let (status, output, errors) = try runPlimsoll(
      plimsoll, ["sbom", "rootfs:" + scratch.path + "/root", "--format", "json", "--no-cache"])
    #expect(status == 0, "\(errors)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let packages = try #require(json["packages"] as? [[String: Any]])
    #expect(packages.filter { $0["type"] as? String == "apk" }.count == 26)
  }
}
