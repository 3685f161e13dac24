import Foundation
import PlimsollIO
import PlimsollTestSupport
import Testing
@testable import PlimsollSource
import PlimsollDiagnostics

/// A two-layer image: a base with os-release, and an upper layer adding a tool.
func twoLayerImage(_ scratch: Scratch, compression: String = "gzip") throws -> ImageBuilder {
  try scratch.write("l0/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
  try scratch.write("l1/usr/bin/tool", "#!/bin/sh\n", mode: 0o755)
  var builder = ImageBuilder(scratch: scratch)
  builder.layers = [
    .init(directory: "l0", createdBy: "ADD rootfs.tar /", compression: compression),
    .init(directory: "l1", createdBy: "COPY tool /usr/bin/tool", compression: compression),
  ]
  return builder
}

func expectInputError(_ fragment: String, _ body: () throws -> Void,
                      sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(sourceLocation: sourceLocation) {
    try body()
  } throws: { error in
    let message = (error as? InputError)?.errorDescription ?? "\(error)"
    if !message.contains(fragment) { print("unexpected message: \(message)") }
    return message.contains(fragment)
  }
}

@Suite struct SourceResolverTests {
  @Test func ociLayoutDirectoryYieldsLayersWithHistory() throws {
    let scratch = try Scratch()
    let layout = try twoLayerImage(scratch).writeOCILayout("oci", tag: "1.0")
    for reference in ["oci:\(layout):1.0", "oci:\(layout)", layout] {
      let artifact = try SourceResolver.resolve(reference)
      #expect(artifact.kind == .ociLayout)
      #expect(artifact.layers.count == 2)
      #expect(artifact.layers.map(\.createdBy) == ["ADD rootfs.tar /", "COPY tool /usr/bin/tool"])
      #expect(artifact.layers.allSatisfy { $0.verifyDigest && $0.digest != $0.diffID })
      #expect(artifact.platform?.description == "linux/amd64")
      #expect(artifact.manifestDigest != nil)
    }
  }

  @Test func unknownTagListsTheTagsPresent() throws {
    let scratch = try Scratch()
    let layout = try twoLayerImage(scratch).writeOCILayout("oci", tag: "1.0")
    expectInputError("no image tagged '2.0'; tags present: 1.0") {
      _ = try SourceResolver.resolve("oci:\(layout):2.0")
    }
  }

  @Test func ociLayoutTarIsRecognisedByContent() throws {
    let scratch = try Scratch()
    try twoLayerImage(scratch).writeOCILayout("oci")
    try scratch.run(["tar", "-C", "oci", "-cf", "oci.tar", "."])
    let artifact = try SourceResolver.resolve(scratch.path + "/oci.tar")
    #expect(artifact.kind == .ociLayout)
    #expect(artifact.layers.count == 2)
  }

  @Test func dockerArchiveYieldsTagsAndDiffIDs() throws {
    let scratch = try Scratch()
    let archive = try twoLayerImage(scratch).writeDockerArchive("app.tar", tag: "app:1.0")
    for reference in ["docker-archive:\(archive)", archive, "docker-archive:\(archive):app:1.0"] {
      let artifact = try SourceResolver.resolve(reference)
      #expect(artifact.kind == .dockerArchive)
      #expect(artifact.tags == ["app:1.0"])
      #expect(artifact.layers.count == 2)
      #expect(artifact.layers.allSatisfy { !$0.verifyDigest && $0.digest == $0.diffID })
      #expect(artifact.configDigest != nil)
    }
  }

  @Test func aTamperedConfigBlobIsADigestMismatch() throws {
    let scratch = try Scratch()
    let layout = try twoLayerImage(scratch).writeOCILayout("oci")
    let configDigest = try ImageBuilder(scratch: scratch).sha256("config.json")
    let configPath = "oci/blobs/sha256/\(configDigest)"
    var bytes = try scratch.read(configPath)
    bytes[bytes.count - 2] = UInt8(ascii: " ")
    try scratch.write(configPath, bytes)
    expectInputError("blob sha256:\(configDigest): digest mismatch") {
      _ = try SourceResolver.resolve(layout)
    }
  }

  @Test func aMissingLayerBlobIsNamed() throws {
    let scratch = try Scratch()
    let layout = try twoLayerImage(scratch).writeOCILayout("oci")
    let blob = try ImageBuilder(scratch: scratch).sha256("layer1.tar.gz")
    try FileManager.default.removeItem(atPath: "\(layout)/blobs/sha256/\(blob)")
    expectInputError("missing blob or file 'blobs/sha256/\(blob)'") {
      _ = try SourceResolver.resolve(layout)
    }
  }

  @Test func malformedIndexJSONIsNamed() throws {
    let scratch = try Scratch()
    let layout = try twoLayerImage(scratch).writeOCILayout("oci")
    try scratch.write("oci/index.json", "{\"manifests\": [")
    expectInputError("oci:index.json: malformed JSON") {
      _ = try SourceResolver.resolve(layout)
    }
  }

  @Test func aHostileMemberPathInManifestJSONIsRefused() throws {
    let scratch = try Scratch()
    try twoLayerImage(scratch).writeDockerArchive("app.tar")
    try scratch.write("app.tar.d/manifest.json",
                      #"[{"Config":"../../../../etc/passwd","RepoTags":["x:1"],"Layers":[]}]"#)
    try scratch.run(["tar", "-C", "app.tar.d", "-cf", "evil.tar", "."])
    expectInputError("leaves the archive") {
      _ = try SourceResolver.resolve(scratch.path + "/evil.tar")
    }
  }

  @Test func aPlainDirectoryIsARootFilesystem() throws {
    let scratch = try Scratch()
    try scratch.write("root/etc/os-release", "ID=debian\n")
    let artifact = try SourceResolver.resolve(scratch.path + "/root")
    #expect(artifact.kind == .rootfs)
    #expect(artifact.rootDirectory == scratch.path + "/root")
  }

  @Test func aMissingPathIsNamed() {
    expectInputError("/nonexistent/image.tar: no such file or directory") {
      _ = try SourceResolver.resolve("/nonexistent/image.tar")
    }
  }
}
