public import PlimsollDiagnostics

/// What a layer walk does with the regular files it meets: the seam between the layer engine
/// and the stages that read files (catalogers, secret scanners).
///
/// The facts are a pure function of the layer's content and the analysis, so they are cached
/// by diffID plus `cacheKey`.
public protocol LayerAnalysis: Sendable {
  /// What the analysis records for one layer.
  associatedtype Facts: Codable & Sendable
  /// Names every part of the analysis and its version; a change of output changes the key.
  var cacheKey: String { get }
  /// The facts of a layer before any file is read.
  func emptyFacts() -> Facts
  /// Offers one regular file; `read(limit)` yields its contents and may be called at most
  /// once. Problems with this file go to `warnings`; a thrown error ends the walk (the layer
  /// itself is unreadable).
  func analyze(
    _ entry: EntryInfo, into facts: inout Facts, warnings: inout [ScanWarning],
    read: (Int64) throws -> [UInt8]) throws
}

/// Everything one layer (or a root filesystem) says, before layers are merged.
@dynamicMemberLookup
public struct WalkedLayer<Facts: Codable & Sendable>: Codable, Sendable {
  public var diffID: String
  /// What the layer removes from the layers below it.
  public var deletions: LayerDeletions
  /// Entries in the layer's tar (or files under the root).
  public var entryCount: Int
  /// Problems met walking the layer (hostile names, dangling hard links, unread files).
  public var warnings: [ScanWarning]
  /// The symbolic links the layer writes: absolute path → target as written.
  public var symlinks: [String: String]
  /// What the analysis recorded.
  public var facts: Facts
  /// Setuid/setgid files and world-writable directories, whatever the analysis (a cache
  /// entry written before this field existed fails to decode and the layer is walked again).
  public var permissions: LayerPermissions

  public init(diffID: String, facts: Facts, deletions: LayerDeletions = LayerDeletions(),
              entryCount: Int = 0, warnings: [ScanWarning] = [], symlinks: [String: String] = [:],
              permissions: LayerPermissions = LayerPermissions()) {
    self.diffID = diffID
    self.symlinks = symlinks
    self.facts = facts
    self.deletions = deletions
    self.entryCount = entryCount
    self.warnings = warnings
    self.permissions = permissions
  }

  /// The analysis's facts read as if they were the layer's own.
  public subscript<T>(dynamicMember keyPath: KeyPath<Facts, T>) -> T { facts[keyPath: keyPath] }
}
