/// The release files an operating system can be read from, strongest first.
///
/// Precedence (the order of the cases): `/etc/os-release`, then `/usr/lib/os-release` (the
/// vendor copy `/etc/os-release` usually links to), then `/etc/lsb-release` (Ubuntu and its
/// derivatives also ship a misleading `debian_version`), then the distribution files
/// `/etc/alpine-release`, `/etc/debian_version`, `/etc/centos-release`, `/etc/redhat-release`
/// (CentOS and Rocky also ship it, naming themselves), `/etc/system-release` (Amazon Linux).
public enum OSReleaseSource: Int, Sendable, CaseIterable, Comparable {
  case etcOSRelease
  case usrLibOSRelease
  case lsbRelease
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
    let ranked = candidates.compactMap { candidate -> (OSReleaseSource, OSRelease)? in
      guard let source = OSReleaseSource(path: candidate.path) else { return nil }
      return (source, candidate.release)
    }.sorted { $0.0 < $1.0 }
    guard var chosen = ranked.first?.1 else { return nil }
    for (_, weaker) in ranked.dropFirst() where weaker.id == chosen.id {
      if chosen.versionID == nil { chosen.versionID = weaker.versionID }
      if chosen.codename == nil { chosen.codename = weaker.codename }
      if chosen.prettyName == nil { chosen.prettyName = weaker.prettyName }
    }
    return chosen
  }
}
