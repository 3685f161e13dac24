import Foundation

/// What the paths of a report's locations are relative to, so formats that place them
/// (SARIF's `originalUriBaseIds` and `uriBaseId`) can declare it.
public enum LocationRoot: Sendable, Hashable {
  /// Paths name files on this machine: an absolute path is placed relative to this absolute
  /// directory, a relative one is already relative to it (the scanned directory, or the working
  /// directory when a file was scanned).
  case directory(String)
  /// Paths are absolute inside a filesystem other than this machine's (an image, a container,
  /// a host under `--root`): `name` says which, `directory` is where it lies on this machine,
  /// if anywhere.
  case filesystem(name: String, directory: String?)

  /// The process's working directory.
  public static var workingDirectory: LocationRoot {
    .directory(FileManager.default.currentDirectoryPath)
  }

  /// The directory on this machine as an absolute `file:` URI ending in `/`, if there is one.
  public var baseURI: String? {
    let directory: String? = switch self {
    case .directory(let path): path
    case .filesystem(_, let path): path
    }
    guard let directory, directory.hasPrefix("/") else { return nil }
    let path = Self.segments(directory).map(Self.encode).joined(separator: "/")
    return path.isEmpty ? "file:///" : "file:///" + path + "/"
  }

  /// What the root is, in words (for SARIF's description of the base).
  public var summary: String {
    switch self {
    case .directory: "the scanned directory (or the working directory for a scanned file)"
    case .filesystem(let name, _): "the root of \(name)"
    }
  }

  /// `path` as a URI reference relative to the root: percent-encoded, never starting with
  /// `/`, with `..` segments for a file outside the root directory; `.` for the root itself.
  public func relativeURI(_ path: String) -> String {
    var segments = Self.segments(path)
    if case .directory(let root) = self, path.hasPrefix("/") {
      let base = Self.segments(root)
      var common = 0
      while common < base.count, common < segments.count, base[common] == segments[common] {
        common += 1
      }
      segments = Array(repeating: "..", count: base.count - common) + segments[common...]
    }
    let uri = segments.map(Self.encode).joined(separator: "/")
    return uri.isEmpty ? "." : uri
  }

  /// The segments of a path with `.` and empty ones left out and `..` applied where it can be.
  static func segments(_ path: String) -> [String] {
    var segments: [String] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..":
        if let last = segments.last, last != ".." { segments.removeLast() } else { segments.append("..") }
      default: segments.append(String(segment))
      }
    }
    return segments
  }

  private static let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

  /// One segment with everything but unreserved characters percent-encoded (a `:` too, so a
  /// first segment is never read as a scheme).
  static func encode(_ segment: String) -> String {
    segment.addingPercentEncoding(withAllowedCharacters: unreserved) ?? segment
  }
}
