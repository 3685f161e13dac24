import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A folder of hostile input made at test time: a root filesystem, a source tree of
/// Dockerfile, Compose and Kubernetes files, docker-archive and OCI images, all full of
/// symlinks out of the input (to a canary folder beside it and to the host's `/etc`), loops,
/// hard links, device nodes, FIFOs and tar names with `..`, newlines and NUL bytes. A scanner
/// that honours its input's boundaries reads none of `outside` and none of the host's `/etc`.
public struct HostileCorpus: Sendable {
  /// The test root: `input`, `outside`, and the writable `cache` and `work` folders.
  public let root: String
  /// Everything a command may read.
  public var input: String { root + "/input" }
  /// Files nothing may read: the canary (a secret) and the things symlinks point at.
  public var outside: String { root + "/outside" }
  /// The canary file, holding a credential.
  public var canary: String { outside + "/canary.txt" }
  /// The only folder a command may write to (`--cache-dir`).
  public var cache: String { root + "/cache" }
  /// A writable folder for `plimsoll fix --write`.
  public var work: String { root + "/work" }
  public var rootfs: String { input + "/rootfs" }
  /// Dockerfile, Compose and Kubernetes files with lock files and secrets, and hostile links.
  public var project: String { input + "/project" }
  /// A docker-archive whose layers carry every hostile tar entry.
  public var dockerArchive: String { input + "/images/hostile.tar" }
  /// The same image as an OCI layout (gzip layers).
  public var ociLayout: String { input + "/images/hostile-oci" }
  /// A docker-archive whose manifest names layers outside the archive.
  public var escapingDockerArchive: String { input + "/images/escaping.tar" }
  /// An OCI layout whose blobs are symlinks out of the layout.
  public var escapingOCILayout: String { input + "/images/escaping-oci" }
  /// A CycloneDX SBOM.
  public var sbom: String { input + "/sbom.cdx.json" }
  /// A folder of advisory feeds (`--db-repository`) with a dangling symlink and a FIFO. (A feed
  /// folder is the operator's own configuration: links in it to feeds elsewhere are followed.)
  public var feeds: String { input + "/feeds" }
  /// A policy file for `plimsoll policy check`.
  public var policy: String { input + "/policy.yaml" }
  /// A Dockerfile whose base is on a registry that refuses connections at once.
  public var freshnessDockerfile: String { input + "/fresh/Dockerfile" }
  /// Device nodes could be made (root).
  public private(set) var madeDevices = false

  /// The canary's credential: a scan that reports it has read the canary.
  public static let canarySecret = "ghp_C4nAryT0kenNeverReadXq9Lm2Zv7Ty1Kp3Wd"

  /// Builds the corpus under a new folder of `scratch`.
  public init(scratch: Scratch) throws {
    root = scratch.path + "/hostile"
    let files = FileManager.default
    for folder in [root, input, outside, cache, work, rootfs, project, input + "/images"] {
      try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    try writeOutside()
    try writeRootfs()
    try writeProject()
    try writeImages(scratch: scratch)
    try write(sbom, Self.cycloneDX)
    try write(feeds + "/alpine/v3.19-main.json", Self.alpineFeed)
    try symlink(feeds + "/alpine/v3.20-main.json", to: input + "/no-such-feed.json")
    try fifo(feeds + "/alpine/v3.21-main.json")
    try write(policy, "registries: [\"docker.io/library/*\"]\ntags:\n  forbid: [latest]\n")
    try write(freshnessDockerfile, "FROM 127.0.0.1:9/team/app:1.0\nRUN true\n")
    madeDevices = makeDevices()
  }

  // MARK: - outside (never read)

  private func writeOutside() throws {
    try write(canary, "CANARY: this file is outside the input.\nexport GITHUB_TOKEN=\(Self.canarySecret)\n")
    try write(outside + "/Dockerfile", "FROM canary/outside:latest\nUSER root\n")
    try write(outside + "/compose.yml", "services:\n  canary:\n    image: canary/outside\n    privileged: true\n")
    try write(outside + "/deploy.yaml", Self.deployment(image: "canary/outside:1.0"))
    try write(outside + "/package-lock.json", Self.packageLock(name: "canary-package"))
    try write(outside + "/installed", "P:canary-package\nV:6.6.6-r0\nA:x86_64\n\n")
    try write(outside + "/dir/secret.yaml", Self.deployment(image: "canary/dir:1.0"))
    try write(outside + "/hardlinked.txt", "a file outside the input with a hard link inside it\n")
  }

  // MARK: - rootfs

  private func writeRootfs() throws {
    let base = rootfs
    try write(base + "/etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n")
    try write(base + "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
    try write(base + "/lib/apk/db/installed", Self.apkInstalled)
    try write(base + "/app/Dockerfile", "FROM alpine:3.19\nRUN apk add curl\n")
    try write(base + "/bad\nname", "a name with a newline\n")
    try symlink(base + "/etc/shadow", to: "/etc/shadow")
    try symlink(base + "/etc/group", to: "../../../outside/canary.txt")
    try symlink(base + "/app/.env", to: canary)
    try symlink(base + "/app/package-lock.json", to: "../../../outside/package-lock.json")
    try symlink(base + "/app/config.yaml", to: outside + "/deploy.yaml")
    try symlink(base + "/usr/lib/os-release", to: "/etc/os-release")
    try symlink(base + "/var/lib/dpkg/status", to: "/var/lib/dpkg/status")
    try symlink(base + "/usr/lib/apk-installed", to: "../../../../outside/installed")
    try symlink(base + "/hostetc", to: "/etc")
    try symlink(base + "/up", to: "../..")
    try symlink(base + "/outside-dir", to: outside + "/dir")
    try symlink(base + "/loop-a", to: "loop-b")
    try symlink(base + "/loop-b", to: "loop-a")
    try symlink(base + "/self", to: "self")
    try fifo(base + "/run/fifo")
    try hardLink(base + "/etc/hard-outside", to: outside + "/hardlinked.txt")
  }

  // MARK: - project (Dockerfile, Compose, Kubernetes, lock files, secrets)

  /// Device nodes in the root filesystem and the project (root only); whether they were made.
  private func makeDevices() -> Bool {
    getuid() == 0
      && device(project + "/zero.yaml", character: true, major: 1, minor: 5)
      && device(project + "/loop0.yml", character: false, major: 7, minor: 0)
      && device(rootfs + "/dev/zero", character: true, major: 1, minor: 5)
      && device(rootfs + "/dev/loop0", character: false, major: 7, minor: 0)
  }

  private func writeProject() throws {
    let base = project
    try write(base + "/Dockerfile", "FROM alpine:3.19\nRUN apk add curl\nUSER root\n")
    try write(base + "/docker-compose.yml", "services:\n  web:\n    image: nginx:1.25\n    privileged: true\n")
    try write(base + "/k8s/deploy.yaml", Self.deployment(image: "nginx:1.25"))
    try write(base + "/package-lock.json", Self.packageLock(name: "left-pad"))
    try write(base + "/bad\nname.yaml", Self.deployment(image: "nginx:1.26"))
    try symlink(base + "/Dockerfile.outside", to: outside + "/Dockerfile")
    try symlink(base + "/compose.yaml", to: "../../outside/compose.yml")
    try symlink(base + "/k8s/outside.yaml", to: outside + "/deploy.yaml")
    try symlink(base + "/k8s/shadow.yaml", to: "/etc/shadow")
    try symlink(base + "/k8s/passwd.yml", to: "/etc/passwd")
    try symlink(base + "/k8s-outside", to: outside + "/dir")
    try symlink(base + "/hostetc", to: "/etc")
    try symlink(base + "/app/package-lock.json", to: "../../../outside/package-lock.json")
    try symlink(base + "/app/.env", to: canary)
    try symlink(base + "/loop.yaml", to: "loop.yaml")
    try fifo(base + "/fifo.yaml")
    try fifo(base + "/Dockerfile.fifo")
    try hardLink(base + "/hard.yaml", to: outside + "/hardlinked.txt")
  }

  // MARK: - images

  /// The layers of the hostile image: a base, every hostile entry, a symlink layer, and a
  /// layer writing files "through" those symlinks.
  public func hostileLayers() -> [[UInt8]] {
    var base = HostileTarWriter()
    base.directory("etc")
    base.file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n")
    base.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
    base.file("lib/apk/db/installed", Self.apkInstalled)

    var hostile = HostileTarWriter()
    hostile.hardLink("etc/hard-passwd", to: "/etc/passwd")
    hostile.hardLink("etc/hard-shadow", to: "../../../etc/shadow")
    hostile.hardLink("etc/hard-canary", to: canary)
    hostile.file("../../escape-dotdot", "escaped\n")
    hostile.file("usr/../../../escape-inner", "escaped\n")
    hostile.file("/abs/file", "absolute\n")
    hostile.symlink("hostetc", to: "/etc")
    hostile.file("hostetc/cron.d/evil", "* * * * * root sh\n")
    hostile.symlink("up", to: "../../../../..")
    hostile.file("up/tmp/evil", "climbed\n")
    hostile.special("dev/zero", type: .characterDevice, major: 1, minor: 5)
    hostile.special("dev/sda", type: .blockDevice, major: 8, minor: 0)
    hostile.special("run/fifo", type: .fifo)
    hostile.file("bad\nname", "newline in the name\n")
    hostile.entry(Array("ok".utf8) + [0] + Array("../../etc/passwd".utf8), type: .file, mode: 0o644,
                  content: Array("nul in the name\n".utf8))
    hostile.pax([("path", Array("../../../etc/cron.d/pax-evil".utf8))])
    hostile.file("harmless", "pax path override\n")
    hostile.pax([("path", Array("pax".utf8) + [0] + Array("/../../etc/passwd".utf8))])
    hostile.file("harmless2", "pax path with a NUL byte\n")
    hostile.pax([("path", Array("pax\nnewline/../../../../etc/x".utf8))])
    hostile.file("harmless3", "pax path with a newline\n")
    hostile.pax([("linkpath", Array("/etc/shadow".utf8))])
    hostile.symlink("etc/shadow-link", to: "placeholder")
    hostile.gnuLongName(Array((String(repeating: "../", count: 40) + "etc/longname").utf8))
    hostile.file("short", "gnu long name climbing out\n")
    hostile.symlink("app/.env", to: canary)
    hostile.symlink("app/package-lock.json", to: "../../../outside/package-lock.json")
    hostile.symlink("loop-a", to: "loop-b")
    hostile.symlink("loop-b", to: "loop-a")

    var links = HostileTarWriter()
    links.symlink("lib/link", to: "/etc")
    links.symlink("lib/rel", to: "../../../../etc")
    links.symlink("lib/apk/db/installed", to: "/lib/apk/db/../../../../outside/installed")

    var through = HostileTarWriter()
    through.file("lib/link/passwd", "root::0:0::/:/bin/sh\n")
    through.file("lib/rel/shadow", "root:::0:::::\n")
    through.file("lib/link/cron.d/through", "* * * * * root sh\n")
    return [base.archive, hostile.archive, links.archive, through.archive]
  }

  private func writeImages(scratch: Scratch) throws {
    let layers = hostileLayers()
    let staging = root + "/staging"
    try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
    var diffIDs: [String] = []
    var gzipped: [(digest: String, size: Int)] = []
    for (index, layer) in layers.enumerated() {
      let tar = staging + "/layer\(index).tar"
      try write(tar, layer)
      diffIDs.append(try sha256(tar, scratch: scratch))
      let compressed = try scratch.run(["gzip", "-n", "-c", tar])
      let blob = staging + "/layer\(index).tar.gz"
      try write(blob, compressed)
      gzipped.append((try sha256(blob, scratch: scratch), compressed.count))
    }
    let history = layers.indices.map { #"{"created_by":"layer \#($0)"}"# }.joined(separator: ",")
    let config = #"{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"User":"root"},"rootfs":{"type":"layers","diff_ids":[\#(diffIDs.map { "\"sha256:\($0)\"" }.joined(separator: ","))]},"history":[\#(history)]}"#
    try write(staging + "/config.json", config)
    let configDigest = try sha256(staging + "/config.json", scratch: scratch)

    // docker-archive: uncompressed layers, a manifest, and a hostile member or two.
    var archive = HostileTarWriter()
    archive.file("\(configDigest).json", config)
    for (index, layer) in layers.enumerated() {
      archive.entry(Array("l\(index)/layer.tar".utf8), type: .file, mode: 0o644, content: layer)
    }
    archive.symlink("outside-link", to: canary)
    archive.file("../../escape-member", "a member named out of the archive\n")
    let members = layers.indices.map { "\"l\($0)/layer.tar\"" }.joined(separator: ",")
    archive.file("manifest.json", #"[{"Config":"\#(configDigest).json","RepoTags":["hostile:1.0"],"Layers":[\#(members)]}]"#)
    try write(dockerArchive, archive.archive)

    // The same image as an OCI layout with gzip layers.
    let blobs = ociLayout + "/blobs/sha256"
    try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
    var descriptors: [String] = []
    for (index, layer) in gzipped.enumerated() {
      try FileManager.default.copyItem(atPath: staging + "/layer\(index).tar.gz", toPath: blobs + "/" + layer.digest)
      descriptors.append(#"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:\#(layer.digest)","size":\#(layer.size)}"#)
    }
    try write(blobs + "/" + configDigest, config)
    let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(configDigest)","size":\#(config.utf8.count)},"layers":[\#(descriptors.joined(separator: ","))]}"#
    try write(staging + "/manifest.json", manifest)
    let manifestDigest = try sha256(staging + "/manifest.json", scratch: scratch)
    try write(blobs + "/" + manifestDigest, manifest)
    try write(ociLayout + "/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
    try write(ociLayout + "/index.json", #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(manifestDigest)","size":\#(manifest.utf8.count),"annotations":{"org.opencontainers.image.ref.name":"1.0"}}]}"#)

    // A docker-archive whose manifest reaches out of the archive for its config and layers.
    var escaping = HostileTarWriter()
    escaping.symlink("config.json", to: canary)
    escaping.symlink("l0/layer.tar", to: "/etc/shadow")
    escaping.file("manifest.json", #"[{"Config":"../../outside/canary.txt","RepoTags":["escaping:1.0"],"Layers":["/etc/passwd","../../../etc/shadow","l0/layer.tar"]}]"#)
    try write(escapingDockerArchive, escaping.archive)

    // An OCI layout whose index, manifest and layer blobs are symlinks out of the layout.
    let escapingBlobs = escapingOCILayout + "/blobs/sha256"
    try FileManager.default.createDirectory(atPath: escapingBlobs, withIntermediateDirectories: true)
    try write(escapingOCILayout + "/oci-layout", #"{"imageLayoutVersion":"1.0.0"}"#)
    try write(escapingBlobs + "/" + configDigest, config)
    let escapingManifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(configDigest)","size":\#(config.utf8.count)},"layers":[\#(descriptors[0])]}"#
    try write(staging + "/escaping-manifest.json", escapingManifest)
    let escapingManifestDigest = try sha256(staging + "/escaping-manifest.json", scratch: scratch)
    try write(escapingBlobs + "/" + escapingManifestDigest, escapingManifest)
    try symlink(escapingBlobs + "/" + gzipped[0].digest, to: canary)
    try write(escapingOCILayout + "/index.json", #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(escapingManifestDigest)","size":\#(escapingManifest.utf8.count),"annotations":{"org.opencontainers.image.ref.name":"1.0"}}]}"#)
    try FileManager.default.removeItem(atPath: staging)
  }

  // MARK: - helpers

  private func sha256(_ path: String, scratch: Scratch) throws -> String {
    String(decoding: try scratch.run(["sha256sum", path]).prefix(64), as: UTF8.self)
  }

  private func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

  private func write(_ path: String, _ bytes: [UInt8]) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  private func symlink(_ path: String, to target: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
  }

  private func hardLink(_ path: String, to target: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    guard link(target, path) == 0 else {
      throw CorpusError("link \(path) -> \(target): \(String(cString: strerror(errno)))")
    }
  }

  private func fifo(_ path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    guard mkfifo(path, 0o644) == 0 else {
      throw CorpusError("mkfifo \(path): \(String(cString: strerror(errno)))")
    }
  }

  private func device(_ path: String, character: Bool, major: UInt32, minor: UInt32) -> Bool {
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let number = (UInt64(major) << 8) | UInt64(minor)
    return mknod(path, (character ? S_IFCHR : S_IFBLK) | 0o600, dev_t(number)) == 0
  }

  struct CorpusError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  // MARK: - file contents

  static let apkInstalled = """
    P:musl
    V:1.2.4-r2
    A:x86_64
    o:musl
    L:MIT

    P:busybox
    V:1.36.1-r15
    A:x86_64
    o:busybox
    L:GPL-2.0-only


    """

  static let alpineFeed = """
    {"distroversion": "v3.19", "reponame": "main", "urlprefix": "http://dl-cdn.alpinelinux.org/alpine",
     "packages": [{"pkg": {"name": "musl", "secfixes": {"1.2.4-r3": ["CVE-2025-26519"]}}}]}

    """

  static func deployment(image: String) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: \(image)
              securityContext:
                privileged: true

    """
  }

  static func packageLock(name: String) -> String {
    """
    {
      "name": "app",
      "lockfileVersion": 3,
      "requires": true,
      "packages": {
        "": {"name": "app", "dependencies": {"\(name)": "1.0.0"}},
        "node_modules/\(name)": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/\(name)/-/\(name)-1.0.0.tgz"}
      }
    }

    """
  }

  static let cycloneDX = """
    {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
     "components":[{"type":"library","name":"musl","version":"1.2.4-r2","purl":"pkg:apk/alpine/musl@1.2.4-r2?distro=alpine-3.19.1"},
                   {"type":"library","name":"left-pad","version":"1.0.0","purl":"pkg:npm/left-pad@1.0.0"}]}

    """
}
