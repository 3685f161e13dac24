import ArgumentParser
import PlimsollCore
import PlimsollServer

/// `plimsoll image`: vulnerabilities, image misconfiguration and secrets of one image.
struct ImageCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "image",
    abstract: "Scan an image for vulnerabilities, misconfiguration and secrets.")

  @OptionGroup var target: TargetOptions
  @OptionGroup var report: ReportOptions
  @OptionGroup var data: AdvisoryDataOptions

  @Option(help: "Comma-separated scanners.")
  var scanners = ChoiceList<ImageScannerKind>([.vuln])

  @Flag(help: "Report only vulnerabilities that have a fixed version.")
  var ignoreUnfixed = false

  @Option(help: ArgumentHelp(
    "Scan on a `plimsoll server` (http(s)://HOST:PORT) instead of here; its token from PLIMSOLL_SERVER_TOKEN.",
    valueName: "url"))
  var server: String?

  @Option(help: ArgumentHelp(
    "With --vex oci: accept only OpenVEX attestations signed with this cosign public key (PEM); "
      + "without it, VEX attached to the image is used unverified, with a notice.", valueName: "file"))
  var vexKey: String?

  func validate() throws {
    if vexKey != nil && !report.wantsRegistryVEX {
      throw ValidationError("--vex-key goes with --vex oci")
    }
  }

  /// The statements `--vex oci` finds beside the image (nil without `--vex oci`).
  func registryVEX() async throws -> [VEXStatement]? {
    guard report.wantsRegistryVEX else { return nil }
    let found = try await RegistryVEX.statements(for: try target.imageTarget, keyFile: vexKey)
    for notice in found.notices { Output.diagnostic(DiagnosticLine.warning(notice)) }
    return found.statements
  }

  func run() async throws {
    if let server {
      let status = try await withInputErrors {
        let result = try await RemoteScan.run(server: server, reference: target.target, scanners: scanners.set,
                                              insecure: target.registry.insecure)
        return try report.emit(result.report, rules: result.rules, ignoreUnfixed: ignoreUnfixed,
                               inventory: result.inventory,
                               root: .filesystem(name: "image \(target.target)", directory: nil),
                               registryVEX: try await registryVEX())
      }
      try exitIfFailing(status)
      return
    }
    let status = try await withInputErrors {
      let result = try await ImageScan.run(try target.imageTarget, scanners: scanners.set, data: data.policy)
      for notice in result.notices { Output.diagnostic(DiagnosticLine.warning(notice)) }
      return try report.emit(result.report, rules: result.rules, ignoreUnfixed: ignoreUnfixed,
                             inventory: result.inventory,
                             root: .filesystem(name: "image \(target.target)", directory: nil),
                             registryVEX: try await registryVEX())
    }
    try exitIfFailing(status)
  }
}
