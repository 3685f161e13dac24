import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds the PHP packages Composer installed: `vendor/composer/installed.json`, which
/// Composer 1 writes as an array of package entries and Composer 2 as
/// `{"packages": [...], "dev": bool, "dev-package-names": [...]}`.
///
/// The entries are those of `composer.lock`, read by the same code
/// (`ComposerLockCataloger.packages`); development packages that were installed are in the
/// image, so they are listed, with `scope` `dev`.
public struct ComposerInstalledCataloger: Cataloger {
  public var name: String { "composer-installed" }
  public var maxFileSize: Int64 { 32 << 20 }

  public init() {}

  /// `composer/installed.json` (in `vendor/`, or a renamed vendor directory).
  public func wants(_ entry: EntryInfo) -> Bool {
    entry.path.hasSuffix("/composer/installed.json")
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    let entries: [[String: Any]]
    var devNames: Set<String> = []
    switch try? JSONSerialization.jsonObject(with: Data(file.contents)) {
    case let list as [Any]:
      entries = list.compactMap { $0 as? [String: Any] }
    case let object as [String: Any]:
      guard let list = object["packages"] as? [Any] else {
        return CatalogResult(warnings: [ScanWarning(input: file.path, message: "Composer installed.json has no \"packages\" array")])
      }
      entries = list.compactMap { $0 as? [String: Any] }
      devNames = Set((object["dev-package-names"] as? [Any] ?? []).compactMap { $0 as? String })
    default:
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "malformed Composer installed.json (not JSON)")])
    }
    var packages = ComposerLockCataloger.packages(entries, file: file) { devNames.contains($0) }
    for index in packages.indices {
      packages[index].metadata[LockfileMetadata.lockfile] = nil
    }
    let skipped = entries.count - packages.count
    var warnings: [ScanWarning] = []
    if skipped > 0 {
      warnings.append(ScanWarning(input: file.path, message: "\(skipped) package entries without a name and version; skipped"))
    }
    return CatalogResult(packages: packages, warnings: warnings)
  }
}
