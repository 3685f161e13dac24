import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `stat` facts of a path that scans need (type, permissions, owner, size, modification
/// time), read with one system call. `FileManager.attributesOfItem` also looks the owner's and
/// group's names up, which opens the host's `/etc/passwd`, `/etc/group` and
/// `/etc/nsswitch.conf`: files no scan of an image or a folder has reason to read.
public struct FileStatus: Sendable {
  /// A file's type, as far as scans tell them apart.
  public enum Kind: Sendable, Equatable {
    case regular, directory, symbolicLink, socket
    /// Devices and FIFOs: never read.
    case other
  }

  public var kind: Kind
  /// The permission bits, setuid, setgid and sticky included (`mode & 0o7777`).
  public var permissions: UInt32
  public var uid: UInt32
  public var gid: UInt32
  public var size: Int64
  public var modified: Date

  public var isRegularFile: Bool { kind == .regular }
  public var isDirectory: Bool { kind == .directory }
  public var isSymbolicLink: Bool { kind == .symbolicLink }

  /// The facts of `path` (of the link itself when `followingSymlinks` is false), or nil when
  /// it cannot be examined.
  public init?(_ path: String, followingSymlinks: Bool = true) {
    var info = stat()
    guard (followingSymlinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symbolicLink
    case S_IFSOCK: kind = .socket
    default: kind = .other
    }
    permissions = UInt32(info.st_mode) & 0o7777
    uid = UInt32(info.st_uid)
    gid = UInt32(info.st_gid)
    size = Int64(info.st_size)
    modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
  }
}
