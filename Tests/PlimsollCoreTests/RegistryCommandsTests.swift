import Foundation
import PlimsollCore
import PlimsollTestSupport
import Testing

/// `plimsoll sbom` and `plimsoll image` with a registry reference, against a real registry.
@Suite(.enabled(if: LocalRegistry.runs, "docker-registry and skopeo are not installed"))
struct RegistryCommandsTests {
  func packages(_ json: String) throws -> [String] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let packages = try #require(object["packages"] as? [[String: Any]])
    return packages.map { "\($0["type"] ?? "") \($0["name"] ?? "") \($0["version"] ?? "")" }
  }

  @Test func aRegistryImageHasTheInventoryOfTheSameImageOnDisk() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let cache = try Scratch().path
    let (status, output, errors) = try await runPlimsollAsync(
      plimsoll, ["sbom", "\(registry.host)/team/app:1.4", "--insecure", "--format", "json", "--cache-dir", cache])
    #expect(status == 0, "\(errors)")
    let (_, local, _) = try await runPlimsollAsync(
      plimsoll, ["sbom", "oci:\(images)/test-image-oci:1.0", "--format", "json", "--cache-dir", cache])
    let pulled = try packages(output)
    #expect(pulled.count > 300)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    let target = try #require(document["target"] as? [String: Any])
    #expect(target["sourceKind"] as? String == "registry")
    #expect(target["name"] as? String == "\(registry.host)/team/app:1.4")
    #expect((target["manifestDigest"] as? String)?.hasPrefix("sha256:") == true)
    #expect(pulled == (try packages(local)))
    // Nothing of the pull is left behind in the cache.
    let left = try FileManager.default.subpathsOfDirectory(atPath: cache + "/engine-exports")
    #expect(left.isEmpty, "\(left)")
  }

  /// The layer cache decides what is downloaded: a second scan fetches only the config, and an
  /// image rebuilt on the same layers fetches only its new layer.
  @Test func layersWhoseFactsAreCachedAreNotDownloaded() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let images = try #require(TestImage.available())
    let scratch = try Scratch()
    let layout = try EditableLayout(in: scratch)
    try layout.addLayer("1.1", on: "1.0", file: "added.txt")
    let registry = try LocalRegistry()
    try registry.push(layout.source("1.0"), as: "team/app:1.0")
    try registry.push(layout.source("1.1"), as: "team/app:1.1")
    let cache = scratch.path + "/cache"
    func scan(_ tag: String) async throws -> Int {
      let before = try registry.blobRequests("team/app")
      let (status, _, errors) = try await runPlimsollAsync(
        plimsoll, ["sbom", "\(registry.host)/team/app:\(tag)", "--insecure", "--format", "json", "--cache-dir", cache])
      #expect(status == 0, "\(errors)")
      return try registry.blobRequests("team/app") - before
    }
    let layers = try SourceResolver.resolve("oci:\(images)/test-image-oci:1.0").layers.count
    #expect(try await scan("1.0") == layers + 1)
    #expect(try await scan("1.0") == 1)
    #expect(try await scan("1.1") == 2)
  }

  /// `nginx:1.27` means `docker.io/library/nginx:1.27`; with mirrors it is pulled from the
  /// first mirror that answers, as dockerd's `registry-mirrors` do.
  @Test func dockerHubImagesComeThroughTheMirrors() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "library/nginx:1.27")
    let cache = try Scratch().path
    let (status, output, errors) = try await runPlimsollAsync(
      plimsoll, ["sbom", "nginx:1.27", "--registry-mirror", "http://127.0.0.1:1",
                 "--registry-mirror", "http://\(registry.host)", "--format", "json", "--cache-dir", cache])
    #expect(status == 0, "\(errors)")
    #expect(try packages(output).count > 300)
    #expect(errors.contains("plimsoll: warning: docker.io/library/nginx:1.27: mirror http://127.0.0.1:1: "), "\(errors)")
    // The mirror that failed is part of the report, not only of standard error.
    let (scanned, report, _) = try await runPlimsollAsync(
      plimsoll, ["image", "nginx:1.27", "--registry-mirror", "http://127.0.0.1:1",
                 "--registry-mirror", "http://\(registry.host)", "--scanners", "config", "--format", "json",
                 "--cache-dir", cache])
    #expect(scanned == 0)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
    let warnings = (document["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    #expect(warnings.contains { $0.hasPrefix("mirror http://127.0.0.1:1: ") && $0.hasSuffix("trying mirror http://\(registry.host)") },
            "\(warnings)")
    let (bad, _, badErrors) = try await runPlimsollAsync(
      plimsoll, ["sbom", "nginx:1.27", "--registry-mirror", "ftp://mirror", "--cache-dir", cache])
    #expect(bad == 2)
    #expect(badErrors.contains("ftp://mirror: a registry mirror is http(s)://host[:port]"), "\(badErrors)")
  }

  /// Layers stream from the registry into the walk. A layer whose stored bytes were tampered
  /// with fails the scan naming the blob (exit 2), and no facts of it are cached, nor is the
  /// blob kept, though the walk had read its bytes before the digest could be checked.
  @Test func aTamperedLayerStreamedIntoTheWalkFailsTheScanAndCachesNothing() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let local = try SourceResolver.resolve("oci:\(images)/test-image-oci:1.0")
    let victim = try #require(local.layers.max { $0.size < $1.size })
    let blob = registry.blobPath(victim.digest.description)
    // Bytes after the gzip stream: the walk reads a whole, valid layer; only the digest tells.
    let handle = try #require(FileHandle(forWritingAtPath: blob))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("tampered tail".utf8))
    try handle.close()
    let cache = try Scratch().path
    let (status, _, errors) = try await runPlimsollAsync(
      plimsoll, ["sbom", "\(registry.host)/team/app:1.4", "--insecure", "--keep-blobs", "--format", "json",
                 "--cache-dir", cache])
    #expect(status == 2)
    #expect(errors.contains("blob \(victim.digest)"), "\(errors)")
    let files = try FileManager.default.subpathsOfDirectory(atPath: cache)
    #expect(!files.contains { $0.contains(victim.diffID.hex) || $0.contains(victim.digest.hex) }, "\(files)")
    #expect(!files.contains { $0.contains(".partial-") }, "\(files)")
  }

  /// `--keep-blobs` keeps what a pull downloaded (verified) and reuses it: with the layer cache
  /// off, the second scan downloads no blob at all.
  @Test func keptBlobsAreNotDownloadedAgain() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.0")
    let cache = try Scratch().path
    func scan() async throws -> (blobs: Int, packages: [String]) {
      let before = try registry.blobRequests("team/app")
      let (status, output, errors) = try await runPlimsollAsync(
        plimsoll, ["sbom", "\(registry.host)/team/app:1.0", "--insecure", "--keep-blobs", "--no-cache",
                   "--format", "json", "--cache-dir", cache])
      #expect(status == 0, "\(errors)")
      return (try registry.blobRequests("team/app") - before, try packages(output))
    }
    let first = try await scan()
    let second = try await scan()
    #expect(first.blobs == 8)
    #expect(second.blobs == 0)
    #expect(second.packages == first.packages && first.packages.count > 300)
    let kept = try FileManager.default.contentsOfDirectory(atPath: cache + "/blobs/sha256")
    #expect(kept.count == 8 && kept.allSatisfy { $0.count == 64 })
  }

  @Test func credentialsComeFromStandardInputAndErrorsNameTheReference() async throws {
    let plimsoll = try #require(plimsollExecutable(), "the plimsoll executable is not built")
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry(basicAuth: ("scanner", "s3cret-pass"))
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let cache = try Scratch().path
    let reference = "\(registry.host)/team/app:1.4"
    let (denied, _, deniedErrors) = try await runPlimsollAsync(
      plimsoll, ["image", reference, "--insecure", "--scanners", "config", "--cache-dir", cache])
    #expect(denied == 2)
    #expect(deniedErrors.contains("plimsoll: error: \(reference): unauthorized"), "\(deniedErrors)")
    let (status, output, errors) = try await runPlimsollAsync(
      plimsoll, ["image", reference, "--insecure", "--scanners", "config", "--format", "json",
                 "--username", "scanner", "--password-stdin", "--cache-dir", cache],
      stdin: "s3cret-pass\n")
    #expect(status == 0, "\(errors)")
    #expect(output.contains("\"PLM-IMG-"))
    let (fromEnvironment, _, environmentErrors) = try await runPlimsollAsync(
      plimsoll, ["sbom", reference, "--insecure", "--format", "json", "--cache-dir", cache],
      environment: ["PLIMSOLL_REGISTRY_USERNAME": "scanner", "PLIMSOLL_REGISTRY_PASSWORD": "s3cret-pass"])
    #expect(fromEnvironment == 0, "\(environmentErrors)")
    let (tls, _, tlsErrors) = try await runPlimsollAsync(plimsoll, ["sbom", reference, "--cache-dir", cache])
    #expect(tls == 2)
    #expect(tlsErrors.contains("use --insecure"), "\(tlsErrors)")
  }
}
