import Foundation
import PlimsollTestSupport
import Testing
@testable import PlimsollCore

/// The layer ledger of the real test image, checked against the builder's own record of each
/// layer, and the builder's rules for changed and removed packages.
@Suite struct LayerLedgerTests {
  @Test func testImageLedgerMatchesTheBuildersRecord() async throws {
    guard let directory = TestImage.available() else { return }
    let scanner = try SecretScanner()
    let image = ImageScanner(
      kinds: [.secret, .config], options: ScanOptions(cacheDirectory: nil), database: nil,
      fileAnalyzers: [SecretFileAnalyzer(scanner: scanner)],
      configChecks: [{ ImageConfigChecks.misconfigurations($0, permissions: $1) }],
      configSecretChecks: [{ ImageConfigChecks.secrets($0, scanner: scanner) }], redactor: scanner)
    let (_, report) = try await image.scan(try SourceResolver.resolve(directory + "/test-image.tar"))
    let ledger = try #require(report.ledger)
    let record = try #require(try TestImage.expected()["layers"] as? [[String: Any]])
    #expect(ledger.layers.count == record.count)
    for (layer, recorded) in zip(ledger.layers, record) {
      #expect(layer.index == recorded["index"] as? Int)
      #expect(layer.diffID == recorded["diffID"] as? String)
      #expect(layer.createdBy == recorded["created_by"] as? String)
      func names(_ key: String) -> Set<String> {
        Set((recorded[key] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
      }
      func added(_ type: String) -> [LedgerPackage] { layer.added.filter { $0.type == type } }
      // Each layer lists exactly the Debian and Python packages its builder installed there.
      #expect(Set(added("deb").map(\.name)) == names("dpkg"), "layer \(layer.index)")
      #expect(Set(added("python").map { $0.name.lowercased() })
              == Set(names("pip").map { $0.lowercased() }), "layer \(layer.index)")
      #expect(added("npm").count == (recorded["npm"] as? [Any])?.count ?? 0, "layer \(layer.index)")
      #expect(added("maven").count == (recorded["jars"] as? [Any])?.count ?? 0, "layer \(layer.index)")
      let binaries = (recorded["go"] as? [[String: Any]] ?? []).compactMap { $0["mainPackage"] as? String }
      for binary in binaries {
        #expect(added("golang").contains { binary.hasPrefix($0.name) }, "\(binary) in layer \(layer.index)")
      }
      #expect(layer.removed.count == (recorded["dpkgRemoved"] as? [Any])?.count ?? 0)
      #expect(layer.added.allSatisfy { $0.addedInLayer == layer.index && $0.stillShipped })
    }
    // The secrets the builder put in a layer are listed there; the one a later layer deleted
    // is marked with that layer, and that layer lists it as removed.
    let secrets = try #require(try TestImage.expected()["secrets"] as? [[String: Any]])
    for secret in secrets where secret["where"] as? String == "layer" {
      let index = try #require(secret["layer"] as? Int)
      let path = try #require(secret["path"] as? String)
      let file = try #require(ledger.layers[index].files.first { $0.path == path && $0.category == .secret })
      #expect(file.removedInLayer == secret["deletedInLayer"] as? Int, "\(path)")
      if let deletedIn = secret["deletedInLayer"] as? Int {
        #expect(ledger.layers[deletedIn].removedFiles.contains { $0.path == path })
      }
    }
    // The setuid files the layer walk finds (PLM-IMG-007) are files of the layer that wrote
    // them: Debian's su in the base layer.
    #expect(ledger.layers[0].files.contains { $0.category == .setuid && $0.path == "/usr/bin/su" && $0.stillShipped })
    #expect(ledger.layers.dropFirst().allSatisfy { layer in !layer.files.contains { $0.category == .setuid } })
    // The findings JSON carries it, valid against the published schema.
    let scratch = try Scratch()
    let json = try scratch.write("findings.json", try FindingsRenderer.render(report, format: .json))
    try scratch.run(["python3", Repository.root.path + "/scripts/validate-json-schema.py",
                     Repository.root.path + "/docs/json-schema/findings.schema.json", json])
    let text = try FindingsRenderer.render(report, format: .ledger)
    #expect(text.contains("secret /root/.aws/credentials  removed in layer 5"))
    // The Go standard library of two binaries is listed once for each, told apart by path.
    #expect(text.contains("golang stdlib go1.19.8 in /usr/local/bin/age  still shipped"))
    #expect(text.contains("golang stdlib go1.19.8 in /usr/local/bin/fzf  still shipped"))
    #expect(text.components(separatedBy: "\nLayer ").count - 1 == record.count)
  }

  @Test func aNewVersionInTheSamePlaceIsAChangeAndAMissingPackageIsARemoval() throws {
    func package(_ name: String, _ version: String) -> Package {
      Package(type: .deb, name: name, version: version, purl: "pkg:deb/debian/\(name)@\(version)",
              foundIn: "/var/lib/dpkg/status")
    }
    let layers = (0..<3).map {
      LayerSummary(index: $0, diffID: "sha256:\($0)", digest: "sha256:b\($0)", mediaType: "tar", size: 10)
    }
    let inventory = Inventory(target: TargetSummary(name: "t", sourceKind: "docker-archive", layers: layers),
                              packages: [package("curl", "8.0"), package("bash", "5.2")])
    let history = [
      PackageRun(package: package("bash", "5.2"), addedInLayer: 0),
      PackageRun(package: package("curl", "7.0"), addedInLayer: 0, removedInLayer: 1),
      PackageRun(package: package("wget", "1.0"), addedInLayer: 0, removedInLayer: 2),
      PackageRun(package: package("curl", "8.0"), addedInLayer: 1),
    ]
    let vulnerability = Finding(
      kind: .vulnerability, id: "CVE-2024-1", title: "t", severity: .high, status: .fixed,
      location: Location(path: "/var/lib/dpkg/status", layerDigest: "sha256:1"),
      package: AffectedPackage(name: "curl", installedVersion: "8.0", purl: "pkg:deb/debian/curl@8.0"))
    let setuid = Finding(kind: .misconfiguration, id: "PLM-IMG-007", title: "setuid or setgid file added",
                         severity: .medium, status: .fail, location: Location(path: "/usr/bin/su", layerDigest: "sha256:2"))
    let historyRule = Finding(kind: .misconfiguration, id: "PLM-IMG-006", title: "ADD of a remote URL", severity: .medium,
                              status: .fail, location: Location(path: "history", layerDigest: "sha256:2"))
    let worldWritable = Finding(kind: .misconfiguration, id: "PLM-IMG-008", title: "World-writable directory",
                                severity: .medium, status: .fail, location: Location(path: "/srv/drop", layerDigest: "sha256:2"))
    let ledger = try #require(LayerLedgerBuilder.build(inventory: inventory, history: history,
                                                       findings: [vulnerability, setuid, historyRule, worldWritable]))
    // A setuid finding (PLM-IMG-007) is a file of the layer its digest names; a rule about the
    // history is not a file.
    #expect(ledger.layers[2].files.map { "\($0.category.rawValue) \($0.path)" }
            == ["setuid /usr/bin/su", "world-writable /srv/drop"])
    #expect(ledger.layers[0].files.isEmpty && ledger.layers[1].files.isEmpty)
    #expect(ledger.layers[0].added.map(\.name) == ["bash", "curl", "wget"])
    #expect(ledger.layers[0].added.first { $0.name == "curl" }?.removedInLayer == 1)
    #expect(ledger.layers[1].changed.map { "\($0.name) \($0.previousVersion ?? "") \($0.version)" } == ["curl 7.0 8.0"])
    #expect(ledger.layers[1].changed.first?.findings.map(\.id) == ["CVE-2024-1"])
    #expect(ledger.layers[1].removed.isEmpty)
    #expect(ledger.layers[2].removed.map(\.name) == ["wget"])
    #expect(ledger.layers[2].removed.first?.addedInLayer == 0)
    // A policy that filters the finding out takes it out of the ledger too.
    #expect(ledger.restricted(to: []).layers[1].changed.first?.findings.isEmpty == true)
    // A directory has no layers, so no ledger.
    let directory = Inventory(target: TargetSummary(name: ".", sourceKind: "rootfs",
                                                    layers: [LayerSummary(index: 0, diffID: "", digest: "", mediaType: "", size: 0)]))
    #expect(LayerLedgerBuilder.build(inventory: directory, history: [], findings: []) == nil)
  }
}
