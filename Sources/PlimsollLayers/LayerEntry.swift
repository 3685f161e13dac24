/// A file entry as the layer walk sees it, before its contents are read.
public struct EntryInfo: Sendable {
  /// Absolute, normalised path inside the image (`/var/lib/dpkg/status`).
  public var path: String
  public var size: Int64
  /// Unix permission bits (`0o755`).
  public var mode: UInt32

  public init(path: String, size: Int64, mode: UInt32) {
    self.path = path
    self.size = size
    self.mode = mode
  }

  /// Whether any execute bit is set.
  public var isExecutable: Bool { mode & 0o111 != 0 }
  /// The last path component.
  public var fileName: Substring { path.split(separator: "/").last ?? Substring(path) }
}

/// A file of a layer (or root filesystem) whose contents an analyzer asked for.
public struct LayerFile: Sendable {
  public var entry: EntryInfo
  public var contents: [UInt8]
  /// When the analysers must stop working on this file (`ResourceLimits.fileTime`); an
  /// analyser that can stop part-way checks it, and the walk reports the file as cut short.
  public var deadline: ContinuousClock.Instant?

  public init(entry: EntryInfo, contents: [UInt8], deadline: ContinuousClock.Instant? = nil) {
    self.entry = entry
    self.contents = contents
    self.deadline = deadline
  }

  public var path: String { entry.path }
}
