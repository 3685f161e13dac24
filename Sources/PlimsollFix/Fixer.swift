import PlimsollFindings

/// A rule's fix: rewrites the original text for the rule's findings. A fixer may offer several
/// candidates in order of preference (a user created in the image, else a numeric USER); the
/// first one that passes the proof is kept.
public struct Fixer<Model>: Sendable {
  /// The rule it fixes.
  public var ruleID: String
  /// What the fix does, for `plimsoll rules` and the summary.
  public var summary: String
  /// Whether the fix only adds a comment saying what to do (the finding stays).
  public var adviceOnly: Bool
  let candidates: @Sendable (_ model: Model, _ text: SourceLines, _ hits: [Finding]) -> [SourceLines]

  init(_ ruleID: String, _ summary: String, adviceOnly: Bool = false,
       candidates: @escaping @Sendable (Model, SourceLines, [Finding]) -> [SourceLines]) {
    self.ruleID = ruleID
    self.summary = summary
    self.adviceOnly = adviceOnly
    self.candidates = candidates
  }

  /// A fixer with one candidate, made by editing a copy of the text.
  init(_ ruleID: String, _ summary: String, adviceOnly: Bool = false,
       edit: @escaping @Sendable (Model, inout SourceLines, [Finding]) -> Void) {
    self.init(ruleID, summary, adviceOnly: adviceOnly) { model, text, hits in
      var copy = text
      edit(model, &copy, hits)
      return [copy]
    }
  }
}

extension Finding {
  /// The lines a finding points at (its start line alone when it gives no end).
  var lineRange: ClosedRange<Int>? {
    guard let start = location?.startLine else { return nil }
    return start...max(start, location?.endLine ?? start)
  }
}
