import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `stat` facts of a path that scans need (type, size, modification time), read with one
/// system call. `FileManager.attributesOfItem` also looks the owner's and group's names up,
/// which opens the host's `/etc/passwd`, `/etc/group` and `/etc/nsswitch.conf`: files no scan
/// of an image or a folder has reason to read.
public struct FileStatus: Sendable {
  public var isRegularFile: Bool
  public var isDirectory: Bool
  public var size: Int64
  public var modified: Date

  /// The facts of `path` (of the link itself when `followingSymlinks` is false), or nil when
  /// it cannot be examined.
  public init?(_ path: String, followingSymlinks: Bool = true) {
    var info = stat()
    guard (followingSymlinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
    isRegularFile = info.st_mode & S_IFMT == S_IFREG
    isDirectory = info.st_mode & S_IFMT == S_IFDIR
    size = Int64(info.st_size)
    modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
  }
}
