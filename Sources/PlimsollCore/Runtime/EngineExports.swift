public import Foundation
import PlimsollIO

/// The folder that engine exports (images for `docker:` scans, the archives of a deep drift
/// comparison) are streamed into while a command runs; each command deletes its own files.
public enum EngineExports {
  /// `engine-exports` under the cache directory, or under the system's temporary directory
  /// when there is no cache (`--no-cache`).
  public static func directory(cache: URL?) -> URL {
    cache?.appendingPathComponent("engine-exports", isDirectory: true)
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "plimsoll-engine-exports", isDirectory: true)
  }

  /// Removes files older than `age` seconds from `directory`: what an interrupted run (a
  /// killed process cannot clean up) left behind. Newer files may belong to a run in progress.
  public static func removeStale(in directory: URL, olderThan age: TimeInterval = 3600,
                                 now: Date = Date()) {
    let manager = FileManager.default
    guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return }
    for name in names {
      let path = directory.appendingPathComponent(name).path
      guard let status = FileStatus(path, followingSymlinks: false), status.isRegularFile,
        now.timeIntervalSince(status.modified) > age
      else { continue }
      try? manager.removeItem(atPath: path)
    }
  }
}
