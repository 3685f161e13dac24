public import Foundation
public import PlimsollDiagnostics
public import PlimsollFix
import PlimsollRules

/// `plimsoll fix`: the fixes for the configuration files at a path, and writing them back.
public enum ConfigFix {
  /// The outcome per file.
  public struct Result: Sendable {
    public var outcomes: [FixOutcome]
    /// Problems met pinning base images.
    public var warnings: [ScanWarning]
  }

  /// Fixes the Dockerfiles, Compose files and Kubernetes manifests at `path` (a file, or a
  /// directory walked as `plimsoll config` walks it); `rules` limits the fixers (nil: all).
  /// With `pinBase`, each Dockerfile `FROM` is first pinned to the digest its tag points to
  /// now (asking the registry with these options). Nothing is written.
  public static func run(path: String, rules: Set<String>? = nil,
                         pinBase: RegistryImageSource.Options? = nil) async throws -> Result {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConfigScanError.pathNotFound(path)
    }
    let scanner = ConfigScanner()
    let files: [(full: String, display: String)] = isDirectory.boolValue
      ? scanner.discover(root: path).map { ((path as NSString).appendingPathComponent($0), $0) }
      : [(path, path)]
    var result = Result(outcomes: [], warnings: [])
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
      if yaml {
        result.outcomes.append(YAMLFix.fix(text: text, path: file.display, rules: rules))
        continue
      }
      guard let registry = pinBase else {
        result.outcomes.append(DockerfileFix.fix(text: text, path: file.display, rules: rules))
        continue
      }
      // Pinning changes no line count, so the fixers' line numbers hold on the pinned text.
      let pin = await DockerfileFreshness.pin(text, path: file.display, registry: registry)
      result.warnings += pin.warnings
      var outcome = DockerfileFix.fix(text: pin.text, path: file.display, rules: rules)
      if !pin.pinned.isEmpty {
        outcome.applied.insert(FixOutcome.Applied(
          ruleID: "PLM-FRESH-004", summary: "pinned to the current digest: " + pin.pinned.joined(separator: ", "),
          before: pin.pinned.count, after: 0, adviceOnly: false), at: 0)
        outcome.findingsBefore = DockerfileFix.fix(text: text, path: file.display, rules: []).findingsBefore
      }
      outcome.original = text
      result.outcomes.append(outcome)
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
