import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll sbom`: the inventory of an image or root filesystem, as a table or an SBOM.
struct SBOMCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sbom",
    abstract: "List what is installed in an image or root filesystem, or write an SBOM.")

  @OptionGroup var target: TargetOptions

  @Option(name: [.short, .long], help: "Output format.")
  var format: SBOMFormat = .table

  @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
  var output: String?

  @Flag(help: "Verify the SBOM attached to the registry image as a signed attestation (with --key) and compare it with the image's inventory.")
  var fromAttestation = false

  @Option(help: "The cosign public key the attested SBOM must be signed with (with --from-attestation).")
  var key: String?

  func validate() throws {
    if fromAttestation != (key != nil) { throw ValidationError("--from-attestation and --key go together") }
  }

  func run() async throws {
    if fromAttestation {
      let comparison = try await withInputErrors {
        try await AttestedSBOM.compare(try target.imageTarget, keyFile: key ?? "")
      }
      try Output.write(comparison.text + "\n", to: output)
      if !comparison.verified { throw ExitCode(1) }
      return
    }
    let inventory = try await withInputErrors {
      // `fs:DIR`: a source tree's dependencies, lock files included, vendored code left out.
      if target.target.hasPrefix("fs:") {
        return try await SourceTreeScan.run(String(target.target.dropFirst(3)), scanners: [],
                                            filter: PathFilter(), cache: target.cache.location()).inventory
      }
      return try await target.imageTarget.inventory()
    }
    let terminal = TerminalOutput(file: output)
    let text = SBOMRenderer.render(
      inventory, format: format,
      options: SBOMOptions(
        color: terminal.color, width: terminal.width,
        timestamp: SBOMOptions.sourceDateEpoch(environment: ProcessInfo.processInfo.environment)))
    try Output.write(text, to: output)
    for warning in inventory.warnings where format != .table {
      Output.diagnostic(DiagnosticLine.warning(warning.description))
    }
  }
}
