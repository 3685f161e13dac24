import Foundation
import PlimsollIO
import PlimsollDiagnostics

/// Reads an OCI image layout (directory or tar): `oci-layout`, `index.json`, `blobs/`.
struct OCILayoutReader {
  let store: BlobStore
  let name: String
  /// Layers (by diffID) whose blobs may be missing from the layout because the caller already
  /// has their facts (a registry pull skips them); reading one is an error naming it.
  var absentLayers: Set<String> = []

  /// Resolves `tag` (or the only image) for `platform` into an artifact.
  func artifact(tag: String?, platform: Platform, kind: SourceKind = .ociLayout) throws -> Artifact {
    let indexBytes = try store.read("index.json")
    let index = try JSONInput.decode(ImageIndex.self, from: indexBytes, input: "\(name):index.json")
    var roots = index.manifests
    if let tag {
      roots = roots.filter { $0.annotations?["org.opencontainers.image.ref.name"] == tag }
      if roots.isEmpty {
        let tags = index.manifests.compactMap { $0.annotations?["org.opencontainers.image.ref.name"] }
        throw InputError(
          name, "no image tagged '\(tag)'; tags present: "
            + (tags.isEmpty ? "none" : tags.joined(separator: ", ")))
      }
    }
    var candidates: [(Descriptor, ImageManifest, Digest)] = []
    var rootTags: [Digest: String] = [:]
    for root in roots {
      let before = candidates.count
      try collect(root, depth: 0, into: &candidates)
      if let refName = root.annotations?["org.opencontainers.image.ref.name"] {
        for candidate in candidates[before...] { rootTags[candidate.2] = refName }
      }
    }
    guard !candidates.isEmpty else { throw InputError(name, "index.json lists no image manifest") }
    let chosen = try choose(candidates, platform: platform)
    let chosenTag = tag ?? rootTags[chosen.2]
    return try build(manifestDescriptor: chosen.0, manifest: chosen.1, manifestDigest: chosen.2,
                     tags: chosenTag.map { [$0] } ?? [], kind: kind)
  }

  /// Walks nested indexes down to image manifests.
  private func collect(_ descriptor: Descriptor, depth: Int,
                       into out: inout [(Descriptor, ImageManifest, Digest)]) throws {
    guard depth < 8 else { throw InputError(name, "image index nesting is too deep") }
    let (digest, bytes) = try store.readVerifiedBlob(descriptor)
    let isIndex: Bool
    if let type = descriptor.mediaType, MediaTypes.indexTypes.contains(type) {
      isIndex = true
    } else if let type = descriptor.mediaType, MediaTypes.manifestTypes.contains(type) {
      isIndex = false
    } else {
      // No media type: tell by shape.
      let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
      isIndex = object?["manifests"] != nil
    }
    if isIndex {
      let index = try JSONInput.decode(ImageIndex.self, from: bytes, input: "\(name):blob \(digest)")
      for child in index.manifests { try collect(child, depth: depth + 1, into: &out) }
    } else {
      let manifest = try JSONInput.decode(ImageManifest.self, from: bytes,
                                          input: "\(name):blob \(digest)")
      out.append((descriptor, manifest, digest))
    }
  }

  private func choose(_ candidates: [(Descriptor, ImageManifest, Digest)], platform: Platform) throws
    -> (Descriptor, ImageManifest, Digest)
  {
    if candidates.count == 1 {
      if let declared = candidates[0].0.platform, !platform.accepts(declared) {
        throw InputError(
          name, "no image for platform \(platform); platforms present: \(declared)")
      }
      return candidates[0]
    }
    var platforms: [String] = []
    for candidate in candidates {
      var declared = candidate.0.platform
      if declared == nil {
        let (_, bytes) = try store.readVerifiedBlob(candidate.1.config)
        declared = try JSONInput.decode(ImageConfig.self, from: bytes, input: "\(name):config").platform
      }
      if let declared {
        platforms.append(declared.description)
        if platform.accepts(declared) { return candidate }
      }
    }
    throw InputError(
      name, "no image for platform \(platform); platforms present: "
        + (platforms.isEmpty ? "unknown" : platforms.joined(separator: ", ")))
  }

  /// Builds the artifact from a verified manifest.
  func build(manifestDescriptor: Descriptor, manifest: ImageManifest, manifestDigest: Digest?,
             tags: [String], kind: SourceKind) throws -> Artifact {
    let (configDigest, configBytes) = try store.readVerifiedBlob(manifest.config)
    let config = try JSONInput.decode(ImageConfig.self, from: configBytes,
                                      input: "\(name):config \(configDigest)")
    let diffIDs = config.rootfs?.diffIDs ?? []
    guard diffIDs.count == manifest.layers.count else {
      throw InputError(
        name, "manifest lists \(manifest.layers.count) layers but the config has \(diffIDs.count) diff_ids")
    }
    let history = config.layerHistory
    var layers: [LayerDescriptor] = []
    for (index, layer) in manifest.layers.enumerated() {
      let member = try BlobPath(layer.digest)
      guard let diffID = Digest(diffIDs[index]) else {
        throw InputError(name, "config diff_id \(index) '\(diffIDs[index])' is not a sha256 digest")
      }
      var location: BlobLocation
      if absentLayers.contains(diffID.description), !store.contains(member.path) {
        location = BlobLocation(
          path: "/nonexistent/plimsoll-absent-layer", length: layer.size,
          displayName: "\(name):layer \(member.digest) (not downloaded: its facts were cached)")
      } else {
        location = try store.location(of: member.path)
        location.displayName = "\(name):layer \(member.digest)"
      }
      if let size = layer.size, let length = location.length, size != length {
        throw InputError(location.displayName, "size mismatch: manifest says \(size), blob has \(length)")
      }
      layers.append(LayerDescriptor(
        index: index, digest: member.digest, diffID: diffID,
        mediaType: layer.mediaType ?? MediaTypes.ociLayer, size: location.length ?? layer.size ?? 0,
        createdBy: index < history.count ? history[index] : nil, location: location,
        verifyDigest: true))
    }
    return Artifact(name: name, kind: kind, tags: tags, manifestDigest: manifestDigest,
                    configDigest: configDigest, config: config,
                    platform: manifestDescriptor.platform ?? config.platform, layers: layers)
  }
}
