import Foundation
import PlimsollTestSupport

/// Pushes blobs and manifests to a registry on loopback with its HTTP API (`curl`): what
/// signers do to attach signature manifests, and what tests do to tamper with them.
struct RegistryPusher {
  let registry: LocalRegistry
  let scratch: Scratch

  init(_ registry: LocalRegistry) throws {
    self.registry = registry
    scratch = try Scratch()
  }

  /// Uploads `bytes` as a blob of `repository` (POST, then PUT with the digest); returns the digest.
  @discardableResult
  func pushBlob(_ bytes: Data, to repository: String) throws -> String {
    let digest = CosignTestSigner.sha256(bytes)
    let file = try scratch.write("blob-\(UUID().uuidString)", Array(bytes))
    let headers = String(decoding: try scratch.run([
      "curl", "-sS", "-f", "-i", "-X", "POST", "http://\(registry.host)/v2/\(repository)/blobs/uploads/"]), as: UTF8.self)
    guard let line = headers.split(whereSeparator: \.isNewline).first(where: { $0.lowercased().hasPrefix("location:") })
    else { throw NSError(domain: "RegistryPusher", code: 1, userInfo: [NSLocalizedDescriptionKey: "no upload location: \(headers)"]) }
    var location = line.dropFirst("location:".count).trimmingCharacters(in: .whitespaces)
    if location.hasPrefix("/") { location = "http://\(registry.host)" + location }
    location += (location.contains("?") ? "&" : "?") + "digest=" + digest
    try scratch.run(["curl", "-sS", "-f", "-X", "PUT", "-H", "Content-Type: application/octet-stream",
                     "--data-binary", "@" + file, location])
    return digest
  }

  /// Puts `bytes` as the manifest `reference` (a tag or digest) of `repository`; returns its digest.
  @discardableResult
  func pushManifest(_ bytes: Data, to repository: String, reference: String,
                    mediaType: String = "application/vnd.oci.image.manifest.v1+json") throws -> String {
    let file = try scratch.write("manifest-\(UUID().uuidString)", Array(bytes))
    try scratch.run(["curl", "-sS", "-f", "-X", "PUT", "-H", "Content-Type: \(mediaType)",
                     "--data-binary", "@" + file, "http://\(registry.host)/v2/\(repository)/manifests/\(reference)"])
    return CosignTestSigner.sha256(bytes)
  }

  /// The manifest bytes at `reference`.
  func manifest(_ repository: String, reference: String) throws -> Data {
    Data(try scratch.run(["curl", "-sS", "-f", "-H", "Accept: application/vnd.oci.image.manifest.v1+json",
                          "http://\(registry.host)/v2/\(repository)/manifests/\(reference)"]))
  }
}
