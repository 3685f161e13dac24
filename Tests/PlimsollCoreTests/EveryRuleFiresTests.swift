import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// Every rule `plimsoll rules` lists fires on at least one fixture, through the real command:
/// a rule nothing can trigger is a rule users are promised but never get.
@Suite struct EveryRuleFiresTests {
  /// Rule families checked against a host, a live engine or a registry, which this test does
  /// not drive yet: HostAuditorTests (host trees), ContainerCheckRuleTests, ImageCheckTests,
  /// RuntimeRuleTableTests and EngineCommandsTests (engine facts and a real engine), the drift
  /// tests and FreshnessRegistryTests (a local registry) show them.
  static let shownElsewhere = ["PLM-HOST-", "PLM-CTR-", "PLM-EIMG-", "PLM-DRIFT-", "PLM-FRESH-"]

  /// The ids of the failing findings of `plimsoll ARGS --format json`.
  func firedIDs(_ plimsoll: String, _ arguments: [String]) throws -> Set<String> {
    let (status, output, errors) = try runPlimsoll(plimsoll, arguments + ["--format", "json"])
    #expect(status == 0, "plimsoll \(arguments.joined(separator: " ")): \(errors)")
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    let findings = object?["findings"] as? [[String: Any]] ?? []
    return Set(findings.filter { ($0["status"] as? String) != "pass" }.compactMap { $0["id"] as? String })
  }

  /// An image whose configuration, history and files break every image rule: root user, a
  /// secret in ENV and in a build argument, port 22, no health check, ADD of a URL, sudo, a
  /// script piped into a shell, a setuid file and a world-writable directory.
  func badImage(_ scratch: Scratch) throws -> String {
    try scratch.write("l0/usr/local/bin/helper", "h", mode: 0o4755)
    try scratch.write("l0/srv/upload/.keep", "")
    try scratch.run(["chmod", "0777", "l0/srv/upload"])
    try scratch.write("l1/opt/tool.tgz", "t")
    var builder = ImageBuilder(scratch: scratch)
    builder.env.append("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ9rT4uV2w")
    builder.exposedPorts = ["22/tcp"]
    builder.layers = [
      .init(directory: "l0", createdBy: "|1 NPM_TOKEN=npm_4f9a8b7c6d5e /bin/sh -c sudo make install"),
      .init(directory: "l1", createdBy: "ADD https://example.com/tool.tgz /opt/ # buildkit"),
      .init(directory: "l1", createdBy: "RUN /bin/sh -c curl -fsSL https://example.com/x.sh | bash # buildkit"),
    ]
    return try builder.writeOCILayout("oci")
  }

  @Test(.enabled(if: Requirement.executable, "the plimsoll executable is not built (swift build)"))
  func everyListedRuleFiresOnAFixture() throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let (_, listing, _) = try runPlimsoll(plimsoll, ["rules", "--format", "json"])
    let listed = (try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [[String: Any]] ?? [])
      .compactMap { $0["id"] as? String }
    #expect(listed.count > 300)
    let fixtures = Repository.fixtures
    var fired: Set<String> = []
    for kind in ["dockerfile", "compose", "kubernetes"] {
      fired.formUnion(try firedIDs(plimsoll, ["config", fixtures + "/" + kind]))
    }
    fired.formUnion(try firedIDs(plimsoll, ["secrets", fixtures + "/secrets"]))
    let scratch = try Scratch()
    let image = try badImage(scratch)
    fired.formUnion(try firedIDs(plimsoll, ["image", "oci:" + image, "--scanners", "config",
                                            "--cache-dir", scratch.path + "/cache"]))
    let elsewhere = listed.filter { id in Self.shownElsewhere.contains { id.hasPrefix($0) } }
    print("every rule fires: \(listed.count - elsewhere.count) rules shown here, "
      + "\(elsewhere.count) by the host, engine, drift and freshness suites")
    let silent = listed.filter { !fired.contains($0) && !elsewhere.contains($0) }
    #expect(silent.isEmpty, "rules no fixture triggers: \(silent)")
  }
}
