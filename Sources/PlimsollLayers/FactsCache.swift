public import Foundation
public import PlimsollDiagnostics

/// Layer facts on disk, keyed by diffID plus the analysis's cache key.
///
/// Writes go to a temporary file in the same directory and are renamed into place, so a
/// killed scan never leaves a half-written entry. Entries that fail to decode are ignored.
public struct FactsCache: Sendable {
  public let directory: URL

  /// The cache under `root` (its `facts` folder).
  public init(directory root: URL) {
    self.directory = root.appendingPathComponent("facts", isDirectory: true)
  }

  /// The default cache root: `$XDG_CACHE_HOME/plimsoll`, else `~/.cache/plimsoll`.
  public static func defaultRoot() -> URL {
    let environment = ProcessInfo.processInfo.environment
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      return URL(fileURLWithPath: xdg).appendingPathComponent("plimsoll", isDirectory: true)
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".cache/plimsoll", isDirectory: true)
  }

  private func file(diffID: String, key: String) -> URL {
    let digest = diffID.replacingOccurrences(of: "sha256:", with: "")
    let safeKey = String(key.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    return directory.appendingPathComponent("\(digest)-\(safeKey).json")
  }

  /// Whether facts for a layer are stored (without reading them).
  public func contains(diffID: String, key: String) -> Bool {
    FileManager.default.fileExists(atPath: file(diffID: diffID, key: key).path)
  }

  /// Cached facts for a layer, if present and readable.
  public func load<Facts>(diffID: String, key: String, as type: Facts.Type = Facts.self)
    -> WalkedLayer<Facts>?
  {
    guard let data = try? Data(contentsOf: file(diffID: diffID, key: key)) else { return nil }
    return try? JSONDecoder().decode(WalkedLayer<Facts>.self, from: data)
  }

  /// Stores facts atomically; a failure to write is reported, not fatal.
  public func store<Facts>(_ layer: WalkedLayer<Facts>, key: String) -> ScanWarning? {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let target = file(diffID: layer.diffID, key: key)
      let temporary = directory.appendingPathComponent(".tmp-\(UUID().uuidString)")
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.withoutEscapingSlashes]  // paths: smaller and faster to read
      try encoder.encode(layer).write(to: temporary)
      if rename(temporary.path, target.path) != 0 {
        try? FileManager.default.removeItem(at: temporary)
        return ScanWarning(input: target.path, message: "cannot write cache entry")
      }
      return nil
    } catch {
      return ScanWarning(input: directory.path, message: "cannot write cache: \(error.localizedDescription)")
    }
  }
}
