/// The outcome of testing a version against advisory ranges.
///
/// `couldNotCompare` is never folded into "not affected": the matcher reports it so a user
/// sees that a verdict is missing.
public enum RangeVerdict: Equatable, Hashable, Sendable {
  /// The version lies in an affected range or is listed.
  case affected
  /// The version lies outside every range and is not listed.
  case notAffected
  /// A version or range could not be parsed or has no order (the reason names it).
  case couldNotCompare(String)
}

/// One OSV range event.
public struct OSVEvent: Hashable, Sendable, Decodable {
  /// The event kinds of the OSV schema.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    case introduced, fixed, lastAffected = "last_affected", limit
  }
  /// The kind.
  public let kind: Kind
  /// The version string (`"0"` for "since the beginning", `"*"` for an unbounded limit).
  public let version: String

  /// Builds an event.
  public init(_ kind: Kind, _ version: String) {
    self.kind = kind
    self.version = version
  }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Decodes `{"introduced": "1.0"}` and its siblings.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    for kind in Kind.allCases {
      if let value = try container.decodeIfPresent(String.self, forKey: Key(stringValue: kind.rawValue)) {
        self.init(kind, value)
        return
      }
    }
    throw DecodingError.dataCorrupted(
      DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "OSV event without a known key"))
  }
}

/// An OSV `affected[].ranges[]` entry.
public struct OSVRange: Hashable, Sendable, Decodable {
  /// `SEMVER`, `ECOSYSTEM` or `GIT`.
  public let type: String
  /// The events in any order.
  public let events: [OSVEvent]

  /// Builds a range.
  public init(type: String, events: [OSVEvent]) {
    self.type = type
    self.events = events
  }
}

/// An OSV range with its versions parsed and its events sorted, ready to test many versions.
public struct CompiledOSVRange<Scheme: VersionScheme>: Sendable {
  /// Sorted events: kind and parsed version (nil for introduced "0").
  let events: [(kind: OSVEvent.Kind, version: Scheme.Version?)]
  /// Upper limits (nil for "*").
  let limits: [Scheme.Version?]

  /// Parses every event version with `Scheme`; throws naming the first that does not parse.
  public init(_ range: OSVRange) throws(VersionError) {
    var parsed: [(kind: OSVEvent.Kind, version: Scheme.Version?)] = []
    var parsedLimits: [Scheme.Version?] = []
    for event in range.events {
      if event.kind == .limit {
        parsedLimits.append(event.version == "*" ? nil : try Scheme.parse(event.version))
      } else if event.kind == .introduced && event.version == "0" {
        parsed.append((event.kind, nil))
      } else {
        parsed.append((event.kind, try Scheme.parse(event.version)))
      }
    }
    // Stable sort by version; "introduced 0" first.
    let order = parsed.indices.sorted { a, b in
      switch (parsed[a].version, parsed[b].version) {
      case (nil, nil): return a < b
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?): return x < y || (!(y < x) && a < b)
      }
    }
    events = order.map { parsed[$0] }
    limits = parsedLimits
  }

  /// True when `version` is affected by this range (OSV's evaluation rules).
  public func contains(_ version: Scheme.Version) -> Bool {
    var affected = false
    for event in events {
      switch event.kind {
      case .introduced:
        if let bound = event.version { if !(version < bound) { affected = true } } else { affected = true }
      case .fixed:
        if let bound = event.version, !(version < bound) { affected = false }
      case .lastAffected:
        if let bound = event.version, bound < version { affected = false }
      case .limit:
        break
      }
    }
    if affected, !limits.isEmpty {
      return limits.contains { limit in limit.map { version < $0 } ?? true }
    }
    return affected
  }
}

/// Tests version strings against one OSV `affected` entry (its ranges and `versions` list).
public protocol OSVVersionMatcher: Sendable {
  /// The verdict for one installed version string.
  func evaluate(_ version: String) -> RangeVerdict
}

/// An OSV `affected` entry compiled for one scheme.
public struct OSVAffectedMatcher<Scheme: VersionScheme>: OSVVersionMatcher {
  /// Ranges that compiled.
  public let ranges: [CompiledOSVRange<Scheme>]
  /// Why a range could not be used (bad version in an event; a GIT range when nothing else is given).
  public let rangeProblems: [String]
  /// Listed versions, as written.
  public let versions: Set<String>
  /// Listed versions that parse.
  public let parsedVersions: Set<Scheme.Version>

  /// Compiles the ranges of the given type (`ECOSYSTEM` or `SEMVER`) with `Scheme`.
  public init(ranges: [OSVRange], versions: [String]) {
    var compiled: [CompiledOSVRange<Scheme>] = []
    var problems: [String] = []
    var skipped: [String] = []
    for range in ranges {
      // GIT ranges name commits, not versions; they are skipped when version ranges or a
      // version list exist and otherwise make the entry uncomparable.
      guard range.type == "ECOSYSTEM" || range.type == "SEMVER" else {
        skipped.append("\(range.type) range cannot be evaluated against a version")
        continue
      }
      do {
        compiled.append(try CompiledOSVRange<Scheme>(range))
      } catch {
        problems.append(error.localizedDescription)
      }
    }
    if compiled.isEmpty && problems.isEmpty && versions.isEmpty { problems = skipped }
    self.ranges = compiled
    rangeProblems = problems
    self.versions = Set(versions)
    parsedVersions = Set(versions.compactMap { try? Scheme.parse($0) })
  }

  /// The verdict for a parsed version.
  public func evaluate(parsed version: Scheme.Version) -> RangeVerdict {
    if parsedVersions.contains(version) { return .affected }
    for range in ranges where range.contains(version) { return .affected }
    if let problem = rangeProblems.first { return .couldNotCompare(problem) }
    return .notAffected
  }

  /// The verdict for a version string; unparsable input gives `couldNotCompare`.
  public func evaluate(_ version: String) -> RangeVerdict {
    if versions.contains(version) { return .affected }
    do {
      return evaluate(parsed: try Scheme.parse(version))
    } catch {
      return .couldNotCompare(error.localizedDescription)
    }
  }
}

extension Ecosystem {
  /// Compiles an OSV `affected` entry with this ecosystem's scheme (Go's for Go `SEMVER` ranges).
  public func matcher(ranges: [OSVRange], versions: [String] = []) -> any OSVVersionMatcher {
    let semverOnly = !ranges.isEmpty && ranges.allSatisfy { $0.type == "SEMVER" }
    switch family {
    case .dpkg: return OSVAffectedMatcher<DebianScheme>(ranges: ranges, versions: versions)
    case .rpm: return OSVAffectedMatcher<RPMScheme>(ranges: ranges, versions: versions)
    case .apk: return OSVAffectedMatcher<APKScheme>(ranges: ranges, versions: versions)
    case .pep440: return OSVAffectedMatcher<PEP440Scheme>(ranges: ranges, versions: versions)
    case .npm:
      return semverOnly
        ? OSVAffectedMatcher<SemVerScheme>(ranges: ranges, versions: versions)
        : OSVAffectedMatcher<NPMScheme>(ranges: ranges, versions: versions)
    case .go: return OSVAffectedMatcher<GoScheme>(ranges: ranges, versions: versions)
    case .cargo:
      return OSVAffectedMatcher<CargoScheme>(ranges: ranges, versions: versions)
    case .maven: return OSVAffectedMatcher<MavenScheme>(ranges: ranges, versions: versions)
    case .rubyGems: return OSVAffectedMatcher<RubyGemsScheme>(ranges: ranges, versions: versions)
    case .nuGet: return OSVAffectedMatcher<NuGetScheme>(ranges: ranges, versions: versions)
    case .composer: return OSVAffectedMatcher<ComposerScheme>(ranges: ranges, versions: versions)
    case .semver: return OSVAffectedMatcher<SemVerScheme>(ranges: ranges, versions: versions)
    }
  }
}

/// Evaluates OSV ranges for an ecosystem named as OSV names it ("Debian:12", "PyPI", "Go", …).
public enum OSVEvaluator {
  /// The verdict for `version` against one `affected` entry; an unknown ecosystem cannot compare.
  public static func evaluate(
    version: String, ecosystem: String, ranges: [OSVRange], versions: [String] = []
  ) -> RangeVerdict {
    guard let known = Ecosystem(osvName: ecosystem) else {
      return .couldNotCompare(VersionError.unknownEcosystem(ecosystem).localizedDescription)
    }
    return known.matcher(ranges: ranges, versions: versions).evaluate(version)
  }
}
