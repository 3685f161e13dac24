import Foundation
import PlimsollIO
import PlimsollDiagnostics

/// Reads a `docker save` archive: `manifest.json` with Config, RepoTags and Layers, in the
/// classic layout (`<id>/layer.tar`) or the OCI-in-docker-save layout (`blobs/sha256/…`).
struct DockerArchiveReader {
  struct Entry: Decodable {
    var config: String
    var repoTags: [String]?
    var layers: [String]
    enum CodingKeys: String, CodingKey {
      case config = "Config"
      case repoTags = "RepoTags"
      case layers = "Layers"
    }
  }

  let store: BlobStore
  let name: String

  func artifact(tag: String?) throws -> Artifact {
    let entries = try JSONInput.decode(
      [Entry].self, from: try store.read("manifest.json"), input: "\(name):manifest.json")
    guard !entries.isEmpty else { throw InputError(name, "manifest.json lists no image") }
    let entry: Entry
    if let tag {
      guard let match = entries.first(where: { ($0.repoTags ?? []).contains(tag) }) else {
        let tags = entries.flatMap { $0.repoTags ?? [] }
        throw InputError(name, "no image tagged '\(tag)'; tags present: "
          + (tags.isEmpty ? "none" : tags.joined(separator: ", ")))
      }
      entry = match
    } else if entries.count == 1 {
      entry = entries[0]
    } else {
      let tags = entries.flatMap { $0.repoTags ?? [] }
      throw InputError(name, "the archive holds \(entries.count) images; name one with "
        + "docker-archive:\(name):TAG (tags: \(tags.joined(separator: ", ")))")
    }

    let configBytes = try store.read(entry.config)
    let configDigest = Digest.sha256(configBytes)
    // The config's file name is its digest in both layouts; a mismatch means tampering.
    let configStem = entry.config.split(separator: "/").last.map {
      $0.hasSuffix(".json") ? String($0.dropLast(5)) : String($0)
    } ?? ""
    if configStem.count == 64, configStem != configDigest.hex {
      throw InputError("\(name):\(entry.config)",
                       "digest mismatch: file name says sha256:\(configStem), content is \(configDigest)")
    }
    let config = try JSONInput.decode(ImageConfig.self, from: configBytes,
                                      input: "\(name):\(entry.config)")
    let diffIDs = config.rootfs?.diffIDs ?? []
    guard diffIDs.count == entry.layers.count else {
      throw InputError(name, "manifest.json lists \(entry.layers.count) layers but the config has "
        + "\(diffIDs.count) diff_ids")
    }
    let history = config.layerHistory
    var layers: [LayerDescriptor] = []
    for (index, member) in entry.layers.enumerated() {
      guard let diffID = Digest(diffIDs[index]) else {
        throw InputError(name, "config diff_id \(index) '\(diffIDs[index])' is not a sha256 digest")
      }
      var location = try store.location(of: member)
      location.displayName = "\(name):\(member)"
      // In the OCI-in-docker-save layout the member name is the blob digest: verify it too.
      let stem = member.split(separator: "/").last.map(String.init) ?? ""
      let blobDigest = member.hasPrefix("blobs/sha256/") ? Digest("sha256:" + stem) : nil
      layers.append(LayerDescriptor(
        index: index, digest: blobDigest ?? diffID, diffID: diffID,
        mediaType: MediaTypes.dockerLayer, size: location.length ?? 0,
        createdBy: index < history.count ? history[index] : nil, location: location,
        verifyDigest: blobDigest != nil))
    }
    return Artifact(name: name, kind: .dockerArchive, tags: entry.repoTags ?? [],
                    configDigest: configDigest, config: config, platform: config.platform,
                    layers: layers)
  }
}
