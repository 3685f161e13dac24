import Foundation

/// A copy of the test image's OCI layout in a scratch directory, to which images with one more
/// layer are added (`umoci raw add-layer`): rebuilt images and bases that share their layers.
public struct EditableLayout {
  public let scratch: Scratch
  /// The layout directory (`layout/`), tag `1.0` being the test image.
  public let path: String

  /// Copies the test image's layout (tag `1.0`) into `scratch`.
  public init(in scratch: Scratch) throws {
    let images = try TestImage.available().map { $0 + "/test-image-oci" }
      ?? { throw NSError(domain: "EditableLayout", code: 1, userInfo: [
        NSLocalizedDescriptionKey: "no test image; run scripts/build-test-image"]) }()
    self.scratch = scratch
    path = scratch.path + "/layout"
    try scratch.run(["cp", "-r", images, "layout"])
  }

  /// Tags `tag`: the image `base` plus a layer holding `/etc/FILE` (whose content is the tag).
  public func addLayer(_ tag: String, on base: String, file: String) throws {
    try addLayer(tag, on: base, files: ["etc/\(file)": "\(tag)\n"])
  }

  /// Tags `tag`: the image `base` plus a layer holding `files` (relative path → content).
  public func addLayer(_ tag: String, on base: String, files: [String: String]) throws {
    for (path, content) in files { try scratch.write("\(tag)/\(path)", content) }
    let tops = Set(files.keys.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
    try scratch.run(["tar", "-C", tag, "-cf", "\(tag).tar"] + tops)
    try scratch.run(["umoci", "raw", "add-layer", "--image", "layout:\(base)", "--tag", tag, "\(tag).tar"])
  }

  /// Tags `tag`: the image `base` with manifest annotations added (`umoci config`), e.g. the
  /// `org.opencontainers.image.base.digest` of the base an image was built on.
  public func annotate(_ tag: String, from base: String, _ annotations: [String: String]) throws {
    let flags = annotations.sorted { $0.key < $1.key }.flatMap { ["--manifest.annotation", "\($0.key)=\($0.value)"] }
    try scratch.run(["umoci", "config", "--image", "layout:\(base)", "--tag", tag] + flags)
  }

  /// The digest of `tag`'s manifest in this layout (which skopeo pushes unchanged).
  public func manifestDigest(_ tag: String) throws -> String {
    let index = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/index.json")))
    let manifests = (index as? [String: Any])?["manifests"] as? [[String: Any]] ?? []
    guard let entry = manifests.first(where: {
      ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == tag
    }), let digest = entry["digest"] as? String else {
      throw NSError(domain: "EditableLayout", code: 2, userInfo: [NSLocalizedDescriptionKey: "no tag \(tag)"])
    }
    return digest
  }

  /// The skopeo reference of `tag` in this layout.
  public func source(_ tag: String) -> String { "oci:\(path):\(tag)" }
}
