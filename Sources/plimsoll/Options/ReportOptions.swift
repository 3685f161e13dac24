import ArgumentParser
import Foundation
import PlimsollCore

/// Options shared by every command that prints findings.
struct ReportOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "Output format.")
  var format: FindingsFormat = .table

  @Option(name: [.short, .long], help: "Write the report to this file instead of standard output.")
  var output: String?

  @Option(name: .long, help: "Comma-separated severities to report (e.g. HIGH,CRITICAL).")
  var severity: ChoiceList<Severity>?

  @Option(help: ArgumentHelp(
    "Comma-separated vulnerability statuses to leave out: fixed, affected, will_not_fix, "
      + "fix_deferred, end_of_life, not_affected, could_not_compare.", valueName: "statuses"))
  var ignoreStatus: ChoiceList<FindingStatus>?

  @Option(help: "Order of findings: severity, or risk (known exploited first, then EPSS × CVSS).")
  var sort: FindingSortOrder = .severity

  @Option(name: .long, help: "Exit status when findings remain after filtering.")
  var exitCode: Int32 = 0

  @Option(help: "Ignore file (YAML `ignore: [{id, package, reason, expires}]` or one id per line; default: .plimsollignore if present).")
  var ignorefile: String?

  @Option(help: ArgumentHelp(
    "A VEX document (OpenVEX 0.2 or CycloneDX VEX); repeatable. not_affected and fixed statements "
      + "take findings out of the report (kept under `suppressed` in JSON), others annotate them. "
      + "`oci` (plimsoll image): the OpenVEX attached to the image in its registry (see --vex-key).",
    valueName: "file|oci"))
  var vex: [String] = []

  /// Whether `--vex oci` asks for the VEX attached to the image in its registry.
  var wantsRegistryVEX: Bool { vex.contains(Self.registryVEX) }
  static let registryVEX = "oci"

  /// Applies the policy these options describe, renders, writes, and returns the exit status.
  /// `root` is what the findings' paths are relative to (nil: the working directory).
  /// `registryVEX` holds the statements `--vex oci` found (nil: this command reads none).
  func emit(_ report: FindingReport, rules: [RuleInfo] = [], ignoreUnfixed: Bool = false,
            inventory: Inventory? = nil, root: LocationRoot? = nil, registryVEX: [VEXStatement]? = nil) throws -> Int32
  {
    if wantsRegistryVEX && registryVEX == nil {
      throw InputError("--vex oci", "only `plimsoll image` reads VEX attached to an image in a registry")
    }
    let files = vex.filter { $0 != Self.registryVEX }
    let policy = Policy(
      severities: severity?.set, ignoreUnfixed: ignoreUnfixed, ignoreStatuses: ignoreStatus?.set ?? [],
      exitCode: exitCode,
      ignoreRules: try IgnoreFile.rules(at: ignorefile),
      vexStatements: try files.flatMap { file throws in try VEXDocument.statements(at: file) } + (registryVEX ?? []))
    var filtered = policy.apply(report)
    if sort == .risk { filtered.findings.sort(by: Finding.riskOrder) }
    let terminal = TerminalOutput(file: output)
    let text = try FindingsRenderer.render(
      filtered, format: format, rules: rules,
      options: RenderOptions(color: terminal.color, width: terminal.width, inventory: inventory,
                             sortByRisk: sort == .risk, locationRoot: root))
    try Output.write(text, to: output)
    return policy.exitStatus(for: filtered)
  }

  /// The root of a scan of `path`: the directory itself, or the working directory for a file
  /// (whose path the findings carry as given).
  static func root(scanning path: String) -> LocationRoot? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
    else { return nil }
    return .directory(URL(fileURLWithPath: path).standardizedFileURL.path)
  }
}
