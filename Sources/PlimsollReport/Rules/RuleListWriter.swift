import Foundation
import PlimsollFindings

/// How `plimsoll rules` lists rules.
public enum RuleListFormat: String, Sendable, CaseIterable {
  /// One line per rule: id, aliases, severity, whether `plimsoll fix` fixes it, title; counts last.
  case table
  /// The rules' full documentation as a JSON array.
  case json
}

/// Writes the rule list of `plimsoll rules`.
public enum RuleListWriter {
  /// `rules` in `format`, ending with a newline.
  public static func render(_ rules: [RuleInfo], format: RuleListFormat) throws -> String {
    switch format {
    case .json:
      return try ReportSupport.prettyJSON(rules)
    case .table:
      let idWidth = rules.map(\.id.count).max() ?? 10
      let aliasWidth = max(7, rules.map { $0.aliases.joined(separator: ",").count }.max() ?? 7)
      var lines = [pad("ID", idWidth) + "  " + pad("ALIASES", aliasWidth) + "  "
        + pad("SEVERITY", 8) + "  FIX  TITLE"]
      for rule in rules {
        let fix = rule.fix == nil ? "" : rule.fix?.hasSuffix("(advice)") == true ? "note" : "yes"
        lines.append(pad(rule.id, idWidth) + "  " + pad(rule.aliases.joined(separator: ","), aliasWidth)
          + "  " + pad(rule.severity.rawValue, 8) + "  " + pad(fix, 3) + "  " + rule.title)
      }
      let fixable = rules.filter { $0.fix != nil }.count
      lines.append("\(rules.count) rules, \(fixable) with a fix (`plimsoll fix`)")
      return lines.joined(separator: "\n") + "\n"
    }
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
