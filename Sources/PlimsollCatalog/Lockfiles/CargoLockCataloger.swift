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
    let entries: [TOMLLockFile.Entry]
    switch TOMLLockFile.read(file) {
    case .success(let value): entries = value
    case .failure(let warning): return CatalogResult(warnings: [warning])
    }
    var packages: [Package] = []
    for entry in entries {
      guard let name = entry.name, let version = entry.version,
        case .text(let source) = entry.source, source.hasPrefix("registry+") || source.hasPrefix("sparse+")
      else { continue }
      packages.append(.locked(.cargo, name: name, version: version, file: file))
    }
    if entries.isEmpty, !file.contents.isEmpty {
      return CatalogResult(warnings: [ScanWarning(input: file.path, message: "no [[package]] entries in Cargo.lock")])
    }
    return CatalogResult(packages: packages)
  }
}
