import PlimsollFindings
import PlimsollDiagnostics
public import PlimsollLayers

/// Finds installed Node packages: the `package.json` at the root of each package directory
/// inside `node_modules` (`node_modules/name/` or `node_modules/@scope/name/`).
public struct NpmPackageCataloger: Cataloger {
  public var name: String { "npm-package" }
  public var maxFileSize: Int64 { 8 << 20 }

  /// Creates the cataloger.
  public init() {}

  /// `…/node_modules/<name>/package.json` and `…/node_modules/@scope/<name>/package.json`.
  public func wants(_ entry: EntryInfo) -> Bool {
    guard entry.path.hasSuffix("/package.json") else { return false }
    let parts = entry.path.split(separator: "/")
    guard parts.count >= 3 else { return false }
    let packageDirectory = parts[parts.count - 2]
    guard !packageDirectory.hasPrefix("."), !packageDirectory.hasPrefix("@"),
      packageDirectory != "node_modules" else { return false }
    if parts[parts.count - 3] == "node_modules" { return true }
    return parts.count >= 4 && parts[parts.count - 3].hasPrefix("@")
      && parts[parts.count - 4] == "node_modules"
  }

  /// Reads one `package.json`; one without a name or version (a test fixture) yields nothing.
  public func catalog(_ file: LayerFile) -> CatalogResult {
    let object: [String: Any]
    switch NpmPackage.jsonObject(file.contents) {
    case .success(let value): object = value
    case .failure(let problem): return CatalogResult(warnings: [ScanWarning(input: file.path, message: problem.message)])
    }
    guard let name = object["name"] as? String, !name.isEmpty,
      let version = object["version"] as? String, !version.isEmpty
    else { return CatalogResult() }
    var metadata: [String: String] = [:]
    if let author = NpmPackage.author(object["author"]) { metadata[PackageMetadataKey.author] = author }
    if let homepage = object["homepage"] as? String { metadata[PackageMetadataKey.homepage] = homepage }
    if let description = object["description"] as? String { metadata[PackageMetadataKey.description] = description }
    if let isPrivate = object["private"] as? Bool, isPrivate { metadata["private"] = "true" }
    let package = Package(type: .npm, name: name, version: version,
                          purl: NpmPackage.purl(name: name, version: version),
                          licenses: NpmPackage.licenses(object), foundIn: file.path, metadata: metadata)
    return CatalogResult(packages: [package])
  }
}
