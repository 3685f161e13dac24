import Foundation
import PlimsollRegistry
import PlimsollTestSupport

/// A real registry on loopback with small images pushed by skopeo, for signing tests.
struct SignedImages {
  let registry: LocalRegistry
  let pusher: RegistryPusher
  let scratch: Scratch

  init() throws {
    registry = try LocalRegistry()
    pusher = try RegistryPusher(registry)
    scratch = try Scratch()
  }

  /// Pushes a one-layer image whose file holds `content` as `repository:tag`; returns its digest.
  @discardableResult
  func pushImage(_ repository: String, tag: String, content: String, env: [String] = [],
                 files: [String: String] = [:]) throws -> String {
    try registry.push(try layout(content: content, env: env, files: files), as: "\(repository):\(tag)")
    return try digest(repository, tag: tag)
  }

  /// A one-layer image whose file holds `content`, as a skopeo source (`oci:DIR:1.0`).
  func layout(content: String, env: [String] = [], files: [String: String] = [:]) throws -> String {
    let name = "image-\(UUID().uuidString)"
    try scratch.write("\(name)-root/etc/release", content + "\n")
    for (path, text) in files { try scratch.write("\(name)-root/\(path)", text) }
    var builder = ImageBuilder(scratch: scratch)
    builder.layers = [.init(directory: "\(name)-root", createdBy: "COPY release /etc/release")]
    builder.env += env
    return "oci:\(try builder.writeOCILayout(name)):1.0"
  }

  /// Tags the image `repository:tag` also as `newTag` (the same manifest bytes, the same digest).
  func retag(_ repository: String, tag: String, as newTag: String) throws {
    try pusher.pushManifest(try pusher.manifest(repository, reference: tag), to: repository, reference: newTag)
  }

  /// The manifest digest the registry serves for `repository:tag`.
  func digest(_ repository: String, tag: String) throws -> String {
    CosignTestSigner.sha256(try pusher.manifest(repository, reference: tag))
  }

  /// A reference to `repository:tag` in this registry.
  func reference(_ repository: String, tag: String) throws -> ImageReference {
    try ImageReference(parsing: "\(registry.host)/\(repository):\(tag)")
  }

  /// A client of this registry (plain HTTP).
  func withClient<T>(_ body: (RegistryClient) async throws -> T) async throws -> T {
    var options = RegistryClient.Options()
    options.insecure = true
    return try await RegistryClient.withClient(try reference("x", tag: "1"), options: options, body)
  }
}
