import Foundation
import PlimsollIO
import PlimsollDiagnostics

/// Turns what a user typed (`docker-archive:app.tar`, `oci:./dir:1.0`, `rootfs:/srv/x`, or a bare
/// path recognised by content) into an `Artifact`.
public enum SourceResolver {
  /// Resolves a reference for the given platform (used when an OCI index has several images).
  /// `absentLayers` names layers (by diffID) an `oci:` layout may lack because their facts
  /// are cached.
  public static func resolve(
    _ reference: String, platform: Platform = .defaultPlatform, absentLayers: Set<String> = []
  ) throws -> Artifact {
    if let rest = strip(reference, prefix: "docker-archive:") {
      let (path, tag) = splitTag(rest)
      try requireExists(path)
      return try DockerArchiveReader(store: try store(for: path), name: path).artifact(tag: tag)
    }
    if let rest = strip(reference, prefix: "oci-archive:") ?? strip(reference, prefix: "oci:") {
      let (path, tag) = splitTag(rest)
      try requireExists(path)
      return try OCILayoutReader(store: try store(for: path), name: path, absentLayers: absentLayers)
        .artifact(tag: tag, platform: platform)
    }
    if let rest = strip(reference, prefix: "rootfs:") ?? strip(reference, prefix: "dir:") {
      return try rootfs(rest)
    }
    return try detect(reference, platform: platform)
  }

  /// Recognises a bare path by its content.
  static func detect(_ reference: String, platform: Platform) throws -> Artifact {
    let (path, tag) = splitTag(reference)
    try requireExists(path)
    if isDirectory(path) {
      let store = DirectoryStore(root: path)
      if store.contains("oci-layout") && store.contains("index.json") {
        return try OCILayoutReader(store: store, name: path).artifact(tag: tag, platform: platform)
      }
      if store.contains("manifest.json") && !store.contains("etc") {
        return try DockerArchiveReader(store: store, name: path).artifact(tag: tag)
      }
      return try rootfs(path)
    }
    let store = try TarStore(archivePath: path)
    if store.contains("manifest.json") {
      return try DockerArchiveReader(store: store, name: path).artifact(tag: tag)
    }
    if store.contains("index.json") {
      return try OCILayoutReader(store: store, name: path).artifact(tag: tag, platform: platform)
    }
    throw InputError(path, "a tar archive, but neither a docker-archive (no manifest.json) "
      + "nor an OCI layout (no index.json)")
  }

  static func rootfs(_ path: String) throws -> Artifact {
    try requireExists(path)
    guard isDirectory(path) else {
      throw InputError(path, "a root filesystem must be a directory")
    }
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    return Artifact(name: path, kind: .rootfs, rootDirectory: absolute)
  }

  static func store(for path: String) throws -> BlobStore {
    isDirectory(path) ? DirectoryStore(root: path) : try TarStore(archivePath: path)
  }

  private static func strip(_ text: String, prefix: String) -> String? {
    text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
  }

  /// `path:tag` where `path` exists; the whole string when it exists as a path itself.
  /// The path part of a bare reference (`dir:tag` → `dir`), when some prefix of it exists;
  /// else the text itself.
  public static func pathPart(of text: String) -> String { splitTag(text).0 }

  static func splitTag(_ text: String) -> (String, String?) {
    if FileManager.default.fileExists(atPath: text) { return (text, nil) }
    var index = text.endIndex
    while let colon = text[..<index].lastIndex(of: ":") {
      let path = String(text[..<colon])
      if FileManager.default.fileExists(atPath: path) {
        return (path, String(text[text.index(after: colon)...]))
      }
      index = colon
    }
    return (text, nil)
  }

  private static func requireExists(_ path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw InputError(path, "no such file or directory")
    }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
  }
}
