import ArgumentParser
import PlimsollCore

/// `plimsoll secrets PATH`: scans a directory tree or one file for secrets.
struct SecretsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "secrets",
    abstract: "Find credentials (keys, tokens, passwords) in a directory tree or a file.")

  @Argument(help: "The directory or file to scan.")
  var path: String

  @Option(name: .long, help: "A YAML rules file: extra rules, disabled rules, allow-lists.")
  var config: String?

  @Option(name: .long, help: "Skip files larger than this many bytes.")
  var maxFileSize: Int = SecretScanner.defaultMaxFileSize

  @Flag(help: "Scan the git repository's history: every commit, deleted files included.")
  var git = false

  @Option(help: ArgumentHelp("With --git: only commits after this date (as git log --since).", valueName: "date"))
  var since: String?

  @Option(help: ArgumentHelp("With --git: a revision range (A..B) instead of every ref.", valueName: "range"))
  var range: String?

  @OptionGroup var report: ReportOptions

  func validate() throws {
    if !git && (since != nil || range != nil) {
      throw ValidationError("--since and --range apply to --git")
    }
  }

  func run() async throws {
    let status = try await withInputErrors {
      let (result, rules) = try await SecretsScan.run(path, configFile: config, maxFileSize: maxFileSize,
                                                      history: git ? (since, range) : nil)
      return try report.emit(result, rules: rules, root: ReportOptions.root(scanning: path))
    }
    try exitIfFailing(status)
  }
}
