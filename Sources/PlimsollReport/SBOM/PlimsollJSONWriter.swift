import Foundation
import PlimsollCatalog
import PlimsollFindings
import PlimsollDiagnostics

/// Writes an inventory as Plimsoll's own JSON (documented in docs/json-format.md, schema
/// docs/json-schema/inventory.schema.json).
///
/// The format is stable: fields are only ever added. `target`, `os`, `packages` and
/// `warnings` use the field names of the `Inventory` model, so the document decodes back into
/// one.
public enum PlimsollJSONWriter: InventoryWriter {
  /// Version of the inventory JSON format; bumped only for an incompatible change.
  public static let schemaVersion = 1

  /// The inventory as JSON text.
  public static func write(_ inventory: Inventory, options: SBOMOptions = SBOMOptions()) -> String {
    document(inventory, options: options).rendered()
  }

  static func document(_ inventory: Inventory, options: SBOMOptions) -> JSONValue {
    var doc = JSONObjectBuilder()
    doc.set("schemaVersion", schemaVersion)
    doc.set("reportType", "inventory")
    doc.set("tool", tool(options.toolVersion))
    doc.set("createdAt", ReportSupport.timestamp(options.resolvedTimestamp))
    doc.set("target", target(inventory.target))
    if let os = inventory.os { doc.set("os", osValue(os)) }
    let packages = CycloneDXComponents.sorted(inventory.packages)
    var counts: [String: Int] = [:]
    for package in packages { counts[package.type.rawValue, default: 0] += 1 }
    doc.set("summary", .object([
      ("packages", .int(Int64(packages.count))),
      ("byType", .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
      ("warnings", .int(Int64(inventory.warnings.count))),
    ]))
    doc.set("packages", .array(packages.map(packageValue)))
    doc.set("warnings", .array(inventory.warnings.map(warning)))
    return doc.value
  }

  static func tool(_ version: String) -> JSONValue {
    .object([("name", .string("plimsoll")), ("version", .string(version))])
  }

  static func target(_ target: TargetSummary) -> JSONValue {
    var value = JSONObjectBuilder()
    value.set("name", target.name)
    value.set("sourceKind", target.sourceKind)
    value.set("tags", .strings(target.tags))
    value.set("manifestDigest", ifPresent: target.manifestDigest)
    value.set("configDigest", ifPresent: target.configDigest)
    value.set("platform", ifPresent: target.platform)
    value.set("layers", .array(target.layers.map { layer in
      var entry = JSONObjectBuilder()
      entry.set("index", layer.index)
      entry.set("diffID", layer.diffID)
      entry.set("digest", layer.digest)
      entry.set("mediaType", layer.mediaType)
      entry.set("size", .int(layer.size))
      entry.set("createdBy", ifPresent: layer.createdBy)
      return entry.value
    }))
    return value.value
  }

  static func osValue(_ os: OSRelease) -> JSONValue {
    var value = JSONObjectBuilder()
    value.set("id", os.id)
    value.set("versionID", ifPresent: os.versionID)
    value.set("codename", ifPresent: os.codename)
    value.set("prettyName", ifPresent: os.prettyName)
    value.set("idLike", .strings(os.idLike))
    return value.value
  }

  static func packageValue(_ package: Package) -> JSONValue {
    var value = JSONObjectBuilder()
    value.set("type", package.type.rawValue)
    value.set("name", package.name)
    value.set("version", package.version)
    value.set("purl", package.purl)
    value.set("sourceName", ifPresent: package.sourceName)
    value.set("sourceVersion", ifPresent: package.sourceVersion)
    value.set("architecture", ifPresent: package.architecture)
    value.set("licenses", .strings(package.licenses))
    value.set("foundIn", package.foundIn)
    value.set("files", .strings(package.files))
    value.set("metadata", .sortedStrings(package.metadata))
    if let layer = package.layer {
      var entry = JSONObjectBuilder()
      entry.set("index", layer.index)
      entry.set("diffID", layer.diffID)
      entry.set("createdBy", ifPresent: layer.createdBy)
      value.set("layer", entry.value)
    }
    return value.value
  }

  static func warning(_ warning: ScanWarning) -> JSONValue {
    .object([("input", .string(warning.input)), ("message", .string(warning.message))])
  }
}
