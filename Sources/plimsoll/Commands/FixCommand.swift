import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll fix PATH`: the changes that fix what the rules flag, as a unified diff.
struct FixCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fix",
    abstract: "Fix what the configuration rules flag in Dockerfiles, Compose files and Kubernetes manifests; prints a unified diff.",
    discussion: """
      Each fix edits the original text (comments and layout kept) and is kept only when the \
      rules prove it: the file still parses, the rule's findings go down and no other rule \
      fires more often. What cannot be changed safely (secrets, privileged, a mounted Docker \
      socket) gets a comment saying what to do, never a silent change; resource limits are \
      marked for review. `plimsoll rules` lists the rules that have a fixer.
      """)

  @Argument(help: "A Dockerfile, Compose file or Kubernetes manifest, or a directory of them.")
  var path: String

  @Flag(help: "Write the fixed files in place (the original kept as FILE.orig unless --no-backup).")
  var write = false

  @Flag(help: "With --write, keep no .orig copy.")
  var noBackup = false

  @Option(help: "Comma-separated rule ids: fix only what these rules flag.")
  var rules: String?

  @Flag(help: "Pin each Dockerfile FROM to the digest its tag points to now (asks the registry).")
  var pinBase = false

  @OptionGroup var registry: RegistryOptions

  func validate() throws {
    if noBackup && !write { throw ValidationError("--no-backup needs --write") }
  }

  func run() async throws {
    let selected = rules.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }) }
    let status = try await withInputErrors {
      let result = try await ConfigFix.run(path: path, rules: selected, pinBase: pinBase ? registry.options : nil)
      for warning in result.warnings { Output.diagnostic(DiagnosticLine.warning(warning.description)) }
      var diff = ""
      for outcome in result.outcomes {
        diff += outcome.diff
        if write, outcome.fixed != outcome.original {
          let full = result.outcomes.count == 1 && outcome.path == path
            ? path : (path as NSString).appendingPathComponent(outcome.path)
          try ConfigFix.write(outcome, to: full, backup: !noBackup)
        }
        for line in summary(outcome) { Output.diagnostic(line) }
      }
      if !write { try Output.write(diff, to: nil) }
      return Int32(0)
    }
    try exitIfFailing(status)
  }

  /// What was fixed, what the proof refused, and what is left to do by hand.
  func summary(_ outcome: FixOutcome) -> [String] {
    let fixed = outcome.findingsBefore.count - outcome.findingsAfter.count
    var lines = ["\(outcome.path): fixed \(fixed) of \(outcome.findingsBefore.count) findings"
      + (write && outcome.fixed != outcome.original ? " (written)" : "")]
    for applied in outcome.applied {
      lines.append("  \(applied.ruleID): \(applied.summary)" + (applied.adviceOnly ? " (advice only)" : ""))
    }
    for rejected in outcome.rejected {
      lines.append("  \(rejected.ruleID): not fixed: \(rejected.reason)")
    }
    let left = Dictionary(grouping: outcome.findingsAfter, by: \.id).sorted { $0.key < $1.key }
    if !left.isEmpty {
      lines.append("  left to fix by hand: " + left.map { "\($0.key) ×\($0.value.count)" }.joined(separator: ", "))
    }
    return lines
  }
}
