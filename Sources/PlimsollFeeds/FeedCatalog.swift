public import Foundation

/// One upstream feed file: the URL production serves it at, and its place in a mirror.
///
/// A mirror keeps every file at `<host>/<path>` of its production URL, so a directory that
/// `plimsoll db mirror` wrote can be served by any static web server and read back with
/// `plimsoll db update --from URL`.
public struct FeedFile: Sendable, Hashable, Codable {
  /// A short name for messages: `osv PyPI`, `nvd 2024`, `cisa-kev`.
  public var name: String
  /// The production URL.
  public var url: String
  /// The mirror-relative path: the URL's host and path.
  public var path: String
  /// The SHA-256 of the file, when a mirror's manifest gives it.
  public var sha256: String?

  public init(name: String, url: String, sha256: String? = nil) {
    self.name = name
    self.url = url
    self.path = FeedFile.mirrorPath(of: url)
    self.sha256 = sha256
  }

  /// A file a mirror lists in its manifest, fetched from the mirror itself.
  public init(mirrored path: String, base: String, sha256: String?) {
    self.name = path
    self.url = base + path
    self.path = path
    self.sha256 = sha256
  }

  /// `https://host/a/b.json` → `host/a/b.json`.
  static func mirrorPath(of url: String) -> String {
    guard let components = URLComponents(string: url), let host = components.host else { return url }
    return host + components.percentEncodedPath
  }
}

/// The public feeds `plimsoll db update` reads (docs/feeds.md lists each with its license).
public enum FeedCatalog {
  /// OSV's per-ecosystem export bucket.
  public static let osvBucket = "https://osv-vulnerabilities.storage.googleapis.com"
  /// The OSV ecosystems fetched: languages, then the distributions whose images Plimsoll reads.
  public static let osvEcosystems = ["PyPI", "npm", "Maven", "Go", "crates.io", "RubyGems", "Packagist",
                                     "NuGet", "Debian", "Ubuntu", "Alpine"]
  /// Alpine's secdb, one `main.json` and `community.json` per branch.
  public static let alpineSecDB = "https://secdb.alpinelinux.org"
  /// Alpine branches read when the secdb index cannot be listed.
  public static let alpineBranches = (12...22).map { "v3.\($0)" } + ["edge"]
  public static let epss = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"
  /// The Debian security tracker's per-package, per-CVE, per-release export.
  public static let debianTracker = "https://security-tracker.debian.org/tracker/data/json"
  public static let kev = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
  /// NVD's JSON 2.0 feeds: one per publication year from 2002, plus `modified`.
  public static let nvdFeeds = "https://nvd.nist.gov/feeds/json/cve/2.0"

  /// Every production feed file, for the given Alpine branches and up to `year`.
  public static func files(alpineBranches branches: [String] = alpineBranches,
                           through year: Int = Calendar(identifier: .gregorian).component(.year, from: Date()))
    -> [FeedFile]
  {
    var files = osvEcosystems.map {
      FeedFile(name: "osv \($0)", url: "\(osvBucket)/\($0)/all.zip")
    }
    for branch in branches {
      for repository in ["main", "community"] {
        files.append(FeedFile(name: "alpine-secdb \(branch)/\(repository)",
                              url: "\(alpineSecDB)/\(branch)/\(repository).json"))
      }
    }
    files.append(FeedFile(name: "debian-tracker", url: debianTracker))
    files.append(FeedFile(name: "epss", url: epss))
    files.append(FeedFile(name: "cisa-kev", url: kev))
    for feed in (2002...max(year, 2002)).map(String.init) + ["modified"] {
      files.append(FeedFile(name: "nvd \(feed)", url: "\(nvdFeeds)/nvdcve-2.0-\(feed).json.gz"))
    }
    return files
  }

  /// The Alpine branches an secdb index page links to (`v3.20/`), newest last.
  public static func alpineBranches(inIndex html: String) -> [String] {
    let pattern = #"href="(v\d+\.\d+|edge)/""#
    guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(html.startIndex..., in: html)
    var branches: [String] = []
    for match in expression.matches(in: html, range: range) {
      guard let found = Range(match.range(at: 1), in: html) else { continue }
      let branch = String(html[found])
      if !branches.contains(branch) { branches.append(branch) }
    }
    return branches
  }
}
