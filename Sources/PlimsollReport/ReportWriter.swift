import PlimsollCatalog
import PlimsollFindings

/// A writer of one inventory (SBOM) format; `SBOMRenderer` picks one by `SBOMFormat`.
public protocol InventoryWriter {
  /// Renders `inventory` as the text of this format.
  static func write(_ inventory: Inventory, options: SBOMOptions) -> String
}

/// A writer of one findings format; `FindingsRenderer` picks one by `FindingsFormat`.
public protocol FindingsWriter {
  /// Renders `report` as the text of this format; `rules` documents the rule ids it uses.
  static func write(_ report: FindingReport, rules: [RuleInfo], options: RenderOptions) -> String
}

extension SBOMFormat {
  /// The writer for this format.
  public var writer: any InventoryWriter.Type {
    switch self {
    case .table: InventoryTableWriter.self
    case .json: PlimsollJSONWriter.self
    case .cyclonedx: CycloneDXWriter.self
    case .spdxJSON: SPDXWriter.self
    }
  }
}
