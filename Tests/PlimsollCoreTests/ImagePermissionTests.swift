import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// PLM-IMG-007 and PLM-IMG-008 fed from the layer walk: a file's mode comes from the layer
/// that wrote it last, and a file a later layer deletes or rewrites is not reported.
@Suite struct ImagePermissionTests {
  /// Layer 0: setuid `helper` and `keep`, setgid `wall`, a world-writable `/srv/upload`, a
  /// sticky `/scratch`; layer 1: deletes `helper`, rewrites `keep` without the bit, adds a
  /// setuid `/opt/tool` and opens `/var/drop`.
  func image(_ scratch: Scratch) throws -> String {
    try scratch.write("l0/usr/bin/helper", "h", mode: 0o4755)
    try scratch.write("l0/usr/bin/keep", "k", mode: 0o4755)
    try scratch.write("l0/usr/bin/wall", "w", mode: 0o2755)
    try scratch.write("l0/srv/upload/.keep", "")
    try scratch.write("l0/scratch/.keep", "")
    try scratch.run(["chmod", "0777", "l0/srv/upload"])
    try scratch.run(["chmod", "1777", "l0/scratch"])
    try scratch.write("l1/usr/bin/.wh.helper", "")
    try scratch.write("l1/usr/bin/keep", "k", mode: 0o755)
    try scratch.write("l1/opt/tool", "t", mode: 0o4711)
    try scratch.write("l1/var/drop/.keep", "")
    try scratch.run(["chmod", "0757", "l1/var/drop"])
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "l0", createdBy: "base"),
                      .init(directory: "l1", createdBy: "RUN chmod u-s /usr/bin/keep")]
    return try builder.writeOCILayout("oci")
  }

  @Test func setuidFilesAndOpenDirectoriesAreReportedByTheLayerThatShipsThem() async throws {
    let scratch = try Scratch()
    let artifact = try SourceResolver.resolve(try image(scratch))
    let result = try await InventoryScanner(
      analyzers: AnalyzerSet(catalogers: []), options: ScanOptions(cacheDirectory: nil)
    ).scan(artifact)
    let findings = ImageConfigChecks.misconfigurations(artifact, permissions: result.permissions)
    let setuid = findings.filter { $0.id == "PLM-IMG-007" }
    let open = findings.filter { $0.id == "PLM-IMG-008" }
    #expect(setuid.compactMap(\.location?.path).sorted() == ["/opt/tool", "/usr/bin/wall"])
    #expect(open.compactMap(\.location?.path).sorted() == ["/srv/upload", "/var/drop"])
    let layers = artifact.layers.map { $0.diffID.description }
    #expect(setuid.first { $0.location?.path == "/opt/tool" }?.location?.layerDigest == layers[1])
    #expect(setuid.first { $0.location?.path == "/usr/bin/wall" }?.location?.layerDigest == layers[0])
    #expect(setuid.first { $0.location?.path == "/opt/tool" }?.evidence == "/opt/tool (mode 4711)")
  }

  @Test func aCachedLayerKeepsItsPermissions() async throws {
    let scratch = try Scratch()
    let artifact = try SourceResolver.resolve(try image(scratch))
    let scanner = InventoryScanner(analyzers: AnalyzerSet(catalogers: []),
                                   options: ScanOptions(cacheDirectory: scratch.url))
    let walked = try await scanner.scan(artifact)
    let cached = try await scanner.scan(artifact)
    #expect(cached.statistics.layersFromCache == 2)
    #expect(cached.permissions == walked.permissions)
    #expect(walked.permissions.count == 4)
  }
}
