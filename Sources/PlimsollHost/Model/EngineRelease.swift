/// The Docker engine release a host runs, as the engine reports it (`GET /version`), and
/// how far it is behind the newest release line this Plimsoll knows.
public struct EngineRelease: Sendable, Hashable {
  /// `Version`, e.g. `20.10.24+dfsg1` or `28.2.2`.
  public var version: String
  /// `ApiVersion`, e.g. `1.41`.
  public var apiVersion: String

  public init(version: String, apiVersion: String) {
    self.version = version
    self.apiVersion = apiVersion
  }

  /// Docker Engine's major release lines since the calendar versioning of 2017, oldest
  /// first; the last is the newest this Plimsoll knows (29.0, November 2025, API 1.52).
  public static let majorLines = [17, 18, 19, 20, 23, 24, 25, 26, 27, 28, 29]
  /// The newest line's API version, for evidence.
  public static let newestAPIVersion = "1.52"

  /// The major version (`20` of `20.10.24+dfsg1`), when the version starts with one.
  public var major: Int? {
    Int(version.prefix { $0.isNumber })
  }

  /// How many known major lines are newer than this one; nil when the version is not
  /// of the `MAJOR.MINOR…` form.
  public var majorLinesBehind: Int? {
    guard let major else { return nil }
    return Self.majorLines.filter { $0 > major }.count
  }

  /// Whether the version carries a distribution's packaging suffix (`+dfsg1`, `~deb12u1`,
  /// `-1ubuntu1`): the distribution may backport security fixes to an older line.
  public var isDistributionBuild: Bool {
    version.contains("+") || version.contains("~") || version.contains("ubuntu")
  }
}
