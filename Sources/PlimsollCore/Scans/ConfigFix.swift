public import Foundation
public import PlimsollFix
import PlimsollRules

/// `plimsoll fix`: the fixes for the configuration files at a path, and writing them back.
public enum ConfigFix {
  /// The outcome per file.
  public struct Result: Sendable {
    public var outcomes: [FixOutcome]
  }

  /// Fixes the Dockerfiles, Compose files and Kubernetes manifests at `path` (a file, or a
  /// directory walked as `plimsoll config` walks it); `rules` limits the fixers (nil: all).
  /// Nothing is written.
  public static func run(path: String, rules: Set<String>? = nil) throws -> Result {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConfigScanError.pathNotFound(path)
    }
    let scanner = ConfigScanner()
    let files: [(full: String, display: String)] = isDirectory.boolValue
      ? scanner.discover(root: path).map { ((path as NSString).appendingPathComponent($0), $0) }
      : [(path, path)]
    var result = Result(outcomes: [])
    for file in files {
      let name = (file.full as NSString).lastPathComponent.lowercased()
      let yaml = ConfigScanner.kind(ofFileNamed: name) == .compose || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
      let data: Data
      do { data = try Data(contentsOf: URL(fileURLWithPath: file.full)) } catch {
        throw ConfigScanError.unreadable(file.display, error.localizedDescription)
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw ConfigScanError.unreadable(file.display, "not UTF-8 text")
      }
      result.outcomes.append(yaml ? YAMLFix.fix(text: text, path: file.display, rules: rules)
                                  : DockerfileFix.fix(text: text, path: file.display, rules: rules))
    }
    return result
  }

  /// Writes a fixed file over `fullPath`, keeping the original as `fullPath.orig` when
  /// `backup` is set.
  public static func write(_ outcome: FixOutcome, to fullPath: String, backup: Bool) throws {
    guard outcome.fixed != outcome.original else { return }
    if backup {
      let copy = fullPath + ".orig"
      try? FileManager.default.removeItem(atPath: copy)
      try FileManager.default.copyItem(atPath: fullPath, toPath: copy)
    }
    try Data(outcome.fixed.utf8).write(to: URL(fileURLWithPath: fullPath), options: .atomic)
  }
}
