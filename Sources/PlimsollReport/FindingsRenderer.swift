import Foundation
import PlimsollFindings

/// Output formats for findings reports.
public enum FindingsFormat: String, Sendable, CaseIterable {
  case table
  case json
  case sarif
  case junit
  case markdown
}

/// How a findings report is rendered.
public struct RenderOptions: Sendable {
  /// ANSI colours (only for a terminal).
  public var color: Bool
  /// Columns available to the table writer.
  public var width: Int
  /// The Plimsoll version written into machine formats.
  public var toolVersion: String

  public init(color: Bool = false, width: Int = 100, toolVersion: String = PlimsollVersion.current) {
    self.color = color
    self.width = width
    self.toolVersion = toolVersion
  }
}

/// The Plimsoll release written into reports.
public enum PlimsollVersion {
  public static let current = "0.1.0"
}

/// Renders any findings report (vulnerabilities, misconfigurations, secrets, host checks).
public enum FindingsRenderer {
  /// Renders `report` in `format`; `rules` documents the rule ids the findings use (SARIF
  /// `tool.driver.rules`).
  public static func render(_ report: FindingReport, format: FindingsFormat, rules: [RuleInfo] = [],
                            options: RenderOptions = RenderOptions()) throws -> String {
    // Interim: every format renders as JSON until the dedicated writers land.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
  }
}
