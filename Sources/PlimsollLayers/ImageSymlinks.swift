/// The symbolic links of an image, merged over its layers, and the one place that follows
/// them: a path is resolved the way the kernel would inside a `chroot` of the image, so a
/// link can never lead outside it.
///
/// Merged-/usr images keep their package databases behind links (`/lib -> usr/lib` puts
/// `/lib/apk/db/installed` at `/usr/lib/apk/db/installed`); the package merge uses `resolve` to
/// tell where a database path really is.
public struct ImageSymlinks: Sendable {
  private var links = MergedPaths<String>()

  /// Links are followed at most this many times per path (Linux's `MAXSYMLINKS`).
  public static let maxFollowed = 40

  public init() {}

  /// An image with these links (absolute path → target as written).
  public init(_ links: [String: String]) {
    self.links.apply(LayerDeletions(), writes: links)
  }

  /// Applies one layer on top of the ones before: what it deletes, then the links it writes;
  /// a file it writes where a lower layer had a link replaces the link.
  public mutating func apply(_ deletions: LayerDeletions, links written: [String: String],
                             files: some Sequence<String> = [String]()) {
    links.apply(deletions, writes: written)
    for path in files where links.visible[path] != nil && written[path] == nil {
      links.apply(LayerDeletions(whiteouts: [path]), writes: [:])
    }
  }

  /// Whether the image has no links at all.
  public var isEmpty: Bool { links.visible.isEmpty }

  /// The target of the link at `path`, if `path` is one.
  public func target(of path: String) -> String? { links.visible[path] }

  /// The path `path` leads to once every link on the way (the last component included) is
  /// followed; `..` at the root stays at the root and absolute targets start from the image's
  /// root. Nil when more than `maxFollowed` links are met (a loop).
  public func resolve(_ path: String) -> String? {
    if links.visible.isEmpty { return path }
    var resolved: [Substring] = []
    var pending = Array(path.split(separator: "/").reversed())
    var followed = 0
    while let component = pending.popLast() {
      switch component {
      case ".", "": continue
      case "..":
        _ = resolved.popLast()
        continue
      default: break
      }
      resolved.append(component)
      let candidate = "/" + resolved.joined(separator: "/")
      guard let target = links.visible[candidate] else { continue }
      followed += 1
      if followed > Self.maxFollowed { return nil }
      resolved.removeLast()
      if target.hasPrefix("/") { resolved.removeAll() }
      pending += target.split(separator: "/").reversed()
    }
    return "/" + resolved.joined(separator: "/")
  }
}
