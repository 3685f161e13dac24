import ArgumentParser
import Foundation
import PlimsollCore

/// Options shared by every command that prints findings.
struct ReportOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "Output format: table, json, sarif, junit, markdown.")
  var format: String = "table"

  @Option(name: [.short, .long], help: "Write the report to this file instead of standard output.")
  var output: String?

  @Option(name: .long, help: "Comma-separated severities to report (e.g. HIGH,CRITICAL).")
  var severity: String?

  @Option(name: .long, help: "Exit status when findings remain after filtering.")
  var exitCode: Int32 = 0

  @Option(help: "Ignore file (YAML `ignore: [{id, package, reason, expires}]` or one id per line; default: .plimsollignore if present).")
  var ignorefile: String?

  /// The format, validated.
  func findingsFormat() throws -> FindingsFormat {
    guard let value = FindingsFormat(rawValue: format.lowercased()) else {
      throw ValidationError(
        "unknown format '\(format)'; expected one of "
          + FindingsFormat.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return value
  }

  /// The policy these options describe.
  func policy(ignoreUnfixed: Bool = false) throws -> Policy {
    var severities: Set<Severity>?
    if let severity {
      severities = []
      for name in severity.split(separator: ",") {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let value = Severity(name: trimmed) else {
          throw ValidationError("unknown severity '\(trimmed)'")
        }
        severities?.insert(value)
      }
    }
    var rules: [IgnoreRule] = []
    if let ignorefile {
      rules = try IgnoreFile.load(path: ignorefile)
    } else if FileManager.default.fileExists(atPath: ".plimsollignore") {
      rules = try IgnoreFile.load(path: ".plimsollignore")
    }
    return Policy(severities: severities, ignoreUnfixed: ignoreUnfixed, exitCode: exitCode,
                  ignoreRules: rules)
  }

  /// Applies the policy, renders, writes, and returns the exit status to use.
  func emit(_ report: FindingReport, rules: [RuleInfo] = [], ignoreUnfixed: Bool = false,
            inventory: Inventory? = nil) throws -> Int32
  {
    let policy = try policy(ignoreUnfixed: ignoreUnfixed)
    let filtered = policy.apply(report)
    let toTerminal = output == nil && isatty(STDOUT_FILENO) == 1
    let text = try FindingsRenderer.render(
      filtered, format: try findingsFormat(), rules: rules,
      options: RenderOptions(color: toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
                             inventory: inventory))
    try OutputSink.write(text, to: output)
    return policy.exitStatus(for: filtered)
  }
}

/// Writes command output to standard output or a file.
enum OutputSink {
  static func write(_ text: String, to path: String?) throws {
    if let path {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}
