import Foundation
import PlimsollEngine
import PlimsollFindings
import PlimsollRuntime
import PlimsollTestSupport
import Testing

/// A three-layer image packed by GNU tar: whiteouts, an opaque directory, a directory replaced
/// by a file, a hard link, and content replaced by an upper layer.
private func layeredImage(_ scratch: Scratch, tamperLayer: Int? = nil) throws -> String {
  try scratch.write("l0/etc/a.conf", "one\n")
  try scratch.write("l0/etc/gone", "bye\n")
  try scratch.write("l0/usr/bin/tool", elfBytes("tool"), mode: 0o755)
  try FileManager.default.linkItem(atPath: scratch.path + "/l0/usr/bin/tool",
                                   toPath: scratch.path + "/l0/usr/bin/tool2")
  try scratch.write("l0/usr/share/doc/pkg/readme", "docs\n")
  try scratch.write("l0/opt/dir/f", "lower\n")
  try scratch.write("l0/srv/site/index.html", "<html>\n")
  try scratch.write("l0/var/lib/dpkg/status", "Package: a\n")
  try scratch.write("l1/etc/a.conf", "two\n")
  try scratch.write("l1/usr/share/doc/pkg/.wh.readme", "")
  try scratch.write("l1/opt/dir/.wh..wh..opq", "")
  try scratch.write("l1/opt/dir/g", "upper\n")
  try scratch.write("l2/srv", "now a file\n")
  var builder = ImageBuilder(scratch: scratch)
  builder.layers = [
    .init(directory: "l0", createdBy: "base", compression: "none"),
    .init(directory: "l1", createdBy: "whiteouts", compression: "none"),
    .init(directory: "l2", createdBy: "replace", compression: "none"),
  ]
  return try builder.writeDockerArchive("image.tar", tag: "drift:1.0", tamperLayer: tamperLayer)
}

@Test func imageIndexAppliesWhiteoutsOpaqueDirectoriesAndReplacements() throws {
  let scratch = try Scratch()
  let archive = try layeredImage(scratch)
  let paths: Set<String> = ["/etc/a.conf", "/usr/bin/tool", "/usr/bin/tool2",
                            "/usr/share/doc/pkg/readme", "/opt/dir/f", "/opt/dir/g",
                            "/srv/site/index.html", "/srv", "/var/lib/dpkg/status", "/nowhere"]
  let index = try DriftFilesystemIndex.image(archive: archive, image: "drift:1.0", paths: paths)
  #expect(index.warnings.isEmpty)
  #expect(Set(index.states.keys) == ["/etc/a.conf", "/usr/bin/tool", "/usr/bin/tool2",
                                     "/opt/dir/g", "/srv", "/var/lib/dpkg/status"])
  let conf = try #require(index.states["/etc/a.conf"])
  #expect(conf.sha256 == (try sha256Oracle(Array("two\n".utf8))))
  #expect(conf.type == .file && conf.mode == 0o644 && conf.size == 4 && conf.contentKind == .data)
  let tool = try #require(index.states["/usr/bin/tool"])
  #expect(tool.sha256 == (try sha256Oracle(elfBytes("tool"))))
  #expect(tool.contentKind == .elf && tool.mode == 0o755 && tool.isExecutable)
  // tool2 is a hard link in the layer; its content comes from a second pass over the layer.
  #expect(index.states["/usr/bin/tool2"] == tool)
  #expect(index.states["/srv"]?.type == .file)
}

/// The container export of the layered image after drift, written entry by entry.
private func export(_ scratch: Scratch, hostile: Bool = true) throws -> (path: String, bytes: [UInt8]) {
  var tar = DriftTarWriter()
  tar.directory("./")
  tar.directory("etc/")
  tar.file("etc/a.conf", "two\n")
  tar.directory("opt/bin/")
  tar.file("opt/bin/helper", elfBytes("helper"), mode: 0o755)
  tar.directory("usr/")
  tar.directory("usr/bin/")
  tar.file("usr/bin/tool", elfBytes("tool") + Array("X".utf8), mode: 0o755)
  tar.hardlink("usr/bin/tool2", to: "usr/bin/tool", mode: 0o755)
  tar.directory("usr/local/bin/")
  tar.hardlink("usr/local/bin/copy", to: "opt/bin/helper", mode: 0o755)
  if hostile {
    tar.file("../../etc/passwd", "root::0:0::/:/bin/sh\n")
    tar.hardlink("usr/local/bin/escape", to: "../../../etc/shadow")
  }
  tar.file("tmp/x", "#!/bin/sh\necho pwned\n", mode: 0o755)
  tar.file("var/lib/dpkg/status", "Package: a\n\nPackage: evil\n")
  let bytes = tar.archive
  return (try scratch.write("container.tar", bytes), bytes)
}

private let driftChanges = parseDockerDiff("""
  C /etc
  C /etc/a.conf
  D /etc/gone
  A /tmp/x
  C /usr
  C /usr/bin
  A /usr/bin/tool
  C /usr/local/bin
  A /usr/local/bin/copy
  A /usr/local/bin/escape
  C /var/lib/dpkg/status
  D /usr/share/doc/pkg/readme
  """)

@Test func deepScanOfHandBuiltArchives() throws {
  let scratch = try Scratch()
  let archive = try layeredImage(scratch)
  let (exportPath, _) = try export(scratch)
  let filesBefore = try FileManager.default.subpathsOfDirectory(atPath: scratch.path).sorted()
  let report = try DriftScanner.scan(container: "c1", image: "drift:1.0", changes: driftChanges,
                                     imageArchive: archive, containerExport: exportPath)
  #expect(summary(report) == [
    "/etc/gone PLM-DRIFT-005 HIGH",
    "/tmp/x PLM-DRIFT-002 HIGH",
    "/usr/bin/tool PLM-DRIFT-001 CRITICAL",
    "/usr/local/bin/copy PLM-DRIFT-002 HIGH",
    "/usr/local/bin/escape PLM-DRIFT-003 HIGH",
    "/usr/share/doc/pkg/readme PLM-DRIFT-005 HIGH",
    "/var/lib/dpkg/status PLM-DRIFT-004 HIGH",
  ])
  let tool = try #require(report.findings.first { $0.location?.path == "/usr/bin/tool" })
  let imageSHA = try sha256Oracle(elfBytes("tool"))
  let containerSHA = try sha256Oracle(elfBytes("tool") + Array("X".utf8))
  #expect(tool.evidence == "image: regular file, mode 0755, owner 0:0, 12 bytes, ELF, \(imageSHA); "
    + "container: regular file, mode 0755, owner 0:0, 13 bytes, ELF, \(containerSHA)")
  #expect(tool.properties["reclassified"] == "reported as added, but the image holds this path")
  let copy = try #require(report.findings.first { $0.location?.path == "/usr/local/bin/copy" })
  #expect(copy.properties["containerSHA256"] == (try sha256Oracle(elfBytes("helper"))))
  let gone = try #require(report.findings.first { $0.location?.path == "/etc/gone" })
  #expect(gone.evidence == "deleted; image: regular file, mode 0644, owner 0:0, 4 bytes, "
    + (try sha256Oracle(Array("bye\n".utf8))))
  #expect(report.warnings.map(\.description) == [
    "\(exportPath):../../etc/passwd: entry path leaves the archive root; ignored",
    "\(exportPath):/usr/local/bin/escape: hard link target '../../../etc/shadow' leaves the "
      + "archive root; ignored",
    "c1:/usr/local/bin/escape: reported changed, but the container export does not hold it; "
      + "reported from the changes list only",
    "c1:/usr/share/doc/pkg/readme: reported deleted, but the image does not hold it; reported "
      + "from the changes list only",
  ])
  // Reading never writes: the scratch folder holds exactly what the test made.
  #expect(try FileManager.default.subpathsOfDirectory(atPath: scratch.path).sorted() == filesBefore)
  #expect(!FileManager.default.fileExists(atPath: scratch.path + "/../etc/passwd"))
}

@Test func truncatedExportIsAnErrorNamingTheExport() throws {
  let scratch = try Scratch()
  let archive = try layeredImage(scratch)
  let (_, bytes) = try export(scratch, hostile: false)
  // Cut inside the content of the last file (after its header, before its padding).
  let cut = try scratch.write("cut.tar", Array(bytes.prefix(bytes.count - 1024 - 512 + 10)))
  #expect {
    _ = try DriftScanner.scan(container: "c1", image: "drift:1.0", changes: driftChanges,
                              imageArchive: archive, containerExport: cut)
  } throws: { error in
    let message = (error as? LocalizedError)?.errorDescription ?? ""
    return message.hasPrefix(cut + ":") && message.contains("truncated")
  }
  let empty = try scratch.write("empty.tar", [UInt8]())
  let garbage = try scratch.write("garbage.tar", Array(repeating: 0x41, count: 2048))
  for bad in [empty, garbage, scratch.path + "/missing.tar"] {
    #expect {
      _ = try DriftScanner.scan(container: "c1", image: "drift:1.0", changes: driftChanges,
                                imageArchive: archive, containerExport: bad)
    } throws: { error in
      ((error as? LocalizedError)?.errorDescription ?? "").hasPrefix(bad + ":")
    }
  }
}

@Test func tamperedImageLayerIsAnErrorNamingTheLayer() throws {
  let scratch = try Scratch()
  let archive = try layeredImage(scratch, tamperLayer: 0)
  let (exportPath, _) = try export(scratch)
  #expect {
    _ = try DriftScanner.scan(container: "c1", image: "drift:1.0", changes: driftChanges,
                              imageArchive: archive, containerExport: exportPath)
  } throws: { error in
    let message = (error as? LocalizedError)?.errorDescription ?? ""
    return message.contains("l0/layer.tar") && message.contains("digest mismatch")
  }
}

@Test func hostileLayerEntriesAreIgnoredWithAWarning() throws {
  let scratch = try Scratch()
  var layer = DriftTarWriter()
  layer.directory("etc/")
  layer.file("../../etc/passwd", "hostile\n")
  layer.file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
  layer.hardlink("etc/shadow", to: "../../../etc/shadow")
  let archive = try handmadeDockerArchive(scratch, layers: [layer.archive])
  let index = try DriftFilesystemIndex.image(
    archive: archive, image: "", paths: ["/etc/passwd", "/etc/shadow"])
  #expect(index.states["/etc/passwd"]?.sha256
    == (try sha256Oracle(Array("root:x:0:0::/root:/bin/sh\n".utf8))))
  #expect(index.states["/etc/shadow"] == nil)
  #expect(index.warnings.map(\.message) == [
    "entry path leaves the archive root; ignored",
    "hard link target '../../../etc/shadow' leaves the archive root; ignored",
  ])
  #expect(index.warnings.first?.input.hasSuffix("l0/layer.tar:../../etc/passwd") == true)
}

@Test func shallowWhenAnArchiveIsMissing() throws {
  let report = try DriftScanner.scan(container: "c1", image: "i", changes: driftChanges,
                                     imageArchive: nil, containerExport: "/nonexistent.tar")
  #expect(report.findings.allSatisfy { $0.properties["analysis"] == "shallow" })
  #expect(report.warnings.last?.message.hasPrefix("deep analysis needs both") == true)
  let empty = try DriftScanner.scan(container: "c1", image: "i", changes: [],
                                    imageArchive: "/nonexistent.tar",
                                    containerExport: "/nonexistent.tar")
  #expect(empty.findings.isEmpty && empty.warnings.isEmpty)
}

/// A `docker save` archive written by hand, so a layer can hold what GNU tar refuses to make.
private func handmadeDockerArchive(_ scratch: Scratch, layers: [[UInt8]]) throws -> String {
  var diffIDs: [String] = []
  var outer = DriftTarWriter()
  for (index, layer) in layers.enumerated() {
    diffIDs.append(try sha256Oracle(layer))
    outer.file("l\(index)/layer.tar", layer)
  }
  let config = #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["#
    + diffIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]}}"
  let configName = String(try sha256Oracle(Array(config.utf8)).dropFirst(7)) + ".json"
  outer.file(configName, config)
  outer.file("manifest.json", #"[{"Config":"\#(configName)","RepoTags":["hand:1"],"Layers":["#
    + layers.indices.map { "\"l\($0)/layer.tar\"" }.joined(separator: ",") + "]}]")
  return try scratch.write("hand.tar", outer.archive)
}
