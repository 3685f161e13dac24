import Foundation
public import PlimsollFindings
import PlimsollRules

/// What fixing one file did.
public struct FixOutcome: Sendable {
  /// A fixer whose change was kept.
  public struct Applied: Sendable, Hashable {
    public var ruleID: String
    public var summary: String
    /// The rule's findings before and after.
    public var before: Int
    public var after: Int
    /// Only a comment was added; the findings stay.
    public var adviceOnly: Bool

    public init(ruleID: String, summary: String, before: Int, after: Int, adviceOnly: Bool) {
      self.ruleID = ruleID
      self.summary = summary
      self.before = before
      self.after = after
      self.adviceOnly = adviceOnly
    }
  }

  /// A fixer whose change the proof refused.
  public struct Rejected: Sendable, Hashable {
    public var ruleID: String
    public var reason: String
  }

  public var path: String
  public var original: String
  public var fixed: String
  public var applied: [Applied]
  public var rejected: [Rejected]
  /// Failing findings of the original and of the fixed file.
  public var findingsBefore: [Finding]
  public var findingsAfter: [Finding]

  /// The unified diff from the original to the fixed text (empty when nothing changed).
  public var diff: String { UnifiedDiff.make(path: path, old: original, new: fixed) }
}

/// Runs fixers over one file's text and keeps a change only when the proof holds: the file
/// still parses as well as before, the rule's findings went down, and no other rule fires more
/// often (a rule a later fixer handles may rise in between; the end result may not be worse
/// than the original for any rule, or the run is redone strictly).
struct FixEngine<Model>: Sendable {
  /// The model and the number of parse problems, or nil when the text does not parse.
  let parse: @Sendable (String) -> (model: Model, problems: [String])?
  /// The failing findings of a parsed file.
  let scan: @Sendable (Model, String) -> [Finding]
  let fixers: [Fixer<Model>]

  func fix(text: String, path: String, rules: Set<String>?) -> FixOutcome {
    let selected = fixers.filter { rules?.contains($0.ruleID) ?? true }
    var outcome = run(text, path: path, fixers: selected, strict: false)
    let start = Self.counts(outcome.findingsBefore)
    if Self.counts(outcome.findingsAfter).contains(where: { $0.value > start[$0.key, default: 0] }) {
      outcome = run(text, path: path, fixers: selected, strict: true)
    }
    return outcome
  }

  func run(_ original: String, path: String, fixers: [Fixer<Model>], strict: Bool) -> FixOutcome {
    var text = SourceLines(original)
    guard var parsed = parse(original) else {
      return FixOutcome(path: path, original: original, fixed: original, applied: [],
                        rejected: [FixOutcome.Rejected(ruleID: "", reason: "the file does not parse")],
                        findingsBefore: [], findingsAfter: [])
    }
    var findings = scan(parsed.model, path)
    let initial = findings
    var applied: [FixOutcome.Applied] = []
    var rejected: [FixOutcome.Rejected] = []
    for (index, fixer) in fixers.enumerated() {
      let hits = findings.filter { $0.id == fixer.ruleID }
      guard !hits.isEmpty else { continue }
      let later = Set(fixers[(index + 1)...].map(\.ruleID))
      let current = Self.counts(findings)
      var reason = "it changed nothing"
      var kept = false
      for candidate in fixer.candidates(parsed.model, text, hits) where candidate != text {
        guard let next = parse(candidate.text), next.problems.count <= parsed.problems.count else {
          reason = "the fixed file would not parse (\(parse(candidate.text)?.problems.first ?? "parse error"))"
          continue
        }
        let newFindings = scan(next.model, path)
        let newCounts = Self.counts(newFindings)
        let remaining = newCounts[fixer.ruleID, default: 0]
        if fixer.adviceOnly ? remaining > hits.count : remaining >= hits.count {
          reason = "its findings remain after the change"
          continue
        }
        let raised = newCounts.filter { rule, count in
          rule != fixer.ruleID && count > current[rule, default: 0] && (strict || !later.contains(rule))
        }.keys.sorted()
        if !raised.isEmpty {
          reason = "it would make \(raised.joined(separator: ", ")) fire"
          continue
        }
        applied.append(FixOutcome.Applied(ruleID: fixer.ruleID, summary: fixer.summary, before: hits.count,
                                          after: remaining, adviceOnly: fixer.adviceOnly))
        text = candidate
        parsed = next
        findings = newFindings
        kept = true
        break
      }
      if !kept { rejected.append(FixOutcome.Rejected(ruleID: fixer.ruleID, reason: reason)) }
    }
    return FixOutcome(path: path, original: original, fixed: text.text, applied: applied, rejected: rejected,
                      findingsBefore: initial, findingsAfter: findings)
  }

  static func counts(_ findings: [Finding]) -> [String: Int] {
    findings.reduce(into: [:]) { $0[$1.id, default: 0] += 1 }
  }
}

/// Fixes Dockerfiles with `DockerfileFixers`.
public enum DockerfileFix {
  /// The rule ids that have a fixer.
  public static var fixableRuleIDs: Set<String> { Set(DockerfileFixers.all.map(\.ruleID)) }

  static let engine = FixEngine<Dockerfile>(
    parse: { text in
      let file = DockerfileParser.parse(text)
      return (file, file.issues.map(\.description))
    },
    scan: { file, path in scan(file, path: path) },
    fixers: DockerfileFixers.all)

  /// Fixes `text`; `rules` limits the fixers to those rule ids (nil: all).
  public static func fix(text: String, path: String, rules: Set<String>? = nil) -> FixOutcome {
    engine.fix(text: text, path: path, rules: rules)
  }

  /// The failing findings of the Dockerfile `text`, as the fixers see them.
  public static func scan(_ text: String, path: String) -> [Finding] { scan(DockerfileParser.parse(text), path: path) }

  static func scan(_ file: Dockerfile, path: String) -> [Finding] {
    DockerfileScanner.scan(file, path: path).findings.filter(\.isFailing)
  }
}
