import Foundation
import PlimsollCatalog

/// Output formats for inventories.
public enum SBOMFormat: String, Sendable, CaseIterable {
  case table
  case json
  case cyclonedx
  case spdxJSON = "spdx-json"
}

/// Renders an inventory as a table or an SBOM.
public enum SBOMRenderer {
  public static func render(_ inventory: Inventory, format: SBOMFormat,
                            options: RenderOptions = RenderOptions()) throws -> String {
    // Interim: JSON for every format until the dedicated writers land.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(inventory), as: UTF8.self) + "\n"
  }
}
