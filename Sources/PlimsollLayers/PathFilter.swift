import Foundation

/// Which parts of a directory tree a walk leaves out: directories by name (`.git`,
/// `node_modules`, vendored code) and `--skip-dirs` / `--skip-files` glob patterns, matched
/// against the path relative to the root (`docs/**`-style `**` is not special: `*` already
/// crosses `/` here) and against the last path element.
public struct PathFilter: Sendable, Hashable {
  /// Directory names never descended into.
  public var skippedDirectoryNames: Set<String>
  /// Glob patterns of directories to leave out.
  public var skipDirs: [String]
  /// Glob patterns of files to leave out.
  public var skipFiles: [String]

  /// The names a source-tree scan leaves out unless told to include vendored code.
  public static let sourceTreeDefaults: Set<String> = [".git", "node_modules", "vendor", ".venv", "venv",
                                                       ".build", "__pycache__", ".tox", "bower_components"]

  public init(skippedDirectoryNames: Set<String> = PathFilter.sourceTreeDefaults, skipDirs: [String] = [],
              skipFiles: [String] = []) {
    self.skippedDirectoryNames = skippedDirectoryNames
    self.skipDirs = skipDirs
    self.skipFiles = skipFiles
  }

  /// Whether the walk leaves out the directory at `path` (`/a/b`, relative to the root).
  public func skipsDirectory(_ path: String) -> Bool {
    let name = (path as NSString).lastPathComponent
    return skippedDirectoryNames.contains(name) || Self.matches(skipDirs, path)
  }

  /// Whether the walk leaves out the file at `path`.
  public func skipsFile(_ path: String) -> Bool {
    Self.matches(skipFiles, path)
  }

  static func matches(_ patterns: [String], _ path: String) -> Bool {
    guard !patterns.isEmpty else { return false }
    let relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
    let name = (relative as NSString).lastPathComponent
    return patterns.contains { raw in
      let pattern = raw.hasPrefix("./") ? String(raw.dropFirst(2)) : raw.hasSuffix("/") ? String(raw.dropLast()) : raw
      return fnmatch(pattern, relative, 0) == 0 || fnmatch(pattern, name, 0) == 0
    }
  }
}

extension PathFilter {
  /// This filter plus the patterns of the tree's top-level `.gitignore`: a pattern ending
  /// in `/` leaves out directories, any other leaves out files and directories of that name or
  /// path. Negations (`!`) are not followed, so nothing they would re-include is read.
  public func addingGitignore(of root: String) -> PathFilter {
    guard let text = try? String(contentsOfFile: root + "/.gitignore", encoding: .utf8) else { return self }
    var filter = self
    for raw in text.split(separator: "\n") {
      var pattern = raw.trimmingCharacters(in: .whitespaces)
      if pattern.isEmpty || pattern.hasPrefix("#") || pattern.hasPrefix("!") { continue }
      if pattern.hasPrefix("/") { pattern.removeFirst() }
      if pattern.hasSuffix("/") {
        filter.skipDirs.append(String(pattern.dropLast()))
      } else {
        filter.skipDirs.append(pattern)
        filter.skipFiles.append(pattern)
      }
    }
    return filter
  }
}
