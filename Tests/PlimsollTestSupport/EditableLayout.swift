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

  /// The skopeo reference of `tag` in this layout.
  public func source(_ tag: String) -> String { "oci:\(path):\(tag)" }
}
