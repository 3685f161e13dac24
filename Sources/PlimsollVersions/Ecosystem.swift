/// The package ecosystems this stage can order, keyed by OSV ecosystem names.
public enum Ecosystem: String, CaseIterable, Sendable {
  case debian = "Debian", ubuntu = "Ubuntu", alpine = "Alpine", wolfi = "Wolfi", chainguard = "Chainguard"
  case redHat = "Red Hat", rocky = "Rocky Linux", alma = "AlmaLinux", suse = "SUSE", openSUSE = "openSUSE"
  case mageia = "Mageia", openEuler = "openEuler"
  case pypi = "PyPI", npm = "npm", go = "Go", cratesIO = "crates.io", maven = "Maven"
  case rubyGems = "RubyGems", nuGet = "NuGet", packagist = "Packagist"

  /// Reads an OSV ecosystem name, ignoring a release suffix (`Debian:12`, `Alpine:v3.18`).
  public init?(osvName: String) {
    let base = osvName.split(separator: ":", maxSplits: 1).first.map(String.init) ?? osvName
    guard let match = Ecosystem(rawValue: base) ?? Ecosystem.allCases.first(where: {
      $0.rawValue.lowercased() == base.lowercased()
    }) else { return nil }
    self = match
  }

  /// The family of version rules the ecosystem uses.
  public var family: Family {
    switch self {
    case .debian, .ubuntu: return .dpkg
    case .alpine, .wolfi, .chainguard: return .apk
    case .redHat, .rocky, .alma, .suse, .openSUSE, .mageia, .openEuler: return .rpm
    case .pypi: return .pep440
    case .npm: return .npm
    case .go: return .go
    case .cratesIO: return .cargo
    case .maven: return .maven
    case .rubyGems: return .rubyGems
    case .nuGet: return .nuGet
    case .packagist: return .composer
    }
  }

  /// A family of version rules (one `VersionScheme` each).
  public enum Family: String, CaseIterable, Sendable {
    case dpkg, rpm, apk, pep440, npm, go, cargo, maven, rubyGems, nuGet, composer, semver
  }

  /// Compares two version strings with this ecosystem's rules: -1, 0 or 1.
  public func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
    try family.compare(lhs, rhs)
  }
}

extension Ecosystem.Family {
  /// Compares two version strings with this family's scheme.
  public func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
    switch self {
    case .dpkg: return try DebianScheme.compare(lhs, rhs)
    case .rpm: return try RPMScheme.compare(lhs, rhs)
    case .apk: return try APKScheme.compare(lhs, rhs)
    case .pep440: return try PEP440Scheme.compare(lhs, rhs)
    case .npm: return try NPMScheme.compare(lhs, rhs)
    case .go: return try GoScheme.compare(lhs, rhs)
    case .cargo: return try CargoScheme.compare(lhs, rhs)
    case .maven: return try MavenScheme.compare(lhs, rhs)
    case .rubyGems: return try RubyGemsScheme.compare(lhs, rhs)
    case .nuGet: return try NuGetScheme.compare(lhs, rhs)
    case .composer: return try ComposerScheme.compare(lhs, rhs)
    case .semver: return try SemVerScheme.compare(lhs, rhs)
    }
  }
}
