import Foundation

/// What a test needs from the machine (a tool, a fixture, the built executable), and whether
/// it runs: in CI (`CI=true`) always, so a missing requirement fails the test; elsewhere only
/// when the requirement is met, so Swift Testing reports a skip (`.enabled(if:)`) instead of
/// a test that passed without checking anything.
public enum Requirement {
  /// Whether this run is CI, where nothing may be skipped.
  public static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// Whether a test that needs something `present` runs.
  public static func runs(when present: Bool) -> Bool { inCI || present }

  /// The built `plimsoll` executable is there (or this is CI).
  public static var executable: Bool { runs(when: plimsollExecutable() != nil) }

  /// The test image `scripts/build-test-image` builds is there (or this is CI).
  public static var testImage: Bool {
    runs(when: FileManager.default.fileExists(atPath: TestImage.directory + "/expected.json"))
  }

  /// A Docker engine with the test image answers (or a missing one must fail:
  /// `PLIMSOLL_REQUIRE_ENGINE=1` or CI).
  public static var engine: Bool { DockerEngine.required || DockerEngine.available() }

  /// Root, `unshare` and `strace`, for runs confined to a read-only file system and traced
  /// (`ConfinedRun`; or this is CI).
  public static var confined: Bool { runs(when: ConfinedRun.available) }

  /// The command `name` is on PATH (or this is CI).
  public static func tool(_ name: String) -> Bool { runsWithTool(name) }

  /// The file or directory at `path` exists (or this is CI).
  public static func file(_ path: String) -> Bool {
    runs(when: FileManager.default.fileExists(atPath: path))
  }
}
