import PlimsollAdvisories
import PlimsollCatalog
import PlimsollVersions

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

  /// Debian release numbers to codenames, for images whose os-release lacks VERSION_CODENAME.
  static let debianCodenames = [
    "7": "wheezy", "8": "jessie", "9": "stretch", "10": "buster", "11": "bullseye",
    "12": "bookworm", "13": "trixie",
  ]

  /// The key for a package, or nil (with the reason) when no advisory feed covers it.
  public static func key(for package: Package, os: OSRelease?) -> Result<AdvisoryKey, NoCoverage> {
    switch package.type {
    case .deb:
      guard let os, os.id == "debian" else {
        return .failure(NoCoverage(reason: "no advisory data for \(os?.id ?? "an unknown distribution")"))
      }
      let major = os.versionID.map { String($0.split(separator: ".").first ?? "") }
      guard let codename = os.codename ?? major.flatMap({ debianCodenames[$0] }) else {
        return .failure(NoCoverage(reason: "unknown Debian release"))
      }
      return .success(AdvisoryKey(
        ecosystem: "debian:\(codename)", name: package.sourceName ?? package.name,
        version: package.sourceVersion ?? package.version, ordering: .debian))
    case .apk:
      guard let os, os.id == "alpine", let versionID = os.versionID else {
        return .failure(NoCoverage(reason: "no advisory data for \(os?.id ?? "an unknown distribution")"))
      }
      let parts = versionID.split(separator: ".")
      guard parts.count >= 2 else { return .failure(NoCoverage(reason: "unknown Alpine branch")) }
      return .success(AdvisoryKey(
        ecosystem: "alpine:v\(parts[0]).\(parts[1])", name: package.sourceName ?? package.name,
        version: package.version, ordering: .alpine))
    case .rpm:
      return .failure(NoCoverage(reason: "no rpm advisory feed is loaded"))
    case .python:
      return .success(AdvisoryKey(ecosystem: "PyPI", name: PythonPackageName.normalize(package.name),
                                  version: package.version, ordering: .pypi))
    case .npm:
      return .success(AdvisoryKey(ecosystem: "npm", name: package.name, version: package.version,
                                  ordering: .npm))
    case .maven:
      guard let group = package.metadata["groupId"] else {
        return .failure(NoCoverage(reason: "no Maven groupId known"))
      }
      let artifact = package.metadata["artifactId"] ?? package.name
      return .success(AdvisoryKey(ecosystem: "Maven", name: "\(group):\(artifact)",
                                  version: package.version, ordering: .maven))
    case .golang:
      guard package.version != "(devel)", !package.version.isEmpty else {
        return .failure(NoCoverage(reason: "a development build has no version to compare"))
      }
      var version = package.version
      if version.hasPrefix("go") { version.removeFirst(2) }
      if version.hasPrefix("v") { version.removeFirst() }
      return .success(AdvisoryKey(ecosystem: "Go", name: package.name, version: version,
                                  ordering: .go))
    case .cargo:
      return .success(AdvisoryKey(ecosystem: "crates.io", name: package.name,
                                  version: package.version, ordering: .cratesIO))
    }
  }
}

/// Why a package cannot be matched against any loaded feed.
public struct NoCoverage: Error, Sendable, Hashable {
  public var reason: String
}
