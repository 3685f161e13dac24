import Foundation
import PlimsollFindings

/// How `plimsoll rules` lists rules.
public enum RuleListFormat: String, Sendable, CaseIterable {
  /// One line per rule: id, aliases, severity, title; a count last.
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
        + pad("SEVERITY", 8) + "  TITLE"]
      for rule in rules {
        lines.append(pad(rule.id, idWidth) + "  " + pad(rule.aliases.joined(separator: ","), aliasWidth)
          + "  " + pad(rule.severity.rawValue, 8) + "  " + rule.title)
      }
      lines.append("\(rules.count) rules")
      return lines.joined(separator: "\n") + "\n"
    }
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
