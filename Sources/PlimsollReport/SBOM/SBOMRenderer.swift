import Foundation
import PlimsollCatalog

/// Output formats for an inventory (`plimsoll sbom --format`).
public enum SBOMFormat: String, Sendable, CaseIterable {
  /// A table for people: name, version, type, layer.
  case table
  /// Plimsoll's own documented JSON (docs/json-format.md).
  case json
  /// CycloneDX 1.6 JSON.
  case cyclonedx
  /// SPDX 2.3 JSON.
  case spdxJSON = "spdx-json"

  /// Parses a format name, accepting the spellings other tools use (`cyclonedx-json`, `spdx`).
  public init?(name: String) {
    switch name.lowercased() {
    case "table": self = .table
    case "json", "plimsoll-json": self = .json
    case "cyclonedx", "cyclonedx-json", "cdx", "cdx-json": self = .cyclonedx
    case "spdx-json", "spdx", "spdx-2.3", "spdxjson": self = .spdxJSON
    default: return nil
    }
  }
}

/// How an inventory is rendered.
public struct SBOMOptions: Sendable {
  /// ANSI colours (only for a terminal).
  public var color: Bool
  /// Columns available to the table writer.
  public var width: Int
  /// The Plimsoll version written into machine formats.
  public var toolVersion: String
  /// The document's creation time; `nil` means now. Tests set it so output is reproducible.
  public var timestamp: Date?
  /// The document's unique id (CycloneDX `serialNumber`, SPDX `documentNamespace`); `nil`
  /// means a random one. Tests set it so output is reproducible.
  public var documentID: UUID?

  public init(color: Bool = false, width: Int = 100,
              toolVersion: String = PlimsollVersion.current, timestamp: Date? = nil,
              documentID: UUID? = nil) {
    self.color = color
    self.width = width
    self.toolVersion = toolVersion
    self.timestamp = timestamp
    self.documentID = documentID
  }

  /// The timestamp to write: the injected one or now.
  var resolvedTimestamp: Date { timestamp ?? Date() }
  /// The document id to write: the injected one or a fresh random UUID.
  var resolvedDocumentID: UUID { documentID ?? UUID() }
}

/// Renders an inventory in any SBOM format: the one call `plimsoll sbom` needs.
public enum SBOMRenderer {
  /// Renders `inventory` in `format`.
  public static func render(_ inventory: Inventory, format: SBOMFormat,
                            options: SBOMOptions = SBOMOptions()) -> String {
    switch format {
    case .table: InventoryTableWriter.write(inventory, options: options)
    case .json: PlimsollJSONWriter.write(inventory, options: options)
    case .cyclonedx: CycloneDXWriter.write(inventory, options: options)
    case .spdxJSON: SPDXWriter.write(inventory, options: options)
    }
  }
}
