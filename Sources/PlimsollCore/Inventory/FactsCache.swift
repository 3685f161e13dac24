import Foundation
import PlimsollFindings

/// Layer facts on disk, keyed by diffID plus the analyzer set's version.
///
/// Writes go to a temporary file in the same directory and are renamed into place, so a
/// killed scan never leaves a half-written entry. Entries that fail to decode are ignored.
public struct FactsCache: Sendable {
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory.appendingPathComponent("facts", isDirectory: true)
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

  private func file(diffID: String, version: String) -> URL {
    let key = diffID.replacingOccurrences(of: "sha256:", with: "")
    let safeVersion = String(version.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    return directory.appendingPathComponent("\(key)-\(safeVersion).json")
  }

  /// Cached facts for a layer, if present and readable.
  public func load(diffID: String, version: String) -> LayerFacts? {
    guard let data = try? Data(contentsOf: file(diffID: diffID, version: version)) else {
      return nil
    }
    return try? JSONDecoder().decode(LayerFacts.self, from: data)
  }

  /// Stores facts atomically; a failure to write is reported, not fatal.
  public func store(_ facts: LayerFacts, version: String) -> ScanWarning? {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let target = file(diffID: facts.diffID, version: version)
      let temporary = directory.appendingPathComponent(".tmp-\(UUID().uuidString)")
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.withoutEscapingSlashes]  // paths: smaller and faster to read
      try encoder.encode(facts).write(to: temporary)
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
