/// What an overlay whiteout entry of an image layer (OCI image spec, "Whiteouts") means.
public enum LayerWhiteout: Sendable, Hashable {
  /// `DIR/.wh..wh..opq`: the lower layers' content of `DIR` is hidden.
  case opaque(directory: String)
  /// `DIR/.wh.NAME`: `DIR/NAME` from the lower layers is deleted.
  case deletes(path: String)

  /// The whiteout a normalised layer path names, or nil for an ordinary entry.
  public init?(path: String) {
    guard let slash = path.lastIndex(of: "/") else { return nil }
    let name = path[path.index(after: slash)...]
    guard name.hasPrefix(".wh.") else { return nil }
    let parent = String(path[..<slash])
    if name == ".wh..wh..opq" {
      self = .opaque(directory: parent.isEmpty ? "/" : parent)
    } else {
      self = .deletes(path: parent + "/" + name.dropFirst(4))
    }
  }
}

/// What one layer removes from the layers below it.
public struct LayerDeletions: Codable, Sendable, Hashable {
  /// Paths the layer's whiteout files delete (`DIR/.wh.NAME`), with everything below them.
  public var whiteouts: [String]
  /// Directories whose lower content the layer hides (`DIR/.wh..wh..opq`).
  public var opaqueDirectories: [String]
  /// Directories of lower layers that this layer replaces with a file or link, which hides
  /// everything below them (recorded by walks that look for it).
  public var replacedDirectories: [String]

  public init(whiteouts: [String] = [], opaqueDirectories: [String] = [],
              replacedDirectories: [String] = []) {
    self.whiteouts = whiteouts
    self.opaqueDirectories = opaqueDirectories
    self.replacedDirectories = replacedDirectories
  }

  /// Whether the layer deletes nothing.
  public var isEmpty: Bool {
    whiteouts.isEmpty && opaqueDirectories.isEmpty && replacedDirectories.isEmpty
  }

  /// Records the whiteout a layer entry names.
  public mutating func record(_ whiteout: LayerWhiteout) {
    switch whiteout {
    case .opaque(let directory): opaqueDirectories.append(directory)
    case .deletes(let path): whiteouts.append(path)
    }
  }

  /// Whether a lower layer's `path` is gone once this layer is applied.
  public func removes(_ path: String) -> Bool {
    whiteouts.contains { path == $0 || path.hasPrefix($0 + "/") }
      || (opaqueDirectories + replacedDirectories).contains {
        path.hasPrefix($0 == "/" ? "/" : $0 + "/")
      }
  }

  enum CodingKeys: String, CodingKey { case whiteouts, opaqueDirectories, replacedDirectories }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    whiteouts = try container.decodeIfPresent([String].self, forKey: .whiteouts) ?? []
    opaqueDirectories = try container.decodeIfPresent([String].self, forKey: .opaqueDirectories) ?? []
    replacedDirectories =
      try container.decodeIfPresent([String].self, forKey: .replacedDirectories) ?? []
  }
}

/// The paths visible in a stack of layers, each with what the topmost layer that wrote it
/// says about it: the one merge of whiteouts, opaque directories and replaced files that the
/// inventory, the secret scan and container drift share.
public struct MergedPaths<Value> {
  /// Every visible path with its value.
  public private(set) var visible: [String: Value] = [:]

  public init() {}

  /// Applies one layer on top of the ones before: first what it deletes, then what it writes
  /// (a path written again replaces its lower value).
  public mutating func apply(_ deletions: LayerDeletions, writes: [String: Value]) {
    if !deletions.isEmpty {
      visible = visible.filter { !deletions.removes($0.key) }
    }
    visible.merge(writes) { $1 }
  }
}

extension MergedPaths: Sendable where Value: Sendable {}
