import Foundation
import PlimsollDiagnostics
public import PlimsollLayers

/// Reads `Cargo.lock`: every `[[package]]` from a registry (crates.io or another). Crates
/// without a `source` are the workspace's own and are left out.
public struct CargoLockCataloger: Cataloger {
  public var name: String { "cargo-lock" }

  public init() {}

  public func wants(_ entry: EntryInfo) -> Bool {
    (entry.path as NSString).lastPathComponent == "Cargo.lock"
  }

  public func catalog(_ file: LayerFile) -> CatalogResult {
    let toml = LockTOML(String(decoding: file.contents, as: UTF8.self))
    var packages: [Package] = []
    for table in toml.packages {
      guard let name = table.values["name"], let version = table.values["version"],
        let source = table.values["source"], source.hasPrefix("registry+") || source.hasPrefix("sparse+")
      else { continue }
      packages.append(.locked(.cargo, name: name, version: version, file: file))
    }
    if packages.isEmpty, toml.packages.isEmpty, !file.contents.isEmpty {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "no [[package]] entries in Cargo.lock")])
    }
    return CatalogResult(packages: packages)
  }
}
