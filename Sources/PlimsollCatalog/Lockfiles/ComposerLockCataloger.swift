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
      packages += Self.packages(object[key] as? [[String: Any]] ?? [], file: file) { _ in dev }
    }
    return CatalogResult(packages: packages)
  }

  /// The packages of a list of Composer package entries (`composer.lock`'s `packages`, or
  /// `vendor/composer/installed.json`): `vendor/name` at its version; entries without both
  /// are left out.
  static func packages(_ entries: [[String: Any]], file: LayerFile, isDev: (String) -> Bool) -> [Package] {
    entries.compactMap { entry in
      guard let name = entry["name"] as? String, !name.isEmpty, let version = entry["version"] as? String,
        !version.isEmpty
      else { return nil }
      let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
      let purl = PackageURL(type: PackageType.composer.purlType, namespace: parts.count == 2 ? parts[0] : nil,
                            name: parts.last ?? name, version: version)
      return .locked(.composer, name: name, version: version, purl: purl.description, file: file, dev: isDev(name))
    }
  }
}
