/// The file modes of one layer that image rules look at: setuid/setgid files and
/// world-writable directories without the sticky bit, plus every path the layer writes, so
/// a later layer that writes the same path again (`chmod u-s`) replaces what it said.
public struct LayerPermissions: Codable, Sendable, Hashable {
  /// What makes an entry's mode worth reporting.
  public enum Kind: String, Codable, Sendable, Hashable {
    /// A regular file with the setuid or setgid bit.
    case setuidFile
    /// A directory anyone may write to that lacks the sticky bit.
    case worldWritableDirectory
  }

  /// One entry whose mode is worth reporting.
  public struct Entry: Codable, Sendable, Hashable {
    public var path: String
    /// Unix permission bits, `0o7777` at most.
    public var mode: UInt32
    public var kind: Kind

    public init(path: String, mode: UInt32, kind: Kind) {
      self.path = path
      self.mode = mode
      self.kind = kind
    }
  }

  /// Entries of this layer whose mode is worth reporting.
  public var entries: [Entry]
  /// Every path the layer writes (files, directories, links); empty for a root directory
  /// walk, which has no layer above it.
  public var writtenPaths: [String]

  public init(entries: [Entry] = [], writtenPaths: [String] = []) {
    self.entries = entries
    self.writtenPaths = writtenPaths
  }

  /// The kind of report a mode deserves for an entry of this type, if any.
  public static func kind(isRegularFile: Bool, isDirectory: Bool, mode: UInt32) -> Kind? {
    if isRegularFile && mode & 0o6000 != 0 { return .setuidFile }
    if isDirectory && mode & 0o002 != 0 && mode & 0o1000 == 0 { return .worldWritableDirectory }
    return nil
  }

  /// Records one entry of the layer.
  mutating func record(path: String, isRegularFile: Bool, isDirectory: Bool, mode: UInt32,
                       rememberPath: Bool) {
    if rememberPath { writtenPaths.append(path) }
    if let kind = Self.kind(isRegularFile: isRegularFile, isDirectory: isDirectory, mode: mode) {
      entries.append(Entry(path: path, mode: mode, kind: kind))
    }
  }
}

/// An entry with a reportable mode that the image ships, with the layer that wrote it last.
public struct ShippedPermission: Sendable, Hashable {
  public var entry: LayerPermissions.Entry
  /// Index of the layer that wrote it (base first).
  public var layerIndex: Int

  public init(entry: LayerPermissions.Entry, layerIndex: Int) {
    self.entry = entry
    self.layerIndex = layerIndex
  }
}

/// Applies layers in order to find the reportable modes the image ships: a path a later layer
/// deletes (whiteout, opaque directory) or writes again is replaced by what that layer says.
public struct PermissionMerge: Sendable {
  private var visible: [String: ShippedPermission] = [:]

  public init() {}

  /// Applies one layer on top of the ones before.
  public mutating func apply(_ permissions: LayerPermissions, deletions: LayerDeletions, index: Int) {
    if !visible.isEmpty {
      let written = Set(permissions.writtenPaths)
      visible = visible.filter { !written.contains($0.key) && !deletions.removes($0.key) }
    }
    for entry in permissions.entries {
      visible[entry.path] = ShippedPermission(entry: entry, layerIndex: index)
    }
  }

  /// What the image ships, sorted by path.
  public var shipped: [ShippedPermission] {
    visible.values.sorted { $0.entry.path < $1.entry.path }
  }
}
