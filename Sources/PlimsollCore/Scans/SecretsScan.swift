import Foundation

/// `plimsoll secrets PATH`: secrets in a directory tree or one file.
public enum SecretsScan {
  /// Scans `path` with the built-in rules, or with a user rules file (`configFile`) added.
  /// Files larger than `maxFileSize` bytes are skipped with a warning.
  /// With `history`, the git repository at `path` is scanned instead: every blob of its
  /// history (or of `history.range` / after `history.since`), each secret at the commit that
  /// added it.
  public static func run(_ path: String, configFile: String?, maxFileSize: Int,
                         history: (since: String?, range: String?)? = nil) async throws
    -> (report: FindingReport, rules: [RuleInfo])
  {
    guard FileManager.default.fileExists(atPath: path) else {
      throw InputError(path, "no such file or directory")
    }
    let scanner: SecretScanner
    if let configFile {
      scanner = try SecretConfig.load(path: configFile).scanner(file: configFile, maxFileSize: maxFileSize)
    } else {
      scanner = try SecretScanner(maxFileSize: maxFileSize)
    }
    if let history {
      let report = try GitHistoryScanner(scanner: scanner, since: history.since, range: history.range)
        .scan(repository: path)
      return (report, scanner.rules.map(\.info))
    }
    let result = try await SecretDirectoryScanner(scanner: scanner).scan(path: path)
    return (result.report, scanner.rules.map(\.info))
  }
}
