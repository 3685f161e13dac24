import PlimsollVersions

extension AffectedEntry {
  /// The entry's version ranges for the version schemes (GIT ranges name commits, not
  /// versions, and are left out: an installed package has no commit to place).
  public var versionRanges: [OSVRange] {
    ranges.filter { $0.type != "GIT" }.map { range in
      OSVRange(type: range.type, events: range.events.compactMap { event in
        if let value = event.introduced { return OSVEvent(.introduced, value) }
        if let value = event.fixed { return OSVEvent(.fixed, value) }
        if let value = event.lastAffected { return OSVEvent(.lastAffected, value) }
        if let value = event.limit { return OSVEvent(.limit, value) }
        return nil
      })
    }
  }

  /// The entry with its explicit `versions` list reduced to what the ranges do not already
  /// cover. OSV lists usually enumerate the ranges; a listed version that the ranges hold
  /// (under the ecosystem's own ordering, so also every version equal to it) adds nothing,
  /// while one outside them, or one that cannot be parsed, is kept. Verdicts are unchanged;
  /// the stored entry and the work of matching shrink.
  func withVersionsOutsideRanges() -> AffectedEntry {
    guard kind == .osvRanges, !versions.isEmpty, let ecosystem = Ecosystem(osvName: self.ecosystem) else {
      return self
    }
    let ranges = versionRanges
    guard !ranges.isEmpty else { return self }
    let matcher = ecosystem.matcher(ranges: ranges, versions: [])
    var reduced = self
    reduced.versions = versions.filter { matcher.evaluate($0) != .affected }
    return reduced
  }
}
