import ArgumentParser
import PlimsollCore

/// `plimsoll rules`: lists every rule and check from the tables the engines run.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List every rule (configuration, secrets, host, container, image and drift checks): id, aliases, severity, title.")

  @Option(name: [.short, .long], help: "Output format.")
  var format: RuleListFormat = .table

  func run() throws {
    try Output.write(RuleListWriter.render(RuleRegistry.all, format: format))
  }
}
