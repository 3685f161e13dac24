import ArgumentParser
import Foundation
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

  @OptionGroup var report: ReportOptions

  func run() async throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      FileHandle.standardError.write(Data("plimsoll: \(path): no such file or directory\n".utf8))
      throw ExitCode(2)
    }
    let scanner: SecretScanner
    do {
      if let config {
        scanner = try SecretConfig.load(path: config).scanner(file: config, maxFileSize: maxFileSize)
      } else {
        scanner = try SecretScanner(maxFileSize: maxFileSize)
      }
    } catch {
      FileHandle.standardError.write(Data("plimsoll: \(error.localizedDescription)\n".utf8))
      throw ExitCode(2)
    }
    let result = try await SecretDirectoryScanner(scanner: scanner).scan(path: path)
    let status = try report.emit(result.report, rules: scanner.rules.map(\.info))
    if status != 0 { throw ExitCode(status) }
  }
}
