import Foundation
import PlimsollCore
import PostgresNIO

/// Renders a stored report in any findings format of the CLI, as `plimsoll image --format`
/// does with no filter: the stored inventory (reassembled from its layers) goes to the
/// formats that list components.
enum ReportRendering {
  static func render(_ stored: StoredResult, format: FindingsFormat, store: ScanStore) async throws -> String {
    // The policy `plimsoll image` applies when given no filter.
    let report = Policy().apply(try JSONDecoder().decode(FindingReport.self, from: Data(stored.report.utf8)))
    let inventory = try await store.inventory(of: stored.manifestDigest)
    return try FindingsRenderer.render(
      report, format: format, rules: ImageConfigChecks.rules,
      options: RenderOptions(timestamp: stored.scannedAt, inventory: inventory,
                             locationRoot: .filesystem(name: "image \(stored.reference)", directory: nil)))
  }

  static func contentType(_ format: FindingsFormat) -> String {
    switch format {
    case .json, .gitlab, .openvex: "application/json"
    case .sarif: "application/sarif+json"
    case .cyclonedx: "application/vnd.cyclonedx+json"
    case .junit: "application/xml"
    case .markdown: "text/markdown; charset=utf-8"
    case .html: "text/html; charset=utf-8"
    case .table, .ledger: "text/plain; charset=utf-8"
    }
  }
}

extension ScanStore {
  /// The inventory of an image, put back together from its layers' packages.
  func inventory(of digest: String) async throws -> Inventory? {
    let decoder = JSONDecoder()
    let rows = try await client.query(
      "SELECT target, os, unlayered_packages FROM images WHERE manifest_digest = \(digest)", logger: logger)
    var found: (String, String?, String)?
    for try await row in rows.decode((String, String?, String).self) { found = row }
    guard let (targetJSON, osJSON, unlayeredJSON) = found else { return nil }
    var packages = try decoder.decode([Package].self, from: Data(unlayeredJSON.utf8))
    let layerRows = try await client.query("""
      SELECT l.packages FROM image_layers i JOIN layers l ON l.diff_id = i.diff_id
      WHERE i.manifest_digest = \(digest) ORDER BY i.position
      """, logger: logger)
    for try await layer in layerRows.decode(String.self) {
      packages += try decoder.decode([Package].self, from: Data(layer.utf8))
    }
    packages.sort { ($0.type.rawValue, $0.name, $0.version) < ($1.type.rawValue, $1.name, $1.version) }
    return Inventory(target: try decoder.decode(TargetSummary.self, from: Data(targetJSON.utf8)),
                     os: try osJSON.map { try decoder.decode(OSRelease.self, from: Data($0.utf8)) },
                     packages: packages)
  }
}
