import Foundation
import PlimsollFindings

/// Writes the layer ledger as text (`--format ledger`): per layer, in order, its instruction
/// and size, then what it added, changed and removed, each item marked still shipped or
/// "removed in layer N".
public enum LedgerTextWriter: FindingsWriter {
  /// The ledger as text; a report without one (a directory scan) says that it has no layers.
  public static func write(_ report: FindingReport, rules: [RuleInfo] = [],
                           options: RenderOptions = RenderOptions()) -> String {
    var lines = ["Layer ledger: \(report.target)"]
    guard let ledger = report.ledger, !ledger.layers.isEmpty else {
      lines.append("No image layers: the target is not an image, so there is no ledger.")
      return lines.joined(separator: "\n") + "\n"
    }
    for layer in ledger.layers {
      lines.append("")
      lines.append("Layer \(layer.index)  \(shortDigest(layer.diffID))  \(byteCount(layer.size))")
      lines.append("  " + instruction(layer.createdBy))
      if layer.added.isEmpty && layer.changed.isEmpty && layer.removed.isEmpty
        && layer.files.isEmpty && layer.removedFiles.isEmpty
      {
        lines.append("  (no packages or files with findings)")
        continue
      }
      section("added", layer.added, into: &lines)
      section("changed", layer.changed, into: &lines)
      section("removed", layer.removed, into: &lines)
      if !layer.files.isEmpty {
        lines.append("  files (\(layer.files.count)):")
        for file in layer.files {
          lines.append("    \(file.category.rawValue) \(file.path)  \(fate(file.removedInLayer))"
            + findings(file.findings))
        }
      }
      if !layer.removedFiles.isEmpty {
        lines.append("  removed files (\(layer.removedFiles.count)):")
        for file in layer.removedFiles {
          lines.append("    \(file.category.rawValue) \(file.path) (from layer \(file.addedInLayer), "
            + "still in that layer's tar)" + findings(file.findings))
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func section(_ title: String, _ packages: [LedgerPackage], into lines: inout [String]) {
    guard !packages.isEmpty else { return }
    lines.append("  \(title) (\(packages.count)):")
    let repeated = repeatedNames(packages)
    for package in packages {
      var line = "    \(package.type) \(package.name) "
      if let previous = package.previousVersion { line += "\(previous) -> " }
      line += package.version
      if repeated.contains(package.type + " " + package.name) { line += " in \(package.foundIn)" }
      if title == "removed" {
        line += " (from layer \(package.addedInLayer))"
      } else {
        line += "  " + fate(package.removedInLayer)
      }
      lines.append(line + findings(package.findings))
    }
  }

  /// `type name` of the packages listed more than once (the same module in two binaries),
  /// which the ledger tells apart by where each was found.
  static func repeatedNames(_ packages: [LedgerPackage]) -> Set<String> {
    var seen = Set<String>()
    var repeated = Set<String>()
    for package in packages where !seen.insert(package.type + " " + package.name).inserted {
      repeated.insert(package.type + " " + package.name)
    }
    return repeated
  }

  /// `still shipped` or `removed in layer N`.
  public static func fate(_ removedInLayer: Int?) -> String {
    removedInLayer.map { "removed in layer \($0)" } ?? "still shipped"
  }

  static func findings(_ findings: [LedgerFinding]) -> String {
    guard !findings.isEmpty else { return "" }
    let shown = findings.prefix(6).map { "\($0.id) \($0.severity.rawValue)" }
    let more = findings.count > shown.count ? ", +\(findings.count - shown.count) more" : ""
    return "  [" + shown.joined(separator: ", ") + more + "]"
  }

  /// `sha256:0123456789ab`.
  static func shortDigest(_ digest: String) -> String {
    guard let colon = digest.firstIndex(of: ":") else { return String(digest.prefix(12)) }
    return String(digest[...colon]) + digest[digest.index(after: colon)...].prefix(12)
  }

  /// The instruction with Docker's shell prefixes taken off (`RUN apt-get …`).
  public static func instruction(_ createdBy: String?) -> String {
    guard var text = createdBy, !text.isEmpty else { return "(no history)" }
    if let range = text.range(of: "#(nop) ") {
      text = String(text[range.upperBound...])
    } else if text.hasPrefix("/bin/sh -c ") {
      text = "RUN " + text.dropFirst("/bin/sh -c ".count)
    } else if text.hasPrefix("RUN /bin/sh -c ") {
      text = "RUN " + text.dropFirst("RUN /bin/sh -c ".count)
    }
    if text.hasSuffix(" # buildkit") { text = String(text.dropLast(" # buildkit".count)) }
    return text.trimmingCharacters(in: .whitespaces)
  }

  /// `1.2 MB`, `512 B`.
  public static func byteCount(_ size: Int64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(size)
    var unit = 0
    while value >= 1000 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(size) B" : "\((value * 10).rounded() / 10) \(units[unit])"
  }
}
