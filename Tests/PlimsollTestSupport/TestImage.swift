import Foundation

/// The real test image that `scripts/build-test-image` builds, cached outside the repository.
public enum TestImage {
  /// The cache directory the builder writes to.
  public static var directory: String {
    let environment = ProcessInfo.processInfo.environment
    if let explicit = environment["PLIMSOLL_TESTDATA"] { return explicit }
    let cache = environment["XDG_CACHE_HOME"] ?? ((environment["HOME"] ?? "/root") + "/.cache")
    return cache + "/plimsoll-testdata"
  }

  /// The image directory, or nil when the builder has not run (`Requirement.testImage`
  /// decides whether a test without it is skipped or fails).
  public static func available() -> String? {
    FileManager.default.fileExists(atPath: directory + "/expected.json") ? directory : nil
  }

  /// `expected.json`, decoded loosely.
  public static func expected() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/expected.json"))
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
  }
}

/// Paths of the repository and of the shared advisory snapshot that sits beside it.
public enum Repository {
  /// The repository root.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// The shared advisory snapshot (`../shared/vulndata` from the repository root).
  public static let vulndata = root.deletingLastPathComponent()
    .appendingPathComponent("shared/vulndata").path
  /// The real-world configuration corpus (`../shared/realworld-configs`): Dockerfiles,
  /// Compose files and Kubernetes manifests from public repositories, with provenance.
  public static let realworldConfigs = root.deletingLastPathComponent()
    .appendingPathComponent("shared/realworld-configs").path
  /// The repository's test fixtures (`Tests/Fixtures`).
  public static let fixtures = root.appendingPathComponent("Tests/Fixtures").path
}
