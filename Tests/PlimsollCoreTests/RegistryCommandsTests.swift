import Foundation
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

  @Test func aRegistryImageHasTheInventoryOfTheSameImageOnDisk() throws {
    guard let plimsoll = plimsollExecutable() else { return }
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry()
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let cache = try Scratch().path
    let (status, output, errors) = try runPlimsoll(
      plimsoll, ["sbom", "\(registry.host)/team/app:1.4", "--insecure", "--format", "json", "--cache-dir", cache])
    #expect(status == 0, "\(errors)")
    let (_, local, _) = try runPlimsoll(
      plimsoll, ["sbom", "oci:\(images)/test-image-oci:1.0", "--format", "json", "--cache-dir", cache])
    let pulled = try packages(output)
    #expect(pulled.count > 300)
    #expect(pulled == (try packages(local)))
    // Nothing of the pull is left behind in the cache.
    let left = try FileManager.default.subpathsOfDirectory(atPath: cache + "/engine-exports")
    #expect(left.isEmpty, "\(left)")
  }

  @Test func credentialsComeFromStandardInputAndErrorsNameTheReference() throws {
    guard let plimsoll = plimsollExecutable() else { return }
    let images = try #require(TestImage.available())
    let registry = try LocalRegistry(basicAuth: ("scanner", "s3cret-pass"))
    try registry.push("oci:\(images)/test-image-oci:1.0", as: "team/app:1.4")
    let cache = try Scratch().path
    let reference = "\(registry.host)/team/app:1.4"
    let (denied, _, deniedErrors) = try runPlimsoll(
      plimsoll, ["image", reference, "--insecure", "--scanners", "config", "--cache-dir", cache])
    #expect(denied == 2)
    #expect(deniedErrors.contains("plimsoll: error: \(reference): unauthorized"), "\(deniedErrors)")
    let (status, output, errors) = try runPlimsoll(
      plimsoll, ["image", reference, "--insecure", "--scanners", "config", "--format", "json",
                 "--username", "scanner", "--password-stdin", "--cache-dir", cache],
      stdin: "s3cret-pass\n")
    #expect(status == 0, "\(errors)")
    #expect(output.contains("\"PLM-IMG-"))
    let (tls, _, tlsErrors) = try runPlimsoll(plimsoll, ["sbom", reference, "--cache-dir", cache])
    #expect(tls == 2)
    #expect(tlsErrors.contains("use --insecure"), "\(tlsErrors)")
  }
}
