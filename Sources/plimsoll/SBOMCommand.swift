import ArgumentParser
import Foundation
import PlimsollCore

/// `plimsoll sbom`: the inventory of an image or root filesystem, as a table or an SBOM.
struct SBOMCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sbom",
    abstract: "List what is installed in an image or root filesystem, or write an SBOM.")

  @OptionGroup var target: TargetOptions

  @Option(name: [.short, .long], help: "table, json, cyclonedx, spdx-json.")
  var format: String = "table"

  @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
  var output: String?

  func run() async throws {
    guard let sbomFormat = SBOMFormat(name: format) else {
      throw ValidationError("unknown format '\(format)'; expected one of "
        + SBOMFormat.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let inventory = try await withInputErrors { try await target.inventory() }
    let toTerminal = output == nil && isatty(STDOUT_FILENO) == 1
    let text = SBOMRenderer.render(
      inventory, format: sbomFormat,
      options: SBOMOptions(color: toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
    try OutputSink.write(text, to: output)
    for warning in inventory.warnings where sbomFormat != .table {
      FileHandle.standardError.write(Data("plimsoll: warning: \(warning)\n".utf8))
    }
  }
}
