public import Foundation
public import PlimsollFindings
import PlimsollDiagnostics

/// Inline ignore comments in a Dockerfile: `# plimsoll:ignore=ID[,ID]` and
/// `# hadolint ignore=DL3008,DL3009` on the lines directly above an instruction, and
/// `# hadolint global ignore=…` / `# plimsoll:global-ignore=…` anywhere for the whole file.
public struct InlineIgnores: Sendable, Hashable {
  /// Ids ignored for the instruction starting at each line.
  public var byLine: [Int: Set<String>]
  /// Ids ignored for the whole file.
  public var global: Set<String>

  /// Reads the ignores from a parsed Dockerfile's comments.
  public init(_ file: Dockerfile) {
    var byLine: [Int: Set<String>] = [:]
    var global: Set<String> = []
    for (line, comment) in file.comments {
      let body = comment.drop { $0 == "#" || $0 == " " || $0 == "\t" }
      if let ids = Self.ids(in: body, after: ["hadolint global ignore=", "plimsoll:global-ignore="]) {
        global.formUnion(ids)
      } else if let ids = Self.ids(in: body, after: ["hadolint ignore=", "plimsoll:ignore="]) {
        // Applies to the next instruction below this comment block.
        var target = line + 1
        while file.comments[target] != nil { target += 1 }
        byLine[target, default: []].formUnion(ids)
      }
    }
    self.byLine = byLine
    self.global = global
  }

  static func ids(in body: Substring, after prefixes: [String]) -> Set<String>? {
    for prefix in prefixes where body.lowercased().hasPrefix(prefix) {
      let list = body.dropFirst(prefix.count).prefix { !$0.isWhitespace }
      return Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
    }
    return nil
  }

  /// Whether a finding of `rule` starting at `line` is ignored.
  public func ignores(_ rule: RuleInfo, line: Int?) -> Bool {
    let names = Set([rule.id.uppercased()] + rule.aliases.map { $0.uppercased() })
    if !global.isDisjoint(with: names) { return true }
    guard let line, let ids = byLine[line] else { return false }
    return !ids.isDisjoint(with: names)
  }
}

/// Runs the Dockerfile rules over one file.
public enum DockerfileScanner {
  /// Parses `text` and returns the findings (inline ignores applied) and parse warnings.
  public static func scan(text: String, path: String, ignoring ignored: Set<String> = [])
    -> FindingReport
  {
    scan(DockerfileParser.parse(text), path: path, ignoring: ignored)
  }

  /// Parses `data` and returns the findings (inline ignores applied) and parse warnings.
  public static func scan(data: Data, path: String, ignoring ignored: Set<String> = [])
    -> FindingReport
  {
    scan(DockerfileParser.parse(data), path: path, ignoring: ignored)
  }

  /// Runs every rule over an already parsed Dockerfile.
  public static func scan(_ file: Dockerfile, path: String, ignoring ignored: Set<String> = [])
    -> FindingReport
  {
    let ignores = InlineIgnores(file)
    var report = FindingReport(target: path)
    report.warnings = file.issues.map { ScanWarning(input: path, message: $0.description) }
    for rule in DockerfileRules.all {
      if rule.info.isIgnored(by: ignored) { continue }
      for finding in rule.findings(file, path: path)
      where !ignores.ignores(rule.info, line: finding.location?.startLine) {
        report.findings.append(finding)
      }
    }
    report.findings.sort { lhs, rhs in
      let left = lhs.location?.startLine ?? 0
      let right = rhs.location?.startLine ?? 0
      return left != right ? left < right : lhs.id < rhs.id
    }
    return report
  }
}
