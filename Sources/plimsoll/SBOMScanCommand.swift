import ArgumentParser
import Foundation
import PlimsollCore
import PlimsollDiagnostics

/// `plimsoll sbom-scan`: vulnerabilities of the packages an SBOM lists.
struct SBOMScanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sbom-scan",
    abstract: "Scan an SBOM (CycloneDX, SPDX or Plimsoll JSON; - reads standard input) for vulnerabilities.")

  @Argument(help: "The SBOM file, or - for standard input.")
  var sbom: String

  @OptionGroup var location: DatabaseLocation
  @OptionGroup var report: ReportOptions

  @Flag(help: "Report only vulnerabilities that have a fixed version.")
  var ignoreUnfixed = false

  func run() async throws {
    _ = try report.findingsFormat()
    let status = try await withInputErrors { () async throws -> Int32 in
      let limit = 512 << 20
      let bytes: [UInt8]
      if sbom == "-" {
        bytes = try BufferedReader(FileByteStream(path: "/dev/stdin"), name: "standard input")
          .readAll(limit: limit)
      } else {
        bytes = try BufferedReader(FileByteStream(path: sbom), name: sbom).readAll(limit: limit)
      }
      let inventory: Inventory
      do {
        inventory = try SBOMReader.read(bytes, name: sbom == "-" ? "standard input" : sbom)
      } catch let error as SBOMReader.ReadError {
        throw InputError(error.input, error.problem)
      }
      let database = try AdvisoryDatabase(path: location.path)
      var findings = try VulnerabilityMatcher(database: database).match(inventory)
      findings.warnings = inventory.warnings + findings.warnings
      return try report.emit(findings, ignoreUnfixed: ignoreUnfixed, inventory: inventory)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
