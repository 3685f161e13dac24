import PlimsollFindings

/// One advisory as stored: an OSV record, a Debian DSA/DLA, an Alpine secfix entry, or a
/// language feed's record (RustSec, RubySec, Node.js security WG, FriendsOfPHP).
public struct Advisory: Codable, Sendable, Hashable {
  /// The feed it came from: `osv-pypi`, `debian-dsa`, `alpine-secdb`, `rustsec`, `rubysec`, …
  public var source: String
  /// `PYSEC-2021-59`, `DSA-5380-1`, `CVE-2019-14904`.
  public var id: String
  /// CVE, GHSA and other ids for the same vulnerability.
  public var aliases: [String] = []
  public var summary: String?
  public var details: String?
  /// The severity the source gives, where it gives one.
  public var severity: Severity?
  public var cvss: [CVSSScore] = []
  public var published: String?
  public var modified: String?
  public var references: [String] = []
  public var affected: [AffectedEntry] = []

}

/// What an advisory says about one package in one ecosystem.
public struct AffectedEntry: Codable, Sendable, Hashable {
  /// `PyPI`, `Go`, `crates.io`, `RubyGems`, `npm`, `Packagist`, `debian:bullseye`, `alpine:v3.11`.
  public var ecosystem: String
  /// The package name, normalised for the ecosystem (PEP 503 for PyPI; source package for
  /// distributions).
  public var package: String
  public var kind: Kind
  /// OSV ranges (`kind == .osvRanges`).
  public var ranges: [OSVRangeRecord]
  /// Explicit affected versions (OSV `versions`).
  public var versions: [String]
  /// The first fixed version (`kind == .fixedIn`).
  public var fixedVersion: String?
  /// Requirements that are fixed (RustSec and RubySec `patched`, npm `patched_versions`), in
  /// the ecosystem's syntax.
  public var patched: [String]
  /// Requirements never affected (RustSec `unaffected`, RubySec `unaffected_versions`).
  public var unaffected: [String]
  /// Alternative sets of requirements that all hold for an affected version
  /// (`kind == .requirements`: an npm `vulnerable_versions` range, a Composer branch).
  public var vulnerable: [[String]]?
  /// A free-text note from the source (`Vulnerable code not present`).
  public var note: String?
  /// The severity the source gives for this release, where it differs per release (Debian's
  /// urgency).
  public var severity: Severity?

  /// How to read the entry.
  public enum Kind: String, Codable, Sendable {
    /// OSV events and/or a versions list.
    case osvRanges = "osv"
    /// Distribution style: versions lower than `fixedVersion` are affected.
    case fixedIn = "fixed-in"
    /// The release is not affected at all.
    case notAffected = "not-affected"
    /// Affected, no fix released yet.
    case unfixed
    /// Affected, and the release's security support has ended for the package.
    case endOfLife = "end-of-life"
    /// Affected, and the distribution decided not to fix it (Debian `<ignored>`, unimportant).
    case willNotFix = "will-not-fix"
    /// Affected; the fix is postponed to a later update (Debian `<postponed>`, `<no-dsa>`).
    case fixDeferred = "fix-deferred"
    /// RustSec: affected unless a `patched` or `unaffected` requirement matches.
    case cargoRequirements = "cargo-requirements"
    /// Language feeds written in the ecosystem's own requirement syntax (RubyGems, npm,
    /// Composer): affected when every requirement of one `vulnerable` set holds, or, without
    /// `vulnerable` sets, when no `patched` or `unaffected` requirement does.
    case requirements
  }

  public init(ecosystem: String, package: String, kind: Kind, ranges: [OSVRangeRecord] = [],
              versions: [String] = [], fixedVersion: String? = nil, patched: [String] = [],
              unaffected: [String] = [], vulnerable: [[String]]? = nil, note: String? = nil,
              severity: Severity? = nil) {
    self.ecosystem = ecosystem
    self.package = package
    self.kind = kind
    self.ranges = ranges
    self.versions = versions
    self.fixedVersion = fixedVersion
    self.patched = patched
    self.unaffected = unaffected
    self.vulnerable = vulnerable
    self.note = note
    self.severity = severity
  }
}

/// An OSV range as published: type (`SEMVER`, `ECOSYSTEM`, `GIT`) and ordered events.
public struct OSVRangeRecord: Codable, Sendable, Hashable {
  public var type: String
  public var events: [Event]

  /// One event: exactly one of the four fields is set.
  public struct Event: Codable, Sendable, Hashable {
    public var introduced: String?
    public var fixed: String?
    public var lastAffected: String?
    public var limit: String?

    enum CodingKeys: String, CodingKey {
      case introduced
      case fixed
      case lastAffected = "last_affected"
      case limit
    }
  }
}

/// What an import run read from one feed.
public struct SourceSummary: Codable, Sendable, Hashable {
  public var name: String
  /// Where it was read from (a file name, not a machine path).
  public var origin: String
  /// The newest date the data itself carries (ISO 8601), where it carries one.
  public var snapshotDate: String?
  public var records: Int
  /// Malformed records skipped (each one also a warning).
  public var skipped: Int
}
