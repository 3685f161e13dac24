import ArgumentParser
import PlimsollCore

/// `plimsoll sbom-scan`: vulnerabilities of the packages an SBOM lists.
struct SBOMScanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sbom-scan",
    abstract: "Scan an SBOM (CycloneDX, SPDX or Plimsoll JSON; - reads standard input) for vulnerabilities.")

  @Argument(help: "The SBOM file, or - for standard input.")
  var sbom: String

  @OptionGroup var cache: CacheOptions
  @OptionGroup var report: ReportOptions

  @Flag(help: "Report only vulnerabilities that have a fixed version.")
  var ignoreUnfixed = false

  func run() async throws {
    let status = try await withInputErrors {
      let (inventory, findings) = try SBOMScan.run(sbom, databasePath: cache.location().databasePath)
      return try report.emit(findings, ignoreUnfixed: ignoreUnfixed, inventory: inventory,
                             root: .filesystem(name: "the SBOM's subject", directory: nil))
    }
    try exitIfFailing(status)
  }
}
