import Foundation

/// `plimsoll secrets PATH`: secrets in a directory tree or one file.
public enum SecretsScan {
  /// Scans `path` with the built-in rules, or with a user rules file (`configFile`) added.
  /// Files larger than `maxFileSize` bytes are skipped with a warning.
  public static func run(_ path: String, configFile: String?, maxFileSize: Int) async throws
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
    let result = try await SecretDirectoryScanner(scanner: scanner).scan(path: path)
    return (result.report, scanner.rules.map(\.info))
  }
}
