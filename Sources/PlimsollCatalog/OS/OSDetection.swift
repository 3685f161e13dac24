public import PlimsollDiagnostics

/// The release files an operating system can be read from, strongest first.
///
/// Precedence (the order of the cases): `/etc/os-release`, then `/usr/lib/os-release` (the
/// vendor copy `/etc/os-release` usually links to), then `/etc/lsb-release` (Ubuntu and its
/// derivatives also ship a misleading `debian_version`), then dpkg's vendor
/// `/etc/dpkg/origins/default` (a link to `origins/ubuntu` on Ubuntu), then the distribution files
/// `/etc/alpine-release`, `/etc/debian_version`, `/etc/centos-release`, `/etc/redhat-release`
/// (CentOS and Rocky also ship it, naming themselves), `/etc/system-release` (Amazon Linux).
public enum OSReleaseSource: Int, Sendable, CaseIterable, Comparable {
  case etcOSRelease
  case usrLibOSRelease
  case lsbRelease
  case dpkgOrigins
  case alpineRelease
  case debianVersion
  case centosRelease
  case redhatRelease
  case systemRelease

  /// The absolute path of this file inside an image.
  public var path: String {
    switch self {
    case .etcOSRelease: "/etc/os-release"
    case .usrLibOSRelease: "/usr/lib/os-release"
    case .lsbRelease: "/etc/lsb-release"
    case .dpkgOrigins: "/etc/dpkg/origins/default"
    case .alpineRelease: "/etc/alpine-release"
    case .debianVersion: "/etc/debian_version"
    case .centosRelease: "/etc/centos-release"
    case .redhatRelease: "/etc/redhat-release"
    case .systemRelease: "/etc/system-release"
    }
  }

  /// The release file at `path`, or nil when the path is not one.
  public init?(path: String) {
    guard let match = Self.allCases.first(where: { $0.path == path }) else { return nil }
    self = match
  }

  /// Whether this source is the os-release file itself rather than a fallback.
  public var isOSRelease: Bool { self == .etcOSRelease || self == .usrLibOSRelease }

  /// Stronger sources sort first.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An operating system read from one release file of an image.
public struct OSReleaseCandidate: Sendable, Hashable {
  /// The file it was read from (absolute path inside the image).
  public var path: String
  /// What the file says.
  public var release: OSRelease
}

/// Chooses the operating system of an image from the release files present after merge.
public enum OSDetection {
  /// The operating system named by the strongest release file present (see `OSReleaseSource`).
  ///
  /// When the winner lacks a version or codename, a weaker file naming the same `id` fills it
  /// in (Debian testing has no `VERSION_ID` but `debian_version` says `trixie/sid`). Files
  /// that are not release files are ignored; nil when no candidate remains.
  public static func pick(_ candidates: [OSReleaseCandidate]) -> OSRelease? {
    pickWithSource(candidates)?.release
  }

  static func pickWithSource(_ candidates: [OSReleaseCandidate]) -> (release: OSRelease, source: OSReleaseSource)? {
    let ranked = candidates.compactMap { candidate -> (OSReleaseSource, OSRelease)? in
      guard let source = OSReleaseSource(path: candidate.path) else { return nil }
      return (source, candidate.release)
    }.sorted { $0.0 < $1.0 }
    guard let (source, first) = ranked.first else { return nil }
    var chosen = first
    for (_, weaker) in ranked.dropFirst() where weaker.id == chosen.id {
      if chosen.versionID == nil { chosen.versionID = weaker.versionID }
      if chosen.codename == nil { chosen.codename = weaker.codename }
      if chosen.prettyName == nil { chosen.prettyName = weaker.prettyName }
    }
    return (chosen, source)
  }

  /// The operating system of an image and, when no os-release file decided it, a warning
  /// saying which signal did: a fallback release file, or (when nothing stronger than
  /// Debian's `debian_version` is present) deb package versions built by Ubuntu
  /// (`2.35-0ubuntu3.8`), which make the image Ubuntu rather than Debian.
  public static func decide(_ candidates: [OSReleaseCandidate], packages: [Package])
    -> (release: OSRelease?, warning: ScanWarning?)
  {
    let picked = pickWithSource(candidates)
    if let picked, picked.source.isOSRelease { return (picked.release, nil) }
    if picked == nil || picked?.source == .debianVersion, let ubuntu = ubuntuBuilds(packages) {
      let release = OSRelease(id: "ubuntu", prettyName: "Ubuntu")
      let message = "no os-release file; operating system taken as ubuntu from the versions of "
        + "\(ubuntu.count) of \(ubuntu.of) deb packages (e.g. \(ubuntu.example)), "
        + (picked == nil ? "without any release file" : "over /etc/debian_version")
      return (release, ScanWarning(input: ubuntu.database, message: message))
    }
    guard let picked else { return (nil, nil) }
    let described = [picked.release.id, picked.release.versionID ?? picked.release.codename]
      .compactMap { $0 }.joined(separator: " ")
    return (picked.release, ScanWarning(
      input: picked.source.path, message: "no os-release file; operating system \(described) taken from this file"))
  }

  /// Deb packages whose version says Ubuntu built them (`2.35-0ubuntu3.8`, the native
  /// `12ubuntu4.6`), when at least a tenth do.
  static func ubuntuBuilds(_ packages: [Package]) -> (count: Int, of: Int, example: String, database: String)? {
    let debs = packages.filter { $0.type == .deb }
    let built = debs.filter { $0.version.contains("ubuntu") }
    guard let first = built.first, built.count * 10 >= debs.count else { return nil }
    return (built.count, debs.count, "\(first.name) \(first.version)", first.foundIn)
  }
}
