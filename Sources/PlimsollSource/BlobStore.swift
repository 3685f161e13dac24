import Foundation
import PlimsollIO
import PlimsollDiagnostics

/// Files of an image archive or layout, whether packed in a tar or laid out in a directory.
protocol BlobStore: Sendable {
  /// The location of a member such as `manifest.json` or `blobs/sha256/…`.
  func location(of member: String) throws -> BlobLocation
  /// Whether a member exists.
  func contains(_ member: String) -> Bool
}

extension BlobStore {
  /// Reads a small member whole.
  func read(_ member: String, limit: Int = 16 << 20) throws -> [UInt8] {
    try location(of: member).readAll(limit: limit)
  }
}

/// Members of a directory (OCI layout directory), refusing paths that leave it.
struct DirectoryStore: BlobStore {
  let root: String

  init(root: String) {
    self.root = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
  }

  func resolvedPath(_ member: String) throws -> String {
    guard let relative = ArchivePath.normalize(member), relative != "/" else {
      throw InputError(root, "member path '\(member)' leaves the image directory")
    }
    let candidate = URL(fileURLWithPath: root + relative).resolvingSymlinksInPath().path
    guard candidate == root || candidate.hasPrefix(root + "/") else {
      throw InputError(root, "member path '\(member)' leaves the image directory")
    }
    return candidate
  }

  func location(of member: String) throws -> BlobLocation {
    let path = try resolvedPath(member)
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      throw InputError(root, "missing blob or file '\(member)'")
    }
    return BlobLocation(path: path, offset: 0, length: Int64(info.st_size),
                        displayName: "\(root)/\(member)")
  }

  func contains(_ member: String) -> Bool {
    guard let path = try? resolvedPath(member) else { return false }
    return FileManager.default.fileExists(atPath: path)
  }
}

/// Members of a tar archive, indexed once by seeking from header to header.
struct TarStore: BlobStore {
  struct Member: Sendable {
    var offset: Int64
    var size: Int64
    var isFile: Bool
    var linkTarget: String?
  }

  let archivePath: String
  let members: [String: Member]

  /// Indexes the archive's headers without reading member contents.
  init(archivePath: String) throws {
    self.archivePath = archivePath
    let reader = BufferedReader(try FileByteStream(path: archivePath), name: archivePath,
                                capacity: 1 << 14)
    let tar = TarReader(reader)
    var members: [String: Member] = [:]
    while let entry = try tar.next() {
      guard let path = ArchivePath.normalize(entry.rawPath) else { continue }
      let key = String(path.dropFirst())
      switch entry.type {
      case .file:
        members[key] = Member(offset: tar.contentOffset, size: entry.size, isFile: true)
      case .symlink, .hardlink:
        members[key] = Member(offset: 0, size: 0, isFile: false, linkTarget: entry.linkTarget)
      default:
        continue
      }
    }
    self.members = members
  }

  func location(of member: String) throws -> BlobLocation {
    guard var key = ArchivePath.normalize(member).map({ String($0.dropFirst()) }) else {
      throw InputError(archivePath, "member path '\(member)' leaves the archive")
    }
    // Follow links inside the archive (docker save links identical layers), with a bound.
    for _ in 0..<16 {
      guard let entry = members[key] else {
        throw InputError(archivePath, "missing blob or file '\(member)'")
      }
      if entry.isFile {
        return BlobLocation(path: archivePath, offset: entry.offset, length: entry.size,
                            displayName: "\(archivePath):\(key)")
      }
      let target = entry.linkTarget ?? ""
      let base = target.hasPrefix("/") ? "" : (key.split(separator: "/").dropLast().joined(separator: "/"))
      guard let next = ArchivePath.normalize(base + "/" + target) else {
        throw InputError(archivePath, "link '\(key)' points outside the archive")
      }
      key = String(next.dropFirst())
    }
    throw InputError(archivePath, "link loop at '\(member)'")
  }

  func contains(_ member: String) -> Bool {
    guard let key = ArchivePath.normalize(member).map({ String($0.dropFirst()) }) else {
      return false
    }
    return members[key] != nil
  }
}
