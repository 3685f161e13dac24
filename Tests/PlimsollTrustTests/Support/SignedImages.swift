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

  /// Attaches a sigstore bundle to image `digest` of `repository` as cosign 3 does: a referrer
  /// manifest (artifact type `application/vnd.dev.sigstore.bundle.v0.3+json`) listed in the
  /// referrers tag schema's index (this registry has no referrers API). Returns its digest.
  @discardableResult
  func attachBundle(_ bundle: Data, to digest: String, repository: String, predicateType: String) throws -> String {
    let type = "application/vnd.dev.sigstore.bundle.v0.3+json"
    let bundleDigest = try pusher.pushBlob(bundle, to: repository)
    let emptyDigest = try pusher.pushBlob(Data("{}".utf8), to: repository)
    let referrer = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"\#(type)","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":"\#(emptyDigest)"},"layers":[{"mediaType":"\#(type)","size":\#(bundle.count),"digest":"\#(bundleDigest)"}],"annotations":{"dev.sigstore.bundle.content":"dsse-envelope","dev.sigstore.bundle.predicateType":"\#(predicateType)"}}"#.utf8)
    let referrerDigest = try pusher.pushManifest(referrer, to: repository, reference: CosignTestSigner.sha256(referrer))
    let index = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":\#(referrer.count),"digest":"\#(referrerDigest)","artifactType":"\#(type)","annotations":{"dev.sigstore.bundle.predicateType":"\#(predicateType)"}}]}"#.utf8)
    try pusher.pushManifest(index, to: repository, reference: digest.replacingOccurrences(of: ":", with: "-"),
                            mediaType: "application/vnd.oci.image.index.v1+json")
    return referrerDigest
  }

  /// Pushes an image made of `layers` (arbitrary bytes; the config's diff_ids are their
  /// digests, as for uncompressed layers) with manifest `annotations`; returns its digest.
  /// Enough for what reads manifests and configs only (freshness).
  @discardableResult
  func pushRawImage(_ repository: String, tag: String, layers: [String], annotations: [String: String] = [:],
                    created: String? = nil) throws -> String {
    var descriptors: [String] = []
    var diffIDs: [String] = []
    for layer in layers {
      let digest = try pusher.pushBlob(Data(layer.utf8), to: repository)
      diffIDs.append(digest)
      descriptors.append(#"{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":\#(layer.utf8.count),"digest":"\#(digest)"}"#)
    }
    let config = Data((#"{"architecture":"amd64","os":"linux","#
      + (created.map { #""created":"\#($0)","# } ?? "")
      + #""rootfs":{"type":"layers","diff_ids":[\#(diffIDs.map { "\"\($0)\"" }.joined(separator: ","))]}}"#).utf8)
    let configDigest = try pusher.pushBlob(config, to: repository)
    let annotationJSON = String(decoding: try JSONSerialization.data(withJSONObject: annotations, options: [.sortedKeys]), as: UTF8.self)
    let manifest = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":\#(config.count),"digest":"\#(configDigest)"},"layers":[\#(descriptors.joined(separator: ","))],"annotations":\#(annotationJSON)}"#.utf8)
    return try pusher.pushManifest(manifest, to: repository, reference: tag)
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
