import ArgumentParser
import PlimsollCore

/// `plimsoll config PATH`: lints Dockerfiles, Compose files and Kubernetes manifests.
struct ConfigCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Scan Dockerfiles, Compose files and Kubernetes manifests for misconfigurations.",
    discussion: """
      PATH may be a single file or a directory. In a directory, Dockerfile*, *.dockerfile and \
      Containerfile are read as Dockerfiles, *compose*.y*ml as Compose files, and any other \
      YAML holding objects with apiVersion and kind as Kubernetes manifests. Inline \
      `# plimsoll:ignore=ID` and `# hadolint ignore=DL3008` comments are honoured.
      """)

  @Argument(help: "A file or directory to scan.")
  var path: String

  @Option(name: .long, help: "Comma-separated rule ids or aliases to skip (e.g. PLM-DF-005,DL3008).")
  var ignore: String?

  @OptionGroup var options: ReportOptions

  func run() async throws {
    let ignored = Set((ignore ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).uppercased()
    }.filter { !$0.isEmpty })
    let status = try await withInputErrors {
      let report = try ConfigScanner.withSecretRules(ignoredRules: ignored).scan(path: path)
      for warning in report.warnings { Output.diagnostic(DiagnosticLine.warning(warning.description)) }
      return try options.emit(report, rules: RuleCatalog.all, root: ReportOptions.root(scanning: path))
    }
    try exitIfFailing(status)
  }
}
