import Foundation
import PlimsollDiagnostics
import PlimsollFindings

/// Reads the Debian security tracker's JSON export
/// (`https://security-tracker.debian.org/tracker/data/json`): per source package, per CVE,
/// per release the status, fixed version, urgency and `<no-dsa>` decision.
///
/// Each (package, CVE) becomes an advisory of source `debian-tracker` with one entry per
/// release: `resolved` with a version is fixed there (`0`: never affected); `open` is
/// affected, unless its urgency is `unimportant` or the no-DSA reason is `ignored` (will not
/// fix), the reason is `postponed` or a no-DSA note stands alone (fix deferred to a point
/// release), or the release is `end-of-life`; `undetermined` is affected, so noted.
public struct DebianTrackerJSONImporter {
  struct Issue: Decodable {
    var description: String?
    var releases: [String: Release]?
  }

  struct Release: Decodable {
    var status: String?
    var fixed_version: String?
    var urgency: String?
    var nodsa: String?
    var nodsa_reason: String?
  }

  public init() {}

  /// Whether the text opens like the export: `{"package": {"CVE-…": {`.
  public static func recognises(_ head: String) -> Bool {
    head.range(of: #"^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(CVE|TEMP)-[^"]*"\s*:\s*\{"#,
               options: .regularExpression) != nil
  }

  public func parse(_ bytes: [UInt8], input: String, into sink: inout some AdvisorySink) throws
    -> ImportReport
  {
    var tally = ImportTally()
    let document: [String: [String: Issue]]
    do {
      document = try JSONDecoder().decode([String: [String: Issue]].self, from: Data(bytes))
    } catch {
      tally.skip(input, "malformed Debian security tracker JSON (\(error))")
      return tally.report(name: "debian-tracker", origin: input)
    }
    for (package, issues) in document.sorted(by: { $0.key < $1.key }) {
      guard !package.isEmpty else { continue }
      for (id, issue) in issues.sorted(by: { $0.key < $1.key }) {
        guard id.hasPrefix("CVE-") || id.hasPrefix("TEMP-") else {
          tally.skip("\(input):\(package)/\(id)", "not a CVE or tracker id")
          continue
        }
        var entries: [AffectedEntry] = []
        for (release, state) in (issue.releases ?? [:]).sorted(by: { $0.key < $1.key }) where !release.isEmpty {
          entries.append(Self.entry(state, release: release, package: package))
        }
        guard !entries.isEmpty else { continue }
        try sink.add(Advisory(
          source: "debian-tracker", id: id, summary: issue.description,
          references: ["https://security-tracker.debian.org/tracker/\(id)"], affected: entries))
        tally.records += 1
      }
    }
    return tally.report(name: "debian-tracker", origin: input)
  }

  /// One release's verdict.
  static func entry(_ state: Release, release: String, package: String) -> AffectedEntry {
    let ecosystem = "debian:\(release)"
    let urgency = (state.urgency ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "* "))
    let severity = severity(urgency: urgency)
    func make(_ kind: AffectedEntry.Kind, fixed: String? = nil, note: String? = nil) -> AffectedEntry {
      AffectedEntry(ecosystem: ecosystem, package: package, kind: kind, fixedVersion: fixed, note: note,
                    severity: severity)
    }
    switch state.status {
    case "resolved":
      guard let fixed = state.fixed_version, !fixed.isEmpty, fixed != "0" else {
        return make(.notAffected)
      }
      return make(.fixedIn, fixed: fixed)
    case "undetermined":
      return make(.unfixed, note: "undetermined: the tracker has not decided yet")
    default:
      if urgency == "end-of-life" { return make(.endOfLife) }
      if urgency == "unimportant" { return make(.willNotFix, note: "unimportant (Debian)") }
      switch state.nodsa_reason {
      case "ignored": return make(.willNotFix, note: state.nodsa ?? "ignored")
      case "postponed": return make(.fixDeferred, note: state.nodsa ?? "postponed")
      default:
        if let nodsa = state.nodsa { return make(.fixDeferred, note: "no DSA: \(nodsa)") }
        return make(.unfixed)
      }
    }
  }

  /// Debian's urgency as a severity (`unimportant` is LOW; unassigned is none).
  static func severity(urgency: String) -> Severity? {
    switch urgency {
    case "unimportant", "low": .low
    case "medium": .medium
    case "high": .high
    default: nil
    }
  }
}
