import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll image`: vulnerabilities, image misconfiguration and secrets of one image.
struct ImageCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "image",
    abstract: "Scan an image for vulnerabilities, misconfiguration and secrets.")

  @OptionGroup var target: TargetOptions
  @OptionGroup var report: ReportOptions

  @Option(help: "Comma-separated scanners: vuln, config, secret.")
  var scanners: String = "vuln"

  @Flag(help: "Report only vulnerabilities that have a fixed version.")
  var ignoreUnfixed = false

  func run() async throws {
    var kinds: Set<ImageScannerKind> = []
    for name in scanners.split(separator: ",") {
      guard let kind = ImageScannerKind(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased())
      else {
        throw ValidationError("unknown scanner '\(name)'; expected vuln, config or secret")
      }
      kinds.insert(kind)
    }
    _ = try report.findingsFormat()
    let status = try await withInputErrors { () async throws -> Int32 in
      guard let platform = Platform(target.platform) else {
        throw ValidationError("platform '\(target.platform)' is not of the form os/arch[/variant]")
      }
      var database: AdvisoryDatabase?
      if kinds.contains(.vuln) {
        let path = DatabaseLocation(cacheDir: target.cacheDir).path
        let opened = try AdvisoryDatabase(path: path)
        if let age = try opened.status().ageInDays(), age > 7 {
          FileHandle.standardError.write(Data(
            "plimsoll: warning: the advisory database is \(Int(age)) days old; run `plimsoll db update`\n".utf8))
        }
        database = opened
      }
      let scanner = ImageScanner(kinds: kinds, options: target.scanOptions(), database: database,
                                 fileAnalyzers: ImageAnalyzers.fileAnalyzers,
                                 configChecks: ImageAnalyzers.configChecks,
                                 configSecretChecks: ImageAnalyzers.configSecretChecks,
                                 redactor: ImageAnalyzers.secretScanner)
      let (inventory, findings) = try await target.withArtifact(platform: platform) { resolved in
        try await scanner.scan(resolved)
      }
      return try report.emit(findings, rules: ImageAnalyzers.rules, ignoreUnfixed: ignoreUnfixed,
                             inventory: inventory)
    }
    if status != 0 { throw ExitCode(status) }
  }
}

/// The analyzers `plimsoll image` plugs into its scanners.
enum ImageAnalyzers {
  static let secretScanner: SecretScanner? = try? SecretScanner()
  static var fileAnalyzers: [any FileAnalyzer] {
    secretScanner.map { [SecretFileAnalyzer(scanner: $0)] } ?? []
  }
  static var configChecks: [@Sendable (Artifact) -> [Finding]] {
    [{ ImageConfigChecks.misconfigurations($0) }]
  }
  static var configSecretChecks: [@Sendable (Artifact) -> [Finding]] {
    guard let scanner = secretScanner else { return [] }
    return [{ ImageConfigChecks.secrets($0, scanner: scanner) }]
  }
  static var rules: [RuleInfo] { ImageConfigChecks.rules }
}
