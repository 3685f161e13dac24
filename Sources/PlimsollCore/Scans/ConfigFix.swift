import Foundation
public import PlimsollDiagnostics
public import PlimsollFix
import PlimsollRules

/// `plimsoll fix`: the fixes for the configuration files at a path, and writing them back.
public enum ConfigFix {
  /// The outcome per file.
  public struct Result: Sendable {
    public var outcomes: [FixOutcome]
    /// Base images moved to newer tags (`--bump-base`), by file.
    public var bumps: [String: [DockerfileFreshness.Bump]]
    /// Problems met pinning or bumping base images.
    public var warnings: [ScanWarning]
  }

  /// What `--pin-base` and `--bump-base` need: the registry, and for bumping the platform and
  /// the cache whose advisory database scans the candidates.
  public struct BaseImages: Sendable {
    public var registry: RegistryImageSource.Options
    public var pin: Bool
    /// Set to bump: the platform and cache to scan candidates with.
    public var bump: (platform: Platform, cache: CacheLocation)?

    public init(registry: RegistryImageSource.Options, pin: Bool, bump: (platform: Platform, cache: CacheLocation)?) {
      self.registry = registry
      self.pin = pin
      self.bump = bump
    }
  }

  /// Fixes the Dockerfiles, Compose files and Kubernetes manifests at `path` (a file, or a
  /// directory walked as `plimsoll config` walks it); `rules` limits the fixers (nil: all).
  /// With `baseImages`, each Dockerfile `FROM` is first moved to a newer tag (bump) and/or
  /// pinned to the digest its tag points to now. Nothing is written.
  public static func run(path: String, rules: Set<String>? = nil,
                         baseImages: BaseImages? = nil) async throws -> Result {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ConfigScanError.pathNotFound(path)
    }
    let scanner = ConfigScanner()
    let files: [(full: String, display: String)] = isDirectory.boolValue
      ? scanner.discover(root: path).map { ((path as NSString).appendingPathComponent($0), $0) }
      : [(path, path)]
    var result = Result(outcomes: [], bumps: [:], warnings: [])
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
      guard let baseImages else {
        result.outcomes.append(DockerfileFix.fix(text: text, path: file.display, rules: rules))
        continue
      }
      // Bumping and pinning change no line count, so the fixers' line numbers hold.
      var based = text
      if let bump = baseImages.bump {
        let bumped = await DockerfileFreshness.bump(based, path: file.display, registry: baseImages.registry,
                                                    platform: bump.platform, cache: bump.cache)
        based = bumped.text
        result.warnings += bumped.warnings
        if !bumped.bumps.isEmpty { result.bumps[file.display] = bumped.bumps }
      }
      var pinned: [String] = []
      if baseImages.pin {
        let pin = await DockerfileFreshness.pin(based, path: file.display, registry: baseImages.registry)
        based = pin.text
        pinned = pin.pinned
        result.warnings += pin.warnings
      }
      var outcome = DockerfileFix.fix(text: based, path: file.display, rules: rules)
      if !pinned.isEmpty {
        outcome.applied.insert(FixOutcome.Applied(
          ruleID: "PLM-FRESH-004", summary: "pinned to the current digest: " + pinned.joined(separator: ", "),
          before: pinned.count, after: 0, adviceOnly: false), at: 0)
      }
      if based != text {
        outcome.findingsBefore = DockerfileFix.scan(text, path: file.display)
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
