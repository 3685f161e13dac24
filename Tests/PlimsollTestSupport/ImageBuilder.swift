import Foundation

/// Packs small images for tests the way `docker save` and OCI layouts store them, using the
/// system's `tar`, `gzip`, `zstd` and `sha256sum`, so tests can also tamper with the result.
public struct ImageBuilder {
  /// One layer: a directory inside the scratch folder, packed with GNU tar.
  public struct Layer {
    public var directory: String
    public var createdBy: String
    public var compression: String
    public init(directory: String, createdBy: String, compression: String = "gzip") {
      self.directory = directory
      self.createdBy = createdBy
      self.compression = compression
    }
  }

  public let scratch: Scratch
  public var layers: [Layer] = []
  public var architecture = "amd64"
  public var env: [String] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
  /// `config.ExposedPorts` keys (`22/tcp`).
  public var exposedPorts: [String] = []

  public init(scratch: Scratch) {
    self.scratch = scratch
  }

  /// sha256 of a file in the scratch folder, as hex.
  public func sha256(_ relative: String) throws -> String {
    let out = try scratch.run(["sha256sum", relative])
    return String(decoding: out.prefix(64), as: UTF8.self)
  }

  /// Packs layer `index`; returns (uncompressed tar name, blob name).
  func pack(_ index: Int) throws -> (tar: String, blob: String) {
    let layer = layers[index]
    let tar = "layer\(index).tar"
    try scratch.run(["tar", "--format=pax", "--sort=name", "--numeric-owner", "--owner=0",
                     "--group=0", "--mtime=@0", "-C", layer.directory, "-cf", tar, "."])
    switch layer.compression {
    case "gzip":
      try scratch.write(tar + ".gz", try scratch.run(["gzip", "-n", "-c", tar]))
      return (tar, tar + ".gz")
    case "zstd":
      try scratch.write(tar + ".zst", try scratch.run(["zstd", "-q", "-c", tar]))
      return (tar, tar + ".zst")
    default:
      return (tar, tar)
    }
  }

  func configJSON(diffIDs: [String]) -> String {
    var history: [String] = []
    for layer in layers {
      history.append(#"{"created_by":"\#(layer.createdBy)"}"#)
    }
    history.append(#"{"created_by":"CMD [\"sh\"]","empty_layer":true}"#)
    let envJSON = env.map { "\"\($0)\"" }.joined(separator: ",")
    let portsJSON = exposedPorts.isEmpty ? ""
      : #","ExposedPorts":{"# + exposedPorts.map { "\"\($0)\":{}" }.joined(separator: ",") + "}"
    return #"{"architecture":"\#(architecture)","os":"linux","config":{"Env":[\#(envJSON)]\#(portsJSON),"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[\#(diffIDs.map { "\"sha256:\($0)\"" }.joined(separator: ","))]},"history":[\#(history.joined(separator: ","))]}"#
  }

  /// Writes an OCI image layout directory `name` with one image tagged `tag`; returns its path.
  @discardableResult
  public func writeOCILayout(_ name: String, tag: String = "1.0") throws -> String {
    let blobs = name + "/blobs/sha256"
    try FileManager.default.createDirectory(
      atPath: scratch.path + "/" + blobs, withIntermediateDirectories: true)
    var diffIDs: [String] = []
    var layerDescriptors: [String] = []
    for index in layers.indices {
      let (tar, blob) = try pack(index)
      diffIDs.append(try sha256(tar))
      let digest = try sha256(blob)
      try scratch.run(["cp", blob, "\(blobs)/\(digest)"])
      let size = try scratch.read(blob).count
      let mediaType = layers[index].compression == "gzip"
        ? "application/vnd.oci.image.layer.v1.tar+gzip"
        : layers[index].compression == "zstd" ? "application/vnd.oci.image.layer.v1.tar+zstd"
        : "application/vnd.oci.image.layer.v1.tar"
      layerDescriptors.append(#"{"mediaType":"\#(mediaType)","digest":"sha256:\#(digest)","size":\#(size)}"#)
    }
    let config = configJSON(diffIDs: diffIDs)
    try scratch.write("config.json", config)
    let configDigest = try sha256("config.json")
    try scratch.run(["cp", "config.json", "\(blobs)/\(configDigest)"])
    let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(configDigest)","size":\#(config.utf8.count)},"layers":[\#(layerDescriptors.joined(separator: ","))]}"#
    try scratch.write("manifest.json", manifest)
    let manifestDigest = try sha256("manifest.json")
    try scratch.run(["cp", "manifest.json", "\(blobs)/\(manifestDigest)"])
    try scratch.write(name + "/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
    try scratch.write(name + "/index.json", #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(manifestDigest)","size":\#(manifest.utf8.count),"annotations":{"org.opencontainers.image.ref.name":"\#(tag)"},"platform":{"architecture":"\#(architecture)","os":"linux"}}]}"#)
    return scratch.path + "/" + name
  }

  /// Writes a classic `docker save` archive `name` (uncompressed `<n>/layer.tar` members).
  @discardableResult
  public func writeDockerArchive(_ name: String, tag: String = "app:1.0",
                                 tamperLayer: Int? = nil) throws -> String {
    let root = name + ".d"
    var diffIDs: [String] = []
    var members: [String] = []
    for index in layers.indices {
      let (tar, _) = try pack(index)
      diffIDs.append(try sha256(tar))
      try FileManager.default.createDirectory(
        atPath: "\(scratch.path)/\(root)/l\(index)", withIntermediateDirectories: true)
      try scratch.run(["cp", tar, "\(root)/l\(index)/layer.tar"])
      if tamperLayer == index {
        // Change the last content byte (the last file's data) after the digest was taken.
        var bytes = try scratch.read("\(root)/l\(index)/layer.tar")
        if let position = bytes.lastIndex(where: { $0 != 0 }) {
          bytes[position] ^= 1
        }
        try scratch.write("\(root)/l\(index)/layer.tar", bytes)
      }
      members.append("\"l\(index)/layer.tar\"")
    }
    try scratch.write("\(root)/img.json", configJSON(diffIDs: diffIDs))
    let configDigest = try sha256("\(root)/img.json")
    try scratch.run(["mv", "\(root)/img.json", "\(root)/\(configDigest).json"])
    try scratch.write("\(root)/manifest.json",
                      #"[{"Config":"\#(configDigest).json","RepoTags":["\#(tag)"],"Layers":[\#(members.joined(separator: ","))]}]"#)
    try scratch.run(["tar", "--format=pax", "-C", root, "-cf", name, "."])
    return scratch.path + "/" + name
  }
}
