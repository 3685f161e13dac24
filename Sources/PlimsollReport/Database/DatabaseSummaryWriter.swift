import Foundation
import PlimsollAdvisories

/// How `plimsoll db status` prints.
public enum DatabaseStatusFormat: String, Sendable, CaseIterable {
  case table
  case json
}

/// The text `plimsoll db update` and `plimsoll db status` print.
public enum DatabaseSummaryWriter {
  /// One line per imported source, then the total and where it went.
  public static func update(_ report: DatabaseBuilder.UpdateReport, path: String) -> String {
    var lines: [String] = []
    for source in report.sources {
      lines.append(column(source.name, 14) + " " + right(String(source.records), 6) + " records"
        + (source.skipped > 0 ? ", \(source.skipped) skipped" : "")
        + "  (\(source.origin), data as of \(source.snapshotDate ?? "unknown"))")
    }
    lines.append("\(report.advisories) advisories written to \(path)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The database's path, age, counts and sources.
  public static func status(_ status: DatabaseStatus, format: DatabaseStatusFormat) throws -> String {
    switch format {
    case .json:
      return try ReportSupport.prettyJSON(status)
    case .table:
      var lines = [
        "Database: \(status.path)",
        "Built:    \(status.builtAt ?? "unknown")"
          + (status.ageInDays().map { String(format: " (%.1f days ago)", $0) } ?? ""),
        "Advisories: \(status.advisories), affected entries: \(status.affectedEntries)",
      ]
      for source in status.sources {
        lines.append("  " + column(source.name, 14) + " " + right(String(source.records), 6)
          + "  data as of \(source.snapshotDate ?? "unknown")  [\(source.origin)]")
      }
      return lines.joined(separator: "\n") + "\n"
    }
  }

  private static func column(_ text: String, _ width: Int) -> String {
    text.padding(toLength: width, withPad: " ", startingAt: 0)
  }

  private static func right(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
}
