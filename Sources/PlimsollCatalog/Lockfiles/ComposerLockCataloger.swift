import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads `composer.lock`: `packages` (production) and `packages-dev`, each `vendor/name` at
/// its locked version.
public struct ComposerLockCataloger: Cataloger {
  public var name: String { "composer-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path as NSString).lastPathComponent == "composer.lock"
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    guard let object = try? JSONSerialization.jsonObject(with: Data(file.contents)) as? [String: Any] else {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed composer.lock (not a JSON object)")])
    }
    var packages: [Package] = []
    for (key, dev) in [("packages", false), ("packages-dev", true)] {
      for entry in object[key] as? [[String: Any]] ?? [] {
        guard let name = entry["name"] as? String, let version = entry["version"] as? String else { continue }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let purl = PackageURL(type: PackageType.composer.purlType, namespace: parts.count == 2 ? parts[0] : nil,
                              name: parts.last ?? name, version: version)
        packages.append(.locked(.composer, name: name, version: version, purl: purl.description, file: file, dev: dev))
      }
    }
    return CatalogResult(packages: packages)
  }
}
