public import PlimsollVersions

/// Everything Plimsoll knows about one package type, in one table entry: its Package URL
/// type, how names compare, how an SBOM's purl becomes a package, and how a package is looked
/// up among advisories.
///
/// SBOM reading, the layer merge, the writers and the matcher read this table instead of
/// switching on package types; a new ecosystem is one entry here plus its cataloger folder.
public struct PackageEcosystem: Sendable {
  public var type: PackageType
  /// The Package URL type (purl spec): `deb`, `pypi`, `golang`…
  public var purlType: String
  /// Whether packages come from a distribution's package database.
  public var isOSPackage: Bool
  /// The version ordering packages of this type follow, where it does not depend on the
  /// distribution (OS packages: decided by the advisory lookup).
  public var versionOrdering: Ecosystem?
  /// The name as the ecosystem compares names (PEP 503 for Python; unchanged elsewhere).
  public var normalizedName: @Sendable (String) -> String
  /// The package an SBOM's purl names (`text` is the purl as written), or nil when the purl
  /// lacks what the ecosystem needs.
  public var packageFromPURL: @Sendable (_ purl: PackageURL, _ text: String) -> Package?
  /// Where advisories for `package` (in an image of `os`) are filed.
  public var advisoryLookup: @Sendable (_ package: Package, _ os: OSRelease?) -> AdvisoryLookup

  /// The entry for every package type, in `PackageType` order.
  public static let all: [PackageEcosystem] = PackageType.allCases.map(entry)

  /// The language entry whose advisories an OSV ecosystem name (`PyPI`, `Go`) files.
  public static func forAdvisoryEcosystem(_ name: String) -> PackageEcosystem? {
    all.first { $0.versionOrdering?.rawValue == name }
  }

  /// The entry whose purl type is `purlType`.
  public static func forPURLType(_ purlType: String) -> PackageEcosystem? {
    all.first { $0.purlType == purlType }
  }
}

/// Where a package's advisories are filed, or why no loaded feed covers it.
public enum AdvisoryLookup: Sendable, Hashable {
  /// `ecosystem` as the advisory database names it (`debian:bookworm`, `PyPI`), the package
  /// name and version as advisories spell them, and the version ordering to compare with.
  case key(ecosystem: String, name: String, version: String, ordering: Ecosystem)
  /// No feed covers the package, and why.
  case uncovered(String)
}

extension PackageType {
  /// This type's entry in the ecosystem table.
  public var ecosystem: PackageEcosystem { PackageEcosystem.all[Self.allCases.firstIndex(of: self) ?? 0] }
  /// The Package URL type for this kind (purl spec).
  public var purlType: String { ecosystem.purlType }
  /// Whether this is an operating-system package (from a distro package database).
  public var isOSPackage: Bool { ecosystem.isOSPackage }
}

extension PackageEcosystem {
  /// A distribution's package type: its purl type is its name, and its advisories are filed
  /// per distribution release.
  static func os(
    _ type: PackageType,
    advisoryLookup: @escaping @Sendable (Package, OSRelease?) -> AdvisoryLookup
  ) -> PackageEcosystem {
    PackageEcosystem(
      type: type, purlType: type.rawValue, isOSPackage: true, versionOrdering: nil,
      normalizedName: { $0 }, packageFromPURL: { osPackage(type, $0, $1) },
      advisoryLookup: advisoryLookup)
  }

  /// A language ecosystem whose advisories are filed under one OSV ecosystem name.
  static func language(
    _ type: PackageType, purl: String, osv ordering: Ecosystem,
    normalizedName: @escaping @Sendable (String) -> String = { $0 },
    packageFromPURL: @escaping @Sendable (PackageURL, String) -> Package?
  ) -> PackageEcosystem {
    PackageEcosystem(
      type: type, purlType: purl, isOSPackage: false, versionOrdering: ordering,
      normalizedName: normalizedName, packageFromPURL: packageFromPURL,
      advisoryLookup: { package, _ in
        .key(ecosystem: ordering.rawValue, name: normalizedName(package.name),
             version: package.version, ordering: ordering)
      })
  }

  /// The table entry of `type`.
  static func entry(_ type: PackageType) -> PackageEcosystem {
    switch type {
    case .deb: os(.deb, advisoryLookup: debianLookup)
    case .rpm: os(.rpm) { _, _ in .uncovered("no rpm advisory feed is loaded") }
    case .apk: os(.apk, advisoryLookup: alpineLookup)
    case .python:
      language(.python, purl: "pypi", osv: .pypi, normalizedName: PythonPackageName.normalize) {
        purl, text in simple(.python, purl.name, purl, text)
      }
    case .npm:
      language(.npm, purl: "npm", osv: .npm) { purl, text in
        simple(.npm, purl.namespace.map { "\($0)/\(purl.name)" } ?? purl.name, purl, text)
      }
    case .maven:
      PackageEcosystem(
        type: .maven, purlType: "maven", isOSPackage: false, versionOrdering: .maven,
        normalizedName: { $0 },
        packageFromPURL: { purl, text in
          guard let group = purl.namespace, let version = purl.version, !version.isEmpty else {
            return nil
          }
          return Package(type: .maven, name: purl.name, version: version, purl: text,
                         foundIn: sbomLocation, metadata: ["groupId": group, "artifactId": purl.name])
        },
        advisoryLookup: { package, _ in
          guard let group = package.metadata["groupId"] else { return .uncovered("no Maven groupId known") }
          let artifact = package.metadata["artifactId"] ?? package.name
          return .key(ecosystem: "Maven", name: "\(group):\(artifact)", version: package.version,
                      ordering: .maven)
        })
    case .golang:
      PackageEcosystem(
        type: .golang, purlType: "golang", isOSPackage: false, versionOrdering: .go,
        normalizedName: { $0 },
        packageFromPURL: { purl, text in
          simple(.golang, purl.namespace.map { "\($0)/\(purl.name)" } ?? purl.name, purl, text)
        },
        advisoryLookup: { package, _ in
          guard package.version != "(devel)", !package.version.isEmpty else {
            return .uncovered("a development build has no version to compare")
          }
          var version = package.version
          if version.hasPrefix("go") { version.removeFirst(2) }
          if version.hasPrefix("v") { version.removeFirst() }
          return .key(ecosystem: "Go", name: package.name, version: version, ordering: .go)
        })
    case .cargo:
      language(.cargo, purl: "cargo", osv: .cratesIO) { purl, text in
        simple(.cargo, purl.name, purl, text)
      }
    case .gem:
      language(.gem, purl: "gem", osv: .rubyGems) { purl, text in
        simple(.gem, purl.name, purl, text)
      }
    case .composer:
      // Composer package names (`vendor/package`) compare case-insensitively.
      language(.composer, purl: "composer", osv: .packagist, normalizedName: { $0.lowercased() }) {
        purl, text in simple(.composer, purl.namespace.map { "\($0)/\(purl.name)" } ?? purl.name, purl, text)
      }
    case .hex, .pub, .swift:
      // Inventory only: OSV publishes Hex, Pub and SwiftURL advisories, but no feed of them
      // is loaded, and a report says so rather than showing these packages as clean.
      PackageEcosystem(
        type: type, purlType: type.rawValue, isOSPackage: false, versionOrdering: nil,
        normalizedName: { $0 }, packageFromPURL: { purl, text in simple(type, purl.name, purl, text) },
        advisoryLookup: { _, _ in .uncovered("no advisory feed for \(type.rawValue) packages is loaded") })
    case .nuget:
      // NuGet package ids compare case-insensitively; OSV (GHSA) spells them as published.
      language(.nuget, purl: "nuget", osv: .nuGet, normalizedName: { $0.lowercased() }) { purl, text in
        simple(.nuget, purl.name, purl, text)
      }
    }
  }

  /// `foundIn` of packages read from an SBOM.
  static let sbomLocation = "sbom"

  /// A package whose purl carries its name and version only.
  static func simple(_ type: PackageType, _ name: String, _ purl: PackageURL, _ text: String) -> Package? {
    guard let version = purl.version, !version.isEmpty else { return nil }
    return Package(type: type, name: name, version: version, purl: text, foundIn: sbomLocation)
  }

  /// An OS package from its purl: `upstream` names the source package, rpm's `epoch` joins
  /// the version.
  static func osPackage(_ type: PackageType, _ purl: PackageURL, _ text: String) -> Package? {
    guard let version = purl.version, !version.isEmpty else { return nil }
    var sourceName: String?
    var sourceVersion: String?
    if let upstream = purl.qualifiers["upstream"] {
      let parts = upstream.split(separator: "@", maxSplits: 1).map(String.init)
      sourceName = parts.first
      sourceVersion = parts.count > 1 ? parts[1] : nil
    }
    var fullVersion = version
    if type == .rpm, let epoch = purl.qualifiers["epoch"] { fullVersion = "\(epoch):\(version)" }
    return Package(type: type, name: purl.name, version: fullVersion, purl: text,
                   sourceName: type == .rpm ? nil : (sourceName ?? purl.name),
                   sourceVersion: type == .rpm ? nil : (sourceVersion ?? version),
                   architecture: purl.qualifiers["arch"], foundIn: sbomLocation)
  }

  /// Debian release numbers to codenames, for images whose os-release lacks VERSION_CODENAME.
  public static let debianCodenames = [
    "7": "wheezy", "8": "jessie", "9": "stretch", "10": "buster", "11": "bullseye",
    "12": "bookworm", "13": "trixie",
  ]

  /// Debian advisories are filed per release and source package.
  @Sendable static func debianLookup(_ package: Package, _ os: OSRelease?) -> AdvisoryLookup {
    if let os, os.id == "ubuntu", let versionID = os.versionID {
      // Ubuntu's OSV records are filed per release number and source package.
      return .key(ecosystem: "ubuntu:\(versionID)", name: package.sourceName ?? package.name,
                  version: package.sourceVersion ?? package.version, ordering: .ubuntu)
    }
    guard let os, os.id == "debian" else {
      return .uncovered("no advisory data for \(os?.id ?? "an unknown distribution")")
    }
    let major = os.versionID.map { String($0.split(separator: ".").first ?? "") }
    guard let codename = os.codename ?? major.flatMap({ debianCodenames[$0] }) else {
      return .uncovered("unknown Debian release")
    }
    return .key(ecosystem: "debian:\(codename)", name: package.sourceName ?? package.name,
                version: package.sourceVersion ?? package.version, ordering: .debian)
  }

  /// Alpine advisories are filed per branch (`v3.19`) and origin package.
  @Sendable static func alpineLookup(_ package: Package, _ os: OSRelease?) -> AdvisoryLookup {
    guard let os, os.id == "alpine", let versionID = os.versionID else {
      return .uncovered("no advisory data for \(os?.id ?? "an unknown distribution")")
    }
    let parts = versionID.split(separator: ".")
    guard parts.count >= 2 else { return .uncovered("unknown Alpine branch") }
    return .key(ecosystem: "alpine:v\(parts[0]).\(parts[1])", name: package.sourceName ?? package.name,
                version: package.version, ordering: .alpine)
  }
}
