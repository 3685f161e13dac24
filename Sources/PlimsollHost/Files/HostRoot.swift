#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import PlimsollIO

/// What `lstat` says about one file under the root.
public struct HostFileMetadata: Sendable, Hashable {
  /// The file's type, from the `st_mode` type bits.
  public enum FileType: String, Sendable, Hashable {
    case regular, directory, socket, symlink, other
  }

  public var type: FileType
  public var uid: UInt32
  public var gid: UInt32
  /// Permission bits with setuid, setgid and sticky (`st_mode & 0o7777`).
  public var permissions: UInt32

  /// The permissions as four octal digits, e.g. `0644`.
  public var octalPermissions: String {
    let digits = String(permissions, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}

/// A host path resolved inside the root: every symlink followed as a `chroot` would.
public struct ResolvedPath: Sendable, Hashable {
  /// The path as the audited host sees it, symlinks resolved (`/run/docker.sock`).
  public var hostPath: String
  /// The same file on this machine: the root prefix plus `hostPath`.
  public var localPath: String
}

/// The outcome of looking a host path up under the root.
public enum HostLookup: Sendable, Hashable {
  /// The file exists; `metadata` is `lstat` of the resolved file (never of a symlink).
  case found(ResolvedPath, HostFileMetadata)
  /// The path (or one of its directories) does not exist under the root.
  case missing
  /// The path could not be resolved: a symlink loop, a permission error.
  case failed(String)
}

/// The outcome of reading a host file under the root.
public enum HostFileContents: Sendable, Hashable {
  case text(String, ResolvedPath)
  case missing
  /// Not readable: not a regular file, too large, or an I/O error (the message says which).
  case failed(String)
}

/// Reads a host's files through a root prefix (`/` for this machine, a mounted snapshot
/// otherwise) without ever leaving the root.
///
/// Symlinks are resolved component by component as under `chroot(root)`: an absolute target
/// starts again at the root and `..` stops at the root, so no link reaches a file outside it.
/// Files are opened with `O_NOFOLLOW` and read up to a size limit.
public struct HostRoot: Sendable, Hashable {
  /// The most symlinks one lookup follows before it reports a loop (as Linux's `MAXSYMLINKS`).
  public static let maxSymlinks = 40
  /// The default read limit: configuration files are far smaller.
  public static let defaultReadLimit = 1 << 20

  /// The root directory as given (trailing slashes removed).
  public let root: String
  private let prefix: String

  /// A reader for the host whose root directory is `root` (`/` for this machine).
  public init(_ root: String) {
    var trimmed = root.isEmpty ? "/" : root
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
    self.root = trimmed
    prefix = trimmed == "/" ? "" : trimmed
  }

  /// Resolves `hostPath` (absolute, as on the audited host) inside the root.
  public func lookup(_ hostPath: String) -> HostLookup {
    var resolved: [String] = []
    var pending = Array(Self.components(hostPath).reversed())
    var hops = 0
    while let component = pending.popLast() {
      if component == ".." {
        _ = resolved.popLast()
        continue
      }
      let local = prefix + "/" + (resolved + [component]).joined(separator: "/")
      guard let metadata = Self.lstatMetadata(local) else {
        if errno == ENOENT || errno == ENOTDIR { return .missing }
        return .failed("\(Self.display(resolved + [component])): \(Self.errorText(errno))")
      }
      if metadata.type == .symlink {
        hops += 1
        guard hops <= Self.maxSymlinks else {
          return .failed("\(hostPath): too many levels of symbolic links")
        }
        guard let target = Self.readLink(local) else {
          return .failed("\(Self.display(resolved + [component])): unreadable symbolic link")
        }
        if target.hasPrefix("/") { resolved = [] }
        pending.append(contentsOf: Self.components(target).reversed())
        continue
      }
      resolved.append(component)
      if !pending.isEmpty, metadata.type != .directory { return .missing }
    }
    // Every component is now a real file or directory inside the root.
    let hostResolved = Self.display(resolved)
    let local = resolved.isEmpty ? (prefix.isEmpty ? "/" : prefix) : prefix + hostResolved
    guard let metadata = Self.lstatMetadata(local) else { return .missing }
    return .found(ResolvedPath(hostPath: hostResolved, localPath: local), metadata)
  }

  /// Reads a regular file as text (invalid UTF-8 replaced), at most `limit` bytes.
  public func readText(_ hostPath: String, limit: Int = HostRoot.defaultReadLimit)
    -> HostFileContents
  {
    let resolved: ResolvedPath
    switch lookup(hostPath) {
    case .missing: return .missing
    case .failed(let message): return .failed(message)
    case .found(let path, let metadata):
      guard metadata.type == .regular else {
        return .failed("\(path.hostPath): not a regular file (\(metadata.type.rawValue))")
      }
      resolved = path
    }
    let descriptor = open(resolved.localPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else {
      return .failed("\(resolved.hostPath): \(Self.errorText(errno))")
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress, buffer.count)
      }
      if count < 0 {
        if errno == EINTR { continue }
        return .failed("\(resolved.hostPath): \(Self.errorText(errno))")
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk.prefix(count))
      if bytes.count > limit {
        return .failed("\(resolved.hostPath): larger than \(limit) bytes; not read")
      }
    }
    return .text(String(decoding: bytes, as: UTF8.self), resolved)
  }

  /// The names in a host directory, sorted; empty when it is missing or unreadable.
  ///
  /// At most `limit` names are returned so a hostile tree cannot exhaust memory.
  public func list(_ hostDirectory: String, limit: Int = 4096) -> [String] {
    guard case .found(let path, let metadata) = lookup(hostDirectory), metadata.type == .directory,
      let directory = opendir(path.localPath)
    else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while names.count < limit, let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != ".", name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// `path` joined to a directory, for host paths.
  public static func join(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
      .filter { $0 != "." }
  }

  static func display(_ components: [String]) -> String {
    "/" + components.joined(separator: "/")
  }

  static func lstatMetadata(_ localPath: String) -> HostFileMetadata? {
    guard let status = FileStatus(localPath, followingSymlinks: false) else { return nil }
    let type: HostFileMetadata.FileType
    switch status.kind {
    case .regular: type = .regular
    case .directory: type = .directory
    case .socket: type = .socket
    case .symbolicLink: type = .symlink
    case .other: type = .other
    }
    return HostFileMetadata(type: type, uid: status.uid, gid: status.gid,
                            permissions: status.permissions)
  }

  static func readLink(_ localPath: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4097)
    let count = readlink(localPath, &buffer, 4096)
    guard count > 0 else { return nil }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  static func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}

/// `read(2)`, named apart from the methods above.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
  -> Int
{
  read(descriptor, buffer, count)
}
