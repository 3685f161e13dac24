import PlimsollCatalog
import PlimsollFindings
import PlimsollDiagnostics
import PlimsollLayers

/// Writes an inventory as a table for a terminal: a header line (target, OS, package counts),
/// one row per package (NAME, VERSION, TYPE, LAYER), then the warnings.
///
/// Every line fits `options.width` columns: the widest columns are narrowed and long cells cut
/// with `…`; warnings are wrapped rather than cut so none is lost.
public enum InventoryTableWriter: InventoryWriter {
  /// The table as text, ending in a newline.
  public static func write(_ inventory: Inventory, options: SBOMOptions = SBOMOptions()) -> String {
    let width = max(options.width, 20)
    var lines: [String] = []
    lines += header(inventory, width: width, color: options.color)
    lines.append("")

    let packages = CycloneDXComponents.sorted(inventory.packages)
    if packages.isEmpty {
      lines.append("No packages found.")
    } else {
      var table = TextTable(columns: [
        TextColumn(title: "NAME", minWidth: 8), TextColumn(title: "VERSION", minWidth: 8),
        TextColumn(title: "TYPE", minWidth: 4), TextColumn(title: "LAYER", minWidth: 6),
      ])
      for package in packages {
        table.rows.append([
          TextCell(package.name),
          TextCell(package.version),
          TextCell(package.type.rawValue, style: package.type.isOSPackage ? .plain : .cyan),
          TextCell(layerLabel(package.layer), style: .dim),
        ])
      }
      lines += table.render(width: width, color: options.color)
    }
    lines += warningLines(inventory.warnings, width: width, color: options.color)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `3 RUN apt-get install …`: the layer index and its abbreviated `created_by`.
  static func layerLabel(_ layer: LayerRef?) -> String {
    guard let layer else { return "-" }
    guard let createdBy = ReportSupport.abbreviatedCreatedBy(layer.createdBy) else {
      return String(layer.index)
    }
    return "\(layer.index) \(createdBy)"
  }

  static func header(_ inventory: Inventory, width: Int, color: Bool) -> [String] {
    var counts: [String: Int] = [:]
    for package in inventory.packages { counts[package.type.rawValue, default: 0] += 1 }
    let byType = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      .joined(separator: ", ")
    let os = inventory.os.map { $0.prettyName ?? ([$0.id] + [$0.versionID].compactMap { $0 })
      .joined(separator: " ") } ?? "unknown"
    let fields = [
      ("Target", inventory.target.name),
      ("OS", os),
      ("Packages", "\(inventory.packages.count)" + (byType.isEmpty ? "" : " (\(byType))")),
    ]
    return fields.map { label, value in
      let text = TextFit.truncate(TextFit.singleLine("\(label): \(value)"), to: width)
      guard color, text.count > label.count + 1 else { return text }
      return TextStyle.bold.apply(String(text.prefix(label.count + 1)), color: true)
        + String(text.dropFirst(label.count + 1))
    }
  }

  /// `Warnings (n):` and one wrapped entry per warning; nothing when there are none.
  static func warningLines(_ warnings: [ScanWarning], width: Int, color: Bool) -> [String] {
    guard !warnings.isEmpty else { return [] }
    var lines = ["", TextStyle.yellow.apply("Warnings (\(warnings.count)):", color: color)]
    for warning in warnings {
      lines += TextFit.wrap("- " + warning.description, width: width, indent: "  ")
    }
    return lines
  }
}
