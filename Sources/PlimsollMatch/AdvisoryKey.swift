import PlimsollAdvisories
public import PlimsollCatalog
public import PlimsollVersions

/// How an installed package is looked up in the advisory database: the database's ecosystem
/// name, the package name as advisories spell it, the version they compare against, and the
/// version-ordering ecosystem.
public struct AdvisoryKey: Hashable, Sendable {
  /// `debian:bookworm`, `alpine:v3.11`, `PyPI`, `Go`, `crates.io`, `npm`, `Maven`.
  public var ecosystem: String
  public var name: String
  /// The version advisories are written against (Debian: the source version).
  public var version: String
  /// The ecosystem whose version ordering applies (Debian, Alpine, PyPI, …).
  public var ordering: Ecosystem

  /// The key for a package, or nil (with the reason) when no advisory feed covers it.
  public static func key(for package: Package, os: OSRelease?) -> Result<AdvisoryKey, NoCoverage> {
    switch package.type.ecosystem.advisoryLookup(package, os) {
    case .key(let ecosystem, let name, let version, let ordering):
      .success(AdvisoryKey(ecosystem: ecosystem, name: name, version: version, ordering: ordering))
    case .uncovered(let reason):
      .failure(NoCoverage(reason: reason))
    }
  }
}

/// Why a package cannot be matched against any loaded feed.
public struct NoCoverage: Error, Sendable, Hashable {
  public var reason: String
}
