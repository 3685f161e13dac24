import ArgumentParser
import PlimsollCore

/// The `plimsoll` command line: parses options, calls PlimsollCore, prints.
@main
struct Plimsoll: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plimsoll",
    abstract: "Container security scanner and hardening auditor.",
    version: "0.1.0",
    subcommands: [ImageCommand.self, FSCommand.self, SBOMCommand.self, SBOMScanCommand.self, DBCommand.self, ConfigCommand.self,
                  SecretsCommand.self, RulesCommand.self, HostCommand.self,
                  ContainersCommand.self, DriftCommand.self, FreshnessCommand.self, FixCommand.self,
                  VerifyCommand.self, PolicyCommand.self, ServerCommand.self]
  )

  /// Tunes the allocator, then runs the command line.
  static func main() async {
    MemoryTuning.apply()
    await main(nil)
  }
}
