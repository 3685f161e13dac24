import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What a path met while walking a folder the user named turns out to be, found without
/// opening it: a regular file or directory inside the folder (through symlinks that stay in
/// it), or why it must not be read (a symlink out of the folder, a FIFO that would block, a
/// device that never ends, a dangling link or a loop). Walks of input folders ask this before
/// they open anything, so no symlink in the input leads a scan out of it.
public enum ContainedPath: Equatable, Sendable {
  case regularFile
  case directory
  /// A symlink whose target is outside the folder (the target, as resolved).
  case outside(String)
  /// Not a regular file or directory: a FIFO, a device, a socket (named).
  case special(String)
  /// A dangling symlink, a loop, or a path that cannot be examined.
  case unresolvable

  /// Classifies `path`, which lies under `root`.
  public static func classify(_ path: String, within root: String) -> ContainedPath {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .unresolvable }
    if info.st_mode & S_IFMT == S_IFLNK {
      guard let target = resolved(path) else { return .unresolvable }
      let folder = resolved(root) ?? root
      guard target == folder || target.hasPrefix(folder == "/" ? "/" : folder + "/") else { return .outside(target) }
      guard stat(target, &info) == 0 else { return .unresolvable }
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regularFile
    case S_IFDIR: return .directory
    case S_IFIFO: return .special("a FIFO")
    case S_IFCHR: return .special("a character device")
    case S_IFBLK: return .special("a block device")
    case S_IFSOCK: return .special("a socket")
    default: return .special("not a regular file")
    }
  }

  /// Why a path is skipped, for a warning (nil for a regular file or directory).
  public var reason: String? {
    switch self {
    case .regularFile, .directory: return nil
    case .outside(let target): return "skipped: a symlink out of the scanned folder (to \(target))"
    case .special(let kind): return "skipped: \(kind), not a regular file"
    case .unresolvable: return "skipped: a dangling symlink or a symlink loop"
    }
  }

  private static func resolved(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}
