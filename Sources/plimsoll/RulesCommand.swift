import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll rules`: lists every misconfiguration rule from the table the engine runs.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List every rule (configuration, secrets, host, container, image and drift checks): id, aliases, severity, title.")

  @Option(name: [.short, .long], help: "Output format: table or json.")
  var format: String = "table"

  func run() throws {
    let rules = RuleCatalog.all + SecretRules.infos + HostChecks.infos + RuntimeChecks.infos
      + DriftRules.infos
    switch format.lowercased() {
    case "json":
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      OutputSink.write(String(decoding: try encoder.encode(rules), as: UTF8.self) + "\n")
    case "table":
      let idWidth = rules.map(\.id.count).max() ?? 10
      let aliasWidth = max(7, rules.map { $0.aliases.joined(separator: ",").count }.max() ?? 7)
      var lines = [pad("ID", idWidth) + "  " + pad("ALIASES", aliasWidth) + "  "
        + pad("SEVERITY", 8) + "  TITLE"]
      for rule in rules {
        lines.append(pad(rule.id, idWidth) + "  " + pad(rule.aliases.joined(separator: ","), aliasWidth)
          + "  " + pad(rule.severity.rawValue, 8) + "  " + rule.title)
      }
      lines.append("\(rules.count) rules")
      OutputSink.write(lines.joined(separator: "\n") + "\n")
    default:
      throw ValidationError("unknown format '\(format)'; expected table or json")
    }
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}

extension OutputSink {
  /// Writes `text` to standard output.
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }
}
